"""compose stage: each block → lines of positioned glyphs (or a drawing), knowing its measure but
not yet its place on the page."""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, replace

from ..diag import Diagnostics
from ..grid import Grid
from ..spec import Block, Paragraph, Spec, Style
from . import cjk
from .headline import compose_display
from .lines import Glyph, Line, Metrics, Slots, Typesetting, compose_paragraph
from .normalize import normalize
from .vertical import vertical_glyphs

__all__ = ["Composed", "Glyph", "HeaderLine", "Line", "TextRun", "check_glyphs",
           "column_layout", "compose_block", "compose_header", "compose_text", "normalize"]


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
    heading_shape: str = "bar"  # bar | tab | ornament (from a label component)
    heading_fill: tuple[float, float, float, float] | None = None
    heading_lines: int = 0  # grid lines the heading takes
    kicker: TextRun | None = None
    kicker_lines: int = 0
    subtitle: TextRun | None = None
    subtitle_lines: int = 0
    picture: object | None = None  # a prepared photo (compose.photo.Picture)
    drawing: object | None = None  # a chart (figures.Drawing)
    chart_fonts: tuple[tuple[str, str], ...] = ()  # font role → spec font name


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
            label = spec.labels.get(b.label or "")
            pairs.append((b.heading, spec.styles[label.style if label else b.heading_style]))
        for para, sname in ((b.kicker, b.kicker_style), (b.subtitle, b.subtitle_style)):
            if para is not None:
                pairs.append((para, spec.styles[sname]))
        if b.caption:
            pairs.append((b.caption, spec.styles[b.caption_style]))
        extra = (b.pointer or "") + (b.credit or "")
        if extra:
            pairs.append((Paragraph(extra, ((0, b.src.line, b.src.col),), b.src.file),
                          spec.styles[b.caption_style]))
        if b.label and b.label in spec.labels:  # the label's own words, e.g. 亮点聚焦：
            lab = spec.labels[b.label]
            src = spec.styles[lab.style].src
            pairs.append((Paragraph(lab.template.replace("{}", ""), ((0, src.line, src.col),),
                                    src.file), spec.styles[lab.style]))
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
                 tracking: float | None = None, measures: list[float] | None = None
                 ) -> tuple[Line, ...]:
    """The flowing text of a block on its column measure; placement may ask again, tighter
    (copyfit) or with a measure per line slot (text flowing around a picture)."""
    ts = typesetting(style, tracking)
    lines: list[Line] = []
    for n, p in enumerate(block.paragraphs):
        at = Slots(tuple(measures), len(lines)) if measures else None
        lines.extend(compose_paragraph(p.text, face, style.size, measure, style.indent,
                                       para=n, justify=style.align == "justify",
                                       align=style.align, ts=ts, measures=at))
    return tuple(lines)


def caption_text(block: Block) -> str:
    """Pointer, caption and credit as they are printed: ▲ 市委书记…调研　本报记者 ×× 摄."""
    text = block.caption.text if block.caption else "".join(p.text for p in block.paragraphs)
    if block.pointer:
        text = block.pointer + text
    if block.credit:
        text = text + "\u3000" + block.credit
    return text


