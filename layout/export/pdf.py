"""The PDF exporter: a page model → PDF bytes on a ReportLab canvas.

It reads only the page model and owns every ReportLab detail, internals included (the content
stream, the document's info, string escaping), so no other module depends on them, and it
leaves no global ReportLab setting changed after a render. Glyphs go where the composer put
them (ReportLab's Paragraph cannot set Chinese); colours are CMYK; the canvas is invariant, so
the same page model gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reportlab.lib.colors import CMYKColorSep
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

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
from .tags import ARTIFACT, StructPlan, Tagger, across, actual_text, artifact, spaced

FontName = Callable[[str], str]  # spec font name → registered ReportLab name


def _cmyk(c: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (c[0] / 100, c[1] / 100, c[2] / 100, c[3] / 100)


def _cmyk_only(color):
    """The canvas's colour guard: CMYK (and separations) pass exactly as given, anything else
    is refused. ReportLab's own "sep_cmyk" guard takes any colour whose R, G and B come out
    equal for a grey and turns it into black alone, so a rich black 40/30/30/100 or a neutral
    20/20/20/50 was written as 0/0/0/100 and 0/0/0/70."""
    from reportlab.lib.colors import CMYKColor, toColor

    tc = toColor(color) if not isinstance(color, tuple) else CMYKColor(*color)
    if not isinstance(tc, CMYKColor):
        raise ValueError(f"non-CMYK colour {color!r}: banmian draws in CMYK only")
    return tc


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


def render_pdf(model: PageModel, font_name: FontName, initial_font: str, *, title: str = "",
               date: _dt.date | None = None, sheet: bool = False, geometry: Sheet = Sheet(),
               overlay: tuple[Item, ...] = ()) -> bytes:
    """`initial_font` (a spec font name) replaces ReportLab's default Helvetica, which would
    otherwise be referenced unembedded on every page. `sheet` draws a spread as one
    double-width page; `overlay` items (the proof) are drawn over each page, unclipped.
    Every page gets a TrimBox and a BleedBox; with marks, the MediaBox has room for them."""
    return _guarded(model, font_name, initial_font, title, date, sheet, geometry, overlay, None)


def render_tagged_pdf(model: PageModel, font_name: FontName, initial_font: str, *,
                      title: str = "", date: _dt.date | None = None,
                      geometry: Sheet = Sheet()) -> tuple[bytes, StructPlan]:
    """The print PDF with every item in marked content: structure (with an MCID) or
    artifact; the plan says which MCID is which element, for `tags.apply` once the file is
    finished (layout/export/tags.py)."""
    tagger = Tagger(model, title)
    pdf = _guarded(model, font_name, initial_font, title, date, False, geometry, (), tagger)
    return pdf, tagger.finish()


def _guarded(model: PageModel, font_name: FontName, initial_font: str, title: str,
             date: _dt.date | None, sheet: bool, geometry: Sheet, overlay: tuple[Item, ...],
             tagger: Tagger | None) -> bytes:
    from reportlab import rl_config

    saved = rl_config.useA85
    rl_config.useA85 = 0  # binary streams: ASCII85 in pure Python costs seconds per photo page
    try:
        return _render(model, font_name, initial_font, title, date, sheet, geometry, overlay,
                       tagger)
    finally:
        rl_config.useA85 = saved


def _render(model: PageModel, font_name: FontName, initial_font: str, title: str,
            date: _dt.date | None, sheet: bool, geometry: Sheet,
            overlay: tuple[Item, ...], tagger: Tagger | None = None) -> bytes:
    g = model.grid
    buf = io.BytesIO()
    width = g.trim_w * (g.pages if sheet else 1)
    m = geometry.margin
    media = (width + 2 * m, g.trim_h + 2 * m)
    # ReportLab stamps an invariant document with SOURCE_DATE_EPOCH when it is set, and that
    # date feeds the document IDs: the spec's date alone must decide the bytes
    epoch = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        c = Canvas(buf, pagesize=media, invariant=1, pageCompression=1,
                   initialFontName=font_name(initial_font), enforceColorSpace=_cmyk_only)
    finally:
        if epoch is not None:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
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
        dx = (page or 0) * g.trim_w
        if tagger is None:
            pen = _Pen(c, dx, g.trim_h, width, font_name)
        else:
            tagger.page = page or 0
            pen = _TaggedPen(c, dx, g.trim_h, width, font_name, tagger, m)
        c.saveState()
        p = c.beginPath()  # items that cross the fold run on into the bleed of each page
        p.rect(-b, -b, width + 2 * b, g.trim_h + 2 * b)
        c.clipPath(p, stroke=0, fill=0)
        pen.draw(_on(model.items, page))
        c.restoreState()
        if overlay:
            c.saveState()
            pen.draw(_on(overlay, page))
            c.restoreState()
        if geometry.marks:
            if tagger is not None:
                c._code.append(ARTIFACT)
            _marks(c, width, g.trim_h, b)
            if tagger is not None:
                c._code.append("EMC")
        c.restoreState()
        c.showPage()
        c._doc.Pages.pages[-1].Trans = None  # ReportLab's empty /Trans <<>>: no transition
    c.save()
    return buf.getvalue()


def _on(items: Iterable[Item], page: int | None) -> Iterable[Item]:
    """The items a page shows: its own, and those that cross the fold (page -1)."""
    return (it for it in items if page is None or it.page == page or it.page == -1)


class _Pen:
    """Draws page-model items on one page: flips y and shifts a spread's right page left."""

    def __init__(self, c: Canvas, dx: float, h: float, page_w: float, font_name: FontName):
        self.c, self.dx, self.h, self.page_w, self.font_name = c, dx, h, page_w, font_name

    def draw(self, items: Iterable[Item]) -> None:
        for it in items:
            if isinstance(it, GlyphRun):
                self.glyphs(it)
            elif isinstance(it, VerticalRun):
                self.vertical(it)
            elif isinstance(it, Box):
                self.box(it)
            elif isinstance(it, Stroke):
                self.stroke(it)
            elif isinstance(it, Picture):
                self.picture(it)
            elif isinstance(it, Group):
                self.group(it)
            elif isinstance(it, Text):
                self.text(it, it.x - self.dx, self.h - it.y)
            elif isinstance(it, Path):  # on the page (着重号 dots): y down from the top
                self.c.saveState()
                self.c.translate(-self.dx, self.h)
                self.c.scale(1, -1)
                self.path(it)
                self.c.restoreState()

    def box(self, r: Box) -> None:
        c = self.c
        x, y = r.rect.x - self.dx, self.h - r.rect.y1
        self.overprint(r.stroke, r.fill)
        if r.fill:
            c.setFillColorCMYK(*_cmyk(r.fill))
        if r.stroke:
            c.setStrokeColorCMYK(*_cmyk(r.stroke))
            c.setLineWidth(r.width)
        c.rect(x, y, r.rect.w, r.rect.h, stroke=1 if r.stroke else 0, fill=1 if r.fill else 0)
        if r.cross and r.stroke:
            c.line(x, y, x + r.rect.w, y + r.rect.h)
            c.line(x, y + r.rect.h, x + r.rect.w, y)

    def stroke(self, ln: Stroke) -> None:
        c = self.c
        self.overprint(ln.color, None)
        c.setStrokeColorCMYK(*_cmyk(ln.color))
        c.setLineWidth(ln.width)
        if ln.dash:
            c.setLineCap(1)
            c.setDash(list(ln.dash))
        c.line(ln.x0 - self.dx, self.h - ln.y0, ln.x1 - self.dx, self.h - ln.y1)
        if ln.dash:
            c.setDash([])
            c.setLineCap(0)

    def picture(self, im: Picture) -> None:
        self.c.drawImage(_Jpeg(im.jpeg), im.rect.x - self.dx, self.h - im.rect.y1, im.rect.w,
                         im.rect.h)

    def group(self, gr: Group) -> None:
        """A chart: its shapes as paths and its labels as text, in its own y-up frame."""
        c = self.c
        c.saveState()
        c.translate(gr.rect.x - self.dx, self.h - gr.rect.y1)
        for it in gr.items:
            if isinstance(it, Path):
                self.path(it)
            else:
                self.text(it, it.x, it.y)
        c.restoreState()

    def path(self, it: Path) -> None:
        c = self.c
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
        self.overprint(it.stroke, it.fill)
        if it.fill:
            c.setFillColorCMYK(*_cmyk(it.fill))
        if it.stroke:
            c.setStrokeColorCMYK(*_cmyk(it.stroke))
            c.setLineWidth(it.width)
        c.drawPath(p, stroke=1 if it.stroke else 0, fill=1 if it.fill else 0)

    def text(self, it: Text, x: float, y: float) -> None:
        c = self.c
        self.ink(it.color)
        c.saveState()
        c.translate(x, y)
        if it.angle:
            c.rotate(it.angle)
        c.setFont(self.font_name(it.font), it.size)
        c.drawString(0, 0, it.text)
        c.restoreState()

    def ink(self, color: tuple[float, float, float, float]) -> None:
        """100 % K text overprints, so misregistration never shows paper-white around it."""
        self.overprint(None, color)
        self.c.setFillColorCMYK(*_cmyk(color))

    def overprint(self, stroke: tuple | None, fill: tuple | None) -> None:
        """100 % K strokes and fills overprint as 100 % K text does (OPM 1: the other inks
        under them print on); every other colour knocks out.

        In the PDF an ExtGState that sets OP alone sets op too. ReportLab writes one key per
        ExtGState and judges whether op must be written from what it last wrote, so after a
        change of OP it is told op changed with it."""
        c = self.c
        state = c._extgstate
        op_stroke = stroke is not None and tuple(stroke) == (0, 0, 0, 100)
        op_fill = fill is not None and tuple(fill) == (0, 0, 0, 100)
        if state.getValue("OP") != op_stroke:
            c.setStrokeOverprint(op_stroke)
            state._d["op"] = op_stroke
        c.setFillOverprint(op_fill)
        c.setOverprintMask(op_stroke or op_fill)

    def vertical(self, t: VerticalRun) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        c = self.c
        name = self.font_name(t.font)
        self.ink(t.color)
        for cell in t.cells:
            to = c.beginText()
            to.setFont(name, t.size)
            x = t.x - self.dx
            if len(cell.ch) > 1:  # 纵中横: a short number across the column, at most 1 字 wide
                w = stringWidth(cell.ch, name, t.size)
                scale = min(1.0, 0.96 * t.size / w)
                to.setHorizScale(scale * 100)
                x += (t.size - w * scale) / 2
            to.setTextOrigin(x, self.h - cell.y)
            to.textOut(cell.ch)
            c.drawText(to)

    def on_page(self, t: GlyphRun, gl) -> bool:
        """Whether this page shows a glyph: those wholly outside it (the other half of a spread
        item) are not written, so text extraction of a page gives only what the page shows."""
        return -t.size < t.x - self.dx + gl.x < self.page_w

    def shown(self, t: GlyphRun) -> list:
        return [gl for gl in t.glyphs if self.on_page(t, gl)]

    def glyphs(self, t: GlyphRun) -> None:
        shown = [(gl, ink) for gl, ink in zip(t.glyphs, t.painted, strict=True)
                 if self.on_page(t, gl)]
        if not shown:
            return
        self.ink(t.color)
        c = self.c
        x, y = t.x - self.dx, self.h - t.y
        c._code.append(_tj(c, self.font_name(t.font), t.size, x, y, shown))
        for gl, _ in shown:  # a dash or an ellipsis: its own ink, over its unpainted glyphs
            mk = gl.mark
            if mk is None:
                continue
            if mk.shape == "rule":
                c.rect(x + gl.x + mk.x0, y + mk.y - mk.weight / 2, mk.width, mk.weight,
                       stroke=0, fill=1)
            else:
                for cx, _, r in mk.boxes(x + gl.x, 0.0):  # y up here: the centre line
                    c.circle(cx, y + mk.y, r, stroke=0, fill=1)


