"""Each block's regions on the grid, computed once: its rectangle and grid lines, the label band
at its head, the caption rows at its foot, the text columns inside its box, and the frame a
photo or chart fills. The composer sets type to these measures and the placer puts it there,
so no stage works the geometry out again."""

from __future__ import annotations

from dataclasses import dataclass

from .geometry import Grid, Rect
from .spec.model import BlockBase, Cell


@dataclass(frozen=True, slots=True)
class Regions:
    rect: Rect  # the whole block
    line: int  # first grid line inside the block
    rows: int  # grid lines inside the block
    inset: float  # pt: the box's inset (0 without a box)
    heading_rows: int  # the label band at the head (0: none)
    caption_rows: int  # the caption at the foot (0: none)
    columns: tuple[tuple[float, float], ...]  # text columns: (x from rect.x, width), pt
    frame: Rect | None  # what a photo or chart fills; None for other kinds

    @property
    def measure(self) -> float:
        return self.columns[0][1]

    @property
    def body_line(self) -> int:
        return self.line + self.heading_rows

    def heading_band(self, grid: Grid) -> Rect:
        return Rect(self.rect.x + self.inset, grid.row_y(self.line),
                    self.rect.w - 2 * self.inset, self.heading_rows * grid.leading)


def text_columns(block: BlockBase, grid: Grid, n: int, cell: Cell | None = None
                 ) -> tuple[tuple[float, float], ...]:
    """Text columns inside a block (at `cell`, by default its own): whole base columns when
    they divide evenly (长栏), else equal widths in whole 字 with the remainder given to the
    gutters (破栏)."""
    cell = cell or block.cell
    zi = grid.zi
    inset = block.box.inset * zi if block.box else 0.0
    total = grid.rect(cell).w
    inner = total - 2 * inset
    if n == 1:
        return ((inset, inner),)
    if cell.rect is None and cell.span % n == 0 and not block.box:
        per = cell.span // n
        w = per * grid.column_w + (per - 1) * grid.gutter_zi * zi
        return tuple((k * per * grid.pitch, w) for k in range(n))
    gut = grid.gutter_zi * zi
    w = int((inner - (n - 1) * gut) / n / zi) * zi
    gut = (inner - n * w) / (n - 1)
    return tuple((inset + k * (w + gut), w) for k in range(n))


def regions(block: BlockBase, grid: Grid) -> Regions:
    rect = grid.rect(block.cell)
    line, rows = grid.lines_in(block.cell)
    heading = block.heading.lines if block.heading else 0
    caption = block.caption_rows
    frame = None
    if block.frame_gap is not None:
        top = line + heading
        frame_rows = rows - caption - heading
        frame = Rect(rect.x, grid.row_y(top), rect.w,
                     frame_rows * grid.leading - grid.leading * block.frame_gap)
    return Regions(rect, line, rows, block.box.inset * grid.zi if block.box else 0.0, heading,
                   caption, text_columns(block, grid, block.text_columns), frame)
