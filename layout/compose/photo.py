"""Pictures for print: crop to the frame around a focal point (or letterbox), orientation from
EXIF, downsampling to the target resolution (never up), conversion to the press's CMYK, and a
CMYK JPEG the PDF embeds as it is.

Prepared pictures are cached on disk by their inputs, so a re-render does no image work.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from ..diag import Diagnostics
from ..spec import Output, Photo


@dataclass(frozen=True, slots=True)
class Picture:
    jpeg: bytes  # CMYK JPEG, Adobe-inverted as Pillow writes it
    size: tuple[int, int]  # pixels embedded
    placed: tuple[float, float, float, float]  # x, y, w, h in pt inside the frame
    ppi: float  # effective resolution of the source at the placed size
    source: tuple[int, int]  # source pixels after EXIF orientation


def _crop_box(w: int, h: int, photo: Photo, frame_w: float, frame_h: float
              ) -> tuple[float, float, float, float]:
    """The part of the picture (in its pixels) that fills the frame: the manual crop box, then
    the largest rectangle of the frame's proportions around the focal point."""
    x0, y0, x1, y1 = (0.0, 0.0, float(w), float(h))
    if photo.crop:
        x0, y0, x1, y1 = (photo.crop[0] * w, photo.crop[1] * h, photo.crop[2] * w,
                          photo.crop[3] * h)
    if photo.fit == "fit":
        return x0, y0, x1, y1
    cw, ch = x1 - x0, y1 - y0
    aspect = frame_w / frame_h
    if cw / ch > aspect:
        nw, nh = ch * aspect, ch
    else:
        nw, nh = cw, cw / aspect
    fx = x0 + photo.focus[0] * cw
    fy = y0 + photo.focus[1] * ch
    left = min(max(fx - nw / 2, x0), x1 - nw)
    top = min(max(fy - nh / 2, y0), y1 - nh)
    return left, top, left + nw, top + nh


def _oriented_size(img) -> tuple[tuple[int, int], int]:
    orientation = img.getexif().get(0x0112, 1)
    w, h = img.size
    return ((h, w) if orientation in (5, 6, 7, 8) else (w, h)), orientation


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "banmian" / "pictures"


_PROFILE_IDS: dict[tuple, str] = {}