class _TaggedPen(_Pen):
    """A pen that wraps each item in marked content: an MCID of its structure element, or an
    artifact; text whose glyphs are not its characters also gets an ActualText span."""

    def __init__(self, c: Canvas, dx: float, h: float, page_w: float, font_name: FontName,
                 tagger: Tagger, margin: float):
        super().__init__(c, dx, h, page_w, font_name)
        self.tagger, self.m = tagger, margin

    def draw(self, items: Iterable[Item]) -> None:
        code = self.c._code
        for it in items:
            e = self.tagger.element(it)
            start = len(code)
            code.append(self.tagger.mark(e, self._bbox(it)) if e is not None else artifact(it))
            super().draw((it,))
            if len(code) == start + 1:  # nothing drawn on this page
                code.pop()
                if e is not None:
                    self.tagger.unmark()
            else:
                code.append("EMC")

    def _bbox(self, it: Item) -> tuple[float, float, float, float] | None:
        if not isinstance(it, Picture | Group):
            return None
        r = it.rect
        x0 = self.m + r.x - self.dx
        y0 = self.m + self.h - r.y1
        return (x0, y0, x0 + r.w, y0 + r.h)

    def glyphs(self, t: GlyphRun) -> None:
        text = "".join(gl.ch for gl in self.shown(t))
        if not (text and spaced(text)):
            super().glyphs(t)
            return
        code = self.c._code
        code.append(actual_text(text))
        super().glyphs(t)
        code.append("EMC")

    def vertical(self, t: VerticalRun) -> None:
        code = self.c._code
        code.append(actual_text(across(t)))
        super().vertical(t)
        code.append("EMC")


