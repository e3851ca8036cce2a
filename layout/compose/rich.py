"""Story paragraphs with more than plain text: quotes in their own style, list items hanging on
their number, runs set apart (a run-in in the heading face, 着重号), and the 分隔线.

The line breaker is not changed: a paragraph is broken as plain text in its style's face (a
run-in's Han characters and CJK marks are 1 字 in every face), and each line then carries
which of its glyphs belong to which run (`RichLine.spans`), so the placer can draw them in
their own font and put a dot under each emphasised Han character. An item's text is broken on
the measure less its hang and moved over by it; its marker stands in the hang of its first
line, which stands where a paragraph's first character would.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..pagemodel import Glyph
from ..spec.model import Paragraph, Style
from .lines import Line, Metrics, Slots, compose_paragraph, shifted, snap
from .run import Band, TextRun, band_rows, typesetting

QUOTE_STYLE = "quote"  # `> ` paragraphs: 编者按, 引语
RUNIN_STYLE = "runin"  # `**…**`: the font and colour of a run-in
DIVIDER_STYLE = "divider"  # `---`: the ornament's face, or the rule's colour
MARKER_GAP = 0.25  # em between a Latin list marker (1.) and its text, before rounding up


@dataclass(frozen=True, slots=True)
class RichLine(Line):
    """A line of a story paragraph that is not plain body text."""

    role: str = "body"  # body | quote | item: the GlyphRun role its pieces get
    style: str = ""  # the style it is set in ("": the block's)
    spans: tuple[tuple[int, int, str], ...] = ()  # glyph ranges set apart: strong | em | …


@dataclass(frozen=True, slots=True)
class Divider(Band):
    """A 分隔线 among a story's lines: a short rule (run.lines empty) or an ornament."""


def style_of(p: Paragraph, block_style: str) -> str:
    return QUOTE_STYLE if p.role == "quote" else block_style


def is_rich(p: Paragraph) -> bool:
    return p.role in ("quote", "item", "divider") or bool(p.spans)


def hangs(paras: tuple[Paragraph, ...], face: Metrics) -> dict[int, float]:
    """Each list's hang in em: its widest marker and the gap after a Latin one, rounded up to
    whole 字 so the lines of every item start on the same 字."""
    out: dict[int, float] = {}
    for p in paras:
        if p.role != "item" or not p.marker:
            continue
        mark = p.text[:p.marker]
        w = sum(face.advance(ch) for ch in mark)
        if mark[-1].isascii() or mark[-1] == "●" or not _wide_end(mark):
            w += MARKER_GAP
        out[p.group] = max(out.get(p.group, 0.0), float(math.ceil(w - 1e-6)))
    return out


def _wide_end(mark: str) -> bool:
    """A Chinese ordinal ends in its own mark (、 ）), which is its gap."""
    return mark[-1] in "、）"


def compose_rich(p: Paragraph, n: int, st: Style, face: Metrics, measure: float, zi: float | None,
                 hang: float, tracking: float | None, slots: list[float] | None, slot: int
                 ) -> list[RichLine]:
    """One paragraph in style `st` on `measure` pt (or the per-slot measures from `slot`):
    its lines as RichLines."""
    ts = typesetting(st, tracking)
    own = zi is not None and abs(st.size - zi) > 1e-6
    whole, off = snap(measure, st.size, st.align) if own else (measure, 0.0)
    per = ([snap(w, st.size, st.align) if own else (w, 0.0) for w in slots]
           if slots else None)
    lead = p.marker if p.role == "item" else 0
    body = p.text[lead:]
    # an item's marker stands where a paragraph's first character would (the style's indent),
    # and all its lines hang after the marker
    h = (st.indent + hang) * st.size if p.role == "item" else 0.0
    indent = 0.0 if p.role == "item" else st.indent
    at = Slots.of(tuple(w - h for w, _ in per), slot) if per else None
    lines = compose_paragraph(body, face, st.size, whole - h, indent, para=n,
                              justify=st.align == "justify", align=st.align, ts=ts,
                              measures=at)
    out: list[RichLine] = []
    for k, ln in enumerate(lines):
        dx = (per[min(slot + k, len(per) - 1)][1] if per else off) + h
        ln = shifted(ln, dx)
        start, text, glyphs = ln.start + lead, ln.text, ln.glyphs
        if k == 0 and lead:
            x = dx - h + st.indent * st.size
            mark = []
            for ch in p.text[:lead]:
                mark.append(Glyph(ch, x))
                x += face.advance(ch) * st.size
            start, text, glyphs = 0, p.text[:lead] + text, (*mark, *glyphs)
        rl = RichLine(**{f: getattr(ln, f) for f in Line.__dataclass_fields__},
                      role=p.role if p.role in ("quote", "item") else "body",
                      style=st.name)
        rl = replace(rl, start=start, text=text, glyphs=glyphs,
                     measure=ln.measure + (h if k == 0 and lead else 0.0))
        out.append(replace(rl, spans=_glyph_spans(rl, p.spans)))
    return out


def _glyph_spans(ln: Line, spans: tuple[tuple[int, int, str], ...]
                 ) -> tuple[tuple[int, int, str], ...]:
    """The paragraph's runs as ranges of the line's glyphs (a glyph is a character that is not
    a space)."""
    if not spans:
        return ()
    offs = [ln.start + i for i, ch in enumerate(ln.text) if ch not in " \u3000"]
    if len(offs) != len(ln.glyphs):  # not the composer's glyphs: set it plain
        return ()
    kinds = []
    for o in offs:
        ks = sorted({k for a, b, k in spans if a <= o < b}, key=("strong", "em").index)
        kinds.append(" ".join(ks))
    out: list[tuple[int, int, str]] = []
    for j, k in enumerate(kinds):
        if not k:
            continue
        if out and out[-1][1] == j and out[-1][2] == k:
            out[-1] = (out[-1][0], j + 1, k)
        else:
            out.append((j, j + 1, k))
    return tuple(out)


def compose_divider(p: Paragraph, n: int, st: Style, face: Metrics, measure: float,
                    leading: float) -> Divider:
    """A rule (no text) takes one grid line; an ornament is centred on whole grid lines."""
    if not p.text:
        return Divider(TextRun(st, ()), 1, n)
    from .headline import compose_display

    d = compose_display([p.text], face, st.size, None, st.leading, measure, 4 * leading,
                        "center", typesetting(st), st.size)
    run = TextRun(replace(st, size=d.size, align="center"), d.lines, d.pitch)
    return Divider(run, max(1, band_rows(d.size, len(d.lines), d.pitch, leading) - 1), n)


__all__ = ["DIVIDER_STYLE", "QUOTE_STYLE", "RUNIN_STYLE", "Divider", "RichLine", "compose_rich",
           "compose_divider", "hangs", "is_rich", "style_of"]
