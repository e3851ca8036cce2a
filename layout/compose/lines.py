"""Paragraph → justified lines of positioned glyphs, on a measure counted in em.

The composer works in em of the style's size and needs only advances and ink bounds, so it runs
without a PDF and without font files (tests give it a fake metrics object).

Rules it keeps (W3C clreq, GB/T 15834-2011): R1/R2 through clusters; R3 push in first (compress
punctuation to keep a cluster on the line), then push out; R4/R9 dash and digit/Latin runs are
units, a dash or ellipsis run exactly 1 em per character; R5/R6 punctuation widths by style
(quanjiao: marks in a 1-em box, adjacent marks 1.5 em, a mark at line end ½ em), compressing
only blank space as the font's ink shows; R7 justification by compressing before expanding,
never inside runs or dashes, spacing spread over gaps between characters; R8 no hanging
punctuation; R10 Han–Latin spacing; R12 first-line indent; R15 no single Han character alone
on a paragraph's last line.

The breaks are chosen for the whole paragraph at once (linebreak.py: total fit over the boxes
and glue of glue.py), so slack is spread over lines instead of piling up on one, and a line
whose gaps grow past ¼ em is set only when no breaking avoids it; such a line says how loose it
is (`Line.loose`), for the report.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..pagemodel import Glyph
from .glue import DEFAULT, EPS, LOOSE_EM, PUNCT_STYLES, Glue, Metrics, Typesetting
from .linebreak import LOOSE, priced_fit, strict_fit
from .marks import dash_mark
from .segment import Unit, fitting_clusters, units

__all__ = ["DEFAULT", "LOOSE_EM", "PUNCT_STYLES", "Glyph", "Line", "Metrics", "Slots",
           "Typesetting", "compose_paragraph", "measure_fit", "shifted", "snap"]


@dataclass(frozen=True, slots=True)
class Line:
    glyphs: tuple[Glyph, ...]
    width: float  # pt: right edge of the last box, after line-end trimming
    measure: float  # pt available to this line (indent excluded)
    indent: float  # pt
    para: int  # paragraph index in the block
    first: bool  # first line of its paragraph
    last: bool  # last line of its paragraph
    overfull: bool  # a single cluster wider than the measure
    text: str
    # largest growth of a gap between characters, em: an inter-character gap's growth, or a
    # Han–Latin space's width past ¼ em; slack no gap could take counts whole. Over LOOSE_EM
    # the line is loose: set only because no breaking of its paragraph avoids it.
    loose: float = 0.0
    # each dash or ellipsis run as (x0, x1, text) in pt: exactly 1 em per character, so the
    # renderer can draw one continuous rule or centred dots whatever the face's glyphs
    dashes: tuple[tuple[float, float, str], ...] = ()
    start: int = 0  # offset of its first character in the paragraph (for located warnings)


_MEMO: OrderedDict[tuple, tuple[Metrics, tuple[Line, ...]]] = OrderedDict()
MEMO_SIZE = 4096  # paragraphs; a broadsheet spread has a few hundred


def compose_paragraph(text: str, m: Metrics, size: float, measure_pt: float, indent_em: float,
                      para: int = 0, justify: bool = True, align: str = "justify",
                      ts: Typesetting = DEFAULT,
                      measures: Callable[[int], float] | None = None) -> list[Line]:
    """Set one paragraph at `size` pt on a measure of `measure_pt` pt, or on `measures(n)` pt
    for its line n.

    A paragraph's lines depend only on these arguments, so they are remembered: a re-render
    after one paragraph changed sets only that paragraph again. `measures` is part of the key
    (Slots compares by value); the entry holds the metrics object, so its id is never reused
    while the entry lives."""
    key = (id(m), text, size, measure_pt, indent_em, para, justify, align, ts, measures)
    hit = _MEMO.get(key)
    if hit is not None:
        _MEMO.move_to_end(key)
        return list(hit[1])
    lines = _compose(text, m, size, measure_pt, indent_em, para, justify, align, ts, measures)
    _MEMO[key] = (m, tuple(lines))
    if len(_MEMO) > MEMO_SIZE:
        _MEMO.popitem(last=False)
    return lines


@dataclass(frozen=True, slots=True)
class Slots:
    """Line n's measure in pt, from a paragraph's first slot on (the last repeats): a hashable
    stand-in for a closure, so text flowing around a picture is remembered too. Built by `of`,
    which keeps only what the paragraph can see, so a paragraph past the picture is the same
    key whatever lies above it."""

    measures: tuple[float, ...]

    @classmethod
    def of(cls, measures: tuple[float, ...], base: int = 0) -> Slots:
        view = measures[base:] or measures[-1:]
        end = len(view)
        while end > 1 and view[end - 1] == view[end - 2]:
            end -= 1
        return cls(view[:end])

    def __call__(self, n: int) -> float:
        return self.measures[min(n, len(self.measures) - 1)]


def measure_fit(measure_pt: float, size: float) -> tuple[float, float]:
    """A measure in whole 字 of `size` and what is left over, both in pt. Text set at a size
    that does not divide its measure (a 五号 lead in a column counted in 小五 字) would spread
    the remainder over every line, some lines tight and some loose, its characters never in
    file: `snap` sets it on the whole 字 instead."""
    whole = math.floor(measure_pt / size + 1e-6) * size
    rest = measure_pt - whole
    return whole, (0.0 if rest < 1e-6 * size else rest)


def snap(measure_pt: float, size: float, align: str) -> tuple[float, float]:
    """The measure text of `size` is set on (whole 字 of its size) and where that lies in the
    column, in pt from its left edge: centred for a centred style, flush right for a right
    one, else flush left, where the column's other lines start (what a 飞腾 operator does
    with a 导语 whose size does not divide the column: set it on whole 字, 字数 times 字号)."""
    whole, rest = measure_fit(measure_pt, size)
    return whole, {"center": rest / 2, "right": rest}.get(align, 0.0)


def shifted(line: Line, dx: float) -> Line:
    """The line moved `dx` pt along its measure (its glyphs, marks with them, and dashes)."""
    if not dx:
        return line
    return replace(line, glyphs=tuple(replace(g, x=g.x + dx) for g in line.glyphs),
                   width=line.width + dx, indent=line.indent + dx,
                   dashes=tuple((a + dx, b + dx, t) for a, b, t in line.dashes))


def _width_of(m: Metrics) -> Callable[[list[Unit]], float]:
    def width(us: list[Unit]) -> float:
        return sum(max(1.0, m.advance(u.text)) if u.kind in ("open", "close")
                   else sum(m.advance(c) for c in u.text) for u in us)
    return width


def _classes(measures: Callable[[int], float] | None) -> int:
    """Lines from this index on share one measure (line 0 differs by its indent), so the line
    breaker tells lines apart only up to it."""
    if measures is None:
        return 1
    if isinstance(measures, Slots):
        ms = measures.measures
        differ = [n for n, w in enumerate(ms) if w != ms[-1]] if ms else []
        return max(1, differ[-1] + 1 if differ else 1)
    return 256  # any other callable: every line its own, up to a long paragraph


def _compose(text: str, m: Metrics, size: float, measure_pt: float, indent_em: float,
             para: int, justify: bool, align: str, ts: Typesetting,
             measures: Callable[[int], float] | None) -> list[Line]:
    us = units(text)
    if not us:
        return []
    measure = measure_pt / size
    classes = _classes(measures)

    def width(n: int) -> float:
        full = measures(n) / size if measures else measure
        return full - (indent_em if n == 0 else 0.0)

    widest = max(width(n) for n in range(classes + 1))
    us, cl = fitting_clusters(us, _width_of(m), widest + EPS)
    g = Glue(us, m, ts)
    bounds = [a for a, _ in cl] + [len(us)]
    if g.natural(0, len(us)) - g.shrink(0, len(us)) <= width(0) + EPS:
        brk = [(0, len(cl))]  # one line: nothing to choose
    else:
        cost, brk = priced_fit(g, bounds, width, classes, justify)
        if cost >= LOOSE and justify and any(g.gap):
            # before a line goes loose, the Han–Latin spaces may give up all of their ⅛ em
            # (a gap a reader barely sees, against one that shows down the column)
            tight = Glue(us, m, ts, autospace_min=0.0)
            clean = strict_fit(tight, bounds, width, classes, justify)
            if clean is not None:
                g, brk = tight, clean
    return _lines(g, [(bounds[i], bounds[j], width(n)) for n, (i, j) in enumerate(brk)],
                  size, para, justify, align,
                  [(measures(n) / size if measures else measure) for n in range(len(brk))])


def _lines(g: Glue, brk: list[tuple[int, int, float]], size: float, para: int, justify: bool,
           align: str, full: list[float], ends: bool = True) -> list[Line]:
    """Lines from breaks given as unit ranges with each line's measure (em, indent excluded);
    `full` is each line's measure with its indent; `ends`: the last of them ends the
    paragraph (else all are justified, to look at some lines of a paragraph alone)."""
    lines: list[Line] = []
    for n, (a, b, avail) in enumerate(brk):
        last = ends and n == len(brk) - 1
        xs, width, loose = g.set_line(a, b, avail, last=last, justify=justify)
        ind = full[n] - avail
        shift = 0.0
        if align == "center":
            shift = max(0.0, (avail - width) / 2)
        elif align == "right":
            shift = max(0.0, avail - width)
        glyphs = []
        dashes = []
        for k in range(b - a):
            u = g.us[a + k]
            if u.kind == "space":
                continue
            x0 = ind + shift + xs[k]
            mark = None
            if u.kind == "dash":
                w = g.w[a + k] - g.ts.tracking
                dashes.append((x0 * size, (x0 + w) * size, u.text))
                mark = dash_mark(u.text, -g.offs[a + k][0] * size, w * size, g.m, size)
            for ch, off in zip(u.text, g.offs[a + k], strict=False):
                glyphs.append(Glyph(ch, (x0 + off) * size, mark))
                mark = None  # on the run's first glyph only
        lines.append(Line(
            glyphs=tuple(glyphs), width=(ind + shift + width) * size, measure=avail * size,
            indent=ind * size, para=para, first=n == 0, last=last,
            overfull=width - avail > 1e-3,
            text="".join(u.text for u in g.us[a:b]), loose=loose, dashes=tuple(dashes),
            start=g.us[a].start))
    return lines
