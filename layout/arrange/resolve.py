"""Where each block goes, worked out in spec order: grid places as written, places relative to
earlier blocks (`below`, `right_of`), spans and columns left to the engine (`span: all`,
`col: auto`), heights from the content (`lines: auto`), then the blocks without `at:` by the
arranger (layout/arrange/auto.py). Every error is at the key that caused it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..diag import Diagnostics, Pos
from ..geometry import Grid
from ..spec.model import BlockBase, Cell, Spec
from ..spec.placement import ALL, FILL


@dataclass
class ArrangeCtx:
    spec: Spec
    grid: Grid
    faces: dict
    diags: Diagnostics
    cells: dict[str, Cell] = field(default_factory=dict)  # placed so far, by block id
    pushed: dict[str, str] = field(default_factory=dict)  # no room for them, and why
    order: dict[str, int] = field(default_factory=dict)  # block id → its index in the spec
    memo: dict = field(default_factory=dict)  # what measuring a block at a width composed

    def err(self, b: BlockBase, key: str, message: str) -> None:
        self.diags.error(message, b.place.pos(key, b.at_src))

    def wraps_over(self, cell: Cell) -> list:
        """Pictures placed so far that text at `cell` flows around: (rect, gap) pairs."""
        from ..kinds import wrap_rect

        by_id = {b.id: b for b in self.spec.blocks}
        area = self.grid.rect(cell)
        out = []
        for bid, c in self.cells.items():
            b = by_id[bid]
            if b.wrap is None or not c.lines or c.page != cell.page:
                continue
            r = wrap_rect(replace(b, cell=c), self.grid.rect(c), self.spec, self.grid, area)
            if r.x < area.x1 and r.x1 > area.x:
                out.append((r, b.wrap * self.grid.zi))
        return out


class Occupancy:
    """Which grid lines of which page columns earlier blocks take. Text and what lies over text
    (a picture it wraps around, a rule in its gutter) share ground, so each sees only the
    other kind: `layer` 0 is text, 1 is what lies over text, 2 everything else."""

    def __init__(self, grid: Grid):
        self.grid = grid
        self.taken: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self.soft: dict[tuple[int, int], list[tuple[int, int, int]]] = {}  # with layers

    def columns(self, cell: Cell) -> list[tuple[int, int]]:
        """(page, column) pairs a cell covers, a spread's split at the fold."""
        n = self.grid.columns
        if cell.rect is not None:
            r = self.grid.rect(cell)
            out = []
            for page in range(self.grid.pages):
                for col in range(1, n + 1):
                    x0 = self.grid.col_x(page, col)
                    if x0 < r.x1 - 0.01 and x0 + self.grid.column_w > r.x + 0.01:
                        out.append((page, col))
            return out
        if cell.page == -1:
            return [divmod(c - 1, n)[0:1] + (divmod(c - 1, n)[1] + 1,)
                    for c in range(cell.col, cell.col_end + 1)]
        return [(cell.page, c) for c in range(cell.col, cell.col_end + 1)]

    def lines(self, cell: Cell) -> tuple[int, int]:
        first, rows = self.grid.lines_in(cell)
        return first, first + rows - 1

    def add(self, cell: Cell, layer: int = 2) -> None:
        l0, l1 = self.lines(cell)
        for pc in self.columns(cell):
            if layer == 2:
                self.taken.setdefault(pc, []).append((l0, l1))
            else:
                self.soft.setdefault(pc, []).append((l0, l1, layer))

    def view(self, layer: int) -> Occupancy:
        """What a block of `layer` must keep clear of (a copy: placing into it leaves this
        occupancy as it was)."""
        out = Occupancy(self.grid)
        out.taken = {k: list(v) for k, v in self.taken.items()}
        for pc, spans in self.soft.items():
            for l0, l1, other in spans:
                if layer == 2 or other == layer:  # text and what lies over it share ground
                    out.taken.setdefault(pc, []).append((l0, l1))
        return out

    def bottom(self, cols: list[tuple[int, int]]) -> int:
        """The last line taken in these columns (0: none)."""
        return max((l1 for pc in cols for _, l1 in self.taken.get(pc, ())), default=0)

    def next_taken(self, cols: list[tuple[int, int]], line: int) -> int:
        """The first line at or after `line` taken in these columns (past the grid: none)."""
        return min((l0 for pc in cols for l0, l1 in self.taken.get(pc, ()) if l1 >= line),
                   default=self.grid.lines + 1)

    def free(self, cols: list[tuple[int, int]], l0: int, l1: int) -> bool:
        return all(b1 < l0 or b0 > l1 for pc in cols for b0, b1 in self.taken.get(pc, ()))


