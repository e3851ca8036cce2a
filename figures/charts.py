"""Bar charts, rings and big-number callouts, drawn by matplotlib into a Recorder.

Layout is explicit (no tight or constrained layout): every position is computed from the frame
size in points, so a chart fills its grid cell exactly and its labels are never clipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from .align import aligned
from .labels import BAR, GAP, GROWTH, columns, rows, sizes
from .labels import values as values_over
from .model import ChartError, Drawing, Measure
from .numbers import change, decimal, show
from .recorder import Recorder

FONTS = {"label": "label", "value": "value", "note": "note"}  # matplotlib family → font role


@dataclass(frozen=True)
class Palette:
    """Named CMYK inks; each gets a distinct stand-in RGB so drawn colours map back exactly."""

    cmyk: dict[str, tuple[float, float, float, float]]

    def rgb(self) -> dict[str, tuple[int, int, int]]:
        out: dict[str, tuple[int, int, int]] = {}
        taken: set[tuple[int, int, int]] = set()
        for name, (c, m, y, k) in sorted(self.cmyk.items()):
            rgb = tuple(round(255 * (1 - v / 100) * (1 - k / 100)) for v in (c, m, y))
            while rgb in taken:  # two inks with the same preview: nudge one
                rgb = (rgb[0], rgb[1], (rgb[2] + 1) % 256)
            taken.add(rgb)
            out[name] = rgb
        return out

    def hex(self, name: str) -> str:
        if name not in self.cmyk:
            raise ChartError(f"colour '{name}' is not in the palette")
        r, g, b = self.rgb()[name]
        return f"#{r:02x}{g:02x}{b:02x}"


def _figure(width: float, height: float):
    import logging

    from matplotlib.figure import Figure

    # the page's fonts are not matplotlib's: the recorder measures and draws all text itself
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    fig = Figure(figsize=(width / 72, height / 72), dpi=72)
    fig.patch.set_alpha(0)  # no background: the chart must not knock out a tint behind it
    return fig


def _record(fig, width, height, palette: Palette, measure: Measure, kind, facts) -> Drawing:
    rec = Recorder(width, height, {v: k for k, v in palette.rgb().items()}, measure, FONTS)
    fig.draw(rec)
    return rec.drawing(kind, facts)


@dataclass(frozen=True)
class Bar:
    label: str
    value: str  # decimal string
    growth: str | None = None  # % change, shown as ▲5.4%
    short: str = ""  # 简称, printed when the label does not fit


def _text(fig, x: float, y: float, text: str, size: float, family: str, colour: str,
          angle: float = 0.0) -> None:
    """A label whose baseline starts at (x, y) pt: the labels are planned in points
    (figures.labels), so matplotlib only records them where they were planned."""
    from matplotlib.transforms import IdentityTransform

    fig.text(x, y, text, transform=IdentityTransform(), ha="left", va="baseline",
             rotation=angle, rotation_mode="anchor", fontsize=size, family=family,
             color=colour, clip_on=False)


def bar_chart(bars: list[Bar], unit: str, width: float, height: float, palette: Palette,
              measure: Measure, *, colour: str = "chart", highlight: int | None = None,
              highlight_colour: str = "red", horizontal: bool = False,
              source: str | None = None, label_size: float = 8.0,
              value_size: float = 9.0, align: str = "top") -> Drawing:
    """Bars proportional to their values from a zero baseline, with value labels (and growth
    labels) outside the bar ends, category labels at the base, and the unit and source. No
    two labels come closer than ¼ em (figures.labels decides how: wrapped, 简称, rotated,
    shrunk or staggered), or the chart is an error that says so."""
    if not bars:
        raise ChartError("a bar chart needs at least one bar")
    values = [float(decimal(b.value)) for b in bars]
    if min(values) < 0:
        raise ChartError("negative bars are not supported yet; show the change as a label")
    fig = _figure(width, height)
    top = max(values) or 1.0
    rel = [v / top for v in values]
    note = label_size * 1.6 if source else 0.0
    colours = [palette.hex(highlight_colour if i == highlight else colour)
               for i in range(len(bars))]
    texts = [show(b.value) + unit for b in bars]
    labels, shorts = [b.label for b in bars], [b.short for b in bars]
    ink = palette.hex("ink")
    if horizontal:
        facts = _hbars(fig, bars, rel, texts, labels, shorts, width, height, note, colours,
                       ink, measure, label_size, value_size)
    else:
        cats = columns(labels, shorts, width, height - note, label_size, "label", measure)
        base = note + cats.band
        unit_line = label_size * 1.4
        vals = values_over([show(b.value) for b in bars], unit,
                           [change(b.growth) if b.growth else None for b in bars], rel,
                           cats.left, width, height - base, value_size,
                           min(label_size, value_size), "value", measure, unit_line)
        if vals.unit_once:
            text = "单位：" + unit
            _text(fig, width - measure(text, label_size, "label")[0],
                  height - measure(text, label_size, "label")[1]
                  + measure(text, label_size, "label")[2], text, label_size, "label", ink)
        ax = fig.add_axes((cats.left / width, base / height, (width - cats.left) / width,
                           vals.plot / height))
        ax.set_axis_off()
        ax.bar(range(len(bars)), values, width=BAR, color=colours, linewidth=0)
        ax.set_ylim(0, top)
        ax.set_xlim(-0.5, len(bars) - 0.5)
        ax.axhline(0, color=ink, linewidth=0.5)
        grow = palette.hex(highlight_colour)
        for names, nums in zip(cats.lines, vals.lines, strict=True):  # bar by bar: the text
            for ln in names:  # reads 地区生产总值 34.8亿元 ▲5.4% when extracted
                _text(fig, ln.x, base + ln.y, ln.text, label_size, "label", ink, ln.angle)
            for k, ln in enumerate(nums):
                _text(fig, ln.x, base + ln.y, ln.text, vals.size * (GROWTH if k else 1.0),
                      "value", grow if k else ink)
        facts = [(f"bar:{b.label}", float(r * vals.plot)) for b, r in zip(bars, rel,
                                                                         strict=True)]
        facts += [(f"categories:{cats.how}", 1.0), ("value-size", vals.size),
                  ("value-levels", float(vals.levels)), ("unit-once", float(vals.unit_once))]
    if source:
        fig.text(0.0, 1 / height, source, ha="left", va="bottom", fontsize=label_size * 0.85,
                 family="note", color=palette.hex("note"))
    return aligned(_record(fig, width, height, palette, measure, "bar", facts), align, measure)


def _hbars(fig, bars, rel, texts, labels, shorts, width, height, note, colours, ink, measure,
           label_size, value_size) -> list[tuple[str, float]]:
    """Horizontal bars, top to bottom: the category labels right-aligned left of the axis,
    each value past its bar's end, one row per bar."""
    n = len(bars)
    foot, head = note + 2, 2.0
    pitch = (height - foot - head) / n
    cats = rows(labels, shorts, width, pitch, label_size, "label", measure)
    for vs in sizes(value_size, min(label_size, value_size)):
        _, h, d = measure("0", vs, "value")
        if h + GAP * vs <= pitch:
            break
    else:
        raise ChartError(f"the value labels do not fit rows {pitch:.1f}pt high even at "
                         f"{vs:g}pt: heighten the block or show fewer bars")
    after = 0.3 * vs
    val_w = max(measure(t, vs, "value")[0] for t in texts) + after
    span = width - cats.band - val_w
    if span < 0.25 * width:
        raise ChartError(f"the labels leave the bars {max(span, 0):.0f}pt of {width:.0f}pt: "
                         "widen the block or give the data a shorter `short`")
    ax = fig.add_axes((cats.band / width, foot / height, span / width, n * pitch / height))
    ax.set_axis_off()
    ax.barh(range(n), [float(decimal(b.value)) for b in bars], height=BAR, color=colours,
            linewidth=0)
    ax.set_xlim(0, max(float(decimal(b.value)) for b in bars) or 1.0)
    ax.set_ylim(n - 0.5, -0.5)
    ax.axvline(0, color=ink, linewidth=0.5)
    for i, (lines, t, r) in enumerate(zip(cats.lines, texts, rel, strict=True)):
        cy = foot + (n - i - 0.5) * pitch
        for ln in lines:
            _text(fig, cats.band + ln.x, cy + ln.y, ln.text, label_size, "label", ink)
        _text(fig, cats.band + r * span + after, cy - h / 2 + d, t, vs, "value", ink)
    return [(f"bar:{b.label}", float(r * span)) for b, r in zip(bars, rel, strict=True)] + [
        (f"categories:{cats.how}", 1.0), ("value-size", vs), ("value-levels", 1.0)]


