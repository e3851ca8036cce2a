"""render stage: Layout → PDF bytes on a ReportLab canvas. The only module that draws.

(Named draw, not render, so that importing it never shadows the package's `layout.render()`.)
Glyphs are placed at the x the composer computed (ReportLab's Paragraph cannot set
Chinese); colours are CMYK; the canvas is invariant so the same spec gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.colors import CMYKColorSep
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from .grid import EM_BOX_TOP
from .place import Layout, PlacedLine, PlacedRect, PlacedText
from .units import MM

FontName = Callable[[str], str]  # spec font name → registered ReportLab name


def _cmyk(c: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (c[0] / 100, c[1] / 100, c[2] / 100, c[3] / 100)


@dataclass(frozen=True, slots=True)
class Sheet:
    """Print geometry around the trim: bleed, and a slug for marks outside it."""

    bleed: float = 0.0  # pt
    marks: bool = False

    @property
    def margin(self) -> float:
        return self.bleed + (MARK_SLUG if self.marks else 0.0)


MARK_SLUG = 10 * MM  # room outside the bleed for crop and registration marks
MARK_LEN = 6 * MM


def render_pdf(layout: Layout, font_name: FontName, initial_font: str, *, title: str = "",
               date: _dt.date | None = None, sheet: bool = False, proof: bool = False,
               geometry: Sheet = Sheet()) -> bytes:
    """`initial_font` (a spec font name) replaces ReportLab's default Helvetica, which would
    otherwise be referenced unembedded on every page. `sheet` draws a spread as one
    double-width page; `proof` adds the grid, block outlines and names, and overflow in red.
    Every page gets a TrimBox and a BleedBox; with marks, the MediaBox has room for them."""
    from reportlab import rl_config

    rl_config.useA85 = 0  # binary streams: ASCII85 in pure Python costs seconds per photo page
    g = layout.grid
    buf = io.BytesIO()
    width = g.trim_w * (g.pages if sheet else 1)
    m = geometry.margin
    media = (width + 2 * m, g.trim_h + 2 * m)
    c = Canvas(buf, pagesize=media, invariant=1, pageCompression=1,
               initialFontName=font_name(initial_font), enforceColorSpace="sep_cmyk")
    c.setTitle(title)
    c.setCreator("banmian")
    c.setProducer("banmian")
    if date is not None:
        # invariant mode fixes the dates; the spec's date is the document's date
        c._doc.info.creationDate = date.strftime("D:%Y%m%d000000+00'00'")
    b = geometry.bleed
    for page in ((None,) if sheet else range(g.pages)):
        c.setTrimBox((m, m, m + width, m + g.trim_h))
        c.setBleedBox((m - b, m - b, m + width + b, m + g.trim_h + b))
        c.saveState()
        c.translate(m, m)
        _page(c, layout, page, font_name, width, b)
        if proof:
            _proof(c, layout, page, font_name(initial_font))
        if geometry.marks:
            _marks(c, width, g.trim_h, b)
        c.restoreState()
        c.showPage()
    c.save()
    return buf.getvalue()


def _visible(page: int | None, item_page: int) -> bool:
    return page is None or item_page == page or item_page == -1


def _page(c: Canvas, layout: Layout, page: int | None, font_name: FontName,
          width: float, bleed: float) -> None:
    g = layout.grid
    dx = (page or 0) * g.trim_w
    h = g.trim_h
    c.saveState()
    p = c.beginPath()  # items that cross the fold run on into the bleed of each page
    p.rect(-bleed, -bleed, width + 2 * bleed, g.trim_h + 2 * bleed)
    c.clipPath(p, stroke=0, fill=0)
    for r in layout.rects:
        if _visible(page, r.page):
            _rect(c, r, dx, h)
    for im in layout.images:
        if _visible(page, im.page):
            c.drawImage(_Jpeg(im.jpeg), im.rect.x - dx, h - im.rect.y1, im.rect.w, im.rect.h)
    for ln in layout.lines:
        if _visible(page, ln.page):
            _line(c, ln, dx, h)
    for d in layout.drawings:
        if _visible(page, d.page):
            _drawing(c, d, dx, h, font_name)
    for t in layout.texts:
        if _visible(page, t.page):
            _text(c, t, dx, h, width, font_name)
    c.restoreState()


class _Jpeg(ImageReader):
    """A CMYK JPEG that ReportLab embeds as it is. Its bytes name it: for an ordinary image
    reader ReportLab would decode every pixel only to compute the image's name."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))
        self._raw = data
        self._dataA = None  # no soft mask

    def getRGBData(self) -> bytes:  # noqa: N802 (ReportLab's name)
        return self._raw


