"""Table blocks (issue 15): from CSV or a Markdown pipe table, figures on their decimal point,
text flush left, newspaper rules, column widths from content, overset rows, a table wider
than its block, and the figures check reading its rows."""

from __future__ import annotations

import pytest

from layout.diag import SpecError
from layout.pagemodel import Box, GlyphRun, Stroke
from layout.pipeline import build

HEAD = """\
meta: {title: 测试版, date: 2024-05-06}
page: {preset: A3}
body: {size: 小五, leading: 13.5pt}
grid: {columns: 4, column: 13, gutter: 1}
DATA
blocks:
  - id: t
    type: table
    at: {col: 1, span: SPAN, line: 1, lines: LINES}
    file: t.csv
    title: 主要经济指标
    source: 数据来源：区统计局
    zebra: tint
"""
CSV = """指标,单位,总量,同比增长（%）
地区生产总值,亿元,186.42,6.8
规模以上工业增加值,亿元,61.75,9.1
其中：工业投资,亿元,38.20,21.3
进出口总额,亿元,9.87,-3.2
"""


def table(tiny, csv: str = CSV, span: int = 2, lines="auto", data: str = ""):
    spec = tiny(HEAD.replace("SPAN", str(span)).replace("LINES", str(lines))
                .replace("DATA", data), files={"t.csv": csv})
    built, _ = build(spec)
    return built, built.report.fits


def cells(built) -> dict[tuple[int, int], GlyphRun]:
    return {r.cell: r for r in built.layout.of(GlyphRun) if r.block == "t" and r.cell}


def test_figures_share_one_right_edge_per_column_and_text_is_flush_left(tiny):
    built, _ = table(tiny)
    c = cells(built)
    for col in (2, 3):
        rights = {round(c[(r, col)].x + c[(r, col)].width, 3) for r in range(1, 5)}
        assert len(rights) == 1, rights  # as many decimals: one right edge
        assert abs(c[(0, col)].x + c[(0, col)].width - rights.pop()) < 0.01  # and the header
    assert len({round(c[(r, 0)].x, 3) for r in range(5)}) == 1  # text flush left


def test_decimal_points_line_up_when_decimals_differ(tiny):
    built, _ = table(tiny, "项目,数\n甲,186.4\n乙,9.87\n丙,12\n")
    c = cells(built)
    points = []
    for r in (1, 2):
        run = c[(r, 1)]
        points.append(run.x + next(g.x for g in run.glyphs if g.ch == "."))
    assert abs(points[0] - points[1]) < 0.01
    whole = c[(3, 1)]
    assert abs(whole.x + whole.width - points[0]) < 0.01  # 12 ends where the points are


def test_newspaper_rules_and_zebra(tiny):
    built, _ = table(tiny)
    rules = sorted((s for s in built.layout.of(Stroke) if s.block == "t"), key=lambda s: s.y0)
    assert [s.width for s in rules] == [1.0, 0.4, 1.0]  # thick, thin under the header, thick
    assert not [s for s in rules if s.x0 == s.x1]  # no verticals by default
    head = [r for r in cells(built).values() if r.cell[0] == 0]
    assert rules[0].y0 < min(r.y for r in head) < rules[1].y0
    tints = [b for b in built.layout.of(Box) if b.block == "t" and b.role == "zebra"]
    assert len(tints) == 2  # every other body row


def test_every_row_sits_on_the_grid_and_lines_auto_takes_its_rows(tiny):
    built, fits = table(tiny)
    g = built.layout.grid
    for r in cells(built).values():
        row = (r.y - g.baseline(1, r.size)) / g.leading
        assert abs(row - round(row)) < 1e-6
    f = next(f for f in fits if f.block == "t")
    assert f.ok and f.capacity == f.used


def test_text_columns_wrap_with_the_composer_and_numbers_never_do(tiny):
    long = "指标,数值\n" + "全区规模以上工业企业实现营业收入与利润总额合计,123456.78\n"
    built, _ = table(tiny, long, span=1)
    c = [r for r in built.layout.of(GlyphRun) if r.block == "t" and r.cell == (1, 0)]
    assert len(c) >= 2  # the label wraps
    assert [r.text for r in built.layout.of(GlyphRun) if r.cell == (1, 1)] == ["123456.78"]


def test_a_table_wider_than_its_block_is_overset(tiny):
    wide = "甲,乙,丙,丁,戊,己\n" + ",".join(["1234567.89"] * 6) + "\n"
    built, fits = table(tiny, wide, span=1)
    f = next(f for f in fits if f.block == "t")
    assert not f.ok and "too wide" in f.detail and "at the least" in f.detail


def test_rows_that_do_not_fit_are_overset(tiny):
    built, fits = table(tiny, lines=5)
    f = next(f for f in fits if f.block == "t")
    assert not f.ok and "rows" in f.detail and f.over_chars > 0
    assert [s.y0 for s in built.layout.of(Stroke) if s.block == "t"]  # its rules still drawn


def test_a_pipe_table_with_its_alignment(tiny):
    spec = tiny(HEAD.replace("SPAN", "2").replace("LINES", "auto").replace("DATA", "").replace(
        "    file: t.csv\n", "    text: |\n      | 项目 | 个数 |\n      |:--:|--:|\n"
        "      | 新开工 | 46 |\n      | 竣工 | 121 |\n"))
    built, _ = build(spec)
    c = cells(built)
    assert c[(1, 0)].text == "新开工" and c[(2, 1)].text == "121"
    assert abs((c[(1, 1)].x + c[(1, 1)].width) - (c[(2, 1)].x + c[(2, 1)].width)) < 0.01


@pytest.mark.parametrize("csv, where, words", [
    ("a,b\n1,2,3\n", "t.csv:2:1", "3 cells in a table of 2 columns"),
    ("", "t.csv:1:1", "no rows"),
])
def test_bad_table_files_are_errors_at_their_line(tiny, csv, where, words):
    with pytest.raises(SpecError) as e:
        table(tiny, csv)
    assert f"{where}: " in str(e.value) and words in str(e.value)


def test_the_figures_check_reads_a_table(tiny):
    data = "data:\n  gdp: {label: 地区生产总值, value: 186.42, unit: 亿元, change: 6.9}\n"
    with pytest.raises(SpecError) as e:
        table(tiny, data=data)
    msg = str(e.value)
    assert "t.csv:2:" in msg and "6.8" in msg and "the data say 6.9" in msg
    ok = data.replace("6.9", "6.8")
    built, _ = table(tiny, data=ok)  # agrees: builds
    assert cells(built)