def _profile_id(path: Path) -> str:
    """The output profile by its bytes: a rebuilt profile under the same name must not hand
    back pictures separated with the old one."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _PROFILE_IDS:
        _PROFILE_IDS[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _PROFILE_IDS[key]


def prepare(photo: Photo, frame_w: float, frame_h: float, out: Output, block: str,
            diags: Diagnostics) -> Picture | None:
    """The picture for a frame of `frame_w` × `frame_h` pt, or None after reporting why not."""

    where = photo.src
    try:
        st = photo.file.stat()
        # the frame's exact size: a rounded one would hand back a picture placed for a
        # frame a hair different, and the PDF would depend on what the cache held
        key = hashlib.sha256(repr((str(photo.file.resolve()), st.st_size, st.st_mtime_ns,
                                   photo.fit, photo.focus, photo.crop, float(frame_w).hex(),
                                   float(frame_h).hex(), out.ppi, out.intent, out.jpeg_quality,
                                   _profile_id(out.profile), 4)).encode()).hexdigest()[:32]
    except OSError as e:
        diags.error(f"block '{block}': cannot read {photo.shown}: {e.strerror}", where)
        return None
    if key in _PICTURES:  # a watching process keeps its pictures in memory
        pic = _PICTURES[key]
        _check_ppi(pic, photo, out, block, diags)
        return pic
    pic = _prepare(photo, frame_w, frame_h, out, block, diags, key)
    if pic is not None:
        if len(_PICTURES) > 64:
            _PICTURES.clear()
        _PICTURES[key] = pic
    return pic


_PICTURES: dict[str, Picture] = {}


def _prepare(photo: Photo, frame_w: float, frame_h: float, out: Output, block: str,
             diags: Diagnostics, key: str) -> Picture | None:
    from PIL import Image, ImageOps, UnidentifiedImageError

    where = photo.src
    cached = _cache_dir() / f"{key}.jpg"
    meta = cached.with_suffix(".txt")
    try:
        if cached.is_file() and meta.is_file():
            info = meta.read_text().split()
            pic = Picture(cached.read_bytes(), (int(info[0]), int(info[1])),
                          tuple(float(v) for v in info[2:6]), float(info[6]),
                          (int(info[7]), int(info[8])))
            _check_ppi(pic, photo, out, block, diags)
            return pic
    except (OSError, ValueError, IndexError):
        pass
    try:
        img = Image.open(photo.file)
        (w, h), orientation = _oriented_size(img)
        box = _crop_box(w, h, photo, frame_w, frame_h)
        bw, bh = box[2] - box[0], box[3] - box[1]
        if photo.fit == "fit":
            scale = min(frame_w / bw, frame_h / bh)
            pw, ph = bw * scale, bh * scale
            placed = ((frame_w - pw) / 2, (frame_h - ph) / 2, pw, ph)
        else:
            placed = (0.0, 0.0, frame_w, frame_h)
        ppi = bw / (placed[2] / 72)
        want_w = max(1, round(placed[2] / 72 * out.ppi))
        want_h = max(1, round(placed[3] / 72 * out.ppi))
        if img.format == "JPEG":  # decode at a fraction of the size when that is enough
            factor = min(bw / want_w, bh / want_h)
            if factor >= 2:
                need = (max(1, int(img.size[0] / factor)), max(1, int(img.size[1] / factor)))
                img.draft(img.mode if img.mode in ("RGB", "L", "CMYK") else "RGB", need)
        scale_x = img.size[0] / (h if orientation in (5, 6, 7, 8) else w)
        img = ImageOps.exif_transpose(img)
        box = tuple(v * scale_x for v in box)
        img = img.crop(tuple(round(v) for v in box))
        if img.size[0] > want_w:  # never upsample
            img = img.resize((want_w, want_h), Image.LANCZOS)
        from ..color import to_cmyk

        cmyk = to_cmyk(img, out.profile, out.intent)
        buf = io.BytesIO()
        cmyk.save(buf, "JPEG", quality=out.jpeg_quality, optimize=True)
    except FileNotFoundError:
        diags.error(f"block '{block}': picture not found: {photo.shown}", where)
        return None
    except UnidentifiedImageError:
        diags.error(f"block '{block}': {photo.shown} is not a picture banmian can read", where)
        return None
    except Image.DecompressionBombError:
        diags.error(f"block '{block}': {photo.shown} is too large to open safely "
                    "(more than 178 million pixels)", where)
        return None
    except (OSError, SyntaxError, ValueError) as e:
        diags.error(f"block '{block}': {photo.shown} is damaged or cut short ({e})", where)
        return None
    pic = Picture(buf.getvalue(), cmyk.size, placed, ppi, (w, h))
    _check_ppi(pic, photo, out, block, diags)
    from ..diag import OutputError
    from ..output import write_atomic

    try:
        write_atomic(cached, pic.jpeg, durable=False)
        write_atomic(meta, " ".join(str(v) for v in (*pic.size, *pic.placed, pic.ppi,
                                                     *pic.source)).encode(), durable=False)
    except OutputError:
        pass  # a cache that cannot be written only costs time
    return pic


def _check_ppi(pic: Picture, photo: Photo, out: Output, block: str, diags: Diagnostics) -> None:
    if pic.ppi < out.min_ppi / 2:
        diags.error(f"block '{block}': {photo.shown} has only {pic.ppi:.0f} ppi at its placed "
                    f"size, under half the {out.min_ppi:g} ppi minimum", photo.src)
    elif pic.ppi < out.min_ppi:
        diags.warning(f"block '{block}': {photo.shown} has {pic.ppi:.0f} ppi at its placed "
                      f"size, under the {out.min_ppi:g} ppi minimum", photo.src)
