"""The validated spec: what every later stage reads. Frozen, with a source position on each part."""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ..diag import Pos
from .placement import Placement

CMYK = tuple[float, float, float, float]  # percent


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of text and where each of its source lines begins, for per-character errors."""

    text: str
    starts: tuple[tuple[int, int, int], ...]  # (offset in text, file line, file column)
    file: str
    # body | subhead (`## `: 小标题) | quote (`> `: 编者按, 引语) | item (a list item, or a
    # paragraph opening with a Chinese ordinal: 一、 （一）) | divider (`---`: 分隔线)
    role: str = "body"
    # runs of the text set apart: (start, end, "strong" | "em"), offsets into `text`;
    # strong: a run-in in the heading face (记者：), em: 着重号, a dot under each Han character
    spans: tuple[tuple[int, int, str], ...] = ()
    marker: int = 0  # an item: its first `marker` characters are its number or bullet
    group: int = 0  # an item: the list it belongs to (1, 2 … in the block); its items hang alike

    def pos(self, i: int) -> Pos:
        off, line, col = self.starts[0]
        for s in self.starts:
            if s[0] <= i:
                off, line, col = s
        return Pos(self.file, line, col + (i - off))


@dataclass(frozen=True, slots=True)
class FontRef:
    name: str
    role: str | None  # a default face fetched by banmian (song, hei, …)
    file: Path | None  # or a TrueType file the user supplies
    index: int
    src: Pos


@dataclass(frozen=True, slots=True)
class Style:
    name: str
    font: str
    size: float  # pt
    leading: float | None  # pt between baselines inside the block; None: the body grid
    indent: float  # first-line indent in 字 of this style
    align: str  # justify | left | center | right
    color: CMYK
    background: CMYK | None
    tracking: float  # em added between characters (display type only)
    punct: str = "quanjiao"  # quanjiao | kaiming | banjiao | hangmobanjiao
    autospace: float = 0.25  # em between Han and Latin/digits (R10)
    widows: bool = False  # R16: no paragraph's last line alone atop a column
    normalize: bool = True  # R11: full-width digits and letters set half-width
    fit: tuple[float, float] | None = None  # display: size range that fills the width
    src: Pos = field(default_factory=lambda: Pos("", 1, 1))


@dataclass(frozen=True, slots=True)
class Cell:
    """A block's place in grid units: page (0-based; -1 = the whole spread), columns, lines."""

    page: int
    col: int  # 1-based; on the spread, 1 … 2 × columns
    span: int
    line: int  # 1-based baseline-grid line
    lines: int
    rect: tuple[float, float, float, float] | None = None  # x, y, w, h in pt from the trim's
    # top-left corner of its page (of the spread's left page for page -1); then the grid
    # works out col/line themselves

    @property
    def col_end(self) -> int:
        return self.col + self.span - 1

    @property
    def line_end(self) -> int:
        return self.line + self.lines - 1


@dataclass(frozen=True, slots=True)
class Rule:
    style: str  # thin | thick | double | wenwu | dotted (layout/rules.py)
    color: CMYK


@dataclass(frozen=True, slots=True)
class Box:
    fill: CMYK | None
    border: Rule | None
    inset: float  # 字


@dataclass(frozen=True, slots=True)
class Label:
    """A 栏目头 component: defined once, used by name on any block's heading."""

    name: str
    template: str  # "亮点聚焦：{}" — the block's heading goes where {} stands
    style: str
    shape: str  # bar (reversed on a colour bar) | tab (colour tab + rule) | ornament
    fill: CMYK
    lines: int


@dataclass(frozen=True, slots=True)
class Header:
    """报眉: paper name at the outer edge, date and 版次 at the inner, section centred, above
    a rule; the staff line under the type area. Mirrored by page parity."""

    style: str
    outer: str
    inner: str
    center: str
    staff: str
    rule: Rule | None
    suppress: tuple[int, ...]  # folios that carry a 报头 instead
    staff_folios: tuple[int, ...] | None = None  # folios with the staff line; None: all
    src: tuple[tuple[str, Pos], ...] = ()  # where each part (outer, inner, …) is written
    foot_rule: Rule | None = None  # 版脚线: a rule under the type area, over the staff line


