"""Pictures for screens: each page drawn once by pdfium at the largest width a screen asks for
and scaled down for the others, as WebP with a JPEG fallback; photos through the output
profile into sRGB at web sizes.

The widths cover a phone (390 CSS px at 3× takes 1440), a desktop showing the page at the
window's height (960), a 4K screen (1440–2160) and a thumbnail. Encoding is most of the time,
so the encodes run on two threads; Pillow's encoders release the interpreter while they work.
Each picture depends only on its pixels and settings, so the same page gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

PAGE_WIDTHS = (640, 960, 1440)
THUMB_WIDTHS = (240, 480)
PHOTO_WIDTHS = (640, 1280)
WEBP_QUALITY = 78
WEBP_METHOD = 2  # method 4 makes files 2 % smaller in 1.7 times the time
JPEG_QUALITY = 80
PHOTO_QUALITY = 82
WORKERS = 2


@dataclass(frozen=True, slots=True)
class Rendition:
    name: str  # file name under img/
    width: int
    height: int
    media: str  # image/webp | image/jpeg


def page_pictures(pdf: bytes, pages: list[tuple[int, str]], trim_w_pt: float
                  ) -> list[Callable[[], list[tuple[Rendition, bytes]]]]:
    """Jobs that draw each (page index, file stem) of a PDF and encode its renditions."""
    from ..raster import Pages

    dpi = PAGE_WIDTHS[-1] / (trim_w_pt / 72)
    with Pages(pdf, "the e-paper's page") as doc:
        doc.check_budget(dpi, pages=range(len(doc)))
        drawn = [(stem, doc.render(i, dpi)) for i, stem in pages]
    jobs = []
    for stem, img in drawn:
        for w in PAGE_WIDTHS:
            jobs.append(_job(img, f"{stem}-{w}", w, ("webp", "jpeg")))
        for w in THUMB_WIDTHS:
            jobs.append(_job(img, f"{stem}-thumb-{w}", w, ("webp", "jpeg")))
    return jobs


def _job(img, stem: str, width: int, formats: tuple[str, ...]):
    def run() -> list[tuple[Rendition, bytes]]:
        from PIL import Image

        w = min(width, img.width)
        h = round(img.height * w / img.width)
        small = img if w == img.width else img.resize((w, h), Image.LANCZOS)
        out = []
        for fmt in formats:
            buf = io.BytesIO()
            if fmt == "webp":
                small.save(buf, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
                out.append((Rendition(f"{stem}.webp", w, h, "image/webp"), buf.getvalue()))
            else:
                small.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
                out.append((Rendition(f"{stem}.jpg", w, h, "image/jpeg"), buf.getvalue()))
        return out
    return run


def photo_job(jpeg: bytes, profile: Path, stem: str):
    """A print photo (CMYK JPEG) as sRGB JPEGs at web widths, never larger than it is."""
    def run() -> list[tuple[Rendition, bytes]]:
        from PIL import Image

        from ..color import screen_image

        img = Image.open(io.BytesIO(jpeg))
        img.load()
        rgb = screen_image(img, profile)
        out = []
        widths = sorted({min(w, rgb.width) for w in PHOTO_WIDTHS})
        for w in widths:
            h = round(rgb.height * w / rgb.width)
            small = rgb if w == rgb.width else rgb.resize((w, h), Image.LANCZOS)
            buf = io.BytesIO()
            small.save(buf, "JPEG", quality=PHOTO_QUALITY, optimize=True, progressive=True)
            out.append((Rendition(f"{stem}-{w}.jpg", w, h, "image/jpeg"), buf.getvalue()))
        return out
    return run


def run_jobs(jobs: list[Callable[[], list[tuple[Rendition, bytes]]]]
             ) -> list[list[tuple[Rendition, bytes]]]:
    """Every job's renditions, in the jobs' order whatever order they finish in."""
    if len(jobs) < 2:
        return [j() for j in jobs]
    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(lambda j: j(), jobs))
