"""Headlines: 引题 (kicker), 主题 (the lines of the text) and 副题 (subtitle), each a display deck
in its own style, standing together, centred on whole grid lines; a `page: spread` headline
crosses the fold."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from ..compose.fold import clear_fold, fold_size, fold_zone, meets
from ..compose.headline import Display, compose_display, words
from ..compose.lines import Line
from ..compose.run import ComposeCtx, Composed, TextRun, compose_heading, display_align, typesetting
from ..geometry import Rect
from ..place.fit import Fit
from ..place.furniture import display_lines
from ..place.sink import Layer
from ..place.stage import PlaceCtx, Spot
from ..regions import Regions
from ..spec.context import BuildCtx
from ..spec.limits import MAX_DISPLAY
from ..spec.model import BlockBase, Paragraph, Style
from ..spec.schema import DisplayLine, Str
from ..spec.sources import block_text, inline
from ..units import pt_text
from .base import Kind

DECK_PAD = 0.3  # a deck stands on whole lines, with this much of its size to spare


@dataclass(frozen=True, slots=True, kw_only=True)
class HeadlineBlock(BlockBase):
    KIND: ClassVar[str] = "headline"
    paragraphs: tuple[Paragraph, ...] = ()  # one display line each
    kicker: Paragraph | None = None  # 引题 above
    subtitle: Paragraph | None = None  # 副题 below
    kicker_style: str = "kicker"
    subtitle_style: str = "subtitle"

    def texts(self) -> tuple[tuple[Paragraph, str], ...]:
        out = tuple((p, self.style) for p in self.paragraphs) + self.heading_texts()
        for para, style in ((self.kicker, self.kicker_style),
                            (self.subtitle, self.subtitle_style)):
            if para is not None:
                out += ((para, style),)
        return out


FIELDS = {
    "text": Str(doc="the headline: each line is a display line"),
    "file": Str(doc="UTF-8 text file: each line is a display line"),
    "kicker": DisplayLine(doc="引题 above the headline"),
    "subtitle": DisplayLine(doc="副题 below it"),
    "kicker_style": Str(), "subtitle_style": Str(),
}


def build(raw: dict[str, Any], bp: tuple, common: dict[str, Any], ctx: BuildCtx
          ) -> HeadlineBlock | None:
    paras = block_text(raw, bp, ctx.ctx, ctx.files, display=True, required=True,
                       kind="headline")
    for p in paras:
        if len(p.text) > MAX_DISPLAY:
            ctx.ctx.diags.error(f"a headline line of {len(p.text):,} characters; a display line "
                                f"holds at most {MAX_DISPLAY}", p.pos(0))
            return None
    decks = {key: inline(raw[key], ctx.pos(bp + (key,)))[0] if raw.get(key) else None
             for key in ("kicker", "subtitle")}
    for key in ("kicker_style", "subtitle_style"):
        if raw.get(key):
            ctx.check_style(bp + (key,), raw[key])
    if common["place"] is None:
        return None
    return HeadlineBlock(**common, paragraphs=paras, kicker=decks["kicker"],
                         subtitle=decks["subtitle"],
                         kicker_style=raw.get("kicker_style") or "kicker",
                         subtitle_style=raw.get("subtitle_style") or "subtitle")


@dataclass(frozen=True, slots=True, kw_only=True)
class HeadlineComposed(Composed):
    body: TextRun
    main_rows: int  # grid lines of the band the main deck is centred in
    kicker: TextRun | None = None
    kicker_rows: int = 0
    subtitle: TextRun | None = None
    subtitle_rows: int = 0
    problem: str | None = None

    def runs(self) -> tuple[TextRun | None, ...]:
        return (self.kicker, self.heading, self.body, self.subtitle)


def compose(block: HeadlineBlock, regions: Regions, ctx: ComposeCtx) -> HeadlineComposed:
    grid = ctx.grid
    rows = regions.rows
    width = regions.rect.w - 2 * regions.inset
    x0 = regions.rect.x + regions.inset
    zone = fold_zone(grid, ctx.spec.fold_safe)

    def clear(lines: tuple[Line, ...], st: Style, size: float) -> tuple[Line, ...]:
        """Each line of a deck that crosses the fold, split around its fold-safe zone."""
        centred = display_align(st) == "center"
        return tuple(clear_fold(ln, x0, (x0, x0 + width), zone, ctx.face(st), size, words,
                                centred) for ln in lines) if zone else lines

    def display(texts: list[str], st: Style, height: float) -> Display:
        """A deck at the largest size its width allows; across the fold, no larger than lets
        the fold fall between words (a `fit` range gives the room to shrink)."""
        d = compose_display(texts, ctx.face(st), st.size, st.fit, st.leading, width, height,
                            display_align(st), typesetting(st), grid.zi)
        if zone is None or st.fit is None:
            return d
        caps = [fold_size(ln.text, x0, (x0, x0 + width), zone, ctx.face(st), typesetting(st))
                for ln in d.lines if meets(ln, x0, zone, ctx.face(st), d.size)]
        cap = min((c for c in caps if c is not None), default=None)
        if cap is None or cap >= d.size or cap < st.fit[0]:
            return d
        return compose_display(texts, ctx.face(st), st.size, (st.fit[0], cap), st.leading,
                               width, height, display_align(st), typesetting(st), grid.zi)

    decks: dict[str, tuple[TextRun, int, str | None]] = {}
    for key, para, sname in (("kicker", block.kicker, block.kicker_style),
                             ("subtitle", block.subtitle, block.subtitle_style)):
        if para is None:
            continue
        ds = ctx.style(sname)
        dd = display([para.text], ds, rows * grid.leading)
        need = ds.size * (1 + DECK_PAD) + (len(dd.lines) - 1) * dd.pitch
        decks[key] = (TextRun(replace(ds, size=dd.size), clear(dd.lines, ds, dd.size),
                              dd.pitch),
                      max(1, math.ceil(need / grid.leading - 1e-6)), dd.misfit)
    style = ctx.style(block.style)
    main_rows = rows - sum(v[1] for v in decks.values())
    d = display([p.text for p in block.paragraphs], style, max(1, main_rows) * grid.leading)
    body = TextRun(replace(style, size=d.size), clear(d.lines, style, d.size),
                   d.pitch)
    problem = _problem(block, rows, main_rows, d, style, decks, ctx)
    if decks:  # the decks stand together: the main deck takes only the lines it needs
        need = (body.style.size * (1 + DECK_PAD) + (len(body.lines) - 1)
                * (body.pitch or body.style.size)) / grid.leading
        main_rows = min(main_rows, max(1, math.ceil(need - 1e-6)))
    kicker, kicker_rows, _ = decks.get("kicker", (None, 0, None))
    subtitle, subtitle_rows, _ = decks.get("subtitle", (None, 0, None))
    heading, hp = compose_heading(block, regions, ctx)
    return HeadlineComposed(block=block, regions=regions, heading=heading, heading_problem=hp,
                            body=body, main_rows=main_rows, kicker=kicker,
                            kicker_rows=kicker_rows, subtitle=subtitle,
                            subtitle_rows=subtitle_rows, problem=problem)


DECK_NAMES = {"kicker": "引题 (kicker)", "subtitle": "副题 (subtitle)"}


def _problem(block: HeadlineBlock, rows: int, main_rows: int, d: Display, style: Style,
             decks: dict, ctx: ComposeCtx) -> str | None:
    """What does not fit, named: the headline (主题) in the lines the decks leave it, a deck
    in the block, or the decks taking every line; with the room it had and the fix."""
    grid = ctx.grid
    now = block.cell.lines or None
    taken = {k: v[1] for k, v in decks.items()}
    note = ""
    if taken:
        note = " after the " + " and ".join(f"{DECK_NAMES[k].split()[0]}'s {n}"
                                            for k, n in taken.items())
    if main_rows < 1:
        least = style.fit[0] if style.fit else style.size
        need = max(1, math.ceil(least * (1 + DECK_PAD) / grid.leading - 1e-6))
        take, leave = ("take", "leave") if len(taken) > 1 else ("takes", "leaves")
        return (f"the {' and '.join(DECK_NAMES[k].split()[0] for k in taken)} {take} all {rows} "
                f"lines of the block and {leave} the headline none; at {pt_text(least)} it needs "
                f"{need}: " + (f"lines: {now + need - main_rows}" if now else
                               f"{need - main_rows} more lines") + " or smaller decks")
    if d.misfit is not None:
        return d.misfit.say("the headline", grid.zi, grid.leading, key="lines", now=now,
                            note=note, style=block.style, fit=style.fit)
    for k, (_, _, misfit) in decks.items():
        if misfit is not None:
            st = ctx.style(block.kicker_style if k == "kicker" else block.subtitle_style)
            return misfit.say(f"the {DECK_NAMES[k]}", grid.zi, grid.leading, key="lines",
                              now=now, style=st.name, fit=st.fit)
    return None


def place(c: HeadlineComposed, spot: Spot, ctx: PlaceCtx) -> None:
    b, grid, lead = c.block, ctx.grid, ctx.grid.leading
    page, r, body = b.cell.page, spot.rect, c.body
    x, w = r.x + c.regions.inset, r.w - 2 * c.regions.inset
    main = c.main_rows
    pad = (spot.rows - c.kicker_rows - main - c.subtitle_rows) // 2
    top = grid.row_y(spot.line + pad)
    out = []
    if c.kicker:
        out += display_lines(c.kicker, Rect(x, top, w, c.kicker_rows * lead), page, b.id,
                             "kicker")
        top += c.kicker_rows * lead
    out += display_lines(body, Rect(x, top, w, max(main, 1) * lead), page, b.id, "headline")
    if c.subtitle:
        out += display_lines(c.subtitle, Rect(x, top + main * lead, w, c.subtitle_rows * lead),
                             page, b.id, "subtitle")
    ctx.sink.extend(Layer.TEXT, out)
    n = len(body.lines)
    if c.problem:
        ctx.fits[b.id] = Fit.overflow(b.id, b.KIND, b.src, c.problem, n, n)
        return
    size = pt_text(body.style.size)
    note = f"{n} lines at {size}" if n > 1 else size
    if c.kicker or c.subtitle:
        note += " with " + " and ".join(x for x, y in (("引题", c.kicker), ("副题", c.subtitle))
                                        if y)
    ctx.fits[b.id] = Fit.fits(b.id, b.KIND, b.src, spot.rows, spot.rows, note,
                              chars=sum(len(ln.text) for ln in body.lines))


def rows(b: HeadlineBlock, cell, ctx) -> int:
    """The decks at the largest size the width allows, each on whole lines, and the label."""
    from ..regions import regions

    tall = replace(cell, lines=ctx.grid.lines)
    c = compose(replace(b, cell=tall), regions(replace(b, cell=tall), ctx.grid),
                _Ctx(ctx.spec, ctx.grid, ctx.faces))
    body = c.body
    need = (body.style.size * (1 + DECK_PAD) + (len(body.lines) - 1)
            * (body.pitch or body.style.size)) / ctx.grid.leading
    return ((b.heading.lines if b.heading else 0) + c.kicker_rows + c.subtitle_rows
            + max(1, math.ceil(need - 1e-6)))


def fits(b: HeadlineBlock, cell, ctx) -> bool:
    """Every deck and the label take their words at this width, at the least size allowed."""
    from ..regions import regions

    tall = replace(b, cell=replace(cell, lines=ctx.grid.lines))
    c = compose(tall, regions(tall, ctx.grid), _Ctx(ctx.spec, ctx.grid, ctx.faces))
    return c.problem is None and c.heading_problem is None


def _Ctx(spec, grid, faces):  # noqa: N802 - a compose context without a diagnostics sink
    from ..diag import Diagnostics

    return ComposeCtx(spec, grid, faces, Diagnostics())


KIND = Kind("headline", "display lines: 引题, 主题 and 副题", FIELDS, "headline", build,
            compose, place, rows=rows, fits=fits)
