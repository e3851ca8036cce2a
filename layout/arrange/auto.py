"""The arranger: blocks without `at:` laid out on the ground the placed blocks leave, the way
a layout editor builds a modular (模块化) page — stacks of whole-column modules, read down
each stack and across the page.

The free ground is cut into areas (runs of columns with the same free lines). The units
(layout/arrange/units.py), in order of priority and then of the spec, are broken into stacks
laid side by side across each area and on across the pages, each stack one width from top to
foot. Choosing where the stacks break is the same problem as breaking a paragraph into lines,
and it is solved the same way (Knuth and Plass's total fit): a dynamic programme over (area,
column, unit) that minimises the sum of each stack's badness — lines overset, blank runs of
more than 2 lines, photos cropped far from their own proportions, stories spread too thin,
priority units placed low or narrow. Within a stack the elastic blocks share the slack, so a
column ends on the page's last line. A 头条 (priority 1) may instead run as a band across its
area with the stacks under it. The result is deterministic.

Why this and not the alternatives (README, "The arranger"): Jacobs et al.'s adaptive
grid-based layout (2003) picks among designer-made templates, which a department that
"generates pages" does not have; Strecker and Hennig's newspaper layout places rectangular
articles by a constrained search over the whole page, which is more general (modules need
not form stacks) but costs seconds to minutes per page. The stack model covers the modular
pages Chinese papers set (the sample spread is one), and its dynamic programme runs in
milliseconds on a spread of forty blocks; the composer's heights are measured once per unit
and width."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache

from ..spec.model import BlockBase, Cell
from .resolve import ArrangeCtx, Occupancy
from .units import DEFAULT, GAP, Unit, build_units, cells_of, measure_bands

HOLE = 2  # blank lines a column may keep inside the type area
MIN_AREA = 3  # free runs shorter than this are no ground to arrange on
# the badness of a stack: what must never happen weighs most
OVERSET = 100_000.0  # per line overset
BLANK = 2_000.0  # per column line blank past HOLE
SLACK = 20.0  # per column line blank within HOLE (a caption or a short last line adds to it)
STRETCH = 6.0  # per line an elastic block moves from its own proportions
PRIORITY_DOWN = 3.0  # per line a priority unit starts below its area's top, per priority step
PRIORITY_NARROW = 25.0  # per column a priority unit is narrower than it may be, per step
BAND = 60.0  # a story across the whole area rather than in a stack: a change of rhythm
UNEVEN = 300.0  # per line a story's last columns end short (a line blank under each)


@dataclass(frozen=True, slots=True)
class Area:
    """Columns c0 … c0 + width - 1 of a page, free from line `top` to line `bottom`."""

    page: int
    c0: int
    width: int
    top: int
    bottom: int


def free_areas(occ: Occupancy, lines: int, pages: int, columns: int) -> list[Area]:
    """The ground the placed blocks leave, as areas in reading order: runs of neighbouring
    columns with the same free lines, each run of lines one area, a gap under what is above."""
    taken = occ.view(2).taken
    out: list[Area] = []
    for page in range(pages):
        runs: list[tuple[int, tuple[tuple[int, int], ...]]] = []
        for col in range(1, columns + 1):
            free, edge = [], 0
            for l0, l1 in sorted(taken.get((page, col), ())) + [(lines + 1, lines + 1)]:
                s, e = edge + 1 + (GAP if edge else 0), l0 - 1 - (GAP if l0 <= lines else 0)
                if e - s + 1 >= MIN_AREA:
                    free.append((s, e))
                edge = max(edge, l1)
            if runs and runs[-1][1] == tuple(free):
                continue
            runs.append((col, tuple(free)))
        for k, (c0, free) in enumerate(runs):
            c1 = runs[k + 1][0] - 1 if k + 1 < len(runs) else columns
            out += [Area(page, c0, c1 - c0 + 1, s, e) for s, e in free]
    return sorted(out, key=lambda a: (a.page, a.c0, a.top))


def arrange_free(free: list[BlockBase], ctx: ArrangeCtx, occ: Occupancy) -> dict[str, Cell]:
    """Cells for the blocks without `at:`; what finds no room is pushed off (overset)."""
    units = build_units(free, ctx)
    if units is None:
        return {}
    g = ctx.grid
    cells: dict[str, Cell] = {}
    for u in [u for u in units if not u.sizes]:
        for b in u.blocks + ([u.rule] if u.rule else []):
            ctx.pushed[b.id] = ("no room on the page: its words fit none of the spans "
                                f"{u.widths[0]}–{u.widths[-1]} the arranger may give it")
            cells[b.id] = Cell(0, 1, 1, g.lines, 0)
    units = sorted((u for u in units if u.sizes), key=lambda u: (u.priority, u.order))
    areas = free_areas(occ, g.lines, g.pages, g.columns)
    for u in units:
        measure_bands(u, {a.width for a in areas}, ctx)
    plan = Planner(units, areas).plan()
    placed: set[int] = set()
    for st in plan:
        cells.update(_stack_cells(st, units, ctx))
        placed.update(range(st.first, st.end))
    for k, u in enumerate(units):
        if k not in placed:
            for b in u.blocks + ([u.rule] if u.rule else []):
                ctx.pushed[b.id] = "no room on the page: the arranger found no free ground " \
                                   "for it"
                cells[b.id] = Cell(0, 1, 1, g.lines, 0)
    if units:
        _warn_unfilled(areas, cells, units[-1].blocks[-1], ctx)
    return cells


def _warn_unfilled(areas: list[Area], cells: dict[str, Cell], last: BlockBase,
                   ctx: ArrangeCtx) -> None:
    """Ground the arranged blocks leave empty at the foot of a column, more than HOLE lines:
    the page needs more copy or pictures (said once per run of such columns)."""
    n = ctx.grid.columns
    ends: dict[tuple[int, int], int] = {}
    for c in cells.values():
        if c.lines and c.rect is None:
            for k in range(c.col, c.col_end + 1):
                key = (c.page, k) if c.page >= 0 else ((k - 1) // n, (k - 1) % n + 1)
                ends[key] = max(ends.get(key, 0), c.line + c.lines - 1)
    for a in areas:
        runs: list[tuple[int, int, int]] = []  # first column, last column, first blank line
        for col in range(a.c0, a.c0 + a.width):
            end = ends.get((a.page, col), 0)
            start = max(end, a.top - 1) + 1
            if a.bottom - start + 1 > HOLE:
                if runs and runs[-1][1] == col - 1 and runs[-1][2] == start:
                    runs[-1] = (runs[-1][0], col, start)
                else:
                    runs.append((col, col, start))
        for c0, c1, start in runs:
            cols = f"column {c0}" if c0 == c1 else f"columns {c0}–{c1}"
            ctx.diags.warning(f"the arranger left lines {start}–{a.bottom} of {cols} on page "
                              f"{a.page + 1} empty: the blocks it places do not fill the page "
                              "(more copy or pictures, or fewer columns to fill)", last.src)


@dataclass(frozen=True, slots=True)
class Stack:
    """Units first … end - 1, one above the other, `width` columns wide from `top`."""

    area: Area
    col: int  # the page column it starts in
    width: int
    top: int
    first: int
    end: int
    band: bool = False  # a priority unit across the area, stacks under it


class Planner:
    """The dynamic programme: the least total badness from each (area, its top, column offset,
    next unit), and the choice that reaches it."""

    def __init__(self, units: list[Unit], areas: list[Area]):
        self.units, self.areas = units, areas
        self.n = len(units)

    def plan(self) -> list[Stack]:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 20 * (self.n + 1) * (len(self.areas) + 1) + 1000))
        try:
            best = lru_cache(maxsize=None)(self._best)
            self._memo = best
            stacks: list[Stack] = []
            state = (0, self.areas[0].top if self.areas else 0, 0, 0)
            while True:
                _, step = best(*state)
                if step is None:
                    return stacks
                stack, state = step
                if stack is not None:
                    stacks.append(stack)
        finally:
            sys.setrecursionlimit(limit)

    def _best(self, a: int, top: int, off: int, i: int) -> tuple[float, tuple | None]:
        areas, units = self.areas, self.units
        if i == self.n:  # every unit placed: what is left stays blank
            return self._blank_rest(a, top, off), None
        if a == len(areas):  # no ground left: the rest is overset
            return OVERSET * sum(min(s.lo for s in u.sizes.values()) for u in units[i:]), None
        area = areas[a]
        height = area.bottom - top + 1
        if off == area.width or height < MIN_AREA:
            nxt = (a + 1, areas[a + 1].top if a + 1 < len(areas) else 0, 0, i)
            return self._memo(*nxt)[0], (None, nxt)
        best: tuple[float, tuple | None] = (float("inf"), None)
        col = area.c0 + off
        # a column left blank: allowed, at the price of its blank run
        nxt = (a, top, off + 1, i)
        cost = _blank(height, 1) + self._memo(*nxt)[0]
        best = (cost, (None, nxt))
        for w in range(1, area.width - off + 1):
            for end, cost in self._stacks(i, w, height, top - area.top, col, area):
                nxt = (a, top, off + w, end)
                total = cost + self._memo(*nxt)[0]
                if total < best[0]:
                    best = (total, (Stack(area, col, w, top, i, end), nxt))
        u = units[i]
        if off == 0 and area.width in u.sizes and (u.priority < DEFAULT
                                                   or area.width in u.band_only):
            h = u.sizes[area.width].natural
            if h + u.gap_after + MIN_AREA <= height:  # a band across the area, stacks under it
                nxt = (a, top + h + u.gap_after, 0, i + 1)
                total = (u.penalty[area.width] + UNEVEN * u.short[area.width] + BAND
                         + self._memo(*nxt)[0])
                if total < best[0]:
                    best = (total, (Stack(area, col, area.width, top, i, i + 1, band=True),
                                    nxt))
        return best

    def _blank_rest(self, a: int, top: int, off: int) -> float:
        """The ground no unit is left for: blank, each column's run weighed."""
        cost = 0.0
        for k in range(a, len(self.areas)):
            area = self.areas[k]
            first, cols = (top, area.width - off) if k == a else (area.top, area.width)
            cost += _blank(area.bottom - first + 1, 1) * cols
        return cost

    def _stacks(self, i: int, w: int, height: int, down: int, col: int, area: Area):
        """(end, badness) for each stack of units i … end - 1 at width `w` that may be set."""
        units = self.units
        nat = lo = hi = 0
        extra = 0.0
        for j in range(i, self.n):
            u = units[j]
            if w not in u.sizes or w in u.band_only or (u.rule is not None and col == 1):
                return  # a width it does not take; a column rule with no gutter to run in
            s = u.sizes[w]
            gap = units[j - 1].gap_after if j > i else 0
            if u.priority < DEFAULT:  # higher and wider, by how much it matters
                step = DEFAULT - u.priority
                extra += step * (PRIORITY_DOWN * (down + nat + gap)
                                 + PRIORITY_NARROW * (max(u.widths) - w))
            nat += gap + s.natural
            lo += gap + s.lo
            hi += gap + s.hi
            extra += u.penalty[w] + UNEVEN * u.short[w]
            yield j + 1, _badness(nat, lo, hi, height, w) + extra
            if lo > height:
                return  # adding more only sets more over the foot


