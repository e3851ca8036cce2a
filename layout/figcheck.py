"""The figures printed in the text must be the figures in the data.

A wrong number in a government special edition is a serious error. For every figure in the
spec's data, each place the text names it (its label, e.g. 地区生产总值) is read up to the end
of the clause: the first number with the figure's unit must equal its value, the number after
its share words (占全年任务的) its share, the number after 增长/下降 its change. A derived
figure ("=revenue.share - 50", printed after 超时间进度) is computed and compared at the printed
precision. A figure may name the text blocks that speak of it (`blocks: h1 h3`), so a five-year
total elsewhere is not read as the half-year figure. Every mismatch is an error naming the
text's place and the data's.
"""

from __future__ import annotations

import ast
import fnmatch
import operator
import re
from collections.abc import Iterator
from decimal import Decimal

from figures.numbers import decimal

from .compose.normalize import half_width
from .diag import Diagnostics
from .spec import Datum, Paragraph, Spec

CLAUSE_END = "。；！？;"
NUMBER = r"(-?\d+(?:\.\d+)?)"
CHANGE = re.compile(r"(增长|提高|增加|上升|下降|减少|回落)" + NUMBER + "%")
OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
       ast.Div: operator.truediv}


def evaluate(expr: str, data: dict[str, Datum]) -> Decimal:
    """A derived figure: + - × ÷ over numbers and other figures (`revenue.share`)."""

    def ev(node: ast.AST) -> Decimal:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.BinOp) and type(node.op) in OPS:
            return OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return decimal(ast.get_source_segment(expr, node) or str(node.value))
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            d = data.get(node.value.id)
            v = getattr(d, node.attr, None) if d else None
            if v is None or node.attr not in ("value", "change", "share"):
                raise ValueError(f"no figure {node.value.id}.{node.attr}")
            return decimal(v)
        raise ValueError(f"cannot compute {ast.dump(node)[:40]}")

    return ev(ast.parse(expr, mode="eval"))


def _same(printed: str, expected: Decimal) -> bool:
    p = decimal(printed)
    places = -p.as_tuple().exponent if p.as_tuple().exponent < 0 else 0
    return p == expected.quantize(Decimal(1).scaleb(-places))


def check_figures(spec: Spec, diags: Diagnostics) -> int:
    """Compare the text with the data; returns how many printed figures were checked."""
    texts = [(b, p) for b in spec.blocks if b.flows_text for p in b.paragraphs]
    checked = 0
    for d in spec.data.values():
        want = None
        if d.value.startswith("="):
            try:
                want = evaluate(d.value[1:], spec.data)
            except (ValueError, SyntaxError, ArithmeticError) as e:
                diags.error(f"data '{d.id}': {e}", d.src)
                continue
        for b, p, clause, base in _mentions(d, texts):
            for what, printed, expected, at in _read_clause(d, want, clause):
                checked += 1
                if printed is not None:
                    diags.error(f"block '{b.id}': the text prints {printed} for "
                                f"{d.label}'s {what}, the data say {expected} ({d.src})",
                                p.pos(base + at))
    from .kinds import kind_of

    for b in spec.blocks:
        hook = kind_of(b).figures
        if hook is not None:
            checked += hook(b, spec, diags)
    return checked


CHANGE_HEAD = re.compile(r"增长|增速|增幅|同比|比上年|变化")
SHARE_HEAD = re.compile(r"占|比重|完成.*进度|进度")
UNIT_HEAD = re.compile(r"[（(]([^）)]+)[）)]")


def check_table(b, spec: Spec, diags: Diagnostics) -> int:
    """A table's rows read as the text is: a row that names a figure (a cell holding its
    label) must print its value in a column of its unit (from the header's （亿元）, or a 单位
    column), its change in a column headed 增长/增速/同比 and its share under 占/比重. Every
    mismatch is an error at the cell."""
    rows = b.rows[1:] if b.header else b.rows
    heads = [half_width(p.text) for p in b.rows[0]] if b.header and b.rows else []
    unit_col = next((j for j, h in enumerate(heads) if h.strip() == "单位"), None)
    checked = 0
    for d in spec.data.values():
        if d.value.startswith("=") or (d.blocks and not any(
                fnmatch.fnmatchcase(b.id, g) for g in d.blocks)):
            continue
        for row in rows:
            checked += _check_row(b, d, row, heads, unit_col, diags)
    return checked


