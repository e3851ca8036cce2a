"""Text blocks: body text set on the column measure and poured through the block's columns and
on into the blocks it continues into (`next:`), with copyfit when it does not fit."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from ..compose.headline import compose_display
from ..compose.lines import Line, Metrics, Slots, compose_paragraph, shifted, snap
from ..compose.rich import (
    DIVIDER_STYLE,
    RUNIN_STYLE,
    Divider,
    compose_divider,
    compose_rich,
    hangs,
    is_rich,
    style_of,
)
from ..compose.run import (
    Band,
    ComposeCtx,
    Composed,
    TextRun,
    band_rows,
    compose_heading,
    display_align,
    typesetting,
)
from ..geometry import EM_BOX_TOP, Rect
from ..pagemodel import GlyphRun
from ..place.frames import (
    Frame,
    cut_holes,
    flow,
    least,
    row_room,
    rows_needed,
    slot_widths,
)
from ..place.furniture import LABEL_AIR, display_lines
from ..place.rich import divider_items, line_items
from ..place.sink import Layer
from ..place.stage import PlaceCtx, Spot
from ..place.thread import pour as pour_chain
from ..regions import Regions
from ..spec.context import BuildCtx
from ..spec.markup import strong_runs
from ..spec.model import BlockBase, Cell, Paragraph, Spec, Style
from ..spec.schema import Bool, Int, LengthN, Obj, Str
from ..spec.sources import block_text
from .base import Kind

SUBHEAD_STYLE = "subhead"  # the style a story's `## ` subheads are set in


@dataclass(frozen=True, slots=True, kw_only=True)
class TextBlock(BlockBase):
    KIND: ClassVar[str] = "text"
    paragraphs: tuple[Paragraph, ...] = ()
    columns: int | None = 1  # text columns inside the block; None: one per grid column
    next: str | None = None  # a text block that takes the lines this one cannot hold
    copyfit: tuple[tuple[str, Any], ...] = ()  # (tracking|leading|borrow, bound), in order
    balance: bool = True  # a story's last columns end together

    @property
    def flows_text(self) -> bool:
        return True

    @property
    def text_columns(self) -> int:
        return self.columns or 1

    def settled(self, cell: Cell) -> TextBlock:
        """An arranged story without `columns` takes one text column per grid column."""
        return replace(self, cell=cell, columns=self.columns or cell.span)

    def texts(self) -> tuple[tuple[Paragraph, str], ...]:
        out: list[tuple[Paragraph, str]] = []
        for p in self.paragraphs:
            out.append((p, SUBHEAD_STYLE if p.role == "subhead" else DIVIDER_STYLE
                        if p.role == "divider" else style_of(p, self.style)))
            out.extend((run, RUNIN_STYLE) for run in strong_runs(p))
        return tuple(out) + self.heading_texts()


FIELDS = {
    "text": Str(doc="inline text; paragraphs are separated by a blank line"),
    "file": Str(doc="UTF-8 text file beside the spec; paragraphs separated by blank lines"),
    "columns": Int(1, doc="text columns inside the block (default 1: one measure)"),
    "balance": Bool(doc="end the last columns of a story together (default true)"),
    "next": Str(doc="id of a text block that takes the lines this block cannot hold"),
    "copyfit": Obj({"tracking": LengthN("字", positive=False,
                                        doc="tighten letter-spacing by at most this (≤ 0.1字)"),
                    "leading": LengthN("pt", positive=False,
                                       doc="reduce the leading by at most this (off the grid)"),
                    "borrow": Obj({"block": Str(), "lines": Int(1, 100)},
                                  required=("block", "lines"),
                                  doc="take up to `lines` lines from the photo block directly "
                                      "below")},
                   doc="adjustments tried, in the order written, when the text does not fit"),
}


def build(raw: dict[str, Any], bp: tuple, common: dict[str, Any], ctx: BuildCtx
          ) -> TextBlock | None:
    paras = block_text(raw, bp, ctx.ctx, ctx.files, display=False, kind="text",
                       required=raw["id"] not in ctx.targets and not raw.get("heading"),
                       story=ctx.story)
    columns = raw.get("columns") or (None if common["place"].arranged else 1)
    span = common["place"].span
    if isinstance(span, int) and columns and common["place"].rect is None and columns > span:
        ctx.err(bp + ("columns",), f"{columns} text columns do not fit a "
                f"{span}-column block")
    return TextBlock(**common, paragraphs=paras, columns=columns, next=raw.get("next"),
                     copyfit=_copyfit(raw.get("copyfit"), bp + ("copyfit",), ctx),
                     balance=raw.get("balance", True) is not False)


def _copyfit(raw: dict[str, Any] | None, path: tuple, ctx: BuildCtx
             ) -> tuple[tuple[str, Any], ...]:
    """Copyfit steps in the order the designer wrote them, each within house bounds."""
    if not raw:
        return ()
    size = ctx.body_size
    steps: list[tuple[str, Any]] = []
    for key, v in raw.items():
        if v is None:
            continue
        if key == "tracking":
            amount = abs(v.value) if v.unit == "字" else abs(v.pt(size, size)) / size
            if amount > 0.1:
                ctx.err(path + (key,), f"tracking by {amount:g}字 is beyond the ±0.1字 a "
                        "newspaper allows")
                continue
            steps.append(("tracking", -amount))
        elif key == "leading":
            steps.append(("leading", abs(v.pt(size, size))))
        elif key == "borrow":
            steps.append(("borrow", (v["block"], v["lines"])))
    return tuple(steps)


def refs(b: TextBlock, by_id: dict[str, BlockBase], path: tuple, ctx: BuildCtx) -> None:
    """`next` names a text block of its own, with no text of its own and one source; lines are
    borrowed only from a photo directly below, over the same columns."""
    from .photo import PhotoBlock

    if b.next is not None:
        t = by_id.get(b.next)
        where = path + ("next",)
        if t is None:
            ctx.err(where, f"no block with id '{b.next}'")
        elif not isinstance(t, TextBlock) or t.paragraphs:
            ctx.err(where, f"block '{b.next}' must be a text block without text of its own")
        elif t.id == b.id:
            ctx.err(where, "a block cannot continue into itself")
        else:
            first = next(x for x in by_id.values()
                         if isinstance(x, TextBlock) and x.next == b.next)
            if first is not b:
                ctx.err(where, f"block '{b.next}' already continues '{first.id}'")
    for key, v in b.copyfit:
        if key != "borrow":
            continue
        where = path + ("copyfit", "borrow", "block")
        p = by_id.get(v[0])
        if p is None:
            ctx.err(where, f"no block with id '{v[0]}'")
        elif not isinstance(p, PhotoBlock):
            ctx.err(where, f"'{v[0]}' is a {p.KIND} block; lines can be borrowed only from "
                    "a photo")


def placed(b: TextBlock, by_id: dict[str, BlockBase], diags) -> None:
    """Once placed: text columns that fit the block, and a photo to borrow from directly
    below over the same columns, with lines to spare."""
    if b.cell.rect is None and b.text_columns > b.cell.span:
        diags.error(f"block '{b.id}': {b.columns} text columns do not fit its "
                    f"{b.cell.span} grid columns", b.src)
    for key, v in b.copyfit:
        p = by_id.get(v[0]) if key == "borrow" else None
        if p is None or p.cell is None:
            continue
        if b.cell.rect is not None or p.cell.rect is not None or (
                p.cell.page, p.cell.col, p.cell.span, p.cell.line) != (
                b.cell.page, b.cell.col, b.cell.span, b.cell.line_end + 1):
            diags.error(f"block '{b.id}': photo '{v[0]}' is not directly below it over the "
                        "same columns, so no lines can be borrowed from it", b.src)
        elif v[1] >= p.cell.lines - p.caption_rows:
            diags.error(f"block '{b.id}': photo '{v[0]}' has only {p.cell.lines} lines", b.src)


def rows(b: TextBlock, cell, ctx) -> int:
    """The lines a story needs at this width: its label band, then its columns balanced. A
    block that only continues another takes all the room it is given."""
    if not b.paragraphs:
        return ctx.grid.lines
    from ..regions import text_columns

    cols = text_columns(b, ctx.grid, b.columns or cell.span, cell)
    memo = getattr(ctx, "memo", None)  # the arranger asks for one story at many widths
    key = ("text", b.id, round(cols[0][1], 3))
    items = memo.get(key) if memo is not None else None
    if items is None:
        items = compose_text(b, ctx.spec.styles, ctx.faces, cols[0][1], ctx.grid.leading,
                             zi=ctx.grid.zi)
        if memo is not None:
            memo[key] = items
    widows = ctx.spec.styles[b.style].widows
    head = b.heading.lines if b.heading else 0
    spare = foot_rows(b, head)  # a labelled box's free last line
    body = rows_needed(items, len(cols), widows)
    wraps = ctx.wraps_over(cell)
    if not wraps:
        return head + body + spare
    # a picture set into the text takes some of its lines: the fewest rows that hold the text
    # around it (more rows never hold less, so a binary search finds them)

    def holds(rows: int) -> bool:
        probe = replace(cell, lines=head + rows + spare)
        frames = [Frame(ctx.grid.rect(probe).x + off, w, cell.line + head, rows, cell.page,
                        ctx.grid.baseline(cell.line + head, ctx.spec.styles[b.style].size),
                        ctx.grid.leading) for off, w in cols]
        for f in frames:
            cut_holes(f, wraps, ctx.grid, ctx.spec.styles[b.style].size)
        shaped = compose_text(b, ctx.spec.styles, ctx.faces, cols[0][1], ctx.grid.leading,
                              measures=slot_widths(frames), zi=ctx.grid.zi)
        return flow(shaped, frames, widows) >= len(shaped)

    # a picture takes at most its own height in lines from each column it stands in
    lo = body
    hi = body + len(cols) * sum(math.ceil(r.h / ctx.grid.leading) + 1 for r, _ in wraps)
    if not holds(hi):
        return head + body + spare
    return head + least(lo, hi, holds) + spare


@dataclass(frozen=True, slots=True, kw_only=True)
class TextComposed(Composed):
    body: TextRun  # its lines, with subhead bands among them (body.lines)
    foot: float = 0.0  # pt its box stops short of the block's last grid line
    zi: float | None = None  # the grid's 字, which the text was set against
    jump_lines: tuple[tuple[str, Line], ...] = ()  # 下转/上接 lines it may carry, by text

    def runs(self) -> tuple[TextRun | None, ...]:
        return (self.heading, self.body)

    def box_rect(self, rect: Rect) -> Rect:
        return Rect(rect.x, rect.y, rect.w, rect.h - self.foot)


def foot_rows(b: BlockBase, heading_rows: int) -> int:
    """A boxed text block under a label keeps its last grid line free of text (see `box_foot`):
    1, else 0."""
    boxed = b.box is not None and (b.box.fill is not None or b.box.border is not None)
    return 1 if boxed and heading_rows else 0


def box_foot(grid, heading_rows: int) -> float:
    """How far short of its block's last grid line a labelled box ends, in pt, so the padding
    under its last line equals the air between its label and its first line.

    Every line keeps (leading − 1 字) / 2 above and below it in its grid band; the label's tab
    stands LABEL_AIR of its band above the band's foot. The box's last grid line is kept free
    of text, and the box ends that air below the last line's band: its edge is on the same
    fraction of a grid line in every such box, so boxes side by side end level."""
    return grid.leading - LABEL_AIR * heading_rows * grid.leading



def compose_text(block: TextBlock, styles: dict[str, Style], faces: dict[str, Metrics],
                 measure: float, leading: float, tracking: float | None = None,
                 measures: list[float] | None = None, zi: float | None = None
                 ) -> tuple[Line | Band, ...]:
    """The flowing text of a block on its column measure, subheads as bands of whole lines;
    placement may ask again, tighter (copyfit) or with a measure per line slot (text flowing
    around a picture). `zi` is the grid's 字."""
    style = styles[block.style]
    face = faces[style.font]
    ts = typesetting(style, tracking)
    # Text in a size other than the grid's 字 (a 五号 lead in 小五 columns) is set on whole 字
    # of its own size, placed in the column as the style aligns: never some lines tight and
    # some loose around the rest. Text in the grid's 字 fills the measure the designer gave,
    # whole 字 on the grid, or an inset or a width in mm exactly as written.
    own = zi is not None and abs(style.size - zi) > 1e-6
    whole, off = snap(measure, style.size, style.align) if own else (measure, 0.0)
    slots = ([snap(w, style.size, style.align) if own else (w, 0.0) for w in measures]
             if measures else None)
    out: list[Line | Band] = []
    slot = 0
    hung = hangs(block.paragraphs, face)
    for n, p in enumerate(block.paragraphs):
        if p.role == "subhead":
            band = compose_subhead(p.text, n, styles[SUBHEAD_STYLE], faces, measure, leading)
            out.append(band)
            slot += band.rows
            continue
        if p.role == "divider":
            ds = styles[DIVIDER_STYLE]
            band = compose_divider(p, n, ds, faces[ds.font], measure, leading)
            out.append(band)
            slot += band.rows
            continue
        if is_rich(p):  # a quote, an item, runs set apart (layout/compose/rich.py)
            ps = styles[style_of(p, block.style)]
            lines = compose_rich(p, n, ps, faces[ps.font], measure, zi, hung.get(p.group, 0.0),
                                 tracking, measures, slot)
            out.extend(lines)
            slot += len(lines)
            continue
        at = Slots.of(tuple(w for w, _ in slots), slot) if slots else None
        lines = compose_paragraph(p.text, face, style.size, whole, style.indent, para=n,
                                  justify=style.align == "justify", align=style.align, ts=ts,
                                  measures=at)
        out.extend(shifted(ln, slots[min(slot + k, len(slots) - 1)][1] if slots else off)
                   for k, ln in enumerate(lines))
        slot += len(lines)
    return tuple(out)