class _Jpeg(ImageReader):
    """A CMYK JPEG that ReportLab embeds as it is. Its bytes name it: for an ordinary image
    reader ReportLab would decode every pixel only to compute the image's name."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))
        self._raw = data
        self._dataA = None  # no soft mask

    def getRGBData(self) -> bytes:  # noqa: N802 (ReportLab's name)
        return self._raw


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


_ADVANCE: dict[str, dict[str, float]] = {}


def _tj(c: Canvas, name: str, size: float, x: float, y: float, shown: list) -> str:
    """One text object per line: runs at their natural advance share a TJ string, and each
    justification or autospace gap is a TJ number, so a line is a few operators, not one per
    glyph (most of the renderer's time went to per-glyph text objects). Glyphs a mark draws
    are written in text render mode 3 (invisible): there for copying and search, not ink."""
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfbase.pdfmetrics import getFont

    glyphs = [gl for gl, _ in shown]
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
    visible = True
    for gl, ink in shown:
        if ink != visible:  # the render mode changes between TJ operators
            if run:
                arr.append(f"({esc(bytes(run))})")
                run.clear()
            if arr:
                out.append(f"[{' '.join(arr)}] TJ")
                arr = []
            out.append("0 Tr" if ink else "3 Tr")
            visible = ink
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
    if not visible:
        out.append("0 Tr")  # the render mode outlives the text object: leave it as found
    out.append("ET")
    return "\n".join(out)
