"""compose stage: each block → lines of positioned glyphs (or a drawing), knowing its measure but
not yet its place on the page."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..diag import Diagnostics
from ..grid import Grid
from ..spec import Block, Paragraph, Spec, Style
from . import cjk
from .headline import compose_display
from .lines import Glyph, Line, Metrics, Typesetting, compose_paragraph
from .normalize import normalize
from .vertical import vertical_glyphs

__all__ = ["Composed", "Glyph", "Line", "TextRun", "check_glyphs", "column_layout",
           "compose_block", "compose_text", "normalize"]


@dataclass(frozen=True, slots=True)
class TextRun:
    """Lines set in one style."""

    style: Style  # size as set (a fitted headline's size may differ from the style's)
    lines: tuple[Line, ...]
    pitch: float | None = None  # display lines: pt between baselines


@dataclass(frozen=True, slots=True)
class Composed:
    block: Block
    body: TextRun | None  # flowing text, headline lines or vertical glyphs
    heading: TextRun | None
    caption: TextRun | None
    measure: float  # pt of one text column
    columns: tuple[tuple[float, float], ...]  # (x offset from the block's left, width), pt
    inset: float  # pt
    problem: str | None = None  # a display block that cannot fit, and why


def column_layout(block: Block, grid: Grid) -> tuple[tuple[float, float], ...]:
    """Text columns inside a block: whole base columns when they divide evenly (长栏), else equal
    widths in whole 字 with the remainder given to the gutters (破栏)."""
    zi = grid.zi
    inset = block.box.inset * zi if block.box else 0.0
    total = grid.rect(block.cell).w
    inner = total - 2 * inset
    n = block.columns
    if n == 1:
        return ((inset, inner),)
    if block.cell.rect is None and block.cell.span % n == 0 and not block.box:
        per = block.cell.span // n
        w = per * grid.column_w + (per - 1) * grid.gutter_zi * zi
        return tuple((k * per * grid.pitch, w) for k in range(n))
    gut = grid.gutter_zi * zi
    w = int((inner - (n - 1) * gut) / n / zi) * zi
    gut = (inner - n * w) / (n - 1)
    return tuple((inset + k * (w + gut), w) for k in range(n))


def check_glyphs(spec: Spec, faces: dict[str, Metrics], diags: Diagnostics) -> None:
    """Every character of every text must exist in its font: ReportLab would silently draw
    .notdef boxes otherwise."""
    for b in spec.blocks:
        pairs: list[tuple[Paragraph, Style]] = [(p, spec.styles[b.style]) for p in b.paragraphs]
        if b.heading:
            pairs.append((b.heading, spec.styles[b.heading_style]))
        if b.caption:
            pairs.append((b.caption, spec.styles[b.caption_style]))
        for para, style in pairs:
            face = faces[style.font]
            seen: set[str] = set()
            for i, ch in enumerate(para.text):
                if ch in seen or ch.isspace():
                    continue
                seen.add(ch)
                shown = cjk.VERTICAL_FORMS.get(ch, ch) if b.type == "vertical" else ch
                if ch.isdigit() and b.type == "vertical":
                    shown = ch
                if not face.has(shown):
                    what = f"'{shown}' U+{ord(shown):04X}"
                    if shown != ch:
                        what += f" (vertical form of '{ch}')"
                    diags.error(f"block '{b.id}': character {what} is missing from font "
                                f"'{style.font}' ({getattr(face, 'key', style.font)})",
                                para.pos(i))


def typesetting(style: Style, tracking: float | None = None) -> Typesetting:
    return Typesetting(style.punct, style.autospace,
                       style.tracking if tracking is None else tracking)


def compose_text(block: Block, style: Style, face: Metrics, measure: float,
                 tracking: float | None = None) -> tuple[Line, ...]:
    """The flowing text of a block on its column measure (copyfit may ask again, tighter)."""
    ts = typesetting(style, tracking)
    lines: list[Line] = []
    for n, p in enumerate(block.paragraphs):
        lines.extend(compose_paragraph(p.text, face, style.size, measure, style.indent,
                                       para=n, justify=style.align == "justify",
                                       align=style.align, ts=ts))
    return tuple(lines)


def compose_block(block: Block, spec: Spec, grid: Grid, faces: dict[str, Metrics]) -> Composed:
    style = spec.styles[block.style]
    face = faces[style.font]
    cols = column_layout(block, grid)
    measure = cols[0][1]
    inset = cols[0][0] if block.columns == 1 else (block.box.inset * grid.zi if block.box else 0)
    rect = grid.rect(block.cell)
    _, rows = grid.lines_in(block.cell)
    heading = caption = body = None
    problem = None
    if block.heading:
        hs = spec.styles[block.heading_style]
        pad = hs.size if hs.background else 0.0
        d = compose_display([block.heading.text], faces[hs.font], hs.size, hs.fit, hs.leading,
                            rect.w - 2 * inset - 2 * pad, block.heading_lines * grid.leading,
                            "left" if hs.align == "justify" else hs.align, typesetting(hs),
                            grid.zi)
        heading = TextRun(replace(hs, size=d.size), d.lines, d.pitch)
        problem = d.problem and f"heading {d.problem}"
    if block.caption:
        cs = spec.styles[block.caption_style]
        lines = compose_paragraph(block.caption.text, faces[cs.font], cs.size, rect.w, 0.0,
                                  justify=False, align=cs.align, ts=typesetting(cs))
        caption = TextRun(cs, tuple(lines))
    if block.type == "text":
        body = TextRun(style, compose_text(block, style, face, measure))
    elif block.type == "headline":
        d = compose_display([p.text for p in block.paragraphs], face, style.size, style.fit,
                            style.leading, rect.w, rows * grid.leading,
                            "left" if style.align == "justify" else style.align,
                            typesetting(style), grid.zi)
        body = TextRun(replace(style, size=d.size), d.lines, d.pitch)
        problem = d.problem
    elif block.type == "vertical":
        text = "".join(p.text for p in block.paragraphs)
        body = TextRun(style, (Line(vertical_glyphs(text, style.size), style.size, style.size,
                                    0.0, 0, True, True, False, text),))
    return Composed(block, body, heading, caption, measure, cols, inset, problem)
