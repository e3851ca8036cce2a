"""Lengths in mm where the spec usually counts 字 are distances on the paper, not 字: measured
on the drawn PDF (a 3.87mm gutter was once read as 10.97字)."""

from __future__ import annotations

import io

import pytest

from layout.cli import main
from layout.units import MM

pdfplumber = pytest.importorskip("pdfplumber")

HAN = "一二三四五六七八九十百千万亿兆京垓秭穰沟涧正载极" * 40
BASE = """\
meta: {{title: 长度}}
page: {{preset: A3}}
body: {{size: 小五, leading: 13.5pt}}
grid: {{columns: 4, column: 13, gutter: {gutter}}}
output: {{standard: none, marks: false, bleed: 0mm}}
blocks:
{blocks}"""


def _pdf(tiny, monkeypatch, gutter: str, blocks: str):
    p = tiny(BASE.format(gutter=gutter, blocks=blocks))
    monkeypatch.chdir(p.parent)
    code = main(["render", p.name, "-o", "out.pdf", "--quiet"], stdout=io.StringIO(),
                stderr=io.StringIO())
    assert code == 0
    return pdfplumber.open(p.parent / "out.pdf").pages[0]


def _lines(page):
    rows: dict[float, list] = {}
    for c in page.chars:
        if abs(c["size"] - 9) > 0.01:  # body text only (not a placeholder's size note)
            continue
        rows.setdefault(round(c["top"], 1), []).append(c)
    return [sorted(r, key=lambda c: c["x0"]) for _, r in sorted(rows.items())]


def test_gutter_in_mm_is_that_far_between_columns(tiny, monkeypatch):
    page = _pdf(tiny, monkeypatch, "4mm", f"""\
  - id: a
    type: text
    at: {{col: 1, span: 2, line: 1, lines: 6}}
    columns: 2
    text: {HAN[:140]}
""")
    first = [r for r in _lines(page) if len(r) > 20][1]  # a full, justified line: no indent
    left = [c for c in first if c["x0"] < first[0]["x0"] + 13 * 9]
    right = [c for c in first if c["x0"] >= first[0]["x0"] + 13 * 9]
    assert right[0]["x0"] - left[-1]["x1"] == pytest.approx(4 * MM, abs=0.01)


def test_box_inset_in_mm_is_that_far_inside_the_box(tiny, monkeypatch):
    page = _pdf(tiny, monkeypatch, "1", f"""\
  - id: a
    type: text
    at: {{col: 1, span: 2, line: 1, lines: 8}}
    box: {{fill: tint, inset: 2mm}}
    text: {HAN[:120]}
""")
    box = max(page.rects, key=lambda r: r["width"])
    second = _lines(page)[1]
    assert second[0]["x0"] - box["x0"] == pytest.approx(2 * MM, abs=0.01)
    assert box["x1"] - second[-1]["x1"] == pytest.approx(2 * MM, abs=0.01)


def test_wrap_in_mm_keeps_the_text_that_far_from_the_picture(tiny, monkeypatch):
    # the picture starts 10字 + 3mm right of the column, so a 3mm gap leaves whole 字
    from layout.grid import grid_of

    g = grid_of((297 * MM, 420 * MM), (267 * MM, 380 * MM), 1, 9.0, 13.5, 4, 13, 1.0, None)
    x = (g.col_x(0, 1) + 10 * 9) / MM + 3
    page = _pdf(tiny, monkeypatch, "1", f"""\
  - id: a
    type: text
    at: {{col: 1, span: 2, line: 1, lines: 12}}
    text: {HAN[:170]}
  - id: pic
    type: photo
    placeholder: true
    wrap: 3mm
    at: {{x: {x:.4f}mm, y: {g.row_y(4) / MM:.4f}mm, width: 30mm, height: 30mm}}
""")
    frame = next(r for r in page.rects if r["width"] < 100)
    beside = [r for r in _lines(page) if frame["top"] < r[0]["top"] < frame["bottom"]]
    assert beside
    for row in beside:
        assert frame["x0"] - row[-1]["x1"] == pytest.approx(3 * MM, abs=0.01)
