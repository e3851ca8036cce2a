"""The 字 grid: widths in whole characters, the spread and its fold, margins, mm placement."""

from __future__ import annotations

import pytest

from conftest import SAMPLE, TINY
from layout.grid import build_grid
from layout.spec import load_spec
from layout.units import MM


def test_broadsheet_is_eight_columns_of_thirteen_zi():
    g = build_grid(load_spec(SAMPLE))
    assert g.width == pytest.approx(111 * 9)  # 8 × 13字 + 7 gutters = 111字 = 352.4 mm
    assert g.width / MM == pytest.approx(352.425, abs=0.01)
    assert g.col_x(0, 2) - g.col_x(0, 1) == pytest.approx(14 * 9)
    assert g.lines == int(490 * MM // 13.5)  # the 版心 height holds 102 lines of 13.5 pt
    assert g.x0[0] == pytest.approx((390 * MM - 999) / 2)  # centred when no margins are given


def test_spread_columns_cross_the_fold():
    from layout.pipeline import arranged

    spec, g, _ = arranged(SAMPLE)
    head = next(b for b in spec.blocks if b.id == "headline")
    r = g.rect(head.cell)
    assert r.x == pytest.approx(g.x0[0]) and r.x1 == pytest.approx(g.trim_w + g.x0[1] + g.width)
    assert r.x < g.trim_w < r.x1  # it crosses the fold


def test_baselines_sit_on_one_grid():
    g = build_grid(load_spec(SAMPLE))
    assert g.baseline(1) == pytest.approx(g.y0 + (13.5 - 9) / 2 + 0.88 * 9)
    assert g.baseline(11) - g.baseline(1) == pytest.approx(10 * 13.5)
    # a heading of any size centred in whole lines keeps the grid below it intact
    assert g.row_y(3) == pytest.approx(g.y0 + 2 * 13.5)


def test_inner_margins_mirror_the_pages(tiny):
    text = TINY.replace("page: {preset: A3}",
                        "page: {preset: A3, spread: true, margins: {top: 30mm, inner: 15mm}}")
    g = build_grid(load_spec(tiny(text)))
    assert g.x0[1] == pytest.approx(15 * MM)  # right-hand page: spine on its left
    assert g.x0[0] + g.width == pytest.approx(g.trim_w - 15 * MM)  # left page: spine on right
    assert g.y0 == pytest.approx(30 * MM)


def test_block_in_mm_sets_text_on_the_grid(tiny):
    text = TINY.replace("at: {col: 1, span: 2, line: 6, lines: 10}",
                        "at: {x: 30mm, y: 100mm, width: 80mm, height: 40mm}")
    from layout.pipeline import arranged

    spec, g, _ = arranged(tiny(text))
    cell = spec.blocks[1].cell
    first, n = g.lines_in(cell)
    r = g.rect(cell)
    assert g.row_y(first) >= r.y - 1e-6 and g.row_y(first - 1) < r.y
    assert g.row_y(first + n) <= r.y1 + 1e-6 and g.row_y(first + n + 1) > r.y1
    assert r.w == pytest.approx(80 * MM)


def test_overlap_is_found_on_the_grid(tiny):
    from layout.diag import Diagnostics

    text = TINY.replace("at: {col: 1, span: 2, line: 6, lines: 10}",
                        "at: {x: 70mm, y: 25mm, width: 40mm, height: 40mm}")
    from layout.grid import check_places
    from layout.pipeline import arranged

    spec, g, _ = arranged(tiny(text))
    d = Diagnostics()
    check_places(spec, g, d)
    assert len(d.errors) == 1 and "overlaps block 'title'" in d.errors[0].message
