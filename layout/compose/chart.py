"""Chart blocks: data from the spec → figures/ (matplotlib, imported only here) → a drawing
in the page's fonts and inks, measured with the page's own font metrics."""

from __future__ import annotations

from ..diag import Diagnostics
from ..spec import BlockBase, Spec
from .lines import Metrics

CHART_FONTS = ("value", "label", "note")


def chart_fonts(block: BlockBase, spec: Spec) -> dict[str, str]:
    """Font roles of a chart: figures in Hei, labels in the block's style, notes in Kai."""
    return {"value": "hei", "label": spec.styles[block.style].font, "note": "kai"}


def compose_chart(block: BlockBase, spec: Spec, faces: dict[str, Metrics], width: float,
                  height: float, diags: Diagnostics):
    """A chart's drawing, remembered by everything it is drawn from."""
    fonts = chart_fonts(block, spec)
    ch = block.chart
    style = spec.styles[block.style]
    key = (ch, getattr(block, "align", "top"), style, tuple(spec.data[d] for d in ch.data),
           tuple(sorted(spec.colors.items())), round(width, 3), round(height, 3),
           tuple(sorted((r, id(faces[f])) for r, f in fonts.items())))
    hit = _DRAWN.get(key)
    if hit is not None:  # a watching process draws an unchanged chart once
        return hit[0], fonts
    drawing, fonts = _draw(block, spec, faces, width, height, diags, fonts)
    if drawing is not None:
        if len(_DRAWN) > 256:
            _DRAWN.clear()
        _DRAWN[key] = (drawing, [faces[f] for f in fonts.values()])  # faces kept: ids stay
    return drawing, fonts


_DRAWN: dict[tuple, tuple[object, list]] = {}


def _draw(block: BlockBase, spec: Spec, faces: dict[str, Metrics], width: float, height: float,
          diags: Diagnostics, fonts: dict[str, str]):
    from figures.charts import Bar, Palette, bar_chart, callout, ring_chart
    from figures.recorder import ChartError

    def measure(text: str, size: float, role: str) -> tuple[float, float, float]:
        face = faces[fonts.get(role, fonts["label"])]
        return (sum(face.advance(ch) for ch in text) * size, size, 0.12 * size)

    ch = block.chart
    data = [spec.data[d] for d in ch.data]
    palette = Palette(dict(spec.colors))
    size = spec.styles[block.style].size
    align = getattr(block, "align", "top")
    try:
        if ch.kind in ("bar", "hbar"):
            bars = [Bar(d.label, getattr(d, ch.field) or d.value,
                        d.change if ch.growth else None, d.short) for d in data]
            unit = data[0].unit if ch.field == "value" else "%"
            hi = ch.data.index(ch.highlight) if ch.highlight else None
            drawing = bar_chart(bars, unit, width, height, palette, measure, highlight=hi,
                                horizontal=ch.kind == "hbar", source=ch.source or None,
                                label_size=size, value_size=size * 1.25, align=align)
        elif ch.kind == "ring":
            d = data[0]
            drawing = ring_chart(getattr(d, ch.field) or d.value, ch.target, "", width,
                                 height, palette, measure,
                                 unit="%" if ch.field != "value" else d.unit,
                                 value_size=size * 2.2, align=align)
        else:
            d = data[0]
            drawing = callout(getattr(d, ch.field) or d.value,
                              d.unit if ch.field == "value" else "%", d.label, width, height,
                              palette, measure, growth=d.change if ch.growth else None,
                              label_size=size, align=align)
    except ChartError as e:
        diags.error(f"block '{block.id}': {e}", block.src)
        return None, fonts
    return drawing, fonts
