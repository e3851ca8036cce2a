"""place stage: composed blocks → the page model, with a fit result for every block.

Texts are poured first, because copyfit may take lines from a photo below a text, which is then
drawn shorter. Then every block is placed by its kind (layout/kinds/), after the furniture any
block may carry (its box and its label band); the 报眉 comes last."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..compose import Composed, HeaderLine
from ..geometry import Grid, Rect
from ..pagemodel import BlockBox, Box, PageModel
from ..spec import Spec
from .fit import Fit, Status
from .furniture import box_strokes, header, heading
from .sink import Layer, Sink
from .thread import Recompose, Threaded, Wrap


@dataclass(frozen=True, slots=True)
class Spot:
    """Where a block stands once copyfit has moved lines between blocks: its rectangle, its
    first grid line and how many it has."""

    rect: Rect
    line: int
    rows: int


@dataclass
class PlaceCtx:
    spec: Spec
    grid: Grid
    composed: dict[str, Composed]
    recompose: Recompose | None
    wraps: list[Wrap]
    sink: Sink = field(default_factory=Sink)
    fits: dict[str, Fit] = field(default_factory=dict)
    threads: dict[str, Threaded] = field(default_factory=dict)  # by the chain's first block
    given: dict[str, int] = field(default_factory=dict)  # photo → lines given to the text above
    gained: dict[str, int] = field(default_factory=dict)  # text → lines taken from a photo

    def spot(self, c: Composed) -> Spot:
        reg, lead = c.regions, self.grid.leading
        r, line, rows = reg.rect, reg.line, reg.rows
        if c.block.id in self.given:
            k = self.given[c.block.id]
            line, rows = line + k, rows - k
            r = Rect(r.x, r.y + k * lead, r.w, r.h - k * lead)
        elif c.block.id in self.gained:
            k = self.gained[c.block.id]
            rows += k
            r = Rect(r.x, r.y, r.w, r.h + k * lead)
        return Spot(r, line, rows)


def place(spec: Spec, grid: Grid, composed: list[Composed], recompose: Recompose | None = None,
          header_lines: tuple[HeaderLine, ...] = ()) -> tuple[PageModel, tuple[Fit, ...]]:
    from ..kinds import kind_of, wrap_rect

    wraps = [(c.block.cell.page, wrap_rect(c.block, c.regions.rect, spec, grid),
              c.block.wrap * grid.zi) for c in composed if c.block.wrap is not None]
    ctx = PlaceCtx(spec, grid, {c.block.id: c for c in composed}, recompose, wraps)
    for c in composed:  # texts first: they may borrow lines from photos below them
        kind_of(c.block).pour(c, ctx)
    boxes = []
    for c in composed:
        b = c.block
        spot = ctx.spot(c)
        _furniture(c, spot, ctx)
        kind_of(b).place(c, spot, ctx)
        if c.heading_problem and not (b.id in ctx.fits
                                      and ctx.fits[b.id].status == Status.OVERFLOW):
            hp = c.heading_problem
            ctx.fits[b.id] = Fit.overflow(b.id, b.KIND, b.src, str(hp), hp.need, hp.have)
        fit = ctx.fits.get(b.id)
        boxes.append(BlockBox(b.id, b.cell.page, spot.rect, fit.status if fit else "fits",
                              fit.detail if fit and fit.status == Status.OVERFLOW else ""))
    header(spec, grid, header_lines, ctx.sink)
    order = {c.block.id: i for i, c in enumerate(composed)}
    fits = sorted(ctx.fits.values(), key=lambda f: (order.get(f.block, 0), f.part != ""))
    return PageModel(grid, ctx.sink.items(), tuple(boxes)), tuple(fits)


def _furniture(c: Composed, spot: Spot, ctx: PlaceCtx) -> None:
    """What any block may carry: its box (tint and border) and its label band."""
    b = c.block
    page, r = b.cell.page, spot.rect
    drawn = c.box_rect(r)
    if b.box and b.box.fill:
        ctx.sink.add(Layer.FILL, Box(page=page, block=b.id, role="box", rect=drawn,
                                     fill=b.box.fill))
    if b.box and b.box.border:
        ctx.sink.extend(Layer.STROKE, box_strokes(b.box.border, drawn, page, b.id))
    if c.heading:
        band = Rect(r.x + c.regions.inset, ctx.grid.row_y(spot.line),
                    r.w - 2 * c.regions.inset, c.regions.heading_rows * ctx.grid.leading)
        heading(c.heading, b.heading.shape, b.heading.fill, band, page, b.id, ctx.sink)
