"""What the compose stage hands on: runs of set lines, and per block what each kind composed.
Also the parts every kind shares: the label band (栏目头) and the caption."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..diag import Diagnostics
from ..geometry import Grid, Rect
from ..regions import Regions
from ..spec.model import BlockBase, Caption, Spec, Style
from .fold import fold_free, fold_zone, shift_into
from .headline import compose_display
from .lines import Line, Metrics, Typesetting, compose_paragraph


@dataclass(frozen=True, slots=True)
class TextRun:
    """Lines set in one style."""

    style: Style  # size as set (a fitted headline's size may differ from the style's)
    lines: tuple[Line, ...]
    pitch: float | None = None  # display lines: pt between baselines

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)


@dataclass(frozen=True, slots=True)
class Band:
    """A story's subhead (小标题) among its lines: display lines on whole grid rows, kept with
    the lines after it in one column."""

    run: TextRun
    rows: int
    para: int  # paragraph index in the block

    @property
    def text(self) -> str:
        return self.run.text


KEEP_WITH_NEXT = 2  # body lines a subhead keeps with it in its column


def band_rows(size: float, lines: int, pitch: float, leading: float) -> int:
    """Whole grid lines a display band needs, with at least half a line of air around it."""
    need = size * 1.3 + (lines - 1) * pitch
    rows = max(1, math.ceil(need / leading - 1e-6))
    if rows * leading - need < 0.5 * leading - 1e-6:
        rows += 1
    return rows


@dataclass(frozen=True, slots=True, kw_only=True)
class Composed:
    """A block composed: lines and drawings sized to its regions, not yet on the page. Each kind
    adds what it sets (layout/kinds/)."""

    block: BlockBase
    regions: Regions
    heading: TextRun | None = None
    heading_problem: LabelMisfit | None = None  # the label band's text does not fit, and why
    caption: TextRun | None = None

    def runs(self) -> tuple[TextRun | None, ...]:
        """The block's text runs in reading order (kicker, heading, body, subtitle, caption)."""
        return (self.heading, self.caption)

    def box_rect(self, rect: Rect) -> Rect:
        """Where the block's box (tint, border) is drawn, given where the block stands."""
        return rect

    @property
    def text(self) -> str:
        """The composed text, one run a line: what a diff between revisions compares."""
        return "\n".join(t for t in (r.text for r in self.runs() if r is not None) if t)


@dataclass(frozen=True)
class ComposeCtx:
    spec: Spec
    grid: Grid
    faces: dict[str, Metrics]
    diags: Diagnostics

    def style(self, name: str) -> Style:
        return self.spec.styles[name]

    def face(self, style: Style) -> Metrics:
        return self.faces[style.font]


def typesetting(style: Style, tracking: float | None = None) -> Typesetting:
    return Typesetting(style.punct, style.autospace,
                       style.tracking if tracking is None else tracking)


def display_align(style: Style) -> str:
    """Display lines are never justified: a justified style sets them flush left."""
    return "left" if style.align == "justify" else style.align


@dataclass(frozen=True, slots=True)
class LabelMisfit:
    """A label band whose words do not fit: the message, and the grid lines it would need
    against those it has (the fit table's lines and capacity)."""

    text: str
    need: int
    have: int

    def __str__(self) -> str:
        return self.text


def compose_heading(block: BlockBase, regions: Regions, ctx: ComposeCtx
                    ) -> tuple[TextRun | None, LabelMisfit | None]:
    """The label band's text, fitted to the band; and why it does not fit, if it does not."""
    h = block.heading
    if h is None:
        return None, None
    hs = ctx.style(h.style)
    pad = hs.size if h.fill else 0.0
    d = compose_display([h.full], ctx.face(hs), hs.size, hs.fit, hs.leading,
                        regions.rect.w - 2 * regions.inset - 2 * pad,
                        h.lines * ctx.grid.leading, display_align(hs), typesetting(hs),
                        ctx.grid.zi)
    run = TextRun(replace(hs, size=d.size), d.lines, d.pitch)
    if d.misfit is None:
        return run, None
    own = h.template_src is None  # the block's own heading_lines, not a labels: component's
    key = "heading_lines" if own else "lines: {} in its labels: entry"
    text = d.misfit.say(f"the label '{h.full}'", ctx.grid.zi, ctx.grid.leading, key=key,
                        now=h.lines, style=h.style, fit=hs.fit)
    return run, LabelMisfit(text, *d.misfit.rows(ctx.grid.leading))


def caption_text(text: str, caption: Caption) -> str:
    """Pointer, caption and credit as they are printed: ▲ 市委书记…调研　本报记者 ×× 摄."""
    if caption.pointer:
        text = caption.pointer + text
    if caption.credit:
        text = text + "\u3000" + caption.credit
    return text


def _caption(text: str, caption: Caption, rect: Rect, spec: Spec, faces, grid: Grid
             ) -> tuple[Style, tuple[Line, ...]]:
    """A caption set across `rect`, or, under a picture that crosses the fold, across the
    wider side of it clear of the fold-safe zone (lines placed from rect.x)."""
    cs = spec.styles[caption.style]
    off, width = fold_free(rect, fold_zone(grid, spec.fold_safe))
    lines = compose_paragraph(caption_text(text, caption), faces[cs.font], cs.size, width, 0.0,
                              justify=False, align=cs.align, ts=typesetting(cs))
    return cs, shift_into(lines, off)


def compose_caption(text: str, caption: Caption, rect: Rect, ctx: ComposeCtx) -> TextRun:
    cs, lines = _caption(text, caption, rect, ctx.spec, ctx.faces, ctx.grid)
    return TextRun(cs, lines)


def caption_lines(text: str, caption: Caption, rect: Rect, spec: Spec, faces, grid: Grid
                  ) -> int:
    """How many lines a caption's words take under `rect`."""
    return max(1, len(_caption(text, caption, rect, spec, faces, grid)[1]))
