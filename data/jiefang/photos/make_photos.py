"""Draws the sample spread's 14 demonstration pictures: simple scenes of sky, buildings, trees,
roads and figures, made here so the sample needs no photo from anywhere else.

They are deliberately varied so the whole photo pipeline runs: landscape and portrait, an EXIF
orientation tag (stored sideways), a grey picture, a PNG with transparency, and one with an
embedded Adobe-RGB-compatible ICC profile (Debian icc-profiles-free, Zlib licence).
Run: python data/jiefang/photos/make_photos.py  (deterministic; overwrites the pictures)
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
ADOBE_RGB = Path("/usr/share/color/icc/compatibleWithAdobeRGB1998.icc")


def sky(draw: ImageDraw.ImageDraw, w: int, h: int, top, bottom) -> None:
    for y in range(h):
        t = y / max(1, h - 1)
        draw.line([(0, y), (w, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom,
                                                                                  strict=True)))


def scene(seed: int, w: int, h: int, kind: str, grain: bool = True) -> Image.Image:
    rnd = random.Random(seed)
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    horizon = int(h * rnd.uniform(0.45, 0.65))
    sky(d, w, horizon, (90 + rnd.randint(0, 40), 150, 220), (200, 225, 245))
    sky_ground = (120, 140, 100) if kind != "street" else (110, 110, 115)
    d.rectangle([0, horizon, w, h], fill=sky_ground)
    if kind in ("city", "street", "office"):
        x = 0
        while x < w:
            bw = rnd.randint(w // 14, w // 6)
            bh = rnd.randint(h // 6, int(horizon * 0.9))
            tone = rnd.randint(150, 220)
            d.rectangle([x, horizon - bh, x + bw, horizon],
                        fill=(tone, tone - rnd.randint(0, 30), tone - rnd.randint(0, 50)))
            for wy in range(horizon - bh + 12, horizon - 10, 22):
                for wx in range(x + 8, x + bw - 10, 18):
                    d.rectangle([wx, wy, wx + 9, wy + 11], fill=(80, 110, 150))
            x += bw + rnd.randint(2, 20)
    if kind in ("park", "street", "factory"):
        for _ in range(14):
            tx = rnd.randint(0, w)
            ty = horizon + rnd.randint(-10, 40)
            r = rnd.randint(h // 30, h // 14)
            d.rectangle([tx - r // 6, ty, tx + r // 6, ty + r * 2], fill=(90, 60, 40))
            d.ellipse([tx - r, ty - r * 2, tx + r, ty + r // 2],
                      fill=(40, 120 + rnd.randint(0, 60), 50))
    if kind == "factory":
        for k in range(3):
            fx = w // 5 + k * w // 4
            d.rectangle([fx, horizon - h // 3, fx + w // 6, horizon], fill=(170, 170, 160))
            d.rectangle([fx + w // 14, horizon - h // 2, fx + w // 14 + w // 40,
                         horizon - h // 3], fill=(140, 140, 135))
    if kind in ("meeting", "office"):
        d.rectangle([0, int(h * 0.55), w, h], fill=(160, 120, 90))
        d.rectangle([w // 10, int(h * 0.5), w - w // 10, int(h * 0.62)], fill=(120, 80, 50))
    # figures: heads and bodies
    for _ in range(rnd.randint(3, 9) if kind in ("meeting", "people", "street", "office") else 0):
        px = rnd.randint(w // 12, w - w // 12)
        py = int(h * rnd.uniform(0.55, 0.8))
        s = rnd.randint(h // 18, h // 10)
        col = rnd.choice([(30, 40, 80), (180, 30, 40), (60, 60, 60), (230, 230, 230)])
        d.rounded_rectangle([px - s // 2, py, px + s // 2, py + s * 2], radius=s // 3, fill=col)
        d.ellipse([px - s // 3, py - s // 1.5, px + s // 3, py], fill=(235, 200, 170))
    if kind == "flowers":
        for _ in range(160):
            fx, fy = rnd.randint(0, w), rnd.randint(horizon, h)
            r = rnd.randint(6, 22)
            d.ellipse([fx - r, fy - r, fx + r, fy + r],
                      fill=(250, 210 + rnd.randint(0, 40), 60 + rnd.randint(0, 80)))
    if grain:  # a little grain, as a camera gives (not for the PNG, which would balloon)
        noise = Image.effect_noise((w, h), 18).convert("RGB")
        img = Image.blend(img, noise, 0.06).filter(ImageFilter.SMOOTH)
    return img


PHOTOS = [  # (file, seed, size, kind, variant)
    ("01.jpg", 1, (2000, 1500), "people", None),
    ("02.jpg", 2, (2000, 1500), "street", None),
    ("03.jpg", 3, (2000, 1500), "meeting", None),
    ("04.jpg", 4, (1500, 2000), "city", "exif"),   # stored sideways, EXIF says rotate
    ("05.jpg", 5, (2000, 1500), "city", None),
    ("06.jpg", 6, (2000, 1500), "park", None),
    ("07.jpg", 7, (2000, 1500), "people", "grey"),
    ("08.jpg", 8, (2000, 1500), "meeting", None),
    ("09.png", 9, (1400, 1050), "office", "alpha"),
    ("10.jpg", 10, (2400, 1600), "factory", None),
    ("11.jpg", 11, (2000, 1500), "city", "adobe"),
    ("12.jpg", 12, (2600, 1900), "office", None),
    ("13.jpg", 13, (2600, 1400), "flowers", None),
    ("14.jpg", 14, (2600, 1400), "factory", None),
]


def main() -> None:
    for name, seed, (w, h), kind, variant in PHOTOS:
        if variant == "exif":  # draw upright, store rotated, tag orientation 6 (rotate 90° CW)
            img = scene(seed, h, w, kind).transpose(Image.Transpose.ROTATE_90)
            exif = Image.Exif()
            exif[0x0112] = 6
            img.save(HERE / name, quality=88, exif=exif.tobytes())
            continue
        img = scene(seed, w, h, kind, grain=variant != "alpha")
        if variant == "grey":
            img.convert("L").save(HERE / name, quality=88)
        elif variant == "alpha":
            rgba = img.convert("RGBA")
            mask = Image.new("L", (w, h), 255)
            ImageDraw.Draw(mask).rectangle([0, 0, w // 8, h], fill=0)  # a transparent strip
            rgba.putalpha(mask)
            rgba.save(HERE / name, optimize=True)
        elif variant == "adobe" and ADOBE_RGB.is_file():
            img.save(HERE / name, quality=88, icc_profile=ADOBE_RGB.read_bytes())
        else:
            img.save(HERE / name, quality=88)


if __name__ == "__main__":
    main()
