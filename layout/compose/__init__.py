"""compose stage: each block → lines of positioned glyphs (or a drawing), knowing its measure but
not yet its place on the page."""

from __future__ import annotations

from dataclasses import dataclass

from ..diag import Diagnostics
from ..grid import Grid
from ..spec import Block, Paragraph, Spec, Style
from . import cjk
from .lines import Glyph, Line, Metrics, compose_paragraph

__all__ = ["Composed", "Glyph", "Line", "TextRun", "compose_block", "column_layout",
           "check_glyphs"]


@dataclass(frozen=True, slots=True)
class TextRun:
    """Lines set in one style."""

    style: Style
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Composed:
    block: Block
    body: TextRun | None  # flowing text, headline lines or vertical glyphs
    heading: TextRun | None
    caption: TextRun | None
    measure: float  # pt of one text column
    columns: tuple[tuple[float, float], ...]  # (x offset from the block's left, width), pt
    inset: float  # pt


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
                if not face.has(shown):
                    what = f"'{shown}' U+{ord(shown):04X}"
                    if shown != ch:
                        what += f" (vertical form of '{ch}')"
                    diags.error(f"block '{b.id}': character {what} is missing from font "
                                f"'{style.font}' ({getattr(face, 'key', style.font)})",
                                para.pos(i))


def _display(paras: tuple[Paragraph, ...], style: Style, face: Metrics, width: float
             ) -> tuple[Line, ...]:
    """Display lines: each paragraph one line, aligned, never wrapped (a headline that does not
    fit is reported, not broken at random)."""
    out: list[Line] = []
    for n, p in enumerate(paras):
        ls = compose_paragraph(p.text, face, style.size, 1e6, 0.0, para=n, justify=False)
        glyphs = [g for ln in ls for g in ln.glyphs]
        if style.tracking:
            glyphs = [Glyph(g.ch, g.x + k * style.tracking * style.size)
                      for k, g in enumerate(glyphs)]
        natural = (glyphs[-1].x + face.advance(glyphs[-1].ch) * style.size) if glyphs else 0.0
        shift = {"center": (width - natural) / 2, "right": width - natural}.get(style.align, 0.0)
        shift = max(shift, 0.0) if style.align != "center" else shift
        out.append(Line(tuple(Glyph(g.ch, g.x + shift) for g in glyphs), natural + shift,
                        width, 0.0, n, True, True, natural > width + 0.01, p.text))
    return tuple(out)


def compose_block(block: Block, spec: Spec, grid: Grid, faces: dict[str, Metrics]) -> Composed:
    style = spec.styles[block.style]
    face = faces[style.font]
    cols = column_layout(block, grid)
    measure = cols[0][1]
    inset = cols[0][0] if block.columns == 1 else (block.box.inset * grid.zi if block.box else 0)
    rect_w = grid.rect(block.cell).w
    heading = caption = body = None
    if block.heading:
        hs = spec.styles[block.heading_style]
        pad = hs.size if hs.background else 0.0
        heading = TextRun(hs, _display((block.heading,), hs, faces[hs.font],
                                       rect_w - 2 * inset - 2 * pad))
    if block.caption:
        cs = spec.styles[block.caption_style]
        lines = compose_paragraph(block.caption.text, faces[cs.font], cs.size, rect_w, 0.0,
                                  justify=False, align=cs.align)
        caption = TextRun(cs, tuple(lines))
    if block.type == "text":
        lines: list[Line] = []
        for n, p in enumerate(block.paragraphs):
            lines.extend(compose_paragraph(p.text, face, style.size, measure, style.indent,
                                           para=n, justify=style.align == "justify",
                                           align=style.align))
        body = TextRun(style, tuple(lines))
    elif block.type == "headline":
        body = TextRun(style, _display(block.paragraphs, style, face, rect_w))
    elif block.type == "vertical":
        text = "".join(p.text for p in block.paragraphs)
        chars = [cjk.VERTICAL_FORMS.get(ch, ch) for ch in text if not ch.isspace()]
        body = TextRun(style, (Line(tuple(Glyph(ch, 0.0) for ch in chars), style.size,
                                    style.size, 0.0, 0, True, True, False, text),))
    return Composed(block, body, heading, caption, measure, cols, inset)