def ring_chart(value: str, target: str, caption: str, width: float, height: float,
               palette: Palette, measure: Measure, *, unit: str = "%",
               colour: str = "red", track: str = "track", over: str = "dark-red",
               negative: str = "chart", thickness: float = 0.22, start: float = 90.0,
               clockwise: bool = True, value_size: float = 16.0,
               caption_size: float = 8.0, align: str = "top") -> Drawing:
    """One value against its target: the arc sweeps value/target of the circle from `start`
    (degrees, 90 = top). Above the target a second lap is drawn darker; below zero the arc
    runs the other way in another ink, so neither can pass unnoticed."""
    from matplotlib.patches import Wedge

    v, t = float(decimal(value)), float(decimal(target))
    if t <= 0:
        raise ChartError("a ring's target must be above zero")
    frac = v / t
    fig = _figure(width, height)
    cap_h = caption_size * 1.6 if caption else 0.0
    d = min(width, height - cap_h)
    ax = fig.add_axes(((width - d) / 2 / width, cap_h / height, d / width, d / height))
    ax.set_axis_off()
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1, 1)
    ax.set_aspect("equal")
    ax.add_patch(Wedge((0, 0), 1, 0, 360, width=thickness, color=palette.hex(track), lw=0))

    def arc(sweep: float, ink: str, direction: int) -> None:
        if abs(sweep) < 1e-9:
            return
        a, b = (start - sweep, start) if direction > 0 else (start, start + sweep)
        ax.add_patch(Wedge((0, 0), 1, a, b, width=thickness, color=palette.hex(ink), lw=0))

    way = 1 if clockwise else -1
    if frac >= 0:
        arc(min(frac, 1.0) * 360, colour, way)
        if frac > 1:
            arc(min(frac - 1, 1.0) * 360 * 0.999, over, way)
    else:
        arc(min(-frac, 1.0) * 360, negative, -way)
    label = show(value) + unit
    size = min(value_size, (2 - 2 * thickness) * d / 2 * 0.8 / max(
        measure(label, 1.0, "value")[0], 1e-6))
    ax.text(0, 0, label, ha="center", va="center", fontsize=size, family="value",
            color=palette.hex(colour if frac >= 0 else negative))
    if caption:
        fig.text(0.5, 1 / height, caption, ha="center", va="bottom", fontsize=caption_size,
                 family="label", color=palette.hex("ink"))
    facts = [("sweep", float(frac * 360)), ("diameter", float(d))]
    return aligned(_record(fig, width, height, palette, measure, "ring", facts), align, measure)


