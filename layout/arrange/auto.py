"""The arranger: blocks without `at:` placed on the free ground of the page, the way a layout
editor fills a modular (模块化) page.

Blocks are grouped into units that move together (a headline and the story after it; a photo
and the caption block under it; a rule and the block it follows). Each unit's height at each
span it may take comes from its content, set by the real composer (a story's lines balanced
over one text column per grid column; a photo or chart at its own proportions). Units are
placed in order of priority (1 = 头条, then the spec's order), each at the position and span
that keep it highest and widest while wasting least ground, bottom-left on a skyline of the
columns, around anything already placed. Photos and charts are elastic: in a last pass each
column's bottom block is stretched or shrunk (within its proportions' bounds) so the column
ends on the page's last line. A few orders of trying are scored (overset, then blank runs over
2 lines, then priority placement) and the best kept: deterministic, no randomness.

This follows the grid-based approach of Jacobs et al. (adaptive grid-based document layout,
2003), where content is sized to the grid by the layout engine and a search picks among
candidate arrangements, and the newspaper case of Strecker and Hennig, where articles are
rectangles of whole columns placed by a constrained search; here the search is a greedy
skyline with a small deterministic beam, since a page holds tens of blocks, not thousands.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..spec.model import BlockBase, Cell
from .resolve import ArrangeCtx, Occupancy

ELASTIC = (0.55, 1.8)  # a photo or chart may take this much of its natural height
GAP = 1  # an empty grid line between units, as between blocks placed one below another
HOLE = 2  # blank lines a column may keep inside the type area


@dataclass
class Unit:
    blocks: list[BlockBase]  # top to bottom
    priority: int
    order: int
    spans: tuple[int, ...]

    @property
    def lead(self) -> BlockBase:
        return self.blocks[0]


@dataclass
class Placed:
    unit: Unit
    page: int
    col: int
    span: int
    top: int
    heights: list[int]  # rows of each block

    @property
    def bottom(self) -> int:
        return self.top + sum(self.heights) - 1


def arrange_free(free: list[BlockBase], ctx: ArrangeCtx, occ: Occupancy) -> dict[str, Cell]:
    """Cells for the blocks without `at:`; blocks that cannot be arranged are errors."""
    units = _units(free, ctx)
    if units is None:
        return {}
    heights: dict[tuple[str, int], int] = {}

    def rows(b: BlockBase, span: int) -> int:
        key = (b.id, span)
        if key not in heights:
            heights[key] = _rows(b, span, ctx)
        return heights[key]

    best = None
    for variant in range(VARIANTS):
        result = _greedy(units, ctx, occ, rows, variant)
        score = _score(result, ctx, occ)
        if best is None or score < best[0]:
            best = (score, result)
        if score[0] == 0 and score[1] == 0:
            break
    cells: dict[str, Cell] = {}
    for pl in best[1]:
        line = pl.top
        for b, h in zip(pl.unit.blocks, pl.heights, strict=True):
            cells[b.id] = Cell(pl.page, pl.col, pl.span, line, h)
            line += h
    return cells


VARIANTS = 12


def _units(free: list[BlockBase], ctx: ArrangeCtx) -> list[Unit] | None:
    from ..kinds.caption import CaptionBlock
    from ..kinds.headline import HeadlineBlock
    from ..kinds.photo import PhotoBlock
    from ..kinds.rule import RuleBlock
    from ..kinds.text import TextBlock

    n = ctx.grid.columns
    units: list[Unit] = []
    by_id = {b.id: b for b in free}
    taken: set[str] = set()
    ok = True
    for i, b in enumerate(free):
        if b.id in taken:
            continue
        if isinstance(b, RuleBlock) and b.vertical:
            ctx.err(b, "at", f"block '{b.id}': the arranger does not place column rules; give "
                    "it an `at:`")
            ok = False
            continue
        group = [b]
        nxt = free[i + 1] if i + 1 < len(free) else None
        if isinstance(b, HeadlineBlock) and isinstance(nxt, TextBlock) and nxt.id not in taken:
            group.append(nxt)  # a story: its headline above its text
        if isinstance(b, PhotoBlock):
            group += [c for c in free if isinstance(c, CaptionBlock) and c.photos
                      and c.photos[0] == b.id and c.id not in taken]
        if isinstance(b, CaptionBlock) and b.photos and b.photos[0] in by_id:
            continue  # goes under its photo
        if isinstance(b, RuleBlock) and units and units[-1].lead.id != b.id:
            units[-1].blocks.append(b)  # a rule under the unit before it
            taken.add(b.id)
            continue
        taken.update(x.id for x in group)
        pr = min((x.priority for x in group if x.priority), default=5)
        units.append(Unit(group, pr, ctx.order[b.id], _spans(group, pr, n)))
    return units if ok else None


def _spans(group: list[BlockBase], priority: int, n: int) -> tuple[int, ...]:
    """The spans a unit may take: its blocks' span_range, else by kind and priority."""
    from ..kinds.headline import HeadlineBlock
    from ..kinds.photo import PhotoBlock
    from ..kinds.text import TextBlock

    for b in group:
        if b.span_range:
            lo, hi = b.span_range
            return tuple(range(min(lo, n), min(hi, n) + 1))
    if any(isinstance(b, HeadlineBlock) for b in group) or priority == 1:
        lo, hi = (max(2, n // 2), n) if priority == 1 else (2, max(2, n // 2))
    elif any(isinstance(b, TextBlock) for b in group):
        lo, hi = 1, max(2, n // 2)
    elif any(isinstance(b, PhotoBlock) for b in group):
        lo, hi = 1, max(2, n // 2)
    else:
        lo, hi = 1, max(1, n // 2)
    return tuple(range(min(lo, n), min(hi, n) + 1))


def _rows(b: BlockBase, span: int, ctx: ArrangeCtx) -> int:
    from ..kinds import kind_of
    from ..kinds.text import TextBlock

    if isinstance(b, TextBlock) and b.columns is None:
        b = replace(b, columns=span)  # one text column per grid column
    return max(kind_of(b).rows(b, Cell(0, 1, span, 1, 1), ctx), b.min_lines or 1)


def _elastic(b: BlockBase) -> bool:
    from ..kinds.chart import ChartBlock
    from ..kinds.photo import PhotoBlock

    return isinstance(b, PhotoBlock | ChartBlock)


def _greedy(units: list[Unit], ctx: ArrangeCtx, fixed: Occupancy, rows, variant: int
            ) -> list[Placed]:
    """Place the units in order, each where it scores best; then let elastic blocks close
    the columns' feet."""
    g = ctx.grid
    occ = fixed.view(2)
    order = sorted(units, key=lambda u: (u.priority, u.order))
    if variant % 3 == 1:  # big units first
        order = sorted(units, key=lambda u: (u.priority, -max(u.spans), u.order))
    elif variant % 3 == 2:  # elastic units last: they fill what is left
        order = sorted(units, key=lambda u: (u.priority, any(_elastic(b) for b in u.blocks),
                                             u.order))
    narrow = variant // 3  # later variants prefer narrower spans
    placed: list[Placed] = []
    for u in order:
        best = None
        for span in u.spans:
            hs = [rows(b, span) for b in u.blocks]
            h = sum(hs)
            for page in range(g.pages):
                for col in range(1, g.columns - span + 2):
                    cols = [(page, c) for c in range(col, col + span)]
                    top = _top(occ, cols, h, g.lines)
                    over = max(0, top + h - 1 - g.lines)
                    waste = sum(max(0, top - GAP - 1 - occ.bottom([pc])) if occ.bottom([pc])
                                else top - 1 for pc in cols)
                    want = max(u.spans) if u.priority == 1 else min(u.spans) + narrow // 2
                    cost = (over * 1000 + waste * 3 + top * (6 - min(u.priority, 5))
                            + abs(span - want) * 4 + page * 0.5 + col * 0.01)
                    if best is None or cost < best[0]:
                        best = (cost, Placed(u, page, col, span, top, hs))
        pl = best[1]
        _fit_to_page(pl, g.lines)
        placed.append(pl)
        occ.add(Cell(pl.page, pl.col, pl.span, pl.top, pl.bottom - pl.top + 1))
    _close_feet(placed, fixed, ctx)
    return placed


def _top(occ: Occupancy, cols: list[tuple[int, int]], h: int, lines: int) -> int:
    """The highest line where `h` rows are free in these columns (after a gap under anything
    above); past the foot when nowhere is free enough."""
    starts = sorted({1} | {l1 + 1 + GAP for pc in cols for _, l1 in occ.taken.get(pc, ())})
    for t in starts:
        if t + h - 1 <= lines and occ.free(cols, t, t + h - 1):
            return t
    return max(starts)


def _fit_to_page(pl: Placed, lines: int) -> None:
    """A unit running past the foot gives up rows from its elastic blocks first; the rest is
    overset, and reported as such."""
    over = pl.bottom - lines
    for i, b in enumerate(pl.unit.blocks):
        if over <= 0:
            break
        if _elastic(b):
            take = min(over, pl.heights[i] - max(2, int(pl.heights[i] * ELASTIC[0])))
            if take > 0:
                pl.heights[i] -= take
                over -= take
    if over > 0:  # what remains does not fit: the last block is cut at the foot
        pl.heights[-1] = max(1, pl.heights[-1] - over)


def _close_feet(placed: list[Placed], fixed: Occupancy, ctx: ArrangeCtx) -> None:
    """Each elastic block at the foot of its columns grows to the page's last line (within its
    bounds), so no column ends in a blank run."""
    g = ctx.grid
    for _ in range(3):
        occ = fixed.view(2)
        for pl in placed:
            occ.add(Cell(pl.page, pl.col, pl.span, pl.top, pl.bottom - pl.top + 1))
        changed = False
        for pl in placed:
            cols = [(pl.page, c) for c in range(pl.col, pl.col + pl.span)]
            below = occ.next_taken(cols, pl.bottom + 1)
            room = min(below - GAP - 1, g.lines) - pl.bottom if below <= g.lines else \
                g.lines - pl.bottom
            if room <= 0:
                continue
            for i in range(len(pl.heights) - 1, -1, -1):
                b = pl.unit.blocks[i]
                if _elastic(b):
                    natural = pl.heights[i]
                    grow = min(room, int(natural * ELASTIC[1]) - natural)
                    if grow > 0:
                        pl.heights[i] += grow
                        changed = True
                    break
        if not changed:
            break


def _score(placed: list[Placed], ctx: ArrangeCtx, fixed: Occupancy) -> tuple:
    """(rows overset, blank rows past HOLE in any column, priority placement): lower wins."""
    g = ctx.grid
    occ = fixed.view(2)
    over = 0
    for pl in placed:
        over += max(0, pl.bottom - g.lines)
        occ.add(Cell(pl.page, pl.col, pl.span, pl.top, min(pl.bottom, g.lines) - pl.top + 1))
    holes = 0
    for page in range(g.pages):
        for col in range(1, g.columns + 1):
            spans = sorted(occ.taken.get((page, col), ()))
            edge = 0
            for l0, l1 in spans + [(g.lines + 1, g.lines + 1)]:
                holes += max(0, l0 - edge - 1 - HOLE)
                edge = max(edge, l1)
    rank = sum(pl.top * (6 - min(pl.unit.priority, 5)) for pl in placed)
    return (over, holes, rank)
