"""Photo blocks: a picture cropped to its frame (or a placeholder frame that says what it
wants), with its caption under it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, ClassVar

from ..compose.lines import compose_paragraph
from ..compose.photo import Picture, _oriented_size, prepare
from ..compose.run import (
    ComposeCtx,
    Composed,
    TextRun,
    caption_lines,
    compose_caption,
    compose_heading,
)
from ..geometry import Rect
from ..pagemodel import Box, GlyphRun
from ..pagemodel import Picture as PictureItem
from ..place.fit import Fit
from ..place.furniture import caption_under
from ..place.sink import Layer
from ..place.stage import PlaceCtx, Spot
from ..regions import Regions
from ..spec.context import BuildCtx
from ..spec.model import BlockBase, Caption, Paragraph, Photo
from ..spec.schema import Aspect, Bool, Enum, Int, List, Num01, OneLine, Str
from ..spec.sources import inline
from ..spec.sources import photo as photo_file
from ..units import MM
from .base import Kind

PLACEHOLDER_FILL = (0, 0, 0, 12)
PLACEHOLDER_LINE = (0, 0, 0, 45)
PLACEHOLDER_TEXT = (0, 0, 0, 60)


@dataclass(frozen=True, slots=True, kw_only=True)
class PhotoBlock(BlockBase):
    KIND: ClassVar[str] = "photo"
    FRAME_GAP: ClassVar[float | None] = 0.5
    photo: Photo | None  # None: a placeholder frame
    caption: Caption | None = None
    caption_style: str = "caption"  # also the placeholder's size note
    aspect: float | None = None  # width over height the frame takes (lines: auto, arranger)

    @property
    def caption_rows(self) -> int:
        return (self.caption.lines or 0) if self.caption else 0

    def texts(self) -> tuple[tuple[Paragraph, str], ...]:
        return self.heading_texts() + caption_texts(self, self.caption)


def caption_texts(b: BlockBase, caption: Caption | None) -> tuple[tuple[Paragraph, str], ...]:
    """A caption's words, and its pointer and credit, in the caption's style."""
    if caption is None:
        return ()
    out = ((caption.text, caption.style),) if caption.text else ()
    extra = caption.pointer + caption.credit
    if extra:
        out += ((Paragraph(extra, ((0, b.src.line, b.src.col),), b.src.file), caption.style),)
    return out


CAPTION_FIELDS = {
    "caption": OneLine(), "caption_style": Str(), "caption_lines": Int(1, 10),
    "credit": OneLine(doc="photo credit after the caption, e.g. 本报记者 ×× 摄"),
    "pointer": OneLine(doc="a mark before the caption, e.g. ▲ or ◀"),
}
FIELDS = {
    "photo": Str(doc="picture file beside the spec (JPEG, PNG, TIFF …)"),
    "placeholder": Bool(doc="draw a placeholder frame (photos arrive later)"),
    "fit": Enum(("fill", "fit"), doc="fill: crop to the frame (default); fit: letterbox"),
    "focus": List(Num01(), 2, 2, doc="[x, y] in 0–1: the point kept in the crop"),
    "crop": List(Num01(), 4, 4, doc="[x0, y0, x1, y1] in 0–1 of the picture"),
    "aspect": Aspect(doc="the frame's width:height when its height comes from its content "
                         "(default: the picture's own; a placeholder's 4:3)"),
    **CAPTION_FIELDS,
}


def caption_of(raw: dict[str, Any], bp: tuple, ctx: BuildCtx) -> Caption | None:
    ctx.check_style(bp + ("caption_style",), raw.get("caption_style"))
    if not raw.get("caption"):
        return None
    return Caption(inline(raw["caption"], ctx.pos(bp + ("caption",)))[0],
                   raw.get("caption_style") or "caption", raw.get("caption_lines"),
                   raw.get("pointer") or "", raw.get("credit") or "")


def build(raw: dict[str, Any], bp: tuple, common: dict[str, Any], ctx: BuildCtx
          ) -> PhotoBlock | None:
    caption = caption_of(raw, bp, ctx)
    if common["place"] is None:
        return None
    photo = photo_file(raw, bp, ctx.files, ctx.ctx)
    if photo is None and not raw.get("placeholder") and "photo" not in raw:
        ctx.err(bp, "a photo block needs 'photo: FILE' or 'placeholder: true'")
    return PhotoBlock(**common, photo=photo, caption=caption,
                      caption_style=raw.get("caption_style") or "caption",
                      aspect=raw.get("aspect"))


@dataclass(frozen=True, slots=True, kw_only=True)
class PhotoComposed(Composed):
    picture: Picture | None = None
    note: TextRun | None = None  # a placeholder's size and the pixels it wants

    def runs(self) -> tuple[TextRun | None, ...]:
        return (self.heading, self.note, self.caption)


def compose(block: PhotoBlock, regions: Regions, ctx: ComposeCtx) -> PhotoComposed:
    rect, frame = regions.rect, regions.frame
    heading, problem = compose_heading(block, regions, ctx)
    caption = compose_caption(block.caption.text.text, block.caption, rect, ctx) \
        if block.caption else None
    picture = note = None
    out = ctx.spec.output
    if block.photo is None:  # a draft frame says what it wants
        ppi = out.ppi if out else 300
        label = (f"{rect.w / 72 * 25.4:.0f} × {frame.h / 72 * 25.4:.0f} mm · {ppi:g} ppi · "
                 f"{rect.w / 72 * ppi:.0f} × {frame.h / 72 * ppi:.0f} px")
        cs = ctx.style(block.caption_style)
        natural = compose_paragraph(label, ctx.face(cs), 1.0, 1e9, 0.0, justify=False)
        size = max(3.0, min(7.0, rect.w * 0.9 / max(natural[0].width, 1e-6)))
        lines = compose_paragraph(label, ctx.face(cs), size, rect.w, 0.0, justify=False,
                                  align="center")
        note = TextRun(replace(cs, size=size, color=PLACEHOLDER_TEXT), tuple(lines[:1]))
    elif out is not None:
        picture = prepare(block.photo, rect.w, frame.h, out, block.id, ctx.diags)
    return PhotoComposed(block=block, regions=regions, heading=heading, heading_problem=problem,
                         caption=caption, picture=picture, note=note)


def place(c: PhotoComposed, spot: Spot, ctx: PlaceCtx) -> None:
    b, grid, page, r = c.block, ctx.grid, c.block.cell.page, spot.rect
    rows = spot.rows - c.regions.caption_rows
    if c.caption:
        over = caption_under(c.caption, b.caption.lines, spot.line, rows, r.x, page, b.id, grid,
                             ctx.sink)
        if over:
            ctx.fits[b.id + ":caption"] = Fit.caption_over(
                b.id, b.KIND, b.src, len(c.caption.lines), b.caption.lines, len(over),
                sum(len(ln.text) for ln in over), over[0].text)
    pr = Rect(r.x, grid.row_y(spot.line), r.w, rows * grid.leading - grid.leading * b.FRAME_GAP)
    given = (f", {ctx.given[b.id]} lines given to the text above" if b.id in ctx.given
             else "")
    pic = c.picture
    if pic is not None:
        x, y, w, h = pic.placed
        ctx.sink.add(Layer.PICTURE, PictureItem(page=page, block=b.id, role="photo",
                                                rect=Rect(pr.x + x, pr.y + y, w, h),
                                                jpeg=pic.jpeg, pixels=pic.size))
        ctx.fits[b.id] = Fit.fits(b.id, b.KIND, b.src, rows, rows,
                                  photo_note(b.photo.shown, pr, pic) + given)
        return
    ctx.sink.add(Layer.FILL, Box(page=page, block=b.id, role="placeholder", rect=pr,
                                 fill=PLACEHOLDER_FILL, stroke=PLACEHOLDER_LINE, width=0.5,
                                 cross=True))
    if c.note and c.note.lines:  # the frame's size and the pixels it wants
        st = c.note.style
        ctx.sink.add(Layer.TEXT, GlyphRun(page=page, block=b.id, role="placeholder",
                                          font=st.font, size=st.size, color=st.color, x=pr.x,
                                          y=pr.y + pr.h / 2 + st.size * 0.35,
                                          glyphs=c.note.lines[0].glyphs,
                                          width=c.note.lines[0].width))
    out = ctx.spec.output
    need = (round(pr.w / 72 * out.ppi), round(pr.h / 72 * out.ppi)) if out else (0, 0)
    ctx.fits[b.id] = Fit.placeholder(b.id, b.KIND, b.src, rows,
                                     f"placeholder {pr.w / MM:.0f}×{pr.h / MM:.0f} mm, wants "
                                     f"{need[0]}×{need[1]} px" + given)


PLACEHOLDER_ASPECT = 4 / 3


def photo_note(name: str, frame: Rect, pic) -> str:
    """The fit table's line for a photo: the frame, the source pixels it shows and their
    resolution there, then what is embedded (downsampled to output.ppi, never up)."""
    w_in, h_in = pic.placed[2] / 72, pic.placed[3] / 72
    used = (round(pic.ppi * w_in), round(pic.ppi * h_in))
    return (f"{name}: {frame.w / MM:.0f}×{frame.h / MM:.0f} mm shows {used[0]}×{used[1]} px "
            f"of its {pic.source[0]}×{pic.source[1]}, {pic.ppi:.0f} ppi; embedded "
            f"{pic.size[0]}×{pic.size[1]} px CMYK, {pic.size[0] / w_in:.0f} ppi")


def natural_aspect(b: PhotoBlock) -> float:
    """Width over height of the picture as it would be shown whole (after EXIF turning and
    the manual crop); a placeholder's 4:3 unless the spec says."""
    if b.aspect:
        return b.aspect
    px = source_pixels(b)
    return px[0] / px[1] if px and px[1] else PLACEHOLDER_ASPECT


