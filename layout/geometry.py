"""The page's geometry in numbers: rectangles and the 字 grid, with no behaviour of any stage.

Coordinates are points from the top-left corner of the first page's trim, y pointing down; on a
spread the second page starts one trim width to the right. The grid stage builds a `Grid`; the
page model carries it so that exporters and tools can draw guides and check a page against its
grid without importing the stages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .spec.model import Cell

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
