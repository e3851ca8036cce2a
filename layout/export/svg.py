"""The SVG exporter: a page model → one SVG document per page, for screens and the web.

It reads the same page model as the PDF exporter. Text stays text (`<text>` with each glyph at
the x the composer chose, so it selects and copies in reading order), in the page's fonts by
family name, optionally embedded as subsets. Colours arrive as CMYK and are shown as the press
would print them: the caller converts through the output profile (`Screen`)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from ..pagemodel import (
    CMYK,
    Box,
    GlyphRun,
    Group,
    Item,
    PageModel,
    Path,
    Picture,
    Stroke,
    Text,
    VerticalRun,
)


@dataclass(frozen=True)
class Face:
    family: str  # the name a browser knows the face by
    generic: str  # serif | sans-serif | cursive: what to fall back to
    weight: int = 400  # 700 for bold, 900 for black: faces of one family differ by it
    subset: Callable[[str], bytes] | None = None  # characters → a TrueType subset to embed


@dataclass(frozen=True)
class Screen:
    """How the page is shown on a screen: colours and pictures through the output profile."""

    rgb: Callable[[CMYK], str]  # CMYK percent → "#rrggbb"
    picture: Callable[[bytes], tuple[str, bytes]]  # CMYK JPEG → (media type, bytes)
    faces: dict[str, Face]  # spec font name → its face


def render_svg(model: PageModel, screen: Screen, *, embed_fonts: bool = False) -> list[bytes]:
    """One SVG per page; items that cross the fold appear on both pages, cut at the trim."""
    g = model.grid
    return [_page(model, p, screen, embed_fonts).encode("utf-8") for p in range(g.pages)]


def render_svg_region(model: PageModel, page: int, rect, screen: Screen, blocks: set[str],
                      *, label: str = "") -> str:
    """The items of some blocks on one page as an SVG fragment cut to `rect` (a chart with its
    caption, for an e-paper article): text stays text, `label` is its accessible name."""
    items = [it for it in model.items if it.page in (page, -1) and it.block in blocks]
    pen = _Pen(screen, page * model.grid.trim_w)
    x, y, w, h = rect.x - page * model.grid.trim_w, rect.y, rect.w, rect.h
    title = f"<title>{escape(label)}</title>" if label else ""
    body = "".join(x for x in (pen.item(it) for it in items) if x)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_num(x)} {_num(y)} {_num(w)} '
            f'{_num(h)}" width="{_num(w)}" height="{_num(h)}" role="img" lang="zh-CN">'
            f"{title}{body}</svg>")


def _num(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def _page(model: PageModel, page: int, screen: Screen, embed: bool) -> str:
    g = model.grid
    w, h = g.trim_w, g.trim_h
    items = [it for it in model.items if it.page in (page, -1)]
    pen = _Pen(screen, page * g.trim_w)
    body = [pen.item(it) for it in items]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" data-generator="banmian" '
           f'width="{_num(w)}pt" '
           f'height="{_num(h)}pt" viewBox="0 0 {_num(w)} {_num(h)}" lang="zh-CN">',
           f'<rect width="{_num(w)}" height="{_num(h)}" fill="#ffffff"/>']
    if embed:
        out.append(_fonts(items, screen))
    out.extend(x for x in body if x)
    out.append("</svg>\n")
    return "\n".join(out)


def _fonts(items: list[Item], screen: Screen) -> str:
    """@font-face rules with each face cut down to the characters this page uses."""
    used: dict[str, set[str]] = {}
    for it in items:
        for t in ([*it.items] if isinstance(it, Group) else [it]):
            if isinstance(t, GlyphRun | VerticalRun | Text):
                used.setdefault(t.font, set()).update(t.text)
    rules = []
    for name in sorted(used):
        face = screen.faces[name]
        if face.subset is None:
            continue
        data = base64.b64encode(face.subset("".join(sorted(used[name])))).decode("ascii")
        rules.append(f"@font-face {{ font-family: {_css(_own(name))}; "
                     f"font-weight: {face.weight}; "
                     f"src: url(data:font/ttf;base64,{data}) format('truetype'); }}")
    return f"<style>\n{chr(10).join(rules)}\n</style>" if rules else ""


def _css(family: str) -> str:
    return '"' + family.replace('"', "") + '"'


def _own(name: str) -> str:
    """The family an embedded subset goes by: its own, so two faces of one family (Song and
    Song Bold) never lend each other glyphs."""
    return f"banmian {name}"


class _Pen:
    def __init__(self, screen: Screen, dx: float):
        self.screen, self.dx = screen, dx

    def font(self, name: str, size: float) -> str:
        face = self.screen.faces[name]
        family = f"{_css(_own(name))}, {_css(face.family)}, {face.generic}"
        return (f'font-family={quoteattr(family)} font-weight="{face.weight}" '
                f'font-size="{_num(size)}"')

    def item(self, it: Item) -> str:
        if isinstance(it, GlyphRun):
            return self.glyphs(it)
        if isinstance(it, VerticalRun):
            return self.vertical(it)
        if isinstance(it, Box):
            return self.box(it)
        if isinstance(it, Stroke):
            return self.stroke(it)
        if isinstance(it, Picture):
            return self.picture(it)
        if isinstance(it, Group):
            return self.group(it)
        if isinstance(it, Text):
            return self.text(it, it.x - self.dx, it.y, flip=False)
        if isinstance(it, Path):  # on the page (着重号 dots): page coordinates, y down
            return (f'<g {self.tag(it)} transform="translate({_num(-self.dx)} 0)">'
                    f"{self.path(it)}</g>")
        return ""

    def tag(self, it: Item) -> str:
        return f'data-block={quoteattr(it.block)} data-role={quoteattr(it.role)}'

    def glyphs(self, t: GlyphRun) -> str:
        """The run as one `<text>`; a dash or an ellipsis keeps its characters in a transparent
        `<tspan>` (they select and copy) and is drawn as a rule or dots after it."""
        xs = " ".join(_num(t.x - self.dx + gl.x) for gl in t.glyphs)
        parts, hidden, ink = [], [], self.screen.rgb(t.color)
        for gl, shown in zip(t.glyphs, t.painted, strict=True):
            if not shown:
                hidden.append(gl.ch)
                continue
            if hidden:
                parts.append(f'<tspan fill-opacity="0">{escape("".join(hidden))}</tspan>')
                hidden = []
            parts.append(escape(gl.ch))
        if hidden:
            parts.append(f'<tspan fill-opacity="0">{escape("".join(hidden))}</tspan>')
        out = (f'<text {self.tag(t)} x="{xs}" y="{_num(t.y)}" {self.font(t.font, t.size)} '
               f'fill="{ink}">{"".join(parts)}</text>')
        for gl in t.glyphs:
            mk = gl.mark
            if mk is None:
                continue
            x = t.x - self.dx + gl.x
            if mk.shape == "rule":
                out += (f'<rect x="{_num(x + mk.x0)}" y="{_num(t.y - mk.y - mk.weight / 2)}" '
                        f'width="{_num(mk.width)}" height="{_num(mk.weight)}" fill="{ink}"/>')
            else:
                out += "".join(f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(r)}" '
                               f'fill="{ink}"/>' for cx, cy, r in mk.boxes(x, t.y))
        return out

    def vertical(self, t: VerticalRun) -> str:
        """Each cell centred on the column; a number set across is squeezed into 1 字."""
        x = _num(t.x - self.dx + t.size / 2)
        cells = []
        for c in t.cells:
            fit = (f' textLength="{_num(0.96 * t.size)}" lengthAdjust="spacingAndGlyphs"'
                   if len(c.ch) > 1 else "")
            cells.append(f'<text x="{x}" y="{_num(c.y)}" text-anchor="middle"{fit}>'
                         f"{escape(c.ch)}</text>")
        return (f'<g {self.tag(t)} aria-label={quoteattr(t.text)} {self.font(t.font, t.size)} '
                f'fill="{self.screen.rgb(t.color)}">{"".join(cells)}</g>')

    def box(self, r: Box) -> str:
        x, y, w, h = r.rect.x - self.dx, r.rect.y, r.rect.w, r.rect.h
        fill = self.screen.rgb(r.fill) if r.fill else "none"
        stroke = (f' stroke="{self.screen.rgb(r.stroke)}" stroke-width="{_num(r.width)}"'
                  if r.stroke else "")
        out = (f'<rect {self.tag(r)} x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" '
               f'height="{_num(h)}" fill="{fill}"{stroke}/>')
        if r.cross and r.stroke:
            out += (f'<path d="M{_num(x)} {_num(y)}L{_num(x + w)} {_num(y + h)}M{_num(x)} '
                    f'{_num(y + h)}L{_num(x + w)} {_num(y)}" fill="none"{stroke}/>')
        return out

    def stroke(self, s: Stroke) -> str:
        dash = (f' stroke-dasharray="{_num(s.dash[0])} {_num(s.dash[1])}" '
                'stroke-linecap="round"' if s.dash else "")
        return (f'<line {self.tag(s)} x1="{_num(s.x0 - self.dx)}" y1="{_num(s.y0)}" '
                f'x2="{_num(s.x1 - self.dx)}" y2="{_num(s.y1)}" '
                f'stroke="{self.screen.rgb(s.color)}" stroke-width="{_num(s.width)}"{dash}/>')

    def picture(self, p: Picture) -> str:
        mime, data = self.screen.picture(p.jpeg)
        href = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        return (f'<image {self.tag(p)} x="{_num(p.rect.x - self.dx)}" y="{_num(p.rect.y)}" '
                f'width="{_num(p.rect.w)}" height="{_num(p.rect.h)}" '
                f'preserveAspectRatio="none" href="{href}"/>')

    def group(self, gr: Group) -> str:
        """A chart's own frame is y-up from its lower-left corner."""
        inner = "".join(self.path(it) if isinstance(it, Path) else self.text(it, it.x, it.y,
                                                                               flip=True)
                        for it in gr.items)
        return (f'<g {self.tag(gr)} transform="translate({_num(gr.rect.x - self.dx)} '
                f'{_num(gr.rect.y1)}) scale(1 -1)">{inner}</g>')

    def path(self, p: Path) -> str:
        d = []
        for op, pts in p.segments:
            d.append(op + " ".join(_num(v) for v in pts) if op != "Z" else "Z")
        fill = self.screen.rgb(p.fill) if p.fill else "none"
        stroke = (f' stroke="{self.screen.rgb(p.stroke)}" stroke-width="{_num(p.width)}"'
                  if p.stroke else "")
        return f'<path d="{"".join(d)}" fill="{fill}"{stroke}/>'

    def text(self, t: Text, x: float, y: float, flip: bool) -> str:
        """A string at its font's advances; in a y-up frame it is turned back upright."""
        turn = f" rotate({_num(t.angle)})" if t.angle else ""
        if flip:
            where = f'transform="translate({_num(x)} {_num(y)}){turn} scale(1 -1)"'
        else:
            where = (f'transform="translate({_num(x)} {_num(y)}) rotate({_num(-t.angle)})"'
                     if t.angle else f'x="{_num(x)}" y="{_num(y)}"')
        return (f'<text {where} {self.font(t.font, t.size)} fill="{self.screen.rgb(t.color)}">'
                f"{escape(t.text)}</text>")
