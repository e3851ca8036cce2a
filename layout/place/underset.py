"""Underset and loose lines: what a poured story leaves for a designer to look at.

Overset is an error because copy is lost. Underset is a warning, because the page prints, but a
designer would not sign it off as it is:

- a text that ends more than SHORT_LINES grid lines before the foot of its frame (a frame of
  given height, `lines: fill`, an arranged block; a block sized from its content comes out
  exact unless `min_lines` made it taller);
- a box (a tint or a border) whose last grid line inside it is empty;
- a story whose columns end more than UNEVEN_LINES apart (`balance: false`, or what a subhead
  kept with its lines or a widow left after balancing).

A loose line (a gap between characters grown by more than ¼ em) is set only when no breaking
of its paragraph avoids it (compose/linebreak.py); each is reported at its first character in
the source, with the gap, like overset.

Everything is read from the frames as poured (which row holds which line), so what is
reported is what is printed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..compose import Composed, Line
from ..compose.glue import EPS, LOOSE_EM, LOOSE_LIMIT
from ..compose.lines import measure_fit
from ..diag import Diagnostic, Pos
from ..spec.placement import FILL
from ..units import MM
from .fit import Fit, Status
from .frames import Frame, row_room

SHORT_LINES = 2  # a frame may end this many grid lines short before it is underset
UNEVEN_LINES = 1  # a story's columns may end this many lines apart (balancing leaves 1)
SHOWN_CHARS = 12  # characters of a loose line quoted in its warning


@dataclass(frozen=True, slots=True)
class Short:
    """Room a block's text leaves empty. `what`: `frame` (the text ends `lines` grid lines
    above its frame's foot), `box` (the box ends on `lines` empty lines), `uneven` (the
    block's columns end `lines` apart; `ends` holds each column's lines)."""

    block: str
    what: str
    lines: int
    src: Pos  # the block's line in the spec
    sizing: str  # how its height was decided: "lines: 20", "lines: fill", …
    ends: tuple[int, ...] = ()  # grid lines down to each column's last line of text
    empty_block: bool = False  # no line of the text reached it (a continuation)

    @property
    def message(self) -> str:
        n = f"{self.lines} line{'s' if self.lines != 1 else ''}"
        if self.what == "box":
            return (f"underset: its box ends on {self.lines} empty "
                    f"line{'s' if self.lines != 1 else ''} ({self.sizing})")
        if self.what == "uneven":
            ends = "/".join(str(e) for e in self.ends)
            return (f"underset: its {len(self.ends)} columns end {n} apart ({ends} lines; "
                    f"{self.sizing})")
        if self.empty_block:
            return f"underset: it holds no text, {n} empty ({self.sizing})"
        return f"underset: its text ends {n} short of its frame's foot ({self.sizing})"


@dataclass(frozen=True, slots=True)
class Loose:
    """A line set loose: `gap` is the largest growth of a gap between its characters, in em of
    its size (a Han–Latin space counts past ¼ em)."""

    block: str
    gap: float
    text: str
    src: Pos  # its first character in the source, else the block's line in the spec

    @property
    def message(self) -> str:
        shown = self.text if len(self.text) <= SHOWN_CHARS else self.text[:SHOWN_CHARS] + "…"
        return (f"loose line: a gap between characters widened by {self.gap:.2f} em "
                f"({LOOSE_EM:g} em or more is loose), and no breaking of its paragraph "
                f"avoids it: '{shown}'")


def is_loose(line: Line) -> bool:
    """The composer's own limit (a hair under ¼ em, so that a line set at ¼ em is loose
    however the PDF's rounded positions are measured): a line set past it had no better
    breaking."""
    return line.loose > LOOSE_LIMIT + EPS


def empty_at_foot(f: Frame) -> int:
    """Rows of a column below its last line of text that could have held text: a picture's
    rows are not empty (text cannot go there), so text that stops above a picture at a
    column's foot fills it, and text that stops short of the picture does not."""
    last = max((row for row, k in enumerate(f.slots) if k != -1), default=-1)
    return sum(1 for row in range(last + 1, f.rows) if row_room(f, row) is not None)


def sizing(c: Composed) -> str:
    """How the block's height was decided, as the designer wrote it."""
    b, p = c.block, c.block.place
    if p.rect is not None:
        return f"height: {round(p.rect[3] / MM, 1):g}mm"
    if p.arranged:
        return f"{c.block.cell.lines} lines chosen by the arranger"
    if p.lines == FILL:
        return "lines: fill"
    if isinstance(p.lines, int):
        return f"lines: {p.lines}"
    if b.min_lines:
        return f"min_lines: {b.min_lines}"
    return "lines: auto"


