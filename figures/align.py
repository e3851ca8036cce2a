"""A chart's content moved to the top, middle or foot of its frame.

A ring as wide as its block is shorter than the block, and a callout's number is sized by its
width: left where matplotlib drew them, both sat at the frame's foot under an empty band.
The extent is measured, not assumed: shapes by their curves' true extremes, labels by their
(turned) em boxes in the page's font metrics.
"""

from __future__ import annotations

import math

from .labels import text_polygon
from .model import Drawing, Label, Measure, Shape

ALIGN = ("top", "middle", "bottom")


def _cubic_extremes(y0: float, y1: float, y2: float, y3: float) -> list[float]:
    """The y values a cubic Bézier reaches between its ends (where dy/dt = 0)."""
    a = -y0 + 3 * y1 - 3 * y2 + y3
    b = 2 * (y0 - 2 * y1 + y2)
    c = y1 - y0
    ts: list[float] = []
    if abs(a) < 1e-12:
        if abs(b) > 1e-12:
            ts.append(-c / b)
    else:
        disc = b * b - 4 * a * c
        if disc >= 0:
            r = math.sqrt(disc)
            ts += [(-b + r) / (2 * a), (-b - r) / (2 * a)]
    return [(1 - t) ** 3 * y0 + 3 * (1 - t) ** 2 * t * y1 + 3 * (1 - t) * t * t * y2
            + t ** 3 * y3 for t in ts if 0 < t < 1]


def extent(d: Drawing, measure: Measure) -> tuple[float, float] | None:
    """The lowest and highest y any item reaches (pt), None for an empty drawing."""
    ys: list[float] = []
    for it in d.items:
        if isinstance(it, Label):
            ys += [y for _, y in text_polygon(it.x, it.y, it.text, it.size, it.font, it.angle,
                                              measure)]
            continue
        half = it.width / 2 if it.stroke else 0.0
        last = 0.0
        for op, pts in it.segments:
            here = []
            if op == "C":
                here = [*_cubic_extremes(last, pts[1], pts[3], pts[5]), pts[5]]
            elif pts:
                here = [pts[1]]
            ys += [y - half for y in here] + [y + half for y in here]
            if pts:
                last = pts[-1]
    return (min(ys), max(ys)) if ys else None


def aligned(d: Drawing, where: str, measure: Measure) -> Drawing:
    """The drawing with its content moved up or down to `where` in its frame (never out of
    it: content taller than the frame stays where it was drawn)."""
    ext = extent(d, measure)
    if ext is None:
        return d
    lo, hi = ext
    if hi - lo > d.height:
        return d
    dy = {"top": d.height - hi, "bottom": -lo, "middle": (d.height - hi - lo) / 2}[where]
    if abs(dy) < 1e-9:
        return d
    items: list[Shape | Label] = []
    for it in d.items:
        if isinstance(it, Label):
            items.append(Label(it.x, it.y + dy, it.text, it.size, it.font, it.color, it.angle))
        else:
            segs = tuple((op, tuple(v + dy if k % 2 else v for k, v in enumerate(pts)))
                         for op, pts in it.segments)
            items.append(Shape(segs, it.fill, it.stroke, it.width, it.dash))
    return Drawing(d.width, d.height, tuple(items), d.kind, d.facts)
