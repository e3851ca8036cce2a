"""What a chart is once drawn: paths and texts in points, colours by palette name.

The page's own renderer draws these with the page's fonts and inks; nothing here knows about
PDF, fonts files or the layout engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# the page's font metrics: text, size (pt), font role → width, height, descent (pt); the height
# is the em box from descent to ascent, as matplotlib's renderers report it
Measure = Callable[[str, float, str], tuple[float, float, float]]


class ChartError(ValueError):
    """A chart asks for something the page cannot print as asked."""


# ("M" | "L", (x, y)) | ("C", (x1, y1, x2, y2, x, y)) | ("Z", ())
Segment = tuple[str, tuple[float, ...]]


@dataclass(frozen=True, slots=True)
class Shape:
    segments: tuple[Segment, ...]
    fill: str | None  # palette name
    stroke: str | None
    width: float  # pt
    dash: tuple[float, ...] | None = None


@dataclass(frozen=True, slots=True)
class Label:
    x: float  # baseline origin, pt from the drawing's lower-left corner
    y: float
    text: str
    size: float
    font: str  # a font role the page maps to a face: "label", "value", "note"
    color: str  # palette name
    angle: float = 0.0


@dataclass(frozen=True, slots=True)
class Drawing:
    width: float
    height: float
    items: tuple[Shape | Label, ...]
    kind: str = ""
    facts: tuple[tuple[str, float], ...] = ()  # measurements tests check: ("bar:gdp", height)
