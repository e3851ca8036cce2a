"""Inks a press holds in register: 100 % K strokes and fills overprint as black text does;
type under 9 pt and rules under 1 pt are set in one solid ink unless the spec asks for more,
and then preflight warns; no page carries an empty /Trans."""

from __future__ import annotations

import io

import pikepdf
import pytest

from layout import render
from layout.cli import main
from layout.inks import one_ink
from layout.preflight import GState, Walk, preflight, walk_page

SPEC = """\
meta: {title: 墨色, date: 2024-05-06}
page: {preset: A3}
body: {size: 小五, leading: 13.5pt}
grid: {columns: 4, column: 13, gutter: 1}
styles:
  small: {font: hei, size: 8pt, color: red}
  grey: {font: hei, size: 7pt, color: [0, 0, 0, 65]}
  big: {font: hei, size: 20pt, color: [40, 30, 30, 100]}
output: {ONE_INK}
blocks:
  - id: note
    type: headline
    style: small
    at: {col: 1, span: 4, line: 1, lines: 2}
    text: 小字两色
  - id: grey
    type: headline
    style: grey
    at: {col: 1, span: 4, line: 3, lines: 2}
    text: 小字网点
  - id: big
    type: headline
    style: big
    at: {col: 1, span: 4, line: 5, lines: 3}
    text: 大字四色
  - id: red-rule
    type: rule
    at: {col: 1, span: 4, line: 8, lines: 1}
    rule: {style: thin, color: red}
  - id: black-rule
    type: rule
    at: {col: 1, span: 4, line: 9, lines: 1}
    rule: {style: thin, color: black}
  - id: story
    type: text
    at: {col: 1, span: 2, line: 11, lines: 10}
    box: {fill: tint, border: black}
    text: 今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。
"""


@pytest.mark.parametrize(("given", "solid"), [
    ((0, 0, 0, 65), (0, 0, 0, 100)),  # a grey tint: black
    ((0, 100, 100, 0), (0, 100, 0, 0)),  # red: magenta (before yellow, for legibility)
    ((0, 100, 100, 30), (0, 100, 0, 0)),
    ((75, 35, 0, 5), (100, 0, 0, 0)),  # a blue: cyan
    ((0, 0, 100, 0), (0, 0, 100, 0)),  # one solid ink stays
    ((0, 0, 0, 0), (0, 0, 0, 0)),  # white (reversed type) stays
])
def test_the_one_ink_of_a_colour(given, solid):
    assert one_ink(given) == solid


def _paint(pdf: bytes) -> list[tuple]:
    """Every stroke, fill and text shown: (op, colour, overprint, size or width)."""
    import math

    seen = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for n, page in enumerate(doc.pages, 1):
            def visit(op, operands, gs: GState, res, n=n):
                if op == "w":
                    gs.line_width = float(operands[0])
                elif op == "Tf":
                    gs.font_size = float(operands[1])
                elif op == "k":
                    gs.fill = tuple(round(float(v) * 100, 3) for v in operands)
                elif op == "K":
                    gs.stroke = tuple(round(float(v) * 100, 3) for v in operands)
                elif op == "gs":
                    g = res.ExtGState[operands[0]]
                    if "/OP" in g:
                        gs.stroke_overprint = gs.overprint = bool(g.OP)
                    if "/op" in g:
                        gs.overprint = bool(g.op)
                elif op in ("S", "s"):
                    seen.append(("stroke", gs.stroke, gs.stroke_overprint, gs.line_width))
                elif op in ("B", "b"):
                    seen.append(("stroke", gs.stroke, gs.stroke_overprint, gs.line_width))
                    seen.append(("fill", gs.fill, gs.overprint, 0))
                elif op in ("f", "F", "f*"):
                    seen.append(("fill", gs.fill, gs.overprint, 0))
                elif op in ("Tj", "TJ"):
                    seen.append(("text", gs.fill, gs.overprint,
                                 gs.font_size * math.hypot(gs.ctm[2], gs.ctm[3])))

            walk_page(page.obj, n, visit, Walk())
    return seen


