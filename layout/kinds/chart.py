"""Chart blocks: a bar, hbar, ring or callout chart drawn from the spec's data (figures/), in
the page's fonts and inks, under an optional label band and over an optional caption."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from figures import Shape
from figures.align import ALIGN

from ..compose.chart import chart_fonts, compose_chart
from ..compose.run import ComposeCtx, Composed, compose_caption, compose_heading
from ..geometry import Rect
from ..pagemodel import Group, Path, Text
from ..place.fit import Fit
from ..place.furniture import caption_under
from ..place.sink import Layer
from ..place.stage import PlaceCtx, Spot
from ..regions import Regions
from ..spec.context import BuildCtx
from ..spec.model import BlockBase, Caption, Chart, Datum, Paragraph
from ..spec.schema import AnyOf, Aspect, Bool, Enum, List, OneLine, Str
from .base import Kind
from .photo import CAPTION_FIELDS, caption_of, caption_texts, with_caption_lines


@dataclass(frozen=True, slots=True, kw_only=True)
class ChartBlock(BlockBase):
    KIND: ClassVar[str] = "chart"
    FRAME_GAP: ClassVar[float | None] = 0.25
    chart: Chart
    caption: Caption | None = None
    aspect: float | None = None  # width over height (lines: auto, the arranger)
    align: str = "top"  # where the chart sits in its frame when it does not fill it

    @property
    def caption_rows(self) -> int:
        return (self.caption.lines or 0) if self.caption else 0

    def texts(self) -> tuple[tuple[Paragraph, str], ...]:
        return self.heading_texts() + caption_texts(self, self.caption)


FIELDS = {
    "chart": Enum(("bar", "hbar", "ring", "callout"), doc="a chart block's kind"),
    "data": AnyOf((Str(), List(Str(), 1)), lambda v: 1 if isinstance(v, list) else 0,
                  doc="the data ids a chart shows"),
    "field": Enum(("value", "change", "share"), doc="which figure of the data the chart shows"),
    "target": Str(doc="a ring's full circle (default 100)"),
    "highlight": Str(doc="the data id whose bar stands out"),
    "growth": Bool(doc="bar charts: print each bar's change (▲5.4%)"),
    "source": OneLine(doc="source note under the chart, e.g. 数据来源：…"),
    "aspect": Aspect(doc="the chart's width:height when its height comes from its content"),
    "align": Enum(ALIGN, doc="where a chart shorter than its block sits (default top)"),
    **CAPTION_FIELDS,
}


def build(raw: dict[str, Any], bp: tuple, common: dict[str, Any], ctx: BuildCtx
          ) -> ChartBlock | None:
    caption = caption_of(raw, bp, ctx)
    if common["place"] is None:
        return None
    chart = _chart(raw, bp, ctx.data, ctx)
    if chart is None:
        return None
    return ChartBlock(**common, chart=chart, caption=caption, aspect=raw.get("aspect"),
                      align=raw.get("align") or "top")


def _chart(b: dict[str, Any], bp: tuple, data: dict[str, Datum], ctx: BuildCtx
           ) -> Chart | None:
    kind = b.get("chart")
    if kind is None:
        ctx.err(bp, "a chart block needs 'chart: bar | hbar | ring | callout'")
        return None
    ids = b.get("data")
    ids = [ids] if isinstance(ids, str) else list(ids or [])
    if not ids:
        ctx.err(bp, "a chart block needs 'data': the ids of the figures it shows")
        return None
    for did in ids:
        if did not in data:
            ctx.err(bp + ("data",), f"no data '{did}' (known: {', '.join(data) or 'none'})")
            return None
    field_ = b.get("field") or ("share" if kind == "ring" else "value")
    for did in ids:
        if field_ != "value" and getattr(data[did], field_) is None:
            ctx.err(bp + ("field",), f"data '{did}' has no {field_}")
            return None
    if kind in ("ring", "callout") and len(ids) != 1:
        ctx.err(bp + ("data",), f"a {kind} shows one figure, not {len(ids)}")
        return None
    if b.get("highlight") and b["highlight"] not in ids:
        ctx.err(bp + ("highlight",), f"'{b['highlight']}' is not among the chart's data")
    if b.get("target") is not None:
        from figures.numbers import decimal

        try:
            if decimal(b["target"]) <= 0:
                raise ValueError(f"a ring's target must be above 0, not {b['target']}")
        except ValueError as e:
            ctx.err(bp + ("target",), str(e))
            return None
    return Chart(kind, tuple(ids), field_, b.get("target") or "100", b.get("highlight"),
                 bool(b.get("growth")), b.get("source") or "", b.get("caption") or "")


@dataclass(frozen=True, slots=True, kw_only=True)
class ChartComposed(Composed):
    drawing: object | None  # figures.Drawing; None after an error was reported
    fonts: tuple[tuple[str, str], ...]  # font role → spec font name


def compose(block: ChartBlock, regions: Regions, ctx: ComposeCtx) -> ChartComposed:
    heading, problem = compose_heading(block, regions, ctx)
    caption = compose_caption(block.caption.text.text, block.caption, regions.rect, ctx) \
        if block.caption else None
    drawing, fonts = compose_chart(block, ctx.spec, ctx.faces, regions.rect.w, regions.frame.h,
                                   ctx.diags)
    return ChartComposed(block=block, regions=regions, heading=heading, heading_problem=problem,
                         caption=caption, drawing=drawing, fonts=tuple(fonts.items()))


def place(c: ChartComposed, spot: Spot, ctx: PlaceCtx) -> None:
    b, grid, page, r = c.block, ctx.grid, c.block.cell.page, spot.rect
    rows = spot.rows - c.regions.caption_rows
    if c.caption:
        over = caption_under(c.caption, b.caption.lines, spot.line, rows, r.x, page, b.id, grid,
                             ctx.sink)
        if over:
            ctx.fits[b.id + ":caption"] = Fit.caption_over(
                b.id, b.KIND, b.src, len(c.caption.lines), b.caption.lines, len(over),
                sum(len(ln.text) for ln in over), over[0].text)
    d = c.drawing
    if d is None:
        return
    inks = dict(ctx.spec.colors)
    fonts = dict(c.fonts)
    kw = {"page": page, "block": b.id, "role": "chart"}
    items = []
    for it in d.items:
        if isinstance(it, Shape):
            items.append(Path(**kw, segments=it.segments,
                              fill=inks[it.fill] if it.fill else None,
                              stroke=inks[it.stroke] if it.stroke else None, width=it.width))
        else:
            items.append(Text(**kw, font=fonts[it.font], size=it.size, color=inks[it.color],
                              x=it.x, y=it.y, text=it.text, angle=it.angle))
    top = spot.line + c.regions.heading_rows
    ctx.sink.add(Layer.CHART, Group(**kw, rect=Rect(r.x, grid.row_y(top), r.w, d.height),
                                    items=tuple(items)))
    ctx.fits[b.id] = Fit.fits(b.id, b.KIND, b.src, rows, rows,
                              f"{b.chart.kind} of {', '.join(b.chart.data)}")


def fonts(block: ChartBlock, spec) -> set[str]:
    return set(chart_fonts(block, spec).values())


FIGURE_MARKS = "0123456789.,-%▲▼"  # what value labels print besides a figure's unit


def glyphs(block: ChartBlock, spec) -> list[tuple[Paragraph, str]]:
    """What the chart prints: each figure's label in the label face, its value, unit and change
    marks in the value face, the source note in the note face; each where it is written."""
    f = chart_fonts(block, spec)
    out = []
    for did in block.chart.data:
        d = spec.data[did]
        at = ((0, d.src.line, d.src.col),)
        out.append((Paragraph(d.label + d.short + "单位：" + d.unit, at, d.src.file),
                    f["label"]))
        out.append((Paragraph(d.unit + FIGURE_MARKS, at, d.src.file), f["value"]))
    if block.chart.source:
        out.append((Paragraph(block.chart.source, ((0, block.src.line, block.src.col),),
                              block.src.file), f["note"]))
    return out


ASPECTS = {"bar": 4 / 3, "ring": 1.0, "callout": 2.0}  # hbar: from its bars


def rows(b: ChartBlock, cell, ctx) -> int:
    import math

    width = ctx.grid.rect(cell).w
    if b.aspect or b.chart.kind in ASPECTS:
        lines = math.ceil(width / (b.aspect or ASPECTS[b.chart.kind]) / ctx.grid.leading
                          + b.FRAME_GAP)
    else:  # horizontal bars: two lines each, and room for the source note
        lines = 2 * len(b.chart.data) + 2
    return ((b.heading.lines if b.heading else 0) + max(2, lines)
            + with_caption_lines(b, cell, ctx).caption_rows)


KIND = Kind("chart", "a bar, hbar, ring or callout chart of the spec's data", FIELDS, "caption",
            build, compose, place, fonts=fonts, glyphs=glyphs, rows=rows,
            settle=with_caption_lines)

