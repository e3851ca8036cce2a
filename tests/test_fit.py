"""Fit and copyfit: capacity against demand, adjustments tried in the written order within their
bounds, every adjustment reported, and what still does not fit named."""

from __future__ import annotations

import io
import json

import pytest

from conftest import TINY
from layout.cli import main
from layout.pagemodel import Box, GlyphRun
from layout.pipeline import build

STORY = "今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。"
PHOTO = """  - id: photo
    type: photo
    placeholder: true
    at: {col: 1, span: 2, line: 16, lines: 8}
"""


def spec(tiny, monkeypatch, chars: int, copyfit: str = "", photo: bool = False):
    """A 2 × 10-line story (20 lines of 13字) holding `chars` Han characters."""
    text = "一二三四五六七八九十" * (chars // 10)
    body = TINY.replace(STORY, text)
    if copyfit:
        body = body.replace("    columns: 2\n", f"    columns: 2\n    copyfit: {copyfit}\n")
    p = tiny(body + (PHOTO if photo else ""))
    monkeypatch.chdir(p.parent)
    built, _ = build(p)
    return built, {f.block: f for f in built.report.fits}


def test_capacity_demand_and_empty_lines(tiny, monkeypatch):
    _, fits = spec(tiny, monkeypatch, 100)
    f = fits["story"]
    assert (f.status, f.capacity, f.used, f.chars) == ("fits", 20, 8, 100)
    assert f.empty == 12


def test_overflow_names_lines_and_characters(tiny, monkeypatch):
    _, fits = spec(tiny, monkeypatch, 300)
    f = fits["story"]
    assert f.status == "overflow" and f.capacity == 20 and f.over_lines == 4
    assert f.over_chars == 300 + 2 - 20 * 13 + 0 and "over" in f.detail


def test_tracking_within_its_bound(tiny, monkeypatch):
    _, fits = spec(tiny, monkeypatch, 260, "{tracking: 0.08字}")
    f = fits["story"]
    assert f.status == "copyfit" and f.steps == ("tracking -0.08字",)
    _, fits = spec(tiny, monkeypatch, 260, "{tracking: 0.05字}")
    assert fits["story"].status == "overflow"  # 13 字 lines cannot take a 14th at −0.05


def test_leading_reduced_off_the_grid_and_said_so(tiny, monkeypatch):
    built, fits = spec(tiny, monkeypatch, 260, "{leading: 2pt}")
    f = fits["story"]
    assert f.status == "copyfit" and f.steps == ("leading −1.3pt (off the baseline grid)",)
    ys = sorted({t.y for t in built.layout.of(GlyphRun) if t.size == 9.0})
    assert ys[1] - ys[0] == pytest.approx(13.5 - 1.3)


def test_borrow_lines_from_the_photo_below(tiny, monkeypatch):
    built, fits = spec(tiny, monkeypatch, 260, "{borrow: {block: photo, lines: 3}}", photo=True)
    assert fits["story"].status == "copyfit"
    assert fits["story"].steps == ("1 lines taken from photo",)
    assert "1 lines given to the text above" in fits["photo"].detail
    ph = next(r for r in built.layout.of(Box) if r.cross)
    g = built.layout.grid
    assert ph.rect.y == pytest.approx(g.row_y(17))


def test_steps_in_the_written_order(tiny, monkeypatch):
    _, fits = spec(tiny, monkeypatch, 260, "{leading: 2pt, tracking: 0.08字}")
    assert fits["story"].steps == ("leading −1.3pt (off the baseline grid)",)
    _, fits = spec(tiny, monkeypatch, 260, "{tracking: 0.08字, leading: 2pt}")
    assert fits["story"].steps == ("tracking -0.08字",)


def test_copyfit_that_is_not_enough_exits_1(tiny, monkeypatch):
    text = TINY.replace(STORY, "一二三四五六七八九十" * 40).replace(
        "    columns: 2\n", "    columns: 2\n    copyfit: {tracking: 0.1字}\n")
    p = tiny(text)
    monkeypatch.chdir(p.parent)
    out = io.StringIO()
    assert main(["check", p.name, "--json"], stdout=out, stderr=io.StringIO()) == 1
    story = next(f for f in json.loads(out.getvalue())["fits"] if f["block"] == "story")
    assert story["status"] == "overflow" and story["over_chars"] > 0
    assert story["steps"] == ["tracking -0.10字"]


def test_copyfit_bounds_are_checked(tiny, monkeypatch):
    text = TINY.replace("    columns: 2\n", "    columns: 2\n    copyfit: {tracking: 0.3字}\n")
    p = tiny(text)
    monkeypatch.chdir(p.parent)
    err = io.StringIO()
    assert main(["check", p.name], stdout=io.StringIO(), stderr=err) == 2
    assert "beyond the ±0.1字" in err.getvalue()