def _build(tiny, one_ink: str) -> bytes:
    return render(tiny(SPEC.replace("ONE_INK", one_ink)))[0]


def test_black_strokes_and_fills_overprint_and_nothing_else_does(tiny):
    seen = _paint(_build(tiny, ""))
    black = [s for s in seen if s[1] == (0, 0, 0, 100)]
    assert {s[0] for s in black} >= {"stroke", "text"}
    assert all(s[2] for s in black), [s for s in black if not s[2]]
    others = [s for s in seen if s[1] != (0, 0, 0, 100)]
    assert others and not any(s[2] for s in others), [s for s in others if s[2]]


def test_small_type_and_thin_rules_take_one_ink_by_default(tiny, tmp_path):
    pdf = _build(tiny, "")
    seen = _paint(pdf)
    small = [s for s in seen if s[0] == "text" and s[3] < 9]
    assert {s[1] for s in small} >= {(0, 100, 0, 0), (0, 0, 0, 100)}  # red → M, 65 K → K
    assert all(sum(v > 0 for v in s[1]) == 1 and max(s[1]) == 100 for s in small)
    thin = [s for s in seen if s[0] == "stroke" and s[3] < 1 and s[1] is not None]  # not marks
    assert thin and all(sum(v > 0 for v in s[1]) == 1 for s in thin)
    big = [s for s in seen if s[0] == "text" and s[3] >= 9]
    assert (40, 30, 30, 100) in {s[1] for s in big}  # large type keeps its rich black
    path = tmp_path / "one.pdf"
    path.write_bytes(pdf)
    res = {c.id: c for c in preflight(path, standard="x4+a2b").checks}
    assert res["small_type_inks"].status == "pass" and res["thin_rules"].status == "pass"
    assert res["black_overprint"].status == "pass"


def test_a_spec_that_asks_for_more_inks_gets_them_and_a_preflight_warning(tiny, tmp_path):
    spec = tiny(SPEC.replace("ONE_INK", "one_ink: false"))
    out, err = io.StringIO(), io.StringIO()
    code = main(["render", str(spec), "-o", str(tmp_path / "many.pdf")], stdout=out, stderr=err)
    assert code == 0
    lines = err.getvalue()
    assert "small_type_inks   warn  page 1: 8.0 pt text in 0/100/100/0 (2 inks); page 1: 7.0 pt " \
           "text in 0/0/0/65 (a tint)" in lines, lines
    assert "thin_rules        warn  page 1: a 0.5 pt rule in 0/100/100/0 (2 inks)" in lines


def test_no_page_carries_an_empty_transition(tiny):
    with pikepdf.open(io.BytesIO(_build(tiny, ""))) as doc:
        assert all("/Trans" not in p.obj for p in doc.pages)


def test_a_black_stroke_across_a_heavy_fill_is_painted_under_it():
    """A chart's black baseline across a red bar would overprint to 300 %: it is painted
    before the bar (still overprinting what is under it); across a light tint it stays on top."""
    from layout.inks import under_heavy_fills
    from layout.pagemodel import Path, Stroke

    def bar(fill):
        return Path(page=0, block="c", role="chart", fill=fill, stroke=None, width=0,
                    segments=(("M", (10, 0)), ("L", (20, 0)), ("L", (20, 50)),
                              ("L", (10, 50)), ("Z", ())))

    base = Path(page=0, block="c", role="chart", fill=None, stroke=(0, 0, 0, 100), width=0.5,
                segments=(("M", (0, 0)), ("L", (100, 0))))
    far = Stroke(page=0, block="r", role="rule", x0=0, y0=80, x1=100, y1=80, width=0.5,
                 color=(0, 0, 0, 100))
    red, tint = bar((0, 100, 100, 0)), bar((0, 5, 15, 0))
    assert under_heavy_fills((red, base, far), 240) == (base, red, far)
    assert under_heavy_fills((tint, base, far), 240) == (tint, base, far)
    assert under_heavy_fills((red, base), 300) == (red, base)  # within a 300 % limit
