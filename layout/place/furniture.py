"""Page furniture every kind may carry, placed the same way for all: rules (正线 … 文武线), box
borders, display lines centred in a band of whole grid lines, the 栏目头 label band, and the
报眉 above the type area with the staff line below it."""

from __future__ import annotations

from ..compose import HeaderLine, TextRun
from ..geometry import EM_BOX_TOP, Grid, Rect
from ..pagemodel import Box, GlyphRun, Stroke
from ..rules import RULES, thickness
from ..spec import Rule, Spec
from ..units import MM
from .sink import Layer, Sink


def rule_strokes(rule: Rule, x0: float, y0: float, x1: float, y1: float, page: int,
                 inward: tuple[float, float], block: str, role: str = "rule") -> list[Stroke]:
    """The strokes of a rule drawn along (x0, y0)–(x1, y1), offset toward `inward`."""
    out = []
    for st in RULES[rule.style]:
        dx, dy = inward[0] * st.offset, inward[1] * st.offset
        out.append(Stroke(page=page, block=block, role=role, x0=x0 + dx, y0=y0 + dy,
                          x1=x1 + dx, y1=y1 + dy, width=st.width, color=rule.color,
                          dash=st.dash))
    return out


def box_strokes(rule: Rule, r: Rect, page: int, block: str = "") -> list[Stroke]:
    """A box border: every stroke a rectangle, the first (thick for 文武线) outermost."""
    out = []
    for st in RULES[rule.style]:
        o = st.offset
        x0, y0, x1, y1 = r.x + o, r.y + o, r.x1 - o, r.y1 - o
        for a, b in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)),
                     ((x0, y1), (x0, y0))):
            out.append(Stroke(page=page, block=block, role="border", x0=a[0], y0=a[1],
                              x1=b[0], y1=b[1], width=st.width, color=rule.color,
                              dash=st.dash))
    return out


def display_lines(run: TextRun, band: Rect, page: int, block: str, role: str,
                  x: float | None = None) -> list[GlyphRun]:
    """Display lines centred in a band of whole grid lines."""
    st = run.style
    n = len(run.lines)
    pitch = run.pitch or st.size
    top = band.y + (band.h - pitch * (n - 1) - st.size) / 2
    return [GlyphRun(page=page, block=block, role=role, font=st.font, size=st.size,
                     color=st.color, x=band.x if x is None else x,
                     y=top + k * pitch + EM_BOX_TOP * st.size, glyphs=ln.glyphs, width=ln.width)
            for k, ln in enumerate(run.lines)]


LABEL_AIR = 0.12  # of a label band's height, above and below its tab or bar


def heading(run: TextRun, shape: str, fill, band: Rect, page: int, block: str,
            sink: Sink) -> None:
    """A 栏目头: reversed on a colour bar, on a colour tab over a rule, or after an ornament."""
    st = run.style
    pad = st.size if fill else 0.0
    inner = Rect(band.x, band.y + band.h * LABEL_AIR, band.w, band.h * (1 - 2 * LABEL_AIR))
    text_w = max((ln.width for ln in run.lines), default=0.0)
    kw = {"page": page, "block": block}
    if fill and shape == "bar":
        sink.add(Layer.FILL, Box(**kw, role="label", rect=inner, fill=fill))
    elif fill and shape == "tab":
        sink.add(Layer.FILL, Box(**kw, role="label", rect=Rect(inner.x, inner.y,
                                                               text_w + 2 * pad, inner.h),
                                 fill=fill))
        sink.add(Layer.STROKE, Stroke(**kw, role="label", x0=inner.x, y0=inner.y1 - 0.5,
                                      x1=inner.x1, y1=inner.y1 - 0.5, width=1.0, color=fill))
    elif fill and shape == "ornament":
        sq = st.size * 0.55
        sink.add(Layer.FILL, Box(**kw, role="label", rect=Rect(inner.x, band.y + (band.h - sq)
                                                               / 2, sq, sq), fill=fill))
        sink.add(Layer.STROKE, Stroke(**kw, role="label", x0=inner.x, y0=inner.y1,
                                      x1=inner.x1, y1=inner.y1, width=0.5, color=fill))
        pad = sq + st.size * 0.4
    sink.extend(Layer.TEXT, display_lines(run, band, page, block, "heading", band.x + pad))


FOOT_RULE_GAP = 1 * MM  # the 版脚线 sits this far under the type area


def header(spec: Spec, grid: Grid, lines: tuple[HeaderLine, ...], sink: Sink) -> None:
    """报眉 above the type area and the staff line below it; the paper's name goes to the outer
    edge, which is the left on an even (verso) page and the right on an odd (recto) page."""
    if spec.header is None:
        return
    gap = 3 * MM
    for page, folio in enumerate(spec.folios):
        if folio in spec.header.suppress:
            continue
        x0 = grid.col_x(page, 1)
        x1 = x0 + grid.width
        rule_y = grid.y0 - gap
        if spec.header.rule:
            sink.extend(Layer.STROKE, rule_strokes(spec.header.rule, x0, rule_y, x1, rule_y,
                                                   page, (0, 1), "", "header"))
        if spec.header.foot_rule:  # 版脚线: closes the type area, above the staff line
            foot_y = grid.y0 + grid.height + FOOT_RULE_GAP
            sink.extend(Layer.STROKE, rule_strokes(spec.header.foot_rule, x0, foot_y, x1,
                                                   foot_y, page, (0, 1), "", "foot"))
        recto = folio % 2 == 1
        for h in lines:
            if h.page != page:
                continue
            w = h.line.width
            size = h.style.size
            if h.role == "staff":
                y = grid.y0 + grid.height + gap + size * EM_BOX_TOP
                if spec.header.foot_rule:  # under the foot rule, not through it
                    y += FOOT_RULE_GAP + 2 * thickness(spec.header.foot_rule.style)
                x = x0 if recto else x1 - w  # the staff line sits at the inner foot
            else:
                y = rule_y - 2.0 - size * 0.12
                outer_left = not recto
                if h.role == "center":
                    x = (x0 + x1 - w) / 2
                elif (h.role == "outer") == outer_left:
                    x = x0
                else:
                    x = x1 - w
            sink.add(Layer.TEXT, GlyphRun(page=page, block="", role=f"header-{h.role}",
                                          font=h.style.font, size=size, color=h.style.color,
                                          x=x, y=y, glyphs=h.line.glyphs, width=w))


def caption_under(run: TextRun, rows: int, line: int, top_rows: int, x: float, page: int,
                  block: str, grid: Grid, sink: Sink) -> list[TextRun]:
    """A caption on the `rows` grid lines from `line + top_rows`: the lines set there, and the
    lines over (returned)."""
    cs = run.style
    for k, ln in enumerate(run.lines[:rows]):
        sink.add(Layer.TEXT, GlyphRun(page=page, block=block, role="caption", font=cs.font,
                                      size=cs.size, color=cs.color, x=x,
                                      y=grid.baseline(line + top_rows + k, cs.size),
                                      glyphs=ln.glyphs, width=ln.width))
    return list(run.lines[rows:])