def _drawing(c: Canvas, pd, dx: float, h: float, font_name: FontName) -> None:
    """A chart: its shapes as paths and its labels as text in the page's fonts and inks."""
    from figures import Shape

    inks = dict(pd.inks)
    fonts = dict(pd.fonts)
    x0, y0 = pd.rect.x - dx, h - pd.rect.y1  # the drawing's lower-left corner on the page
    c.saveState()
    c.translate(x0, y0)
    for it in pd.drawing.items:
        if isinstance(it, Shape):
            p = c.beginPath()
            for op, pts in it.segments:
                if op == "M":
                    p.moveTo(*pts)
                elif op == "L":
                    p.lineTo(*pts)
                elif op == "C":
                    p.curveTo(*pts)
                else:
                    p.close()
            if it.fill:
                c.setFillColorCMYK(*_cmyk(inks[it.fill]))
            if it.stroke:
                c.setStrokeColorCMYK(*_cmyk(inks[it.stroke]))
                c.setLineWidth(it.width)
            c.drawPath(p, stroke=1 if it.stroke else 0, fill=1 if it.fill else 0)
        else:
            colour = inks[it.color]
            black = colour == (0, 0, 0, 100)
            c.setFillColorCMYK(*_cmyk(colour))
            c.setFillOverprint(black)
            c.setOverprintMask(black)
            c.saveState()
            c.translate(it.x, it.y)
            if it.angle:
                c.rotate(it.angle)
            c.setFont(font_name(fonts[it.font]), it.size)
            c.drawString(0, 0, it.text)
            c.restoreState()
    c.restoreState()


REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")


def _marks(c: Canvas, w: float, h: float, bleed: float) -> None:
    """Crop marks at the corners and registration targets at the sides, in registration
    colour, all outside the bleed."""
    c.saveState()
    c.setStrokeColor(REGISTRATION)
    c.setLineWidth(0.25)
    gap = bleed + 1 * MM
    for x in (0.0, w):
        for y in (0.0, h):
            sx = -1 if x == 0 else 1
            sy = -1 if y == 0 else 1
            c.line(x + sx * gap, y, x + sx * (gap + MARK_LEN), y)
            c.line(x, y + sy * gap, x, y + sy * (gap + MARK_LEN))
    r = 2 * MM
    off = gap + MARK_LEN / 2
    for cx, cy in ((w / 2, -off), (w / 2, h + off), (-off, h / 2), (w + off, h / 2)):
        c.circle(cx, cy, r, stroke=1, fill=0)
        c.line(cx - r * 1.5, cy, cx + r * 1.5, cy)
        c.line(cx, cy - r * 1.5, cx, cy + r * 1.5)
    c.restoreState()


def _line(c: Canvas, ln: PlacedLine, dx: float, h: float) -> None:
    c.setStrokeColorCMYK(*_cmyk(ln.color))
    c.setLineWidth(ln.width)
    if ln.dash:
        c.setLineCap(1)
        c.setDash(list(ln.dash))
    c.line(ln.x0 - dx, h - ln.y0, ln.x1 - dx, h - ln.y1)
    if ln.dash:
        c.setDash([])
        c.setLineCap(0)


PROOF_GRID = (40, 0, 0, 0)  # cyan
PROOF_BLOCK = (0, 60, 0, 0)  # magenta
PROOF_OVER = (0, 100, 100, 0)  # red


