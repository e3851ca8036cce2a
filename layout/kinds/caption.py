"""Caption blocks: one caption under two or more photos, spanning them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from ..compose.run import ComposeCtx, Composed, caption_lines, compose_caption
from ..place.fit import Fit, Status
from ..place.furniture import caption_under
from ..place.stage import PlaceCtx, Spot
from ..regions import Regions
from ..spec.context import BuildCtx
from ..spec.model import BlockBase, Caption, Paragraph
from ..spec.schema import List, OneLine, Str
from ..spec.sources import block_text
from .base import Kind
from .photo import PhotoBlock, caption_texts


@dataclass(frozen=True, slots=True, kw_only=True)
class CaptionBlock(BlockBase):
    KIND: ClassVar[str] = "caption"
    paragraphs: tuple[Paragraph, ...] = ()
    photos: tuple[str, ...] = ()  # the photo blocks it stands under
    pointer: str = ""
    credit: str = ""

    @property
    def caption(self) -> Caption:
        return Caption(None, self.style, 0, self.pointer, self.credit)

    def texts(self) -> tuple[tuple[Paragraph, str], ...]:
        return (tuple((p, self.style) for p in self.paragraphs) + self.heading_texts()
                + caption_texts(self, self.caption))


FIELDS = {
    "text": Str(doc="the caption"), "file": Str(doc="UTF-8 text file holding the caption"),
    "photos": List(Str(), 1, doc="the photos it describes"),
    "credit": OneLine(doc="photo credit after the caption, e.g. 本报记者 ×× 摄"),
    "pointer": OneLine(doc="a mark before the caption, e.g. ▲ or ◀"),
}


def build(raw: dict[str, Any], bp: tuple, common: dict[str, Any], ctx: BuildCtx
          ) -> CaptionBlock | None:
    paras = block_text(raw, bp, ctx.ctx, ctx.files, display=False, required=True,
                       kind="caption")
    if common["place"] is None:
        return None
    return CaptionBlock(**common, paragraphs=paras, photos=tuple(raw.get("photos") or ()),
                        pointer=raw.get("pointer") or "", credit=raw.get("credit") or "")


def refs(b: CaptionBlock, by_id: dict[str, BlockBase], path: tuple, ctx: BuildCtx) -> None:
    """A caption block names photos that exist, stands directly below them and spans them."""
    if not b.photos:
        ctx.err(path, "a caption block needs 'photos: [id, …]'")
        return
    for pid in b.photos:
        if not isinstance(by_id.get(pid), PhotoBlock):
            ctx.err(path + ("photos",), f"'{pid}' is not a photo block")


def placed(b: CaptionBlock, by_id: dict[str, BlockBase], diags) -> None:
    """A caption block stands directly below its photos, across their columns."""
    for pid in b.photos:
        p = by_id.get(pid)
        if p is None or p.cell is None or p.cell.rect is not None or b.cell.rect is not None:
            continue
        if (p.cell.line_end + 1 != b.cell.line or p.cell.page != b.cell.page
                or p.cell.col < b.cell.col or p.cell.col_end > b.cell.col_end):
            diags.error(f"caption '{b.id}' is not directly below photo '{pid}' across its "
                        "columns", b.at_src)


def rows(b: CaptionBlock, cell, ctx) -> int:
    """The lines its words take across its photos (clear of the fold under a spread)."""
    return caption_lines("".join(p.text for p in b.paragraphs), b.caption, ctx.grid.rect(cell),
                         ctx.spec, ctx.faces, ctx.grid)


def compose(block: CaptionBlock, regions: Regions, ctx: ComposeCtx) -> Composed:
    text = "".join(p.text for p in block.paragraphs)
    return Composed(block=block, regions=regions,
                    caption=compose_caption(text, block.caption, regions.rect, ctx))


def place(c: Composed, spot: Spot, ctx: PlaceCtx) -> None:
    b = c.block
    over = caption_under(c.caption, spot.rows, spot.line, 0, spot.rect.x, b.cell.page, b.id,
                         ctx.grid, ctx.sink)
    n_chars = sum(len(ln.text) for ln in over)
    fit = Fit(b.id, b.KIND, Status.OVERFLOW if over else Status.FITS, len(c.caption.lines),
              spot.rows, len(over), n_chars, f"for {', '.join(b.photos)}", b.src,
              chars=sum(len(ln.text) for ln in c.caption.lines))
    ctx.fits[b.id] = fit


KIND = Kind("caption", "one caption under several photos", FIELDS, "caption", build, compose,
            place, rows=rows, placed=placed, refs=refs)
