"""Vertical titles (竖排, R18/R19): upright characters top to bottom, one 字 each, centred in
the block; brackets and marks take their vertical forms and short numbers stand across."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from ..compose import cjk
from ..compose.run import ComposeCtx, Composed, compose_heading
from ..compose.vertical import vertical_glyphs
from ..geometry import EM_BOX_TOP, Rect
from ..pagemodel import Cell, VerticalRun
from ..place.fit import Fit
from ..place.sink import Layer
from ..place.stage import PlaceCtx, Spot
from ..regions import Regions
from ..spec.context import BuildCtx
from ..spec.model import BlockBase, Paragraph, Style
from ..spec.schema import Str
from ..spec.sources import block_text
from .base import Kind


@dataclass(frozen=True, slots=True, kw_only=True)
class VerticalBlock(BlockBase):
    KIND: ClassVar[str] = "vertical"
    paragraphs: tuple[Paragraph, ...] = ()

    def texts(self) -> tuple[tuple[Paragraph, str], ...]:
        return tuple((p, self.style) for p in self.paragraphs) + self.heading_texts()

    def shown(self, ch: str) -> str:
        return ch if ch.isdigit() else cjk.VERTICAL_FORMS.get(ch, ch)


FIELDS = {"text": Str(doc="the title, set top to bottom"),
          "file": Str(doc="UTF-8 text file holding the title")}


def build(raw: dict[str, Any], bp: tuple, common: dict[str, Any], ctx: BuildCtx
          ) -> VerticalBlock | None:
    paras = block_text(raw, bp, ctx.ctx, ctx.files, display=False, required=True,
                       kind="vertical")
    if common["place"] is None:
        return None
    return VerticalBlock(**common, paragraphs=paras)


@dataclass(frozen=True, slots=True, kw_only=True)
class VerticalComposed(Composed):
    style: Style
    cells: tuple[Cell, ...]  # y: offset down from the top of the column
    source: str  # the title as written

    @property
    def text(self) -> str:
        return "\n".join(t for t in ((self.heading.text if self.heading else ""), self.source)
                         if t)


def compose(block: VerticalBlock, regions: Regions, ctx: ComposeCtx) -> VerticalComposed:
    style = ctx.style(block.style)
    text = "".join(p.text for p in block.paragraphs)
    heading, problem = compose_heading(block, regions, ctx)
    return VerticalComposed(block=block, regions=regions, heading=heading,
                            heading_problem=problem, style=style,
                            cells=vertical_glyphs(text, style.size), source=text)


def title_rect(frame: Rect, cells: int, size: float, wraps: bool, around: Rect | None,
               zi: float) -> Rect:
    """Where the title's cells stand in its frame: centred top to bottom; across, centred,
    unless it is set into a text (`wrap`) at an edge of that text's rect, where it stands
    against that edge, so the text beside it keeps one whole side and no strip of paper
    between the title and the column's edge."""
    h = cells * size
    top = frame.y + max(0.0, (frame.h - h) / 2)
    x = frame.x + (frame.w - size) / 2
    if wraps and around is not None:
        if abs(frame.x - around.x) < zi / 2:
            x = frame.x
        elif abs(frame.x1 - around.x1) < zi / 2:
            x = frame.x1 - size
    return Rect(x, top, size, h)


def _around(frame: Rect, page: int, spec, grid) -> Rect | None:
    """The rect of the text block the frame is set into (its centre inside it), if any."""
    cx, cy = frame.x + frame.w / 2, frame.y + frame.h / 2
    for b in spec.blocks:
        if not b.flows_text or b.cell is None or b.cell.page != page or not (
                b.cell.lines or b.cell.rect is not None):
            continue
        r = grid.rect(b.cell)
        if r.x <= cx <= r.x1 and r.y <= cy <= r.y1:
            return r
    return None


def wrap(b: VerticalBlock, frame: Rect, spec, grid, around: Rect | None) -> Rect:
    """Text flows around the title's glyphs, not the frame drawn for it by hand: a frame
    taller or wider than the glyphs would leave lines beside empty paper."""
    size = spec.styles[b.style].size
    n = len(vertical_glyphs("".join(p.text for p in b.paragraphs), size))
    if around is None:
        around = _around(frame, b.cell.page, spec, grid)
    return title_rect(frame, n, size, b.wrap is not None, around, grid.zi)


def place(c: VerticalComposed, spot: Spot, ctx: PlaceCtx) -> None:
    b, st, r = c.block, c.style, spot.rect
    n = len(c.cells)
    box = title_rect(r, n, st.size, b.wrap is not None,
                     _around(r, b.cell.page, ctx.spec, ctx.grid), ctx.grid.zi)
    top, x = box.y, box.x
    cells = tuple(Cell(cell.ch, top + cell.y + EM_BOX_TOP * st.size) for cell in c.cells)
    ctx.sink.add(Layer.TEXT, VerticalRun(page=b.cell.page, block=b.id, role="vertical",
                                         font=st.font, size=st.size, color=st.color, x=x,
                                         cells=cells, source=c.source))
    fit_n = int(r.h // st.size)
    if n > fit_n:
        ctx.fits[b.id] = Fit.overflow(b.id, b.KIND, b.src, f"{n} characters need "
                                      f"{n * st.size / ctx.grid.leading:.1f} lines", n, fit_n,
                                      over_chars=n - fit_n)
    else:
        ctx.fits[b.id] = Fit.fits(b.id, b.KIND, b.src, n, fit_n, chars=n)


def rows(b: VerticalBlock, cell, ctx) -> int:
    import math

    size = ctx.spec.styles[b.style].size
    n = len(vertical_glyphs("".join(p.text for p in b.paragraphs), size))
    return max(1, math.ceil(n * size / ctx.grid.leading - 1e-6))


KIND = Kind("vertical", "a vertical (竖排) title", FIELDS, "vertical", build, compose, place,
            rows=rows, wrap=wrap)
