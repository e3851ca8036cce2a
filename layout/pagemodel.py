"""The page model: what the place stage produces and the only thing exporters read.

As Typst's `Frame` is for typst-pdf, typst-svg and typst-render, a `PageModel` is an ordered,
frozen list of positioned items (glyph runs, vertical runs, paths, pictures, chart groups), each
tagged with the block it comes from and its role in that block. The list is in paint order. An
exporter (PDF, SVG, the text dump) walks it and needs nothing from the spec, the grid stage, the
composer or the placer.

Coordinates are points from the top-left corner of the first page's trim, y pointing down (see
`layout.geometry`), except inside a `Group`, whose items are in the group's own frame: origin at
its lower-left corner, y up, as a chart was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from .geometry import Grid, Rect

CMYK = tuple[float, float, float, float]  # percent


@dataclass(frozen=True, slots=True)
class Mark:
    """A 破折号 or 省略号 run drawn with ink of its own, so it prints the same in every face:
    `——` as one continuous rule across its 2 字, `……` as dots centred on the em box (a face
    may draw its dash short and low, or its ellipsis on the baseline). It rides on the run's
    first glyph; the run's glyphs keep their characters, so copying, searching and text
    extraction find the real text, but they are not painted."""

    shape: str  # "rule" | "dots"
    count: int  # glyphs of the run, this one first
    x0: float  # pt, the run's left edge from this glyph's origin
    width: float  # pt, the run's width
    y: float  # pt above the baseline: the centre line of the rule or the dots
    weight: float  # pt: the rule's thickness or a dot's diameter
    dots: int = 0  # dots, evenly spaced across the width (3 a character)

    def boxes(self, x: float, baseline: float) -> list[tuple[float, float, float]]:
        """Dots as (centre x, centre y, radius) in page coordinates (y down) for a glyph at
        `x` on `baseline`: every exporter draws the same dots."""
        step = self.width / self.dots if self.dots else 0.0
        return [(x + self.x0 + (k + 0.5) * step, baseline - self.y, self.weight / 2)
                for k in range(self.dots)]


@dataclass(frozen=True, slots=True)
class Glyph:
    ch: str  # one character, or a short number set across a vertical line (纵中横)
    x: float  # pt, glyph origin from the run's origin
    mark: Mark | None = None  # the first glyph of a dash or ellipsis run drawn as ink


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    page: int  # 0-based; -1: drawn on every page of the spread (it crosses the fold)
    block: str  # the spec block it comes from; "" for page furniture (报眉, staff line)
    role: str  # body, heading, caption, headline, kicker, subtitle, box, rule, photo, …


@dataclass(frozen=True, slots=True, kw_only=True)
class GlyphRun(Item):
    """A horizontal line of text: each glyph at the x the composer chose."""

    font: str  # spec font name
    size: float
    color: CMYK
    x: float  # run origin
    y: float  # baseline
    glyphs: tuple[Glyph, ...]
    width: float = 0.0  # from the origin to the right edge of the last glyph's box
    para: int = -1  # a story's paragraph (or subhead) this line belongs to; -1: none
    # a run set apart inside its paragraph: strong (a run-in in the heading face, 记者：),
    # em (着重号: its dots are a Path of role emphasis), "strong em"; "" for the rest
    span: str = ""
    cell: tuple[int, int] | None = None  # a table's cell: row (0 = the header), column

    @property
    def text(self) -> str:
        return "".join(g.ch for g in self.glyphs)

    @property
    def painted(self) -> tuple[bool, ...]:
        """Per glyph: painted with its font, or not (a run its mark draws; the text stays)."""
        out, hidden = [], 0
        for g in self.glyphs:
            if g.mark is not None:
                hidden = g.mark.count
            out.append(hidden <= 0)
            hidden -= 1
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Cell:
    ch: str  # a character, a vertical form, or a number set across (纵中横)
    y: float  # baseline of this cell


@dataclass(frozen=True, slots=True, kw_only=True)
class VerticalRun(Item):
    """A vertical (竖排) line: upright cells one 字 apart, top to bottom."""

    font: str
    size: float
    color: CMYK
    x: float  # left edge of the column the cells stand in
    cells: tuple[Cell, ...]
    source: str = ""  # the text as written (【解放区赋】), for copying and reading aloud

    @property
    def text(self) -> str:
        return "".join(c.ch for c in self.cells)


@dataclass(frozen=True, slots=True, kw_only=True)
class Text(Item):
    """A string at its font's own advances (chart labels, proof notes), optionally rotated."""

    font: str
    size: float
    color: CMYK
    x: float
    y: float
    text: str
    angle: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Box(Item):
    """A rectangle: a tint, a frame, or a photo placeholder (crossed)."""

    rect: Rect
    fill: CMYK | None
    stroke: CMYK | None = None
    width: float = 0.0
    cross: bool = False  # a placeholder: the frame's diagonals too