def arrange(spec: Spec, grid: Grid, faces: dict, diags: Diagnostics) -> Spec:
    """The spec with every block's cell set; errors are collected in `diags`."""
    from ..kinds import kind_of
    from .auto import arrange_free

    ctx = ArrangeCtx(spec, grid, faces, diags, order={b.id: i for i, b in
                                                       enumerate(spec.blocks)})
    occ = Occupancy(grid)
    cells: dict[str, Cell] = {}
    free: list[BlockBase] = []
    for b in spec.blocks:
        if b.place.arranged:
            free.append(b)
            continue
        layer = layer_of(b)
        # a column rule lives in a gutter: no block in the columns stands in its way
        view = Occupancy(grid) if b.in_gutter else occ.view(layer)
        cell = _resolve(b, ctx, view, kind_of(b))
        if cell is not None:
            cells[b.id] = ctx.cells[b.id] = cell
            if cell.lines and not b.in_gutter:  # a column rule takes no column's ground
                occ.add(cell, layer)
    if free and not diags.errors:
        cells.update(arrange_free(free, ctx, occ))
    blocks = tuple(kind_of(b).settle(b, cells[b.id], ctx) for b in spec.blocks
                   if b.id in cells)
    return replace(spec, blocks=blocks, pushed=tuple(ctx.pushed.items()))


def layer_of(b: BlockBase) -> int:
    """0: text; 1: lies over text (wraps, or lives in a gutter); 2: takes its ground."""
    return 0 if b.flows_text else 1 if (b.wrap is not None or b.in_gutter) else 2


class _Stop(Exception):  # noqa: N818 - not an error: how a step hands back the block's end
    """A step of `_resolve` that settles the block early: an error (None) or no room."""

    def __init__(self, cell: Cell | None):
        self.cell = cell


def _resolve(b: BlockBase, ctx: ArrangeCtx, occ: Occupancy, kind) -> Cell | None:
    """The block's cell; None after an error. A block that the content above it pushes off
    the grid gets no room (a cell of 0 lines): it is overset, not a geometry error."""
    pl = b.place
    if pl.rect is not None:
        return Cell(pl.page, 1, 1, 1, 1, rect=pl.rect)
    try:
        page, rc = _reference(b, ctx)
        col, span = _across(b, ctx, occ, page, rc)
        line = _first_line(b, ctx, occ, Cell(page, col, span, 1, 1), rc)
        lines = _height(b, ctx, occ, Cell(page, col, span, line, 1), kind)
    except _Stop as stop:
        return stop.cell
    return _local(Cell(page, col, span, line, lines), ctx.grid.columns)


def _reference(b: BlockBase, ctx: ArrangeCtx) -> tuple[int, Cell | None]:
    """The block's page, and the block it follows in that page's columns (if any)."""
    pl = b.place
    key = "below" if pl.below else "right_of" if pl.right_of else None
    ref = _ref(b, key, ctx) if key else None
    if key and ref is None:
        raise _Stop(None)
    if ref is not None and ref.lines == 0:
        raise _Stop(_no_room(b, ctx, f"'{ref_name(pl)}', which it follows, has no room"))
    page = pl.page if pl.page is not None else (ref.page if ref else 0)
    rc = _in(ref, page, ctx.grid.columns) if ref else None
    if ref is not None and rc is None:
        ctx.err(b, key, f"'{ref_name(pl)}' is on another page")
        raise _Stop(None)
    return page, rc