def _check_row(b, d: Datum, row, heads: list[str], unit_col: int | None,
               diags: Diagnostics) -> int:
    """The figures a row that names `d` prints, each against the data: how many were
    checked (none when the row does not name it)."""
    checked = 0
    texts = [half_width(p.text).strip().lstrip("　").removeprefix("其中：") for p in row]
    if d.label not in texts:
        return checked
    row_unit = texts[unit_col] if unit_col is not None else None
    for j, p in enumerate(row):
        m = re.fullmatch(NUMBER + "%?", texts[j].replace(",", ""))
        if m is None:
            continue
        head = heads[j] if j < len(heads) else ""
        fact = _column_fact(head, row_unit, d)
        if fact is None:
            continue
        what, want = fact
        if want is None:
            continue
        checked += 1
        if decimal(m.group(1)) != decimal(want):
            suffix = "%" if what != "value" else d.unit
            diags.error(f"block '{b.id}': the table prints {texts[j]} for {d.label}'s "
                        f"{what}, the data say {want}{suffix} ({d.src})", p.pos(0))
    return checked


def _column_fact(head: str, row_unit: str | None, d: Datum) -> tuple[str, str | None] | None:
    """Which of the figure's facts a column holds, by its header: the change (增长/增速/同比),
    the share (占/比重), or the value where the column's unit (the header's （亿元）, else the
    row's 单位 cell) is the figure's or not given; None for a column of another unit."""
    unit = UNIT_HEAD.search(head)
    if CHANGE_HEAD.search(head):
        what, want = "change", d.change
    elif SHARE_HEAD.search(head):
        what, want = "share", d.share
    elif (unit.group(1) if unit else row_unit) in (d.unit, None):
        what, want = "value", d.value
    else:
        return None
    return what, want


def _mentions(d: Datum, texts: list) -> Iterator[tuple[object, Paragraph, str, int]]:
    """Each clause of the text that names the figure: from its label to the clause's end."""
    for b, p in texts:
        if d.blocks and not any(fnmatch.fnmatchcase(b.id, g) for g in d.blocks):
            continue
        t = half_width(p.text)
        for m in re.finditer(re.escape(d.label), t):
            end = min([i for i in (t.find(c, m.end()) for c in CLAUSE_END) if i >= 0],
                      default=len(t))
            yield b, p, t[m.end():end], m.end()


Reading = tuple[str, str | None, str, int]  # what, printed (None: it agrees), expected, where


def _read_clause(d: Datum, want: Decimal | None, clause: str) -> Iterator[Reading]:
    """Every figure the clause prints for `d`; `printed` is None where it agrees."""
    if want is not None:  # a derived figure, printed after its words
        rx = re.escape(d.says) + r"\D{0,6}?" + NUMBER + re.escape(d.unit)
        for mm in re.finditer(rx, clause):
            ok = _same(mm.group(1), want)
            yield (d.says or "derived figure", None if ok else mm.group(1) + d.unit,
                   f"{want.normalize():f}{d.unit}", mm.start(1))
        return
    if d.unit:
        mm = re.search(NUMBER + re.escape(d.unit), clause)
        if mm:
            ok = decimal(mm.group(1)) == decimal(d.value)
            yield "value", None if ok else mm.group(0), d.value + d.unit, mm.start(1)
    if d.share:
        says = re.escape(d.share_says or "占")
        mm = re.search(says + r"[^\d%]{0,10}?" + NUMBER + "%", clause)
        if mm:
            ok = decimal(mm.group(1)) == decimal(d.share)
            yield "share", None if ok else mm.group(1) + "%", d.share + "%", mm.start(1)
    if d.change:
        mm = CHANGE.search(clause)
        if mm:
            sign = -1 if mm.group(1) in ("下降", "减少", "回落") else 1
            ok = decimal(mm.group(2)) * sign == decimal(d.change)
            yield "change", None if ok else mm.group(0), d.change + "%", mm.start(2)