def compose_subhead(text: str, para: int, st: Style, faces: dict[str, Metrics], measure: float,
                    leading: float) -> Band:
    d = compose_display([text], faces[st.font], st.size, st.fit, st.leading, measure,
                        40 * leading, display_align(st), typesetting(st), st.size)
    run = TextRun(replace(st, size=d.size), d.lines, d.pitch)
    return Band(run, band_rows(d.size, len(d.lines), d.pitch, leading), para)


def compose(block: TextBlock, regions: Regions, ctx: ComposeCtx) -> TextComposed:
    style = ctx.style(block.style)
    heading, problem = compose_heading(block, regions, ctx)
    body = TextRun(style, compose_text(block, ctx.spec.styles, ctx.faces, regions.measure,
                                       ctx.grid.leading, zi=ctx.grid.zi))
    foot = 0.0
    spare = foot_rows(block, regions.heading_rows)
    if spare and regions.rows - regions.heading_rows > spare:  # the text keeps a line at least
        regions = replace(regions, rows=regions.rows - spare)
        foot = box_foot(ctx.grid, regions.heading_rows)
    jumps = (compose_jumps(ctx.spec, ctx.faces, regions.measure)
             if threaded(block, ctx.spec) else ())
    return TextComposed(block=block, regions=regions, heading=heading, heading_problem=problem,
                        body=body, foot=foot, zi=ctx.grid.zi, jump_lines=jumps)