def _badness(nat: int, lo: int, hi: int, height: int, w: int) -> float:
    if height < lo:
        return OVERSET * (lo - height)
    if height > hi:
        return _blank(height - hi, w) + STRETCH * (hi - nat)
    return STRETCH * abs(height - nat)


def _blank(lines: int, w: int) -> float:
    return w * (BLANK * max(0, lines - HOLE) + SLACK * min(lines, HOLE))


def _stack_cells(st: Stack, units: list[Unit], ctx: ArrangeCtx) -> dict[str, Cell]:
    """The cells of a stack's units: the area's height shared out among the elastic blocks
    in proportion to how far each may move, the bottom one taking what is left."""
    area, w = st.area, st.width
    out: dict[str, Cell] = {}
    group = units[st.first:st.end]
    if st.band:
        u = group[0]
        out.update(cells_of(u, area.page, st.col, w, st.top, u.sizes[w].natural))
        return out
    height = area.bottom - st.top + 1
    nat = sum(u.sizes[w].natural + u.gap_after for u in group) - group[-1].gap_after
    give = height - nat
    room = [(u.sizes[w].hi - u.sizes[w].natural) if give > 0 else
            (u.sizes[w].natural - u.sizes[w].lo) for u in group]
    total = sum(room)
    shares = [0] * len(group)
    if total and give:
        want = max(-total, min(total, give))
        shares = [int(want * r / total) for r in room]
        rest = want - sum(shares)
        for k in range(len(group) - 1, -1, -1):
            if rest == 0:
                break
            free = room[k] - abs(shares[k])
            step = max(-free, min(free, rest)) if give > 0 else -min(free, -rest)
            shares[k] += step
            rest -= step
    line = st.top
    for u, share in zip(group, shares, strict=True):
        h = u.sizes[w].natural + share
        if line > area.bottom:  # pushed past the foot: overset
            for b in u.blocks:
                ctx.pushed[b.id] = "no room on the page: the stack it was arranged in runs " \
                                   "past the foot"
                out[b.id] = Cell(area.page, st.col, w, ctx.grid.lines, 0)
            continue
        h = min(h, area.bottom - line + 1)
        cells = cells_of(u, area.page, st.col, w, line, h)
        for bid, c in cells.items():
            if not c.lines:
                ctx.pushed[bid] = "no room on the page: the blocks above it in its stack " \
                                  "take the column to the foot"
        out.update(cells)
        line += h + u.gap_after
    for u in group:
        if u.rule is not None:  # down the gutter left of the stack, top to foot
            out[u.rule.id] = Cell(area.page, st.col, 1, st.top, height)
    return out