def _proof(c: Canvas, layout: Layout, page: int | None, font: str) -> None:
    """The proof overlay: column bands and baselines of the grid, every block's outline and
    name, and blocks that do not fit outlined in red with what is over."""
    g = layout.grid
    pages = range(g.pages) if page is None else (page,)
    dx = (page or 0) * g.trim_w
    h = g.trim_h
    c.saveState()
    c.setLineWidth(0.25)
    c.setStrokeColorCMYK(*_cmyk(PROOF_GRID))
    for p in pages:
        for col in range(1, g.columns + 1):
            x = g.col_x(p, col) - dx
            c.rect(x, h - g.y0 - g.height, g.column_w, g.height, stroke=1, fill=0)
        for line in range(1, g.lines + 1):
            y = h - g.baseline(line)
            c.line(g.col_x(p, 1) - dx, y, g.col_x(p, g.columns) + g.column_w - dx, y)
    over = {f.block: f for f in layout.fits if f.status == "overflow"}
    for b in layout.blocks:
        if not _visible(page, b.page):
            continue
        bad = b.id in over
        c.setStrokeColorCMYK(*_cmyk(PROOF_OVER if bad else PROOF_BLOCK))
        c.setFillColorCMYK(*_cmyk(PROOF_OVER if bad else PROOF_BLOCK))
        c.setLineWidth(1.5 if bad else 0.5)
        c.rect(b.rect.x - dx, h - b.rect.y1, b.rect.w, b.rect.h, stroke=1, fill=0)
        label = b.id + (f"  {over[b.id].detail}" if bad else "")
        c.setFont(font, 6)
        c.drawString(b.rect.x - dx + 1.5, h - b.rect.y - 6.5, label)
    c.restoreState()


def _rect(c: Canvas, r: PlacedRect, dx: float, h: float) -> None:
    x, y = r.rect.x - dx, h - r.rect.y1
    if r.dash:
        c.setDash(list(r.dash))
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
    # 100 % K text overprints, so misregistration never shows paper-white around it
    black = t.color == (0, 0, 0, 100)
    c.setFillOverprint(black)
    c.setOverprintMask(black)
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
    c._code.append(_tj(c, name, t.size, t.x - dx, h - t.baseline, glyphs))


_ADVANCE: dict[str, dict[str, float]] = {}


def _tj(c: Canvas, name: str, size: float, x: float, y: float, glyphs: list) -> str:
    """One text object per line: runs at their natural advance share a TJ string, and each
    justification or autospace gap is a TJ number, so a line is a few operators, not one per
    glyph (most of the renderer's time went to per-glyph text objects)."""
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfbase.pdfmetrics import getFont

    font = getFont(name)
    doc = c._doc
    esc = c._escape
    sz = fp_str(size)
    widths = _ADVANCE.setdefault(name, {})  # 1/1000 em, per character
    names: dict[int, str] = {}
    # one byte per character in its subset's encoding
    cells = [(sub, bytes((v,))) for sub, bs in font.splitString(
        "".join(gl.ch for gl in glyphs), doc) for v in bs]
    out = [f"BT 1 0 0 1 {fp_str(x + glyphs[0].x)} {fp_str(y)} Tm"]
    arr: list[str] = []
    run = bytearray()
    subset = None
    pen = glyphs[0].x
    i = 0
    for gl in glyphs:
        gap = gl.x - pen
        if abs(gap) > 1e-4:
            if run:
                arr.append(f"({esc(bytes(run))})")
                run.clear()
            arr.append(fp_str(-gap * 1000 / size))
        for sub, byte in cells[i:i + len(gl.ch)]:
            if sub != subset:
                if run:
                    arr.append(f"({esc(bytes(run))})")
                    run.clear()
                if arr:  # a TJ may end on a number: the gap moves the pen all the same
                    out.append(f"[{' '.join(arr)}] TJ")
                    arr = []
                if sub not in names:
                    names[sub] = font.getSubsetInternalName(sub, doc)
                out.append(f"{names[sub]} {sz} Tf")
                subset = sub
            run += byte
        i += len(gl.ch)
        w = widths.get(gl.ch)
        if w is None:
            w = widths[gl.ch] = font.stringWidth(gl.ch, 1000)
        pen = gl.x + w * size / 1000
    if run:
        arr.append(f"({esc(bytes(run))})")
    if arr:
        out.append(f"[{' '.join(arr)}] TJ")
    out.append("ET")
    return "\n".join(out)
