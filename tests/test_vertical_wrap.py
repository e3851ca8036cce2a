"""A vertical title set into a text (`wrap:`) pushes the text aside by the room its glyphs take,
not by the frame drawn for it: no line stands beside empty paper above, below or beside the
title. At the text's edge the title stands against that edge, so the text keeps one side whole."""

from __future__ import annotations

import pytest

from conftest import TINY
from layout.geometry import EM_BOX_TOP
from layout.pagemodel import GlyphRun, VerticalRun

TEXT = "今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。"
LONG = "全区经济运行稳中向好，主要指标增幅高于全市平均水平，发展后劲持续增强。" * 18


def _spec(at: str) -> str:
    return (TINY.replace(TEXT, LONG).replace("line: 6, lines: 10}", "line: 6, lines: 30}")
            .replace("    columns: 2\n", "    columns: 1\n")
            + f"""\
  - id: fu
    type: vertical
    at: {at}
    wrap: 1字
    text: 【解放区赋】
""")


def _build(tiny, monkeypatch, text):
    from layout.pipeline import build

    p = tiny(text)
    monkeypatch.chdir(p.parent)
    built, _ = build(p)
    return built


@pytest.mark.parametrize("at", [
    "{col: 1, span: 1, line: 9, lines: 16}",  # a frame far taller and wider than the title
    "{x: 61.19mm, y: 70mm, width: 45mm, height: 90mm}",  # sized by hand in mm
])
def test_text_flows_around_the_glyphs_not_the_frame(tiny, monkeypatch, at):
    built = _build(tiny, monkeypatch, _spec(at))
    m, g = built.layout, built.layout.grid
    title = next(t for t in m.of(VerticalRun) if t.block == "fu")
    top = title.cells[0].y - EM_BOX_TOP * title.size
    bottom = title.cells[-1].y - EM_BOX_TOP * title.size + title.size
    gap = g.zi
    story = [t for t in m.of(GlyphRun) if t.block == "story"]
    left = min(t.x for t in story)  # the text's own left edge
    beside = above_or_below = 0
    for t in story:
        band_top = t.y - EM_BOX_TOP * t.size - (g.leading - t.size) / 2
        band = (band_top, band_top + g.leading)
        if band[1] <= top - gap or band[0] >= bottom + gap:
            # above or below the title (inside its frame or not): a whole line
            assert t.x == pytest.approx(left), t.text
            above_or_below += 1
        else:
            # beside it: from just past the glyphs and the gap, in whole 字
            assert title.x + title.size + gap <= t.x < title.x + title.size + gap + g.zi
            beside += 1
    assert beside >= 6 and above_or_below >= 6
    # the title stands against the text's left edge, where its frame starts
    assert title.x == pytest.approx(left, abs=0.05)
    assert built.report.fits and all(f.status == "fits" for f in built.report.fits
                                     if f.block in ("story", "fu"))


def test_a_title_inside_the_text_stays_centred_in_its_frame(tiny, monkeypatch):
    built = _build(tiny, monkeypatch, _spec("{x: 80mm, y: 70mm, width: 30mm, height: 90mm}"))
    title = next(t for t in built.layout.of(VerticalRun) if t.block == "fu")
    mm = 72 / 25.4
    assert title.x == pytest.approx(80 * mm + (30 * mm - title.size) / 2)