def _across(b: BlockBase, ctx: ArrangeCtx, occ: Occupancy, page: int, rc: Cell | None
            ) -> tuple[int, int]:
    """The first column and the span: as given, from the block it follows, the whole width
    (`span: all`), or where it starts highest (`col: auto`); cut to a narrower grid."""
    pl = b.place
    ncols = ctx.grid.columns * (2 if page == -1 else 1)
    span = ncols if pl.span == ALL else pl.span if isinstance(pl.span, int) else None
    col = pl.col if isinstance(pl.col, int) else None
    if col is None:
        col = rc.col_end + 1 if pl.right_of else rc.col if pl.below else (
            1 if span == ncols else None)
    if span is None:
        span = (rc.span if pl.below else max(1, ncols - col + 1)) if rc else (
            b.span_range[0] if b.span_range else 1)
    if col is None:  # `col: auto` or none given: the column where it can start highest
        col = min(range(1, max(2, ncols - span + 2)), key=lambda c: (occ.bottom(
            occ.columns(Cell(page, c, span, 1, 1))), c))
    if col + span - 1 <= ncols:
        return col, span
    # a grid narrower than the spec was written for
    given = [k for k in ("col", "span") if isinstance(getattr(pl, k), int)
             or getattr(pl, k) == ALL]
    if not (pl.below or pl.right_of) and len(given) == 2:
        key = "col" if col > ncols else "span"
        ctx.err(b, key, f"column {col} is outside the {ncols}-column grid" if col > ncols
                else f"{span} columns from column {col} do not fit the {ncols}-column grid")
        raise _Stop(None)
    if col > ncols:
        raise _Stop(_no_room(b, ctx, f"it would start in column {col} of a {ncols}-column "
                             "grid"))
    return col, ncols - col + 1  # the columns there are


def _first_line(b: BlockBase, ctx: ArrangeCtx, occ: Occupancy, probe: Cell,
                rc: Cell | None) -> int:
    """The block's first grid line: as given, under or beside the block it follows, or under
    whatever its columns already hold."""
    pl, last = b.place, ctx.grid.lines
    if isinstance(pl.line, int):
        line = pl.line
    elif pl.below:
        line = rc.line_end + 1 + pl.gap
    elif pl.right_of:
        line = rc.line
    else:
        below = occ.bottom(occ.columns(probe))
        line = below + 1 + (pl.gap if below else 0)
    if line <= last:
        return line
    if isinstance(pl.line, int):
        ctx.err(b, "line", f"line {line} is below the last grid line {last}")
        raise _Stop(None)
    raise _Stop(_no_room(b, ctx, f"it would start at line {line}, below the last line {last}"))


def _height(b: BlockBase, ctx: ArrangeCtx, occ: Occupancy, probe: Cell, kind) -> int:
    """The block's lines: as given (cut at the foot when pushed down), as many as its content
    needs (`lines: auto`), or all the room less what the blocks below it need (`fill`)."""
    pl, last, line = b.place, ctx.grid.lines, probe.line
    if isinstance(pl.lines, int):
        if line + pl.lines - 1 <= last:
            return pl.lines
        if isinstance(pl.line, int):
            ctx.err(b, "lines", f"{pl.lines} lines from line {line} run past the last grid "
                    f"line {last}")
            raise _Stop(None)
        return _enough(b, ctx, probe, last - line + 1, kind)  # pushed down: the rest overset
    nxt = occ.next_taken(occ.columns(probe), line)
    room = nxt - line - (GAP_ABOVE if nxt <= last else 0)
    if room < 1:
        raise _Stop(_no_room(b, ctx, f"at line {line} another block is in the way"))
    if pl.lines == FILL:  # all the room, less what the blocks below it will need
        need = max(room - _reserve(b, probe, ctx), b.min_lines or 1)
    else:
        need = max(kind.rows(b, probe, ctx), b.min_lines or 1)
    return _enough(b, ctx, probe, min(need, room), kind)  # the rest is overset