@dataclass(frozen=True, slots=True)
class Heading:
    """A label line above a block's content (栏目头): its text, and how it is dressed, resolved
    from a `labels:` component or from the block's own heading style."""

    text: Paragraph  # the block's heading, as written
    style: str
    lines: int  # grid lines the label band takes
    shape: str = "bar"  # bar | tab | ornament
    fill: CMYK | None = None
    template: str = "{}"  # a component's words around the heading: "亮点聚焦：{}"
    template_src: Pos | None = None  # where the component's style is defined

    @property
    def full(self) -> str:
        return self.template.format(self.text.text) if self.template != "{}" else self.text.text


@dataclass(frozen=True, slots=True)
class Caption:
    """Words under a photo or chart, with an optional pointer (▲) and credit (本报记者 ×× 摄)."""

    text: Paragraph | None  # None: a caption block's own paragraphs
    style: str
    lines: int | None  # grid lines it takes; None: as many as its words need (set on placing)
    pointer: str = ""
    credit: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class BlockBase:
    """What every block has: a place, a style and its source; each kind (layout/kinds/) adds its
    own fields. A block may carry a label band (`heading`), a box, and a wrap gap (placed
    inside a text block, whose text flows around it)."""

    KIND: ClassVar[str] = ""
    FRAME_GAP: ClassVar[float | None] = None  # 行 left under a photo or chart frame
    id: str
    place: Placement  # where the spec says it goes
    cell: Cell | None  # where it goes: set by the arrange stage (layout/arrange.py)
    style: str
    src: Pos
    at_src: Pos
    box: Box | None = None
    heading: Heading | None = None
    wrap: float | None = None  # 字 of gap
    priority: int | None = None  # for the arranger: 1 = 头条, higher and wider
    min_lines: int | None = None  # for the arranger and `lines: auto`: never shorter
    span_range: tuple[int, int] | None = None  # for the arranger: the spans it may take
    article: str | None = None  # the story it belongs to (e-paper, tagged PDF); None: its own

    @property
    def flows_text(self) -> bool:
        """Body text that flows through frames (fold-safe zone, R11, the figures check)."""
        return False

    @property
    def frame_gap(self) -> float | None:
        """Grid lines' worth of space under the frame a photo or chart fills; None: no frame."""
        return self.FRAME_GAP

    @property
    def caption_rows(self) -> int:
        """Grid lines a caption takes at the block's foot."""
        return 0

    @property
    def text_columns(self) -> int:
        """Text columns inside the block (a story's `columns`)."""
        return 1

    @property
    def in_gutter(self) -> bool:
        """Lives in a gutter, so it shares ground with the columns beside it."""
        return False

    def texts(self) -> tuple[tuple[Paragraph, str], ...]:
        """Every text the block prints with the style it is set in (for glyph checks)."""
        return self.heading_texts()

    def heading_texts(self) -> tuple[tuple[Paragraph, str], ...]:
        return ((self.heading.text, self.heading.style),) if self.heading else ()

    def shown(self, ch: str) -> str:
        """The character the page prints for `ch` (a vertical block prints vertical forms)."""
        return ch

    def settled(self, cell: Cell) -> BlockBase:
        """The block at its place: the arrange stage's last word on it."""
        return dataclasses.replace(self, cell=cell)


@dataclass(frozen=True, slots=True)
class Photo:
    """A picture file placed in a block's frame."""

    file: Path
    shown: str  # the path as the spec wrote it, for messages
    fit: str  # fill (crop to the frame) | fit (letterbox)
    focus: tuple[float, float]  # 0–1: the point that stays in the crop
    crop: tuple[float, float, float, float] | None  # 0–1 of the image: x0, y0, x1, y1
    src: Pos