def shorts(chain: Sequence[Composed], frames: Sequence[Frame]) -> tuple[Short, ...]:
    """The underset of each block of a poured chain, from the rows its lines were set in."""
    out = []
    for c in chain:
        b = c.block
        src = replace(b.src, path="")  # the block's line; its message names it
        cols = [f for f in frames if f.block == b.id]
        if not cols:
            continue
        top = min(f.first for f in cols)  # a column under a jump line starts a row lower
        ends = tuple(f.first - top + f.rows - empty_at_foot(f) for f in cols)
        empty = min(empty_at_foot(f) for f in cols)
        how = sizing(c)
        boxed = b.box is not None and (b.box.fill is not None or b.box.border is not None)
        if boxed and empty > 0:
            out.append(Short(b.id, "box", empty, src, how, ends))
        elif empty > SHORT_LINES:
            none = all(k == -1 for f in cols for k in f.slots)
            out.append(Short(b.id, "frame", empty, src, how, ends, none))
        if len(cols) > 1 and max(ends) - min(ends) > UNEVEN_LINES:
            balance = "balance: false" if getattr(b, "balance", True) is False else how
            out.append(Short(b.id, "uneven", max(ends) - min(ends), src, balance, ends))
    return tuple(out)


def loose_lines(chain: Sequence[Composed], frames: Sequence[Frame],
                lines: Sequence[object]) -> tuple[Loose, ...]:
    """The loose lines set on the page, in reading order, each at its place in the source."""
    head = chain[0].block
    paragraphs = getattr(head, "paragraphs", ())
    where: dict[int, str] = {}
    for f in frames:
        for k in f.slots:
            if k >= 0:
                where.setdefault(k, f.block)
    out = []
    for k in sorted(where):
        ln = lines[k]
        if not isinstance(ln, Line) or not is_loose(ln):
            continue
        src = replace(head.src, path="")
        if 0 <= ln.para < len(paragraphs) and paragraphs[ln.para].starts:
            src = paragraphs[ln.para].pos(ln.start)
        out.append(Loose(where[k], round(ln.loose, 2), ln.text, src))
    return tuple(out)


def measured(fit: Fit, chain: Sequence[Composed], frames: Sequence[Frame],
             lines: Sequence[object]) -> Fit:
    """The chain's fit with its underset (none when it is overset: then it is full) and its
    loose lines."""
    under = () if fit.status == Status.OVERFLOW else shorts(chain, frames)
    return replace(fit, underset=under, loose=loose_lines(chain, frames, lines))


def warnings(fits: Sequence[Fit]) -> tuple[Diagnostic, ...]:
    """One located warning per underset block and per loose line, in the fits' order."""
    out = []
    for f in fits:
        out.extend(Diagnostic("warning", f"block '{s.block}': {s.message}", s.src)
                   for s in f.underset)
        out.extend(Diagnostic("warning", f"block '{x.block}': {x.message}", x.src)
                   for x in f.loose)
    return tuple(out)


def measure_warnings(composed: Sequence[Composed]) -> tuple[Diagnostic, ...]:
    """Body text in the grid's 字 whose measure is not whole 字 (a box inset in mm, a block
    placed in mm): every line spreads what is left over, so its characters stand off the 字
    grid and short and long lines alternate. One warning a block, at its line in the spec.
    Text in another size (a 五号 lead in 小五 columns) is set on whole 字 of its own size
    instead (kinds/text.py), and needs no warning."""
    out = []
    for c in composed:
        body = getattr(c, "body", None)
        if not c.block.flows_text or body is None:
            continue
        zi = getattr(c, "zi", None)
        if zi is not None and abs(body.style.size - zi) > 1e-6:
            continue  # set on whole 字 of its own size
        size, measure = body.style.size, c.regions.measure
        whole, rest = measure_fit(measure, size)
        if rest:
            out.append(Diagnostic(
                "warning", f"block '{c.block.id}': its {size:g}pt text does not divide its "
                f"{measure:g}pt measure: {whole / size:g} characters a line and {rest:g}pt "
                "spread over each line's gaps (give it a measure of whole characters, or a "
                "size that divides it)", replace(c.block.src, path="")))
    return tuple(out)


def summary(f: Fit) -> tuple[str, str]:
    """The fit table's two cells: the underset (`5L short`, `box 1L`, `ends 12L apart`) and
    the loose lines (`2, ≤0.73em`)."""
    words = {"frame": "{}L short", "box": "box {}L", "uneven": "ends {}L apart"}
    under = ", ".join(words[s.what].format(s.lines) for s in f.underset)
    loose = (f"{len(f.loose)}, ≤{max(x.gap for x in f.loose):.2f}em" if f.loose else "")
    return under, loose