def callout(value: str, unit: str, label: str, width: float, height: float, palette: Palette,
            measure: Measure, *, growth: str | None = None, colour: str = "red",
            label_size: float = 8.0, align: str = "top") -> Drawing:
    """A big number with its unit, the change under it with ▲/▼, and what it counts."""
    fig = _figure(width, height)
    lines = 1 + (1 if growth else 0)
    label_h = label_size * 1.6 if label else 0
    num_h = (height - label_h) / (1.0 + 0.45 * (lines - 1))
    num = show(value)
    unit_ratio = 0.4
    w_em = measure(num, 1.0, "value")[0] + unit_ratio * measure(unit, 1.0, "label")[0]
    size = min(num_h * 0.8, width * 0.95 / max(w_em, 1e-6))
    total = measure(num, size, "value")[0] + measure(unit, size * unit_ratio, "label")[0]
    x0 = (width - total) / 2
    y_num = label_h + (lines - 1) * size * 0.45 + size * 0.12
    fig.text(x0 / width, y_num / height, num, ha="left", va="baseline", fontsize=size,
             family="value", color=palette.hex(colour))
    fig.text((x0 + measure(num, size, "value")[0] + 1) / width, y_num / height, unit,
             ha="left", va="baseline", fontsize=size * unit_ratio, family="label",
             color=palette.hex(colour))
    if growth:
        fig.text(0.5, (label_h + size * 0.05) / height, "同比" + change(growth), ha="center",
                 va="bottom", fontsize=size * 0.32, family="value",
                 color=palette.hex("ink"))
    if label:
        fig.text(0.5, 1 / height, label, ha="center", va="bottom", fontsize=label_size,
                 family="label", color=palette.hex("ink"))
    drawing = _record(fig, width, height, palette, measure, "callout", [("size", size)])
    return aligned(drawing, align, measure)


