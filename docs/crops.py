"""Make the images shown in README from the sample spread: 110-dpi previews of both pages and
of the proof overlay, and 200-dpi detail crops.

Usage: python docs/crops.py  (writes docs/sample-*.png and docs/crop-*.png)
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from layout import render
from layout.pagemodel import GlyphRun, VerticalRun
from layout.pipeline import build
from layout.raster import Pages

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "jiefang" / "spread.yaml"
AUTO = ROOT / "data" / "jiefang" / "auto.yaml"
DPI = 200
K = DPI / 72


def _trimmed(pdf: bytes, dpi: float) -> list[Image.Image]:
    """Every page as the reader sees it: cut at the trim, without bleed and marks."""
    with Pages(pdf, "the sample") as doc:
        return [doc.render(i, dpi) for i in range(len(doc))]


def spread(spec: Path, name: str, dpi: float = 40) -> None:
    """Both pages side by side, as the spread is seen open."""
    pdf, _ = render(spec)
    left, right = _trimmed(pdf, dpi)
    both = Image.new("RGB", (left.width + right.width, left.height), "white")
    both.paste(left, (0, 0))
    both.paste(right, (left.width, 0))
    both.quantize(colors=64).save(ROOT / "docs" / name, optimize=True)


def previews() -> None:
    spread(SAMPLE, "sample-spread.png")
    spread(AUTO, "auto-spread.png")
    for proof in (False, True):
        pdf, _ = render(SAMPLE, proof=proof)
        for i, img in enumerate(_trimmed(pdf, 110)):
            if proof and i:
                continue
            name = f"sample-{'proof-' if proof else ''}p{i + 2}.png"
            img.quantize(colors=64).save(ROOT / "docs" / name, optimize=True)


def main() -> None:
    previews()
    pdf, _ = render(SAMPLE)
    built, _ = build(SAMPLE)
    lay, g = built.layout, built.layout.grid
    pages = _trimmed(pdf, DPI)

    def crop(page: int, x0: float, y0: float, x1: float, y1: float) -> Image.Image:
        """A region of a page, given in spread coordinates."""
        off = page * g.trim_w
        return pages[page].crop(tuple(int(v * K) for v in (x0 - off, y0, x1 - off, y1)))

    # 1. line ends: a column edge where lines end in compressed marks
    runs = list(lay.of(GlyphRun))
    ends = [t for t in runs if t.size == g.zi and t.glyphs and t.glyphs[-1].ch in "，。、；"
            and t.page == 1]
    t = ends[len(ends) // 2]
    right = t.x + t.glyphs[-1].x + g.zi * 0.5
    crop(1, right - 14 * g.zi, t.y - 5 * g.leading, right + 3 * g.zi,
         t.y + 4 * g.leading).save(ROOT / "docs" / "crop-line-ends.png")
    # 2. the vertical title, set into the text beside it
    v = next(iter(lay.of(VerticalRun)))
    crop(v.page, v.x - 2 * g.zi, v.cells[0].y - 1.9 * g.zi, v.x + v.size + 16 * g.zi,
         v.cells[-1].y + g.zi).save(ROOT / "docs" / "crop-vertical.png")
    # 3. the 通栏 headline across the fold: the inner halves of both pages, side by side
    h = next(t for t in runs if t.size >= 60)
    top, bottom = h.y - h.size * 1.05, h.y + h.size * 0.3
    left = crop(0, g.trim_w - 5.5 * h.size, top, g.trim_w, bottom)
    right_half = crop(1, g.trim_w, top, g.trim_w + 5.5 * h.size, bottom)
    both = Image.new("RGB", (left.width + right_half.width, left.height), "white")
    both.paste(left, (0, 0))
    both.paste(right_half, (left.width, 0))
    ImageDraw.Draw(both).line([(left.width, 0), (left.width, both.height)], fill=(150, 150, 150))
    both.save(ROOT / "docs" / "crop-headline-fold.png")
    # 4. a column boundary on page 2: the highlight boxes beside the 展望 columns, with faint
    #    guides through every grid line to show that baselines align across columns
    x = g.col_x(0, 5)
    y = g.row_y(20)
    img = crop(0, x - 10 * g.zi, y, x + 10 * g.zi, y + 8 * g.leading)
    d = ImageDraw.Draw(img)
    for k in range(9):
        by = (g.baseline(20 + k) - y) * K
        d.line([(0, by), (img.width, by)], fill=(80, 160, 255))
    img.save(ROOT / "docs" / "crop-baselines.png")


def charts() -> None:
    """300-dpi crops of a bar chart and a ring from the 数据图解 page."""
    spec = ROOT / "data" / "jiefang" / "tujie.yaml"
    pdf, _ = render(spec)
    built, _ = build(spec)
    page = _trimmed(pdf, 300)[0]
    k = 300 / 72
    blocks = {b.id: b.rect for b in built.layout.blocks}
    for block, name in (("bars", "crop-bar.png"), ("ring-funds", "crop-ring.png")):
        r = blocks[block]
        page.crop(tuple(int(v * k) for v in (r.x - 4, r.y - 4, r.x1 + 4, r.y1 + 4))).save(
            ROOT / "docs" / name)


if __name__ == "__main__":
    main()
    charts()
