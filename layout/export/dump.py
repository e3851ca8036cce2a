"""The page model as stable text, one line per item (as SILE's debug outputter writes layout):
what tests compare with golden files and what a designer can diff between revisions.

    p1 text     h1:body  x=21.15 y=80.33 w=41.27 h=3.17  上半年，全区财政收入累计完成…

Positions are the item's box in mm from its own page's trim corner (`p*`: an item that crosses
the fold, measured from the left page), rounded to 0.01 mm; text runs give their text, and a
dash or an ellipsis the run draws as ink (a rule, dots) follows its run's line."""

from __future__ import annotations

from ..geometry import EM_BOX_TOP
from ..pagemodel import (
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
from ..units import MM


def dump(model: PageModel) -> str:
    g = model.grid
    out = [f"pages {g.pages}  trim {g.trim_w / MM:.2f}×{g.trim_h / MM:.2f}mm  grid "
           f"{g.columns}×{g.column_zi}字 gutter {g.gutter_zi:g}字  {g.lines} lines of "
           f"{g.leading:g}pt  字 {g.zi:g}pt"]
    for it in model.items:
        out.append(_line(it, g.trim_w))
        if isinstance(it, GlyphRun):
            out.extend(_marks(it, g.trim_w))
    for b in model.blocks:
        r = b.rect
        out.append(f"{_page(b.page)} {'block':<8} {b.id}  "
                   f"{_box(r.x, r.y, r.w, r.h, b.page, g.trim_w)}  {b.status}")
    return "\n".join(out) + "\n"


def _page(page: int) -> str:
    return "p*" if page < 0 else f"p{page + 1}"


def _mm(v: float) -> str:
    s = f"{v / MM:.2f}"
    return "0.00" if s == "-0.00" else s


def _box(x: float, y: float, w: float, h: float, page: int, trim_w: float) -> str:
    dx = max(page, 0) * trim_w
    return f"x={_mm(x - dx)} y={_mm(y)} w={_mm(w)} h={_mm(h)}"


def _line(it: Item, trim_w: float) -> str:
    kind, box, text = _describe(it)
    x, y, w, h = box
    who = f"{it.block or '-'}:{it.role}"
    tail = f"  {text}" if text else ""
    return f"{_page(it.page)} {kind:<8} {who}  {_box(x, y, w, h, it.page, trim_w)}{tail}"


def _marks(t: GlyphRun, trim_w: float) -> list[str]:
    """A dash drawn as a rule, an ellipsis as dots: the ink box, under the run's line."""
    out = []
    for gl in t.glyphs:
        mk = gl.mark
        if mk is None:
            continue
        x, y = t.x + gl.x + mk.x0, t.y - mk.y - mk.weight / 2
        what = f"{mk.dots} dots" if mk.shape == "dots" else f"{mk.weight:.2f}pt"
        out.append(f"{_page(t.page)} {mk.shape:<8} {t.block or '-'}:{t.role}  "
                   f"{_box(x, y, mk.width, mk.weight, t.page, trim_w)}  {what}")
    return out


def _describe(it: Item) -> tuple[str, tuple[float, float, float, float], str]:
    if isinstance(it, GlyphRun):
        top = it.y - EM_BOX_TOP * it.size
        return "text", (it.x, top, it.width, it.size), it.text
    if isinstance(it, VerticalRun):
        top = it.cells[0].y - EM_BOX_TOP * it.size if it.cells else 0.0
        return "vertical", (it.x, top, it.size, len(it.cells) * it.size), it.text
    if isinstance(it, Box):
        what = "frame" if it.cross else "box"
        return what, (it.rect.x, it.rect.y, it.rect.w, it.rect.h), ""
    if isinstance(it, Stroke):
        x0, x1 = sorted((it.x0, it.x1))
        y0, y1 = sorted((it.y0, it.y1))
        return "stroke", (x0, y0, x1 - x0, y1 - y0), f"{it.width:g}pt"
    if isinstance(it, Picture):
        return "picture", (it.rect.x, it.rect.y, it.rect.w, it.rect.h), \
            f"{it.pixels[0]}×{it.pixels[1]}px"
    if isinstance(it, Group):
        texts = [t.text for t in it.items if isinstance(t, Text)]
        paths = sum(isinstance(t, Path) for t in it.items)
        return "chart", (it.rect.x, it.rect.y, it.rect.w, it.rect.h), \
            f"{paths} paths; " + " ".join(texts)
    if isinstance(it, Text):
        return "label", (it.x, it.y - EM_BOX_TOP * it.size, 0.0, it.size), it.text
    return type(it).__name__.lower(), (0.0, 0.0, 0.0, 0.0), ""
