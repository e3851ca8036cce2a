"""Bar charts, rings and big-number callouts, drawn by matplotlib into a Recorder.

Layout is explicit (no tight or constrained layout): every position is computed from the frame
size in points, so a chart fills its grid cell exactly and its labels are never clipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Drawing
from .numbers import change, decimal, show
from .recorder import ChartError, Measure, Recorder

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


def bar_chart(bars: list[Bar], unit: str, width: float, height: float, palette: Palette,
              measure: Measure, *, colour: str = "chart", highlight: int | None = None,
              highlight_colour: str = "red", horizontal: bool = False,
              source: str | None = None, label_size: float = 8.0,
              value_size: float = 9.0) -> Drawing:
    """Bars proportional to their values from a zero baseline, with value labels (and growth
    labels) outside the bar ends, category labels at the base, and the unit and source."""
    if not bars:
        raise ChartError("a bar chart needs at least one bar")
    values = [float(decimal(b.value)) for b in bars]
    if min(values) < 0:
        raise ChartError("negative bars are not supported yet; show the change as a label")
    fig = _figure(width, height)
    note = label_size * 1.6 if source else 0.0
    top_room = value_size * (2.6 if any(b.growth for b in bars) else 1.5)
    if horizontal:
        name_w = max(measure(b.label, label_size, "label")[0] for b in bars) + 4
        val_w = max(measure(show(b.value) + unit, value_size, "value")[0] for b in bars) + 4
        ax = fig.add_axes((name_w / width, (note + 2) / height,
                           max(0.1, (width - name_w - val_w) / width),
                           max(0.1, (height - note - 4) / height)))
    else:
        ax = fig.add_axes((0.0, (label_size * 1.8 + note) / height, 1.0,
                           max(0.1, (height - label_size * 1.8 - note - top_room) / height)))
    ax.set_axis_off()
    n = len(bars)
    top = max(values) or 1.0
    colours = [palette.hex(highlight_colour if i == highlight else colour) for i in range(n)]
    pos = list(range(n))
    if horizontal:
        ax.barh(pos, values, height=0.6, color=colours, linewidth=0)
        ax.set_xlim(0, top)
        ax.set_ylim(n - 0.5, -0.5)
    else:
        ax.bar(pos, values, width=0.6, color=colours, linewidth=0)
        ax.set_ylim(0, top)
        ax.set_xlim(-0.5, n - 0.5)
    # the baseline as a thin rule
    base = ax.axvline if horizontal else ax.axhline
    base(0, color=palette.hex("ink"), linewidth=0.5)
    facts = []
    for i, b in enumerate(bars):
        v = values[i]
        text = show(b.value) + unit
        if horizontal:
            ax.text(-0.02 * top, i, b.label, ha="right", va="center", fontsize=label_size,
                    family="label", color=palette.hex("ink"), clip_on=False)
            ax.text(v + 0.02 * top, i, text, ha="left", va="center", fontsize=value_size,
                    family="value", color=palette.hex("ink"), clip_on=False)
        else:
            per_pt = top / (ax.get_position().height * height)  # data units per point
            ax.text(i, -0.03 * top, b.label, ha="center", va="top", fontsize=label_size,
                    family="label", color=palette.hex("ink"), clip_on=False)
            ax.text(i, v + 2 * per_pt, text, ha="center", va="bottom", fontsize=value_size,
                    family="value", color=palette.hex("ink"), clip_on=False)
            if b.growth:
                ax.text(i, v + (3 + value_size * 1.15) * per_pt, change(b.growth),
                        ha="center", va="bottom", fontsize=value_size * 0.85, family="value",
                        color=palette.hex(highlight_colour), clip_on=False)
    if source:
        fig.text(0.0, 1 / height, source, ha="left", va="bottom", fontsize=label_size * 0.85,
                 family="note", color=palette.hex("note"))
    # bar lengths in points, for the checks
    fig_bbox = ax.get_position()
    span = (fig_bbox.width * width) if horizontal else (fig_bbox.height * height)
    for b, v in zip(bars, values, strict=True):
        facts.append((f"bar:{b.label}", float(v / top * span)))
    return _record(fig, width, height, palette, measure, "bar", facts)


def ring_chart(value: str, target: str, caption: str, width: float, height: float,
               palette: Palette, measure: Measure, *, unit: str = "%",
               colour: str = "red", track: str = "track", over: str = "dark-red",
               negative: str = "chart", thickness: float = 0.22, start: float = 90.0,
               clockwise: bool = True, value_size: float = 16.0,
               caption_size: float = 8.0) -> Drawing:
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
    return _record(fig, width, height, palette, measure, "ring", facts)


def callout(value: str, unit: str, label: str, width: float, height: float, palette: Palette,
            measure: Measure, *, growth: str | None = None, colour: str = "red",
            label_size: float = 8.0) -> Drawing:
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
    return _record(fig, width, height, palette, measure, "callout", [("size", size)])