@dataclass(frozen=True, slots=True, kw_only=True)
class Stroke(Item):
    """One straight stroke of a rule."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    color: CMYK
    dash: tuple[float, float] | None = None  # on, off (pt) with round caps


# ("M" | "L", (x, y)) | ("C", (x1, y1, x2, y2, x, y)) | ("Z", ())
Segment = tuple[str, tuple[float, ...]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Path(Item):
    """A filled and/or stroked path (chart shapes)."""

    segments: tuple[Segment, ...]
    fill: CMYK | None
    stroke: CMYK | None
    width: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Picture(Item):
    """A CMYK JPEG placed in `rect`, embedded as it is."""

    rect: Rect
    jpeg: bytes
    pixels: tuple[int, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class Group(Item):
    """Items in their own frame (origin at `rect`'s lower-left corner, y up): a chart."""

    rect: Rect
    items: tuple[Path | Text, ...]


@dataclass(frozen=True, slots=True)
class BlockBox:
    """Where a block landed and whether it fits: the proof overlay, diffs and tools read it."""

    id: str
    page: int
    rect: Rect
    status: str  # fits | copyfit | overflow | placeholder
    detail: str = ""  # what does not fit


@dataclass(frozen=True, slots=True)
class Article:
    """A unit of reading: a story with its title, pictures and charts, a picture or chart
    standing alone, or display type outside any story (the page's headline, a slogan). The
    tagged PDF's structure tree and the e-paper's article regions are made from these."""

    id: str  # its first block, or the block its other blocks name with `article:`
    kind: str  # story | picture | graphic (a chart) | display
    blocks: tuple[str, ...]  # its blocks, in reading order
    title: str = ""  # its headline as a reader names it; "" for a story without one
    kicker: str = ""  # 引题, or a 栏目头's words (亮点聚焦)
    subtitle: str = ""  # 副题
    heading: bool = False  # display type: the page's headline (H1) rather than a line (P)
    alt: tuple[tuple[str, str], ...] = ()  # figure block → its text alternative (caption …)
    # text block → the first block of its thread (a `next` chain), whose paragraphs its
    # lines' `para` counts
    threads: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PageModel:
    grid: Grid
    items: tuple[Item, ...]  # in paint order
    blocks: tuple[BlockBox, ...] = ()
    articles: tuple[Article, ...] = ()  # in reading order

    def of(self, kind: type) -> list:
        """Items of one type, in paint order, including those inside groups."""
        out = []
        for it in self.items:
            if isinstance(it, kind):
                out.append(it)
            if isinstance(it, Group):
                out.extend(x for x in it.items if isinstance(x, kind))
        return out

    @property
    def fonts(self) -> frozenset[str]:
        """Spec font names the pages use."""
        return frozenset(t.font for t in self.of(GlyphRun) + self.of(VerticalRun)
                         + self.of(Text))