def threaded(b: BlockBase, spec: Spec) -> bool:
    """A block of a `next:` thread on a spread may carry a jump line."""
    return len(spec.folios) > 1 and (getattr(b, "next", None) is not None or any(
        getattr(x, "next", None) == b.id for x in spec.blocks))


def jump_fonts(b: BlockBase, spec: Spec) -> set[str]:
    return {spec.styles[JUMP_STYLE].font} if threaded(b, spec) else set()


def jump_glyphs(b: BlockBase, spec: Spec) -> list[tuple[Paragraph, str]]:
    """The jump lines it may print, checked in the jump style's font where they are spelled."""
    if not threaded(b, spec):
        return []
    where = dict(spec.story.src)
    out = []
    for a in range(len(spec.folios)):
        for c in range(len(spec.folios)):
            if a == c:
                continue
            for key, text in zip(("jump_to", "jump_from"), jump_texts(spec, a, c), strict=True):
                pos = where.get(key) or b.src
                out.append((Paragraph(text, ((0, pos.line, pos.col),), pos.file),
                            spec.styles[JUMP_STYLE].font))
    return out


JUMP_STYLE = "jump"  # 下转第N版 / 上接第N版


def jump_texts(spec: Spec, leave: int, reach: int) -> tuple[str, str]:
    """The two jump lines where a thread leaves page `leave` for page `reach` (0-based)."""
    st = spec.story
    return (st.jump_to.replace("{folio}", str(spec.folios[reach])),
            st.jump_from.replace("{folio}", str(spec.folios[leave])))


