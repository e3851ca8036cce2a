"""compose stage: each block → lines of positioned glyphs (or a drawing), knowing its measure but
not yet its place on the page. The composers here are libraries; each kind of block
(layout/kinds/) decides which it uses."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from ..diag import Diagnostics
from ..pagemodel import Glyph
from ..spec import Paragraph, Spec, Style
from .lines import Line, Metrics, compose_paragraph
from .normalize import normalize
from .run import ComposeCtx, Composed, TextRun, typesetting

__all__ = ["ComposeCtx", "Composed", "Glyph", "HeaderLine", "Line", "TextRun", "check_glyphs",
           "compose_header", "normalize", "typesetting"]


def check_glyphs(spec: Spec, faces: dict[str, Metrics], diags: Diagnostics) -> None:
    """Every character the page prints must exist in its font: ReportLab would silently draw
    .notdef boxes otherwise. Block texts, label components, chart labels and the 报眉."""
    from ..kinds import kind_of

    for b in spec.blocks:
        pairs: list[tuple[Paragraph, str]] = [(p, spec.styles[s].font) for p, s in b.texts()]
        h = b.heading
        if h is not None and h.template != "{}" and h.template_src is not None:
            src = h.template_src  # the component's own words, e.g. 亮点聚焦：
            pairs.append((Paragraph(h.template.replace("{}", ""), ((0, src.line, src.col),),
                                    src.file), spec.styles[h.style].font))
        extra = kind_of(b).glyphs
        if extra is not None:
            pairs.extend(extra(b, spec))
        for para, font in pairs:
            _missing(f"block '{b.id}'", para, font, faces, diags, b.shown)
    _header_glyphs(spec, faces, diags)


def _missing(who: str, para: Paragraph, font: str, faces: dict[str, Metrics],
             diags: Diagnostics, shown=lambda ch: ch) -> None:
    face = faces[font]
    seen: set[str] = set()
    for i, ch in enumerate(para.text):
        if ch in seen or ch.isspace():
            continue
        seen.add(ch)
        printed = shown(ch)
        if not face.has(printed):
            what = f"'{printed}' U+{ord(printed):04X}"
            if printed != ch:
                what += f" (vertical form of '{ch}')"
            diags.error(f"{who}: character {what} is missing from font '{font}' "
                        f"({getattr(face, 'key', font)})", para.pos(i))


def _header_glyphs(spec: Spec, faces: dict[str, Metrics], diags: Diagnostics) -> None:
    """The 报眉 and staff line as printed on each page; a missing character is reported where
    it is written: in a meta field ({paper}, {section} …) or in the header's own words."""
    h = spec.header
    if h is None:
        return
    font = spec.styles[h.style].font
    meta_src, head_src = dict(spec.meta.src), dict(h.src)
    done: set[str] = set()
    for folio in spec.folios:
        fields = header_fields(spec, folio)
        for role in ("outer", "inner", "center", "staff"):
            template = getattr(h, role)
            for name, value in fields.items():
                if "{" + name + "}" in template and name in meta_src and value not in done:
                    done.add(value)
                    pos = meta_src[name]
                    _missing("报眉", Paragraph(value, ((0, pos.line, pos.col),), pos.file),
                             font, faces, diags)
            own = re.sub(r"\{\w*\}", "", template)
            if own and own not in done and role in head_src:
                done.add(own)
                pos = head_src[role]
                _missing("报眉", Paragraph(own, ((0, pos.line, pos.col),), pos.file), font,
                         faces, diags)


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