def _enough(b: BlockBase, ctx: ArrangeCtx, probe: Cell, lines: int, kind) -> int:
    """`lines` if they hold more than the block's label and caption; else the content above
    has left it no room (overset, not a geometry error)."""
    fixed = (b.heading.lines if b.heading else 0) + kind.settle(
        b, replace(probe, lines=max(lines, 1)), ctx).caption_rows
    if fixed and lines <= fixed:
        raise _Stop(_no_room(b, ctx, f"the {lines} lines left at line {probe.line} hold no "
                             f"more than its label and caption ({fixed} lines)"))
    return lines


GAP_ABOVE = 1  # a block that fills stops a line short of the block under it


def _ref(b: BlockBase, key: str, ctx: ArrangeCtx) -> Cell | None:
    pl = b.place
    name = pl.below or pl.right_of
    if name not in ctx.order:
        ctx.err(b, key, f"no block with id '{name}'")
        return None
    if ctx.order[name] >= ctx.order[b.id]:
        ctx.err(b, key, f"'{name}' comes after '{b.id}' in the spec: blocks are placed in "
                "spec order, so a block can follow only an earlier one")
        return None
    ref = ctx.cells.get(name)
    if ref is None:
        ctx.err(b, key, f"'{name}' has no place of its own to follow (it is arranged or "
                "failed)")
        return None
    if ref.rect is not None:
        ctx.err(b, key, f"'{name}' is placed in mm: follow a block on the grid")
        return None
    return ref


def _no_room(b: BlockBase, ctx: ArrangeCtx, why: str) -> Cell:
    """The block stays off the page (a cell of no lines) and is reported as overset."""
    ctx.pushed[b.id] = f"no room on the page: {why}"
    return Cell(0, 1, 1, ctx.grid.lines, 0)


def _reserve(b: BlockBase, cell: Cell, ctx: ArrangeCtx) -> int:
    """Lines the blocks placed under `b` (later in the spec, `below` it, and below those) will
    take: a block that fills leaves them their room."""
    from ..kinds import kind_of

    total, last = 0, b.id
    for later in ctx.spec.blocks[ctx.order[b.id] + 1:]:
        pl = later.place
        if pl.below != last:
            continue
        span = pl.span if isinstance(pl.span, int) else cell.span
        col = pl.col if isinstance(pl.col, int) else cell.col
        probe = Cell(cell.page, col, span, 1, 1)
        if isinstance(pl.lines, int):
            rows = pl.lines
        elif pl.lines == FILL:
            rows = later.min_lines or 1
        else:
            rows = max(kind_of(later).rows(later, probe, ctx), later.min_lines or 1)
        total += pl.gap + rows
        last = later.id
    return total


def ref_name(pl) -> str:
    return pl.below or pl.right_of or ""


def _in(ref: Cell, page: int, n: int) -> Cell | None:
    """`ref` in the coordinates of `page` (a spread's columns run 1 … 2n)."""
    if page == ref.page:
        return ref
    if page == -1:
        return replace(ref, page=-1, col=ref.col + ref.page * n)
    if ref.page == -1:
        p0, c0 = divmod(ref.col - 1, n)
        p1, c1 = divmod(ref.col_end - 1, n)
        if p0 <= page <= p1:
            first = c0 + 1 if p0 == page else 1
            last = c1 + 1 if p1 == page else n
            return replace(ref, page=page, col=first, span=last - first + 1)
    return None


def _local(cell: Cell, n: int) -> Cell:
    """A spread cell that lies on one page is that page's cell."""
    if cell.page != -1:
        return cell
    p0 = (cell.col - 1) // n
    if p0 == (cell.col_end - 1) // n:
        return replace(cell, page=p0, col=cell.col - p0 * n)
    return cell


def rows_pos(b: BlockBase) -> Pos:
    return b.place.pos("lines", b.at_src)
