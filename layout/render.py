"""render stage: Layout → PDF bytes on a ReportLab canvas. The only module that draws.

Glyphs are placed one by one at the x the composer computed (ReportLab's Paragraph cannot set
Chinese); colours are CMYK; the canvas is invariant so the same spec gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas

from .grid import EM_BOX_TOP
from .place import Layout, PlacedRect, PlacedText

FontName = Callable[[str], str]  # spec font name → registered ReportLab name


def _cmyk(c: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (c[0] / 100, c[1] / 100, c[2] / 100, c[3] / 100)


def render_pdf(layout: Layout, font_name: FontName, initial_font: str, *, title: str = "",
               date: _dt.date | None = None) -> bytes:
    """`initial_font` (a spec font name) replaces ReportLab's default Helvetica, which would
    otherwise be referenced unembedded on every page."""
    g = layout.grid
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(g.trim_w, g.trim_h), invariant=1, pageCompression=1,
               initialFontName=font_name(initial_font))
    c.setTitle(title)
    c.setCreator("banmian")
    c.setProducer("banmian")
    if date is not None:
        # invariant mode fixes the dates; the spec's date is the document's date
        c._doc.info.creationDate = date.strftime("D:%Y%m%d000000+00'00'")
    for page in range(g.pages):
        _page(c, layout, page, font_name)
        c.showPage()
    c.save()
    return buf.getvalue()


def _visible(page: int, item_page: int) -> bool:
    return item_page == page or item_page == -1


def _page(c: Canvas, layout: Layout, page: int, font_name: FontName) -> None:
    g = layout.grid
    dx = page * g.trim_w
    h = g.trim_h
    c.saveState()
    p = c.beginPath()
    p.rect(0, 0, g.trim_w, g.trim_h)
    c.clipPath(p, stroke=0, fill=0)
    for r in layout.rects:
        if _visible(page, r.page):
            _rect(c, r, dx, h)
    for t in layout.texts:
        if _visible(page, t.page):
            _text(c, t, dx, h, g.trim_w, font_name)
    c.restoreState()


def _rect(c: Canvas, r: PlacedRect, dx: float, h: float) -> None:
    x, y = r.rect.x - dx, h - r.rect.y1
    if r.fill:
        c.setFillColorCMYK(*_cmyk(r.fill))
    if r.stroke:
        c.setStrokeColorCMYK(*_cmyk(r.stroke))
        c.setLineWidth(r.width)
    c.rect(x, y, r.rect.w, r.rect.h, stroke=1 if r.stroke else 0, fill=1 if r.fill else 0)
    if r.placeholder and r.stroke:
        c.line(x, y, x + r.rect.w, y + r.rect.h)
        c.line(x, y + r.rect.h, x + r.rect.w, y)


def _text(c: Canvas, t: PlacedText, dx: float, h: float, page_w: float, font_name: FontName
          ) -> None:
    name = font_name(t.font)
    c.setFillColorCMYK(*_cmyk(t.color))
    if t.vertical:  # glyph.x holds each cell's offset down the column
        from reportlab.pdfbase.pdfmetrics import stringWidth

        for gl in t.glyphs:
            y = h - (t.baseline + gl.x + EM_BOX_TOP * t.size)
            to = c.beginText()
            to.setFont(name, t.size)
            x = t.x - dx
            if len(gl.ch) > 1:  # 纵中横: a short number across the column, at most 1 字 wide
                w = stringWidth(gl.ch, name, t.size)
                scale = min(1.0, 0.96 * t.size / w)
                to.setHorizScale(scale * 100)
                x += (t.size - w * scale) / 2
            to.setTextOrigin(x, y)
            to.textOut(gl.ch)
            c.drawText(to)
        return
    # glyphs wholly outside this page (the other half of a spread item) are not written, so
    # text extraction of a page gives only what the page shows
    glyphs = [gl for gl in t.glyphs
              if -t.size < t.x - dx + gl.x < page_w]
    if not glyphs:
        return
    to = c.beginText()
    to.setFont(name, t.size)
    x0 = t.x - dx + glyphs[0].x
    to.setTextOrigin(x0, h - t.baseline)
    prev = glyphs[0].x
    for gl in glyphs:
        if gl.x != prev:
            to.moveCursor(gl.x - prev, 0)
            prev = gl.x
        to.textOut(gl.ch)
    c.drawText(to)