@dataclass(frozen=True, slots=True)
class Datum:
    """One figure the page prints: the single source for charts and for checking the text."""

    id: str
    label: str  # the words the text uses for it, e.g. 地区生产总值
    value: str  # decimal string as written; "=revenue.share - 50" is derived
    unit: str
    change: str | None  # % change (同比增长)
    share: str | None  # % of a target (占全年任务的)
    share_says: str  # the words before the share, e.g. 占全年任务的
    says: str  # words before the value, for a derived figure (超时间进度)
    src: Pos
    blocks: tuple[str, ...] = ()  # text blocks that speak of it (globs); empty: all
    short: str = ""  # 简称 a chart prints when the label does not fit; the label stays the key


@dataclass(frozen=True, slots=True)
class Chart:
    kind: str  # bar | hbar | ring | callout
    data: tuple[str, ...]  # datum ids
    field: str  # value | change | share
    target: str  # a ring's 100 %
    highlight: str | None
    growth: bool
    source: str
    caption: str


@dataclass(frozen=True, slots=True)
class Output:
    """How the PDF is finished for the printer and the archive."""

    standard: str  # x4+a2b | x4 | a2b | none
    profile: Path  # CMYK output ICC profile: OutputIntent and photo conversion
    condition: str  # OutputConditionIdentifier
    intent: str  # perceptual | relative | saturation | absolute
    bleed: float  # pt
    marks: bool  # crop and registration marks outside the bleed
    ink_limit: float  # % total area coverage
    ppi: float  # photos are downsampled to this at their placed size
    min_ppi: float  # below: a warning; below half: an error
    jpeg_quality: int
    one_ink: bool = True  # type under 9 pt and rules under 1 pt in one solid ink (layout/inks)


@dataclass(frozen=True, slots=True)
class Meta:
    title: str
    paper: str
    date: _dt.date | None
    edition: str
    section: str = ""
    editor: str = ""
    designer: str = ""
    src: tuple[tuple[str, Pos], ...] = ()  # where each field (paper, section, …) is written


@dataclass(frozen=True, slots=True)
class Story:
    """How stories are dressed: the 分隔线 a `---` line draws, a `- ` item's bullet, and the
    jump lines of a thread that continues on another page ({folio}: the other page's 版)."""

    divider: str = "rule"  # rule (a short thin rule), or the ornament's text (◆　◆　◆)
    bullet: str = "●"
    jump_to: str = "（下转第{folio}版）"
    jump_from: str = "（上接第{folio}版）"
    src: tuple[tuple[str, Pos], ...] = ()  # where each is written


@dataclass(frozen=True, slots=True)
class Spec:
    path: Path
    meta: Meta
    trim: tuple[float, float]  # pt
    type_area: tuple[float, float]  # pt, from the preset or the spec
    spread: bool
    folios: tuple[int, ...]
    body_size: float  # pt: 1 字
    leading: float  # pt: 1 行
    columns: int
    column_zi: int  # 字 per column
    gutter_zi: float  # 字 between columns
    lines: int | None  # grid lines per page; None: as many as the type area holds
    margin_top: float | None  # pt; None: the type area is centred
    margin_inner: float | None  # pt, at the fold (spine); None: centred
    fonts: dict[str, FontRef]
    styles: dict[str, Style]
    blocks: tuple[BlockBase, ...]
    labels: dict[str, Label] = field(default_factory=dict)
    header: Header | None = None
    fold_safe: float = 6 * 72 / 25.4  # pt either side of the fold kept free of body text
    output: Output | None = None
    warnings: tuple = ()  # Diagnostic warnings found while reading the spec
    data: dict[str, Datum] = field(default_factory=dict)
    colors: dict[str, CMYK] = field(default_factory=dict)
    pushed: tuple[tuple[str, str], ...] = ()  # arranged off the page: block id, why (overset)
    story: Story = Story()
    included: tuple[Path, ...] = ()  # files merged in by `include:` (the watcher, the archive)

    @property
    def pages(self) -> int:
        return 2 if self.spread else 1
