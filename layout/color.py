"""Print colour: the CMYK output profile, pictures converted through it, and ink coverage.

One profile serves both the OutputIntent the PDF declares and the conversion of every picture,
so what the printer is told and what the pixels are agree.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

INTENTS = ("perceptual", "relative", "saturation", "absolute")


@dataclass(frozen=True, slots=True)
class Profile:
    path: Path
    data: bytes
    description: str
    sha256: str


@lru_cache(maxsize=8)
def load_profile(path: Path) -> Profile:
    from PIL import ImageCms

    data = path.read_bytes()
    prof = ImageCms.ImageCmsProfile(io.BytesIO(data))
    return Profile(path, data, ImageCms.getProfileDescription(prof).strip(),
                   hashlib.sha256(data).hexdigest())


def _intent(name: str):
    from PIL import ImageCms

    return {"perceptual": ImageCms.Intent.PERCEPTUAL,
            "relative": ImageCms.Intent.RELATIVE_COLORIMETRIC,
            "saturation": ImageCms.Intent.SATURATION,
            "absolute": ImageCms.Intent.ABSOLUTE_COLORIMETRIC}[name]


@lru_cache(maxsize=16)
def _transform(source_icc: bytes | None, mode: str, profile: Path, intent: str):
    from PIL import ImageCms

    src = (ImageCms.ImageCmsProfile(io.BytesIO(source_icc)) if source_icc
           else ImageCms.createProfile("sRGB"))
    dst = ImageCms.ImageCmsProfile(io.BytesIO(load_profile(profile).data))
    flags = ImageCms.Flags.BLACKPOINTCOMPENSATION if intent == "relative" else 0
    return ImageCms.buildTransform(src, dst, mode, "CMYK", renderingIntent=_intent(intent),
                                   flags=flags)


def to_cmyk(img, profile: Path, intent: str = "relative"):
    """A picture in the press's CMYK. RGB uses its embedded profile (else sRGB); grey and
    palette pictures go through sRGB; transparency is flattened onto white paper; a picture
    already in CMYK is taken as prepared for this press."""
    from PIL import Image, ImageCms

    if img.mode == "CMYK":
        return img
    icc = img.info.get("icc_profile")
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        paper = Image.new("RGB", rgba.size, (255, 255, 255))
        paper.paste(rgba, mask=rgba.getchannel("A"))
        img = paper
    if img.mode != "RGB":
        img = img.convert("RGB")
        icc = None if not icc or b"RGB " not in icc[12:20] else icc
    if icc:
        try:
            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if src.profile.xcolor_space.strip() != "RGB":
                icc = None
        except (OSError, ImageCms.PyCMSError):
            icc = None
    return ImageCms.applyTransform(img, _transform(icc, "RGB", profile, intent))


def tac(cmyk: tuple[float, float, float, float]) -> float:
    """Total area coverage of a colour in percent."""
    return float(sum(cmyk))


@lru_cache(maxsize=4)
def _to_screen(profile: Path):
    """CMYK as the press prints it, shown in sRGB (relative, with black point compensation)."""
    from PIL import ImageCms

    src = ImageCms.ImageCmsProfile(io.BytesIO(load_profile(profile).data))
    return ImageCms.buildTransform(src, ImageCms.createProfile("sRGB"), "CMYK", "RGB",
                                   renderingIntent=_intent("relative"),
                                   flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


@lru_cache(maxsize=1024)
def screen_rgb(cmyk: tuple[float, float, float, float], profile: Path) -> str:
    """A spec colour (CMYK percent) as '#rrggbb' through the output profile."""
    from PIL import Image, ImageCms

    px = Image.new("CMYK", (1, 1), tuple(round(v * 2.55) for v in cmyk))
    r, g, b = ImageCms.applyTransform(px, _to_screen(profile)).getpixel((0, 0))
    return f"#{r:02x}{g:02x}{b:02x}"


def screen_image(img, profile: Path):
    """A CMYK picture as the press prints it, in sRGB for a screen."""
    from PIL import ImageCms

    return ImageCms.applyTransform(img.convert("CMYK"), _to_screen(profile))


def screen_jpeg(jpeg: bytes, profile: Path, quality: int = 85) -> bytes:
    """A CMYK JPEG for print → an sRGB JPEG for a screen, through the output profile."""
    from PIL import Image, ImageCms

    img = Image.open(io.BytesIO(jpeg))
    img.load()
    rgb = ImageCms.applyTransform(img.convert("CMYK"), _to_screen(profile))
    buf = io.BytesIO()
    rgb.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()