def compose_jumps(spec: Spec, faces: dict[str, Metrics], measure: float
                  ) -> tuple[tuple[str, Line], ...]:
    """Every jump line a block of this spec may carry, set on its measure (a spread has two
    pages, so four at most)."""
    if len(spec.folios) < 2:
        return ()
    js = spec.styles[JUMP_STYLE]
    out = []
    for a in range(len(spec.folios)):
        for b in range(len(spec.folios)):
            if a == b:
                continue
            for text in jump_texts(spec, a, b):
                ls = compose_paragraph(text, faces[js.font], js.size, measure, 0.0,
                                       justify=False, align=js.align, ts=typesetting(js))
                if ls:
                    out.append((text, ls[0]))
    return tuple(out)


def pour(c: TextComposed, ctx: PlaceCtx) -> None:
    """A chain's first block pours the whole chain and sets every line of it on the page."""
    b = c.block
    if any(isinstance(x.block, TextBlock) and x.block.next == b.id
           for x in ctx.composed.values()):
        return  # poured with the block it continues
    chain = [c]
    while (chain[-1].block.next in ctx.composed  # a block with no room on the page ends it
           and len(chain) <= len(ctx.composed)):
        chain.append(ctx.composed[chain[-1].block.next])
    spec = ctx.spec
    t = pour_chain(chain, ctx.grid, ctx.recompose, ctx.wraps,
                   lambda a, b: jump_texts(spec, a, b))
    ctx.fits[b.id] = t.fit
    ctx.threads[b.id] = t
    if t.borrowed:
        text, photo, k = t.borrowed
        ctx.gained[text], ctx.given[photo] = k, k
    st = c.body.style
    for f in t.frames:
        for row, k in enumerate(f.slots):
            room = row_room(f, row)
            if k < 0 or room is None:
                continue
            item = t.lines[k]
            if isinstance(item, Divider):
                top = f.top - EM_BOX_TOP * st.size - (f.pitch - st.size) / 2 + row * f.pitch
                band = Rect(f.x + room[0], top, room[1], item.rows * f.pitch)
                ctx.sink.extend(Layer.FLOW, divider_items(
                    item, band, f.page, f.block, ctx.spec.styles[DIVIDER_STYLE], item.para))
                continue
            if isinstance(item, Band):
                top = f.top - EM_BOX_TOP * st.size - (f.pitch - st.size) / 2 + row * f.pitch
                band = Rect(f.x + room[0], top, room[1], item.rows * f.pitch)
                ctx.sink.extend(Layer.FLOW, (replace(r, para=item.para) for r in display_lines(
                    item.run, band, f.page, f.block, "subhead")))
                continue
            ctx.sink.extend(Layer.FLOW, line_items(
                item, st, ctx.spec.styles, page=f.page, block=f.block, x=f.x + room[0],
                y=f.top + row * f.pitch, pitch=f.pitch))
    js = ctx.spec.styles[JUMP_STYLE]
    for j in t.jumps:
        ln = dict(getattr(ctx.composed.get(j.block), "jump_lines", ())).get(j.text)
        if ln is None:
            continue
        top = j.baseline - EM_BOX_TOP * st.size - (j.pitch - st.size) / 2
        ctx.sink.add(Layer.FLOW, GlyphRun(
            page=j.page, block=j.block, role="jump", font=js.font, size=js.size, color=js.color,
            x=j.x, y=top + (j.pitch - js.size) / 2 + EM_BOX_TOP * js.size, glyphs=ln.glyphs,
            width=ln.width))


def place(c: TextComposed, spot: Spot, ctx: PlaceCtx) -> None:
    """Its lines were set when its chain was poured; its box and label are furniture."""


def recompose(c: TextComposed, tracking: float, measures: list[float] | None,
              faces: dict[str, Metrics], styles: dict[str, Style], leading: float
              ) -> tuple[Line | Band, ...]:
    return compose_text(c.block, styles, faces, c.regions.measure, leading, tracking,
                        measures, c.zi)


KIND = Kind("text", "body text in columns, flowing on through `next`", FIELDS, "body", build,
            compose, place, pour, rows=rows, placed=placed, refs=refs, fonts=jump_fonts,
            glyphs=jump_glyphs)
