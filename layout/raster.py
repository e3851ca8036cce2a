"""Pages of a PDF as pictures: the one place banmian asks pdfium to rasterise.

The preview, the diff, the preview server and the README's pictures all draw pages here. Some
of those PDFs come from anywhere (`banmian diff a.pdf b.pdf`), so opening and drawing are
guarded in this one place: pdfium's errors become an `InputError` that names the file, a page
whose boxes have no area is refused, and the pixels a document may cost are counted before any
is drawn, so a 2,000-page file or a MediaBox metres wide is a one-line refusal, not a machine
out of memory.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import stat
import sys
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .diag import InputError

if TYPE_CHECKING:
    from PIL import Image

# A double-width broadsheet sheet at 300 dpi is 49 megapixels: one page may cost a little more,
# about 200 MB of RGB while it is drawn. A document may cost 1,000 megapixels in all (a
# hundred broadsheet pages at 100 dpi) and 500 pages, which bounds the work of a whole diff.
MAX_PAGES = 500
MAX_PAGE_PIXELS = 64_000_000
MAX_TOTAL_PIXELS = 1_000_000_000
DPI_LIMITS = (1.0, 2400.0)
# pdfium inflates a stream whole and aborts the process when memory runs out: a PDF from
# outside is measured first (a page's content is about 1 MB, a 300 ppi CMYK photo 100 MB)
MAX_STREAM_BYTES = 256 * 2**20
MAX_INFLATED_BYTES = 4 * 2**30

Box = Literal["trim", "page"]


@dataclass(frozen=True, slots=True)
class Frame:
    """What of a page is drawn, in PDF units (1/72 in): the size shown and the amounts pdfium
    cuts off its bitmap (left, bottom, right, top, after the page's /Rotate)."""

    width: float
    height: float
    crop: tuple[float, float, float, float]

    def pixels(self, dpi: float) -> tuple[int, int]:
        k = dpi / 72
        return max(1, math.ceil(self.width * k)), max(1, math.ceil(self.height * k))


def _fmt(box: tuple[float, ...]) -> str:
    return "[" + " ".join(f"{v:g}" for v in box) + "]"


def _reason(e: Exception) -> str:
    """pdfium's words without its boilerplate: 'Data format error', 'Incorrect password'."""
    text = str(e)
    if "(PDFium: " in text:
        text = text.split("(PDFium: ", 1)[1].rstrip(").")
    return text.rstrip(".") or type(e).__name__


class Pages:
    """An open PDF whose pages can be drawn; use it as a context manager.

    `source` is the PDF's bytes or a path; `name` is what messages call it (the path by
    default). An `untrusted` file (by default: one given as a path, as `banmian diff` gets
    it) has its compressed streams measured before pdfium sees them."""

    def __init__(self, source: bytes | Path, name: str | None = None, *,
                 max_pages: int = MAX_PAGES, untrusted: bool | None = None) -> None:
        import pypdfium2 as pdfium

        self.name = name or (str(source) if isinstance(source, Path) else "the PDF")
        opened: bytes | str
        if isinstance(source, Path):
            try:
                st = source.stat()
            except OSError as e:
                raise InputError.one(f"{self.name}: cannot read: {e.strerror or e}") from None
            if not stat.S_ISREG(st.st_mode):
                raise InputError.one(f"{self.name}: not a regular file")
            opened = str(source)
        else:
            opened = source
        if untrusted if untrusted is not None else isinstance(source, Path):
            _refuse_bombs(source, self.name)
        try:
            self.doc = pdfium.PdfDocument(opened)
        except pdfium.PdfiumError as e:
            reason = _reason(e)
            what = "encrypted" if "password" in reason.lower() else f"not a readable PDF ({reason})"
            raise InputError.one(f"{self.name}: {what}") from None
        except OSError as e:
            raise InputError.one(f"{self.name}: cannot read: {e.strerror or e}") from None
        self.count = len(self.doc)
        if self.count > max_pages:
            self.close()
            raise InputError.one(f"{self.name}: {self.count} pages; banmian draws at most "
                                 f"{max_pages} pages of one PDF")
        if self.count == 0:
            self.close()
            raise InputError.one(f"{self.name}: the PDF has no pages")
        self._frames: dict[tuple[int, str], Frame] = {}

    def __len__(self) -> int:
        return self.count

    def __enter__(self) -> Pages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.doc.close()

    def _page(self, index: int):
        import pypdfium2 as pdfium

        if not 0 <= index < self.count:
            raise IndexError(f"page {index + 1} of {self.count}")
        try:
            return self.doc[index]
        except pdfium.PdfiumError as e:
            raise InputError.one(f"{self.name}: page {index + 1} cannot be read "
                                 f"({_reason(e)})") from None

    def frame(self, index: int, box: Box = "trim") -> Frame:
        """The drawn area of a page: its TrimBox (the page as the reader holds it, without
        bleed and marks) or the whole visible page. A MediaBox or TrimBox without area, or a
        TrimBox off the page, is refused: nothing sensible can be drawn from it."""
        key = (index, box)
        if key in self._frames:
            return self._frames[key]
        page = self._page(index)
        try:
            where = f"{self.name}: page {index + 1}"
            media = page.get_mediabox(fallback_ok=False)  # as written (None when inherited)
            if media is not None:
                _refuse_degenerate(where, "MediaBox", media)
            # pdfium draws the visible box (CropBox ∩ MediaBox, inherited, normalised)
            x0, y0, x1, y1 = page.get_bbox()
            if not all(map(math.isfinite, (x0, y0, x1, y1))) or x1 <= x0 or y1 <= y0:
                raise InputError.one(f"{where}: the visible page {_fmt((x0, y0, x1, y1))} has "
                                     "no area")
            cut = (x0, y0, x1, y1)
            trim = page.get_trimbox(fallback_ok=False) if box == "trim" else None
            if trim is not None:
                _refuse_degenerate(where, "TrimBox", trim)
                t = (min(trim[0], trim[2]), min(trim[1], trim[3]),
                     max(trim[0], trim[2]), max(trim[1], trim[3]))
                cut = (max(t[0], x0), max(t[1], y0), min(t[2], x1), min(t[3], y1))
                if cut[2] <= cut[0] or cut[3] <= cut[1]:
                    raise InputError.one(f"{where}: TrimBox {_fmt(trim)} lies outside the page "
                                         f"{_fmt((x0, y0, x1, y1))}")
            crop = (cut[0] - x0, cut[1] - y0, x1 - cut[2], y1 - cut[3])
            turn = (page.get_rotation() // 90) % 4  # the crop applies to the turned page
            crop = tuple(crop[(i + turn) % 4] for i in range(4))
            w, h = cut[2] - cut[0], cut[3] - cut[1]
            frame = Frame(*((h, w) if turn % 2 else (w, h)), crop)  # type: ignore[arg-type]
        finally:
            page.close()
        self._frames[key] = frame
        return frame

    def check_budget(self, dpi: float, box: Box = "trim", pages: range | None = None,
                     budget: int = MAX_TOTAL_PIXELS) -> int:
        """Refuse before any drawing when the pages at `dpi` would cost more pixels than one
        page or one document may; returns the total."""
        _check_dpi(dpi)
        total = 0
        for i in pages if pages is not None else range(self.count):
            total += self._page_pixels(i, dpi, box)
        if total > budget:
            raise InputError.one(f"{self.name}: {self.count} pages at {dpi:g} dpi are "
                                 f"{total / 1e6:,.0f} megapixels; banmian draws at most "
                                 f"{budget / 1e6:,.0f} of one PDF (a lower dpi or fewer "
                                 "pages)")
        return total

    def _page_pixels(self, index: int, dpi: float, box: Box) -> int:
        w, h = self.frame(index, box).pixels(dpi)
        if w * h > MAX_PAGE_PIXELS:
            f = self.frame(index, box)
            raise InputError.one(f"{self.name}: page {index + 1} is {f.width / 72 * 25.4:,.0f}"
                                 f"×{f.height / 72 * 25.4:,.0f} mm: at {dpi:g} dpi that is "
                                 f"{w * h / 1e6:,.0f} megapixels; banmian draws at most "
                                 f"{MAX_PAGE_PIXELS / 1e6:.0f} for one page (a lower dpi)")
        return w * h

    def render(self, index: int, dpi: float, *, box: Box = "trim",
               grey: bool = False) -> Image.Image:
        """Page `index` (0-based) at `dpi`, cut to `box`: an RGB picture, or L when `grey`."""
        import pypdfium2 as pdfium

        _check_dpi(dpi)
        self._page_pixels(index, dpi, box)
        frame = self.frame(index, box)
        page = self._page(index)
        try:
            bitmap = page.render(scale=dpi / 72, crop=frame.crop, grayscale=grey)
            img = bitmap.to_pil()
        except pdfium.PdfiumError as e:
            raise InputError.one(f"{self.name}: page {index + 1} cannot be drawn "
                                 f"({_reason(e)})") from None
        finally:
            page.close()
        return img.convert("L" if grey else "RGB")

    def text(self, index: int) -> str:
        """The page's text as pdfium extracts it (in content order)."""
        import pypdfium2 as pdfium

        page = self._page(index)
        try:
            tp = page.get_textpage()
            try:
                return tp.get_text_range()
            finally:
                tp.close()
        except pdfium.PdfiumError as e:
            raise InputError.one(f"{self.name}: the text of page {index + 1} cannot be read "
                                 f"({_reason(e)})") from None
        finally:
            page.close()


def _refuse_degenerate(where: str, name: str, box: tuple[float, float, float, float]) -> None:
    x0, y0, x1, y1 = box
    if not all(map(math.isfinite, box)):
        raise InputError.one(f"{where}: {name} {_fmt(box)} is not finite")
    if x1 - x0 <= 0 or y1 - y0 <= 0:
        raise InputError.one(f"{where}: {name} {_fmt(box)} is degenerate (width "
                             f"{x1 - x0:g} pt, height {y1 - y0:g} pt)")


def _check_dpi(dpi: float) -> None:
    lo, hi = DPI_LIMITS
    if not (math.isfinite(dpi) and lo <= dpi <= hi):
        raise InputError.one(f"{dpi:g} dpi: a page is drawn at {lo:g} to {hi:g} dpi")


def inflated_size(raw: bytes, limit: int) -> int:
    """How many bytes zlib data inflates to, counted a megabyte at a time into nothing and
    given up past `limit` (limit + 1 is returned then): a bomb is measured, never held.
    Data that is not valid zlib counts what inflated before the error."""
    d = zlib.decompressobj()
    size = 0
    try:
        for i in range(0, len(raw), 65536):
            chunk = raw[i:i + 65536]
            while chunk:
                size += len(d.decompress(chunk, 1 << 20))
                if size > limit:
                    return limit + 1
                chunk = d.unconsumed_tail
            if d.eof:
                break
    except zlib.error:
        pass
    return size


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """File descriptor 2 pointed at /dev/null for the duration: qpdf writes some repair
    notes straight there, and a command's error output must stay one line."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no descriptor 2 to borrow
        yield
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


def _size(n: int) -> str:
    return f"{n / 2**30:g} GB" if n >= 2**30 else f"{n / 2**20:g} MB"


def _refuse_bombs(source: bytes | Path, name: str) -> None:
    """Refuse a PDF with a Flate stream that inflates past MAX_STREAM_BYTES, or streams that
    together pass MAX_INFLATED_BYTES. A file qpdf cannot open is left to pdfium to judge."""
    import pikepdf

    total = 0
    with quiet_stderr(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            pdf = pikepdf.open(source if isinstance(source, Path) else io.BytesIO(source))
        except (pikepdf.PikepdfError, OSError, ValueError):
            return
        with pdf:
            try:
                objects = list(pdf.objects)
            except pikepdf.PikepdfError:
                return
            for obj in objects:
                try:
                    if not isinstance(obj, pikepdf.Stream):
                        continue
                    f = obj.get("/Filter")
                    first = f[0] if isinstance(f, pikepdf.Array) and len(f) else f
                    if first != "/FlateDecode":
                        continue
                    size = inflated_size(obj.read_raw_bytes(), MAX_STREAM_BYTES)
                except pikepdf.PikepdfError:
                    continue
                num, gen = obj.objgen
                if size > MAX_STREAM_BYTES:
                    raise InputError.one(f"{name}: object {num} {gen} inflates to more than "
                                         f"{_size(MAX_STREAM_BYTES)}; banmian draws no PDF "
                                         "with such a stream")
                total += size
                if total > MAX_INFLATED_BYTES:
                    raise InputError.one(f"{name}: the compressed streams inflate to more "
                                         f"than {_size(MAX_INFLATED_BYTES)}; banmian draws "
                                         "no PDF that large")


def render_page(source: bytes | Path, index: int, dpi: float, *, box: Box = "trim",
                grey: bool = False, name: str | None = None) -> Image.Image:
    """One page of a PDF (bytes or a path) as a picture: opened, checked and drawn."""
    with Pages(source, name) as doc:
        return doc.render(index, dpi, box=box, grey=grey)
