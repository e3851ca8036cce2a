"""Where each block goes, worked out in spec order: grid places as written, places relative to
earlier blocks (`below`, `right_of`), spans and columns left to the engine (`span: all`,
`col: auto`), heights from the content (`lines: auto`), then the blocks without `at:` by the
arranger (layout/arrange/auto.py). Every error is at the key that caused it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..diag import Diagnostics, Pos
from ..geometry import Grid
from ..spec.model import BlockBase, Cell, Spec
from ..spec.placement import ALL


@dataclass
class ArrangeCtx:
    spec: Spec
    grid: Grid
    faces: dict
    diags: Diagnostics
    cells: dict[str, Cell] = field(default_factory=dict)  # placed so far, by block id
    order: dict[str, int] = field(default_factory=dict)  # block id → its index in the spec

    def err(self, b: BlockBase, key: str, message: str) -> None:
        self.diags.error(message, b.place.pos(key, b.at_src))


class Occupancy:
    """Which grid lines of which page columns earlier blocks take."""

    def __init__(self, grid: Grid):
        self.grid = grid
        self.taken: dict[tuple[int, int], list[tuple[int, int]]] = {}

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

    def add(self, cell: Cell) -> None:
        l0, l1 = self.lines(cell)
        for pc in self.columns(cell):
            self.taken.setdefault(pc, []).append((l0, l1))

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
        cell = _resolve(b, ctx, occ, kind_of(b))
        if cell is not None:
            cells[b.id] = ctx.cells[b.id] = cell
            occ.add(cell)
    if free and not diags.errors:
        cells.update(arrange_free(free, ctx, occ))
    blocks = tuple(b.settled(cells[b.id]) for b in spec.blocks if b.id in cells)
    return replace(spec, blocks=blocks)


def _resolve(b: BlockBase, ctx: ArrangeCtx, occ: Occupancy, kind) -> Cell | None:
    pl, grid = b.place, ctx.grid
    if pl.rect is not None:
        return Cell(pl.page, 1, 1, 1, 1, rect=pl.rect)
    ref_key = "below" if pl.below else "right_of" if pl.right_of else None
    ref = None
    if ref_key:
        name = pl.below or pl.right_of
        if name not in ctx.order:
            ctx.err(b, ref_key, f"no block with id '{name}'")
            return None
        if ctx.order[name] >= ctx.order[b.id]:
            ctx.err(b, ref_key, f"'{name}' comes after '{b.id}' in the spec: blocks are placed "
                    "in spec order, so a block can follow only an earlier one")
            return None
        ref = ctx.cells.get(name)
        if ref is None:
            ctx.err(b, ref_key, f"'{name}' has no place of its own to follow (it is arranged "
                    "or failed)")
            return None
        if ref.rect is not None:
            ctx.err(b, ref_key, f"'{name}' is placed in mm: follow a block on the grid")
            return None
    page = pl.page if pl.page is not None else (ref.page if ref else 0)
    n = grid.columns
    ncols = 2 * n if page == -1 else n
    rc = _in(ref, page, n) if ref else None
    if ref is not None and rc is None:
        ctx.err(b, ref_key, f"'{ref_name(pl)}' is on another page")
        return None
    span = pl.span if isinstance(pl.span, int) else None
    if pl.span == ALL:
        span = ncols
    col = pl.col if isinstance(pl.col, int) else None
    if col is None:
        if pl.right_of:
            col = rc.col_end + 1
        elif pl.below:
            col = rc.col
        elif span == ncols:
            col = 1
    if span is None:
        span = (rc.span if pl.below else ncols - col + 1) if rc else (
            b.span_range[0] if b.span_range else 1)
    if col is None:  # `col: auto` or none given: the column where it can start highest
        col = min(range(1, ncols - span + 2), key=lambda c: (occ.bottom(
            occ.columns(Cell(page, c, span, 1, 1))), c), default=1)
    if col > ncols:
        ctx.err(b, "col" if "col" in dict(pl.src) else ref_key or "col",
                f"column {col} is outside the {ncols}-column grid")
        return None
    if col + span - 1 > ncols:
        ctx.err(b, "span" if "span" in dict(pl.src) else ref_key or "span",
                f"{span} columns from column {col} do not fit the {ncols}-column grid")
        return None
    cols = occ.columns(Cell(page, col, span, 1, 1))
    if isinstance(pl.line, int):
        line = pl.line
    elif pl.below:
        line = rc.line_end + 1 + pl.gap
    elif pl.right_of:
        line = rc.line
    else:
        below = occ.bottom(cols)
        line = below + 1 + (pl.gap if below else 0)
    if line > grid.lines:
        key = "line" if "line" in dict(pl.src) else ref_key or "at"
        ctx.err(b, key, f"line {line} is below the last grid line {grid.lines}"
                + (f" (under '{ref_name(pl)}')" if pl.below else ""))
        return None
    if isinstance(pl.lines, int):
        lines = pl.lines
        if line + lines - 1 > grid.lines:
            ctx.err(b, "lines", f"{lines} lines from line {line} run past the last grid line "
                    f"{grid.lines}")
            return None
    else:  # as many as the content needs, where there is room
        room = occ.next_taken(cols, line) - line
        if room < 1:
            ctx.err(b, ref_key or "at", f"no room at line {line}: another block is there")
            return None
        probe = Cell(page, col, span, line, 1)
        need = max(kind.rows(b, probe, ctx), b.min_lines or 1)
        lines = min(need, room)  # what does not fit is overset, reported by place
    return _local(Cell(page, col, span, line, lines), n)


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
