"""Text whose size does not divide its column (a 五号 导语 in columns counted in 小五 字) is set on
whole 字 of its own size, as a 飞腾 operator sets it (字数 × 字号), placed as its style aligns:
every full line then holds the same characters at the same pitch, none tight, none loose."""

from __future__ import annotations

import pytest

from conftest import TINY
from layout.compose.lines import snap
from layout.pagemodel import GlyphRun

TEXT = "今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。"
HAN = ("临河湿地公园薄雾笼罩着水面成群的白鹭在芦苇丛中起落十年前这里还是一片被工业废水和生活"
       "垃圾包围的臭水塘如今园区水质稳定保持在地表水标准记录到的鸟类从三十一种增加到一百余种")


def test_snap_keeps_whole_zi_and_aligns_the_rest():
    assert snap(13 * 9.0, 10.5, "justify") == (pytest.approx(11 * 10.5), 0.0)
    assert snap(13 * 9.0, 10.5, "center") == (pytest.approx(11 * 10.5), pytest.approx(0.75))
    assert snap(13 * 9.0, 10.5, "right") == (pytest.approx(11 * 10.5), pytest.approx(1.5))
    assert snap(13 * 9.0, 9.0, "center") == (pytest.approx(13 * 9.0), 0.0)  # divides: as is


def _lead(tiny, monkeypatch, align: str):
    from layout.pipeline import build

    spec = (TINY.replace(TEXT, HAN).replace("line: 6, lines: 10}", "line: 6, lines: 20}")
            .replace("    columns: 2\n", "    columns: 2\n    style: lead\n")
            + f"styles:\n  lead: {{font: kai, size: 五号, align: {align}}}\n")
    p = tiny(spec)
    monkeypatch.chdir(p.parent)
    built, _ = build(p)
    runs = [t for t in built.layout.of(GlyphRun) if t.block == "story"]
    column = built.layout.grid.column_w  # 13 字 of 小五: 117 pt, 11 字 of 五号 and 1.5 pt
    return runs, column


@pytest.mark.parametrize("align, off", [("justify", 0.0), ("center", 0.75), ("right", 1.5)])
def test_a_wuhao_lead_in_xiaowu_columns_is_set_on_whole_zi(tiny, monkeypatch, align, off):
    runs, column = _lead(tiny, monkeypatch, align)
    assert runs and {t.size for t in runs} == {10.5}
    lefts = sorted({round(t.x, 3) for t in runs})
    assert len(lefts) == 2  # two text columns
    full = [t for t in runs if len(t.glyphs) == 11]
    assert len(full) >= 6
    for t in full:
        xs = [g.x for g in t.glyphs]
        # eleven characters at the face's own pitch: not stretched over the column's 117 pt
        assert [b - a for a, b in zip(xs, xs[1:], strict=False)] == pytest.approx([10.5] * 10)
        assert xs[0] == pytest.approx(off)
        assert t.width == pytest.approx(off + 11 * 10.5)
    first = [t for t in runs if t.glyphs[0].x > 15]  # the indented first line
    assert first and first[0].glyphs[0].x == pytest.approx(off + 2 * 10.5)
    assert all(t.width <= column + 1e-6 for t in runs)
