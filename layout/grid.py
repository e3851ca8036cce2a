"""grid stage: Spec → Grid. Pages, the spread, columns and baseline lines, all counted in 字 and 行.

Coordinates are points from the top-left corner of the first page's trim, y pointing down; on a
spread the second page starts one trim width to the right. Only render.py flips y.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .diag import Diagnostics
from .spec import Block, Cell, Spec
from .units import MM

# Chinese faces sit their 1-em ideographic box from −0.12 em to 0.88 em around the baseline.
EM_BOX_TOP = 0.88


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def x1(self) -> float:
        return self.x + self.w

    @property
    def y1(self) -> float:
        return self.y + self.h


@dataclass(frozen=True, slots=True)
class Grid:
    trim_w: float
    trim_h: float
    pages: int
    zi: float  # pt per 字 (body size)
    leading: float  # pt per 行
    columns: int
    column_zi: int
    gutter_zi: float
    lines: int
    x0: tuple[float, ...]  # left edge of the type area on each page (mirrored on a spread)
    y0: float  # top of grid line 1

    @property
    def column_w(self) -> float:
        return self.column_zi * self.zi

    @property
    def pitch(self) -> float:
        return (self.column_zi + self.gutter_zi) * self.zi

    @property
    def width(self) -> float:
        return self.columns * self.column_w + (self.columns - 1) * self.gutter_zi * self.zi

    @property
    def height(self) -> float:
        return self.lines * self.leading

    def col_x(self, page: int, col: int) -> float:
        """Left edge of column `col` (1-based) of page `page` (0-based)."""
        return page * self.trim_w + self.x0[page] + (col - 1) * self.pitch

    def row_y(self, line: int) -> float:
        return self.y0 + (line - 1) * self.leading

    def rect(self, cell: Cell) -> Rect:
        if cell.rect is not None:
            x, y, w, h = cell.rect
            return Rect(max(cell.page, 0) * self.trim_w + x, y, w, h)
        if cell.page == -1:  # spread columns run 1 … 2N across the fold
            p0, c0 = divmod(cell.col - 1, self.columns)
            p1, c1 = divmod(cell.col_end - 1, self.columns)
            x = self.col_x(p0, c0 + 1)
            x1 = self.col_x(p1, c1 + 1) + self.column_w
        else:
            x = self.col_x(cell.page, cell.col)
            x1 = self.col_x(cell.page, cell.col_end) + self.column_w
        y = self.row_y(cell.line)
        return Rect(x, y, x1 - x, cell.lines * self.leading)

    def lines_in(self, cell: Cell) -> tuple[int, int]:
        """First grid line and number of lines whose band lies inside the block: a block placed
        in mm still sets its text on the page's baseline grid."""
        if cell.rect is None:
            return cell.line, cell.lines
        r = self.rect(cell)
        first = max(1, math.ceil((r.y - self.y0) / self.leading - 1e-6) + 1)
        last = min(self.lines, math.floor((r.y1 - self.y0) / self.leading + 1e-6))
        return first, max(0, last - first + 1)

    def baseline(self, line: int, size: float | None = None, lead: float | None = None) -> float:
        """Baseline of text of `size` centred in a band that starts at grid line `line`."""
        size = size or self.zi
        lead = lead or self.leading
        return self.row_y(line) + (lead - size) / 2 + EM_BOX_TOP * size


def build_grid(spec: Spec, diags: Diagnostics | None = None) -> Grid:
    """Place the type area (centred, or by the spec's top and inner margins, mirrored across
    the fold) and check that no two blocks share ground."""
    zi, lead = spec.body_size, spec.leading
    width = (spec.columns * spec.column_zi + (spec.columns - 1) * spec.gutter_zi) * zi
    lines = spec.lines or int(spec.type_area[1] // lead)
    height = lines * lead
    if spec.margin_inner is None:
        x0 = tuple((spec.trim[0] - width) / 2 for _ in range(spec.pages))
    elif spec.pages == 2:  # the left page's spine is on its right
        x0 = (spec.trim[0] - spec.margin_inner - width, spec.margin_inner)
    else:
        x0 = (spec.margin_inner,)
    y0 = spec.margin_top if spec.margin_top is not None else (spec.trim[1] - height) / 2
    grid = Grid(trim_w=spec.trim[0], trim_h=spec.trim[1], pages=spec.pages, zi=zi, leading=lead,
                columns=spec.columns, column_zi=spec.column_zi, gutter_zi=spec.gutter_zi,
                lines=lines, x0=x0, y0=y0)
    if diags is not None:
        _overlaps(grid, spec.blocks, diags)
        for b in spec.blocks:
            _area(grid, b, diags)
            _fold(grid, b, spec.fold_safe, diags)
    return grid


def _overlaps(grid: Grid, blocks: tuple[Block, ...], diags: Diagnostics) -> None:
    """No two blocks share ground, except a picture placed inside a text block to be wrapped."""
    rects = [(b, grid.rect(b.cell)) for b in blocks]
    for j, (b, rb) in enumerate(rects):
        for a, ra in rects[:j]:
            w = min(ra.x1, rb.x1) - max(ra.x, rb.x)
            h = min(ra.y1, rb.y1) - max(ra.y, rb.y)
            if w <= 0.01 or h <= 0.01:
                continue
            if (a.wrap is not None and b.type == "text") or (b.wrap is not None
                                                             and a.type == "text"):
                continue
            if (a.type == "rule" and a.vertical) or (b.type == "rule" and b.vertical):
                continue  # a column rule lives in the gutter
            page = 1 + int(max(ra.x, rb.x) // grid.trim_w)
            diags.error(f"block '{b.id}' overlaps block '{a.id}' ({a.at_src}) on page {page} "
                        f"by {w / grid.zi:.1f}字 × {h / grid.leading:.1f}行", b.at_src)
            break


def _area(grid: Grid, b: Block, diags: Diagnostics) -> None:
    """A block placed in mm must stay inside the type area (a spread's includes the fold)."""
    if b.cell.rect is None:
        return
    r = grid.rect(b.cell)
    p0 = 0 if b.cell.page == -1 else b.cell.page
    p1 = grid.pages - 1 if b.cell.page == -1 else b.cell.page
    x0, x1 = grid.col_x(p0, 1), grid.col_x(p1, grid.columns) + grid.column_w
    y0, y1 = grid.y0, grid.y0 + grid.height
    if r.x < x0 - 0.01 or r.x1 > x1 + 0.01 or r.y < y0 - 0.01 or r.y1 > y1 + 0.01:
        diags.error(f"block '{b.id}' leaves the type area ({(x1 - x0) / MM:.1f}×"
                    f"{(y1 - y0) / MM:.1f}mm at {(x0 - p0 * grid.trim_w) / MM:.1f}, "
                    f"{y0 / MM:.1f}mm)", b.at_src)


def _fold(grid: Grid, b: Block, safe: float, diags: Diagnostics) -> None:
    """Body text keeps out of the fold-safe zone; headlines, tints, rules and photos may cross."""
    if b.type != "text" or grid.pages < 2:
        return
    r = grid.rect(b.cell)
    fold = grid.trim_w
    if r.x < fold + safe and r.x1 > fold - safe:
        diags.error(f"block '{b.id}': body text would enter the {safe / MM:g}mm fold-safe zone "
                    "(set page.fold_safe, or keep text blocks on one page)", b.at_src)