def source_pixels(b: PhotoBlock) -> tuple[float, float] | None:
    """The pixels the picture has to show (after EXIF turning and the manual crop); None for
    a placeholder or a file compose will report as unreadable."""
    if b.photo is None:
        return None
    from PIL import Image

    try:
        with Image.open(b.photo.file) as img:
            (w, h), _ = _oriented_size(img)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None  # compose reports what is wrong with the file
    if b.photo.crop:
        x0, y0, x1, y1 = b.photo.crop
        w, h = w * (x1 - x0), h * (y1 - y0)
    return float(w), float(h)


def with_caption_lines(b, cell, ctx):
    """The block at `cell`, its caption taking the lines its words need at that width unless
    the spec gave `caption_lines`."""
    b = b.settled(cell)
    if b.caption is None or b.caption.lines is not None:
        return b
    n = caption_lines(b.caption.text.text, b.caption, ctx.grid.rect(cell), ctx.spec, ctx.faces,
                      ctx.grid)
    return replace(b, caption=replace(b.caption, lines=n))


def rows(b: PhotoBlock, cell, ctx) -> int:
    """The frame at the picture's own proportions, and the caption under it."""
    import math

    width = ctx.grid.rect(cell).w
    frame = width / natural_aspect(b)
    lines = max(1, math.ceil(frame / ctx.grid.leading + b.FRAME_GAP - 0.25))
    return ((b.heading.lines if b.heading else 0) + lines
            + with_caption_lines(b, cell, ctx).caption_rows)


KIND = Kind("photo", "a picture (or a placeholder frame) with its caption", FIELDS, "caption",
            build, compose, place, rows=rows, settle=with_caption_lines)
