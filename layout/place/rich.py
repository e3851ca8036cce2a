"""Story lines on the page: a line of a quote, an item or a paragraph with runs set apart
becomes one GlyphRun per run (a run-in in the heading face, marked `span`), with a Path of
着重号 dots under its emphasised Han characters; a 分隔线 becomes a rule or its ornament."""

from __future__ import annotations

from dataclasses import replace

from ..compose.cjk import is_han, is_kana
from ..compose.lines import Line
from ..compose.rich import RUNIN_STYLE, Divider, RichLine
from ..geometry import EM_BOX_TOP
from ..pagemodel import GlyphRun, Path, Stroke
from ..spec.model import Style
from .furniture import display_lines

DOT = 0.16  # an emphasis dot's diameter, in em
DIVIDER_SHARE = 1 / 3  # of the measure a divider rule spans, centred


def line_items(ln: Line, st: Style, styles: dict[str, Style], *, page: int, block: str,
               x: float, y: float, pitch: float) -> list:
    """The page items of one poured line: one GlyphRun, or for a RichLine one per run of its
    glyphs (a run-in in its own font) and a Path of 着重号 dots."""
    if not isinstance(ln, RichLine):
        return [GlyphRun(page=page, block=block, role="body", font=st.font, size=st.size,
                         color=st.color, x=x, y=y, glyphs=ln.glyphs, width=ln.width,
                         para=ln.para)]
    own = styles.get(ln.style, st) if ln.style else st
    runin = styles.get(RUNIN_STYLE, own)
    cuts = sorted({0, len(ln.glyphs), *(a for a, _, _ in ln.spans), *(b for _, b, _ in ln.spans)})
    out: list = []
    dots: list[float] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        span = next((k for s, e, k in ln.spans if s <= a < e), "")
        gl = ln.glyphs[a:b]
        if not gl:
            continue
        strong = "strong" in span.split()
        face = runin if strong else own
        end = ln.width if b == len(ln.glyphs) else ln.glyphs[b].x
        out.append(GlyphRun(page=page, block=block, role=ln.role, font=face.font,
                            size=own.size, color=face.color, x=x + gl[0].x, y=y,
                            glyphs=tuple(replace(g, x=g.x - gl[0].x) for g in gl),
                            width=end - gl[0].x, para=ln.para, span=span))
        if "em" in span.split():
            dots.extend(x + g.x + own.size / 2 for g in gl if is_han(g.ch) or is_kana(g.ch))
    if dots:
        out.append(emphasis_dots(dots, y, own, pitch, page, block))
    return out


def dot_geometry(size: float, pitch: float) -> tuple[float, float]:
    """(centre below the baseline, radius) of an emphasis dot: in the air under the line's em
    box, never reaching the next line's em box however tight the leading."""
    air = max(0.0, pitch - size)  # between this line's em box and the next one's
    r = min(DOT * size / 2, air / 4)
    below = (1 - EM_BOX_TOP) * size  # the em box's foot under the baseline
    return below + min(air / 2, r + 0.12 * size), r


def emphasis_dots(xs: list[float], y: float, st: Style, pitch: float, page: int, block: str
                  ) -> Path:
    """着重号: a filled dot centred under each emphasised Han character."""
    dy, r = dot_geometry(st.size, pitch)
    k = 0.5523 * r  # a circle in four Bézier quarters
    segs: list[tuple[str, tuple[float, ...]]] = []
    cy = y + dy
    for cx in xs:
        segs += [("M", (cx + r, cy)),
                 ("C", (cx + r, cy + k, cx + k, cy + r, cx, cy + r)),
                 ("C", (cx - k, cy + r, cx - r, cy + k, cx - r, cy)),
                 ("C", (cx - r, cy - k, cx - k, cy - r, cx, cy - r)),
                 ("C", (cx + k, cy - r, cx + r, cy - k, cx + r, cy)),
                 ("Z", ())]
    return Path(page=page, block=block, role="emphasis", segments=tuple(segs), fill=st.color,
                stroke=None, width=0.0)


def divider_items(d: Divider, band, page: int, block: str, st: Style, para: int) -> list:
    """A rule centred across a third of the measure on the band's middle, or the ornament."""
    if d.run.lines:
        return [replace(r, para=para) for r in display_lines(d.run, band, page, block,
                                                             "divider")]
    w = band.w * DIVIDER_SHARE
    y = band.y + band.h / 2
    return [Stroke(page=page, block=block, role="divider", x0=band.x + (band.w - w) / 2, y0=y,
                   x1=band.x + (band.w + w) / 2, y1=y, width=0.5, color=st.color)]
