"""A boxed text block has the same padding under its last line as over its first: from its
label (or its top edge) to the first line, and from the last line to its bottom edge. The text
stays on the page's baselines; a labelled box keeps its last grid line free of text and ends at
the same fraction of it in every box, so boxes side by side end level."""

from __future__ import annotations

import pytest

from conftest import TINY
from layout.geometry import EM_BOX_TOP
from layout.pagemodel import Box, GlyphRun, Stroke

TEXT = "今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。"
LONG = "全区经济运行稳中向好，主要指标增幅高于全市平均水平。" * 6

LABELLED = (TINY.replace(TEXT, LONG).replace("line: 6, lines: 10}", "line: 6, lines: auto}")
            .replace("    columns: 2\n", "    columns: 1\n    label: 亮点聚焦\n"
                     "    heading: 全区经济平稳增长\n"
                     "    box: {fill: tint, border: {style: thin, color: red}}\n")
            .replace("blocks:\n", "labels:\n  亮点聚焦: {text: \"亮点聚焦：{}\", style: label, "
                     "shape: tab, fill: red, lines: 2}\nblocks:\n"))


def _build(tiny, monkeypatch, text):
    from layout.pipeline import build

    p = tiny(text)
    monkeypatch.chdir(p.parent)
    built, _ = build(p)
    return built


def _em(t: GlyphRun) -> tuple[float, float]:
    top = t.y - EM_BOX_TOP * t.size
    return top, top + t.size


def test_a_labelled_box_pads_its_last_line_as_its_label_pads_its_first(tiny, monkeypatch):
    built = _build(tiny, monkeypatch, LABELLED)
    m = built.layout
    body = sorted((t for t in m.of(GlyphRun) if t.block == "story" and t.role == "body"),
                  key=lambda t: t.y)
    tab = next(b for b in m.of(Box) if b.block == "story" and b.role == "label")
    box = next(b for b in m.of(Box) if b.block == "story" and b.role == "box")
    above = _em(body[0])[0] - tab.rect.y1
    below = box.rect.y1 - _em(body[-1])[1]
    assert above > 3.0  # the label's air: about 0.4 of a line
    assert below == pytest.approx(above, abs=0.01)
    # the border is drawn on the box, not on the block's last grid line
    bottom = max(s.y0 for s in m.of(Stroke) if s.block == "story" and s.role == "border")
    assert bottom == pytest.approx(box.rect.y1 - 0.25, abs=0.3)
    # the text is all there, on the page's baselines
    fit = next(f for f in built.report.fits if f.block == "story")
    assert fit.status == "fits"
    g = m.grid
    offsets = [(t.y - g.baseline(1)) / g.leading for t in body]
    assert all(abs(o - round(o)) < 1e-6 for o in offsets)


def test_boxes_side_by_side_end_level(tiny, monkeypatch):
    """Two labelled boxes ending on the same grid line end at the same height."""
    text = LABELLED.replace("lines: auto}", "lines: 9}")
    text += """\
  - id: other
    type: text
    at: {col: 3, span: 2, line: 6, lines: 9}
    label: 亮点聚焦
    heading: 项目建设进展顺利
    box: {fill: tint, border: {style: thin, color: red}}
    text: 强力实施项目推进计划，提升项目对经济的支撑作用。
"""
    m = _build(tiny, monkeypatch, text).layout
    ends = {b.block: b.rect.y1 for b in m.of(Box) if b.role == "box"}
    assert ends["story"] == pytest.approx(ends["other"])


def test_an_unlabelled_box_keeps_the_same_padding_above_and_below(tiny, monkeypatch):
    text = TINY.replace(TEXT, LONG).replace("line: 6, lines: 10}", "line: 6, lines: auto}")
    text = text.replace("    columns: 2\n", "    columns: 1\n    box: {fill: tint, border: red}\n")
    m = _build(tiny, monkeypatch, text).layout
    body = sorted((t for t in m.of(GlyphRun) if t.block == "story"), key=lambda t: t.y)
    box = next(b for b in m.of(Box) if b.block == "story" and b.role == "box")
    assert _em(body[0])[0] - box.rect.y == pytest.approx(box.rect.y1 - _em(body[-1])[1])