def compose_block(block: Block, spec: Spec, grid: Grid, faces: dict[str, Metrics],
                  diags: Diagnostics | None = None) -> Composed:
    style = spec.styles[block.style]
    face = faces[style.font]
    cols = column_layout(block, grid)
    measure = cols[0][1]
    inset = cols[0][0] if block.columns == 1 else (block.box.inset * grid.zi if block.box else 0)
    rect = grid.rect(block.cell)
    _, rows = grid.lines_in(block.cell)
    heading = caption = body = None
    problem = None
    shape, fill, h_lines = "bar", None, block.heading_lines
    if block.heading:
        label = spec.labels.get(block.label or "")
        text = label.template.format(block.heading.text) if label else block.heading.text
        hs = spec.styles[label.style if label else block.heading_style]
        if label:
            shape, fill, h_lines = label.shape, label.fill, label.lines
        elif hs.background:
            fill = hs.background
        pad = hs.size if fill else 0.0
        d = compose_display([text], faces[hs.font], hs.size, hs.fit, hs.leading,
                            rect.w - 2 * inset - 2 * pad, h_lines * grid.leading,
                            "left" if hs.align == "justify" else hs.align, typesetting(hs),
                            grid.zi)
        heading = TextRun(replace(hs, size=d.size), d.lines, d.pitch)
        problem = d.problem and f"heading {d.problem}"
    if block.caption or block.type == "caption":
        cs = spec.styles[block.caption_style if block.caption else block.style]
        lines = compose_paragraph(caption_text(block), faces[cs.font], cs.size, rect.w, 0.0,
                                  justify=False, align=cs.align, ts=typesetting(cs))
        caption = TextRun(cs, tuple(lines))
    picture = None
    if block.type == "photo" and block.photo is None:  # a draft frame says what it wants
        frame_rows = rows - (block.caption_lines if block.caption else 0)
        fh = frame_rows * grid.leading - grid.leading * 0.5
        ppi = spec.output.ppi if spec.output else 300
        label = (f"{rect.w / 72 * 25.4:.0f} × {fh / 72 * 25.4:.0f} mm · {ppi:g} ppi · "
                 f"{rect.w / 72 * ppi:.0f} × {fh / 72 * ppi:.0f} px")
        cs = spec.styles[block.caption_style]
        natural = compose_paragraph(label, faces[cs.font], 1.0, 1e9, 0.0, justify=False)
        size = max(3.0, min(7.0, rect.w * 0.9 / max(natural[0].width, 1e-6)))
        lines = compose_paragraph(label, faces[cs.font], size, rect.w, 0.0, justify=False,
                                  align="center")
        body = TextRun(replace(cs, size=size, color=(0, 0, 0, 60)), tuple(lines[:1]))
    if block.chart is not None:
        from .chart import compose_chart

        frame_rows = rows - (block.caption_lines if block.caption else 0) - (
            h_lines if block.heading else 0)
        drawing, fonts = compose_chart(block, spec, faces, rect.w,
                                       frame_rows * grid.leading - grid.leading * 0.25,
                                       diags if diags is not None else Diagnostics())
        return Composed(block, None, heading, caption, measure, cols, inset, problem, shape,
                        fill, h_lines if block.heading else 0, drawing=drawing,
                        chart_fonts=tuple(fonts.items()))
    if block.photo is not None and spec.output is not None:
        from .photo import prepare

        frame_rows = rows - (block.caption_lines if block.caption else 0)
        frame_h = frame_rows * grid.leading - grid.leading * 0.5
        picture = prepare(block.photo, rect.w, frame_h, spec.output, block.id,
                          diags if diags is not None else Diagnostics())
    if block.type == "text":
        body = TextRun(style, compose_text(block, style, face, measure))
    elif block.type == "headline":
        box_in = block.box.inset * grid.zi if block.box else 0.0
        width = rect.w - 2 * box_in
        decks = {}
        for key, para, sname in (("kicker", block.kicker, block.kicker_style),
                                 ("subtitle", block.subtitle, block.subtitle_style)):
            if para is None:
                continue
            ds = spec.styles[sname]
            dd = compose_display([para.text], faces[ds.font], ds.size, ds.fit, ds.leading,
                                 width, rows * grid.leading,
                                 "left" if ds.align == "justify" else ds.align,
                                 typesetting(ds), grid.zi)
            n = len(dd.lines)
            need = ds.size * (1 + 0.3) + (n - 1) * dd.pitch  # a deck stands on whole lines
            decks[key] = (TextRun(replace(ds, size=dd.size), dd.lines, dd.pitch),
                          max(1, math.ceil(need / grid.leading - 1e-6)), dd.problem)
        main_rows = rows - sum(v[1] for v in decks.values())
        d = compose_display([p.text for p in block.paragraphs], face, style.size, style.fit,
                            style.leading, width, max(1, main_rows) * grid.leading,
                            "left" if style.align == "justify" else style.align,
                            typesetting(style), grid.zi)
        body = TextRun(replace(style, size=d.size), d.lines, d.pitch)
        problem = d.problem or next((f"{k}: {v[2]}" for k, v in decks.items() if v[2]), None)
        if main_rows < 1:
            problem = f"the decks take all {rows} lines"
        k_run, k_lines, _ = decks.get("kicker", (None, 0, None))
        s_run, s_lines, _ = decks.get("subtitle", (None, 0, None))
        return Composed(block, body, heading, caption, measure, cols, box_in, problem, shape,
                        fill, h_lines, k_run, k_lines, s_run, s_lines)
    elif block.type == "vertical":
        text = "".join(p.text for p in block.paragraphs)
        body = TextRun(style, (Line(vertical_glyphs(text, style.size), style.size, style.size,
                                    0.0, 0, True, True, False, text),))
    return Composed(block, body, heading, caption, measure, cols, inset, problem, shape, fill,
                    h_lines if block.heading else 0, picture=picture)


WEEKDAYS = "一二三四五六日"


def header_fields(spec: Spec, folio: int) -> dict[str, str]:
    d = spec.meta.date
    date = (f"{d.year}年{d.month}月{d.day}日　星期{WEEKDAYS[d.weekday()]}"
            if isinstance(d, _dt.date) else "")
    return {"paper": spec.meta.paper, "date": date, "folio": str(folio),
            "section": spec.meta.section, "editor": spec.meta.editor,
            "designer": spec.meta.designer}


@dataclass(frozen=True, slots=True)
class HeaderLine:
    page: int
    role: str  # outer | inner | center | staff
    style: Style
    line: Line


def compose_header(spec: Spec, faces: dict[str, Metrics]) -> tuple[HeaderLine, ...]:
    """报眉 text of every page that has one; placement decides the sides by page parity."""
    h = spec.header
    if h is None:
        return ()
    style = spec.styles[h.style]
    out = []
    for page, folio in enumerate(spec.folios):
        if folio in h.suppress:
            continue
        fields = header_fields(spec, folio)
        for role, template in (("outer", h.outer), ("inner", h.inner), ("center", h.center),
                               ("staff", h.staff)):
            text = template.format(**fields).strip()
            if not text or (role == "staff" and h.staff_folios is not None
                            and folio not in h.staff_folios):
                continue
            ls = compose_paragraph(text, faces[style.font], style.size, 1e6, 0.0,
                                   justify=False, ts=typesetting(style))
            if ls:
                out.append(HeaderLine(page, role, style, ls[0]))
    return tuple(out)
