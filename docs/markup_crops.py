"""Make the 200-dpi crops of story markup, tables and jump lines shown in README, from the
interview spread (data/interview/spread.yaml), each cut around the items that show the form.

Usage: python docs/markup_crops.py  (writes docs/markup-*.png and docs/interview-spread.png)
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from layout import render
from layout.pagemodel import Box, GlyphRun, Stroke
from layout.pipeline import build
from layout.raster import Pages

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "data" / "interview" / "spread.yaml"
DPI = 200
K = DPI / 72


def main() -> None:
    pdf, _ = render(SPEC)
    built, _ = build(SPEC)
    lay, g = built.layout, built.layout.grid
    with Pages(pdf, "the interview") as doc:
        pages = [doc.render(i, DPI) for i in range(len(doc))]
        small = [doc.render(i, 40) for i in range(len(doc))]
    both = Image.new("RGB", (small[0].width * 2, small[0].height), "white")
    both.paste(small[0], (0, 0))
    both.paste(small[1], (small[0].width, 0))
    both.quantize(colors=64).save(ROOT / "docs" / "interview-spread.png", optimize=True)
    runs = [r for r in lay.of(GlyphRun)]

    def crop(name: str, items: list, pad_x: float = 1.0, pad_y: float = 1.0) -> None:
        """The region around `items` (in 字 and grid lines of padding), on their page."""
        page = items[0].page
        xs, ys = [], []
        for it in items:
            if isinstance(it, GlyphRun):
                xs += [it.x, it.x + it.width]
                ys += [it.y - 0.88 * it.size, it.y + 0.12 * it.size]
            elif isinstance(it, Stroke):
                xs += [it.x0, it.x1]
                ys += [it.y0, it.y1]
            elif isinstance(it, Box):
                xs += [it.rect.x, it.rect.x1]
                ys += [it.rect.y, it.rect.y1]
        off = page * g.trim_w
        box = (min(xs) - off - pad_x * g.zi, min(ys) - pad_y * g.leading,
               max(xs) - off + pad_x * g.zi, max(ys) + pad_y * g.leading)
        pages[page].crop(tuple(int(v * K) for v in box)).save(ROOT / "docs" / f"markup-{name}.png")

    story = [r for r in runs if r.block == "story"]
    # 1. the 编者按 quote in Kai with its run-in, and the first Q&A run-ins under it
    quote = [r for r in story if r.role == "quote"]
    after = [r for r in story if r.page == quote[0].page and abs(r.x - quote[0].x) < 60
             and quote[-1].y < r.y <= quote[-1].y + 5 * g.leading]
    crop("quote-runin", quote + after)
    # 2. 着重号 across a line break
    em = [r for r in story if "em" in r.span.split() and r.role == "body"]
    line = sorted({r.y for r in em})
    near = [r for r in story if r.page == em[-1].page and abs(r.x - em[-1].x) < 130
            and line[-1] - 3 * g.leading <= r.y <= line[-1] + g.leading]
    crop("emphasis", near, pad_y=0.6)
    # 3. numbered items and bullets hanging on their marker
    items = [r for r in story if r.role == "item"]
    first = [r for r in items if r.text[:1].isdigit()]
    left = first[0].x - 2 * g.zi  # the column the first item stands in

    def column(x0: float, page: int, y0: float, y1: float) -> list:
        return [r for r in story if r.page == page and x0 - 0.5 <= r.x < x0 + g.column_w
                and y0 <= r.y <= y1]

    crop("list", column(left, first[0].page, first[0].y - 2 * g.leading,
                        first[0].y + 7 * g.leading))
    # 4. Chinese ordinals, the subhead and the 分隔线 before them
    ordinal = [r for r in items if r.text.startswith(("一、", "（一）", "二、", "三、", "（二）"))]
    o = ordinal[0]
    heads = [r for r in story if r.role in ("divider", "subhead") and r.page == o.page
             and o.x - 3 * g.zi <= r.x + r.width and r.x < o.x + 12 * g.zi and r.y < o.y]
    crop("ordinals", column(o.x - 2 * g.zi, o.page, heads[-2].y - g.leading,
                            o.y + 6 * g.leading) + heads[-2:])
    # 5. the CSV table: 表题, rules, figures on their decimal point, zebra, source
    table = [it for it in lay.items if it.block == "indicators"]
    crop("table", table, pad_y=0.5)
    # 6. the jump lines at both ends
    j = {r.block: r for r in runs if r.role == "jump"}
    to = j["story"]
    crop("jump-to", [r for r in story if r.page == to.page and abs(r.x - to.x) < 1
                     and to.y - 3 * g.leading <= r.y <= to.y] + [to], pad_y=0.5)
    frm = j["story-more"]
    crop("jump-from", [frm] + [r for r in runs if r.block == "story-more" and r.role != "jump"
                               and abs(r.x - frm.x) < 7 and r.y <= frm.y + 3 * g.leading],
         pad_y=0.5)


if __name__ == "__main__":
    main()
