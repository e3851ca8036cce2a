"""Crops at 200 dpi of the loosest lines of a page, before and after a change to line breaking.

The loosest lines of BEFORE.pdf are found from the glyph positions (a Han–Han gap grown past
0, or a Han–Latin gap past ¼ em, as an outside checker measures them); the same region of
AFTER.pdf, where the same paragraph sits, is cut below it, so one image shows both settings.

Usage: python docs/loose_crops.py BEFORE.pdf AFTER.pdf NAME [--top 2]
writes docs/loose-NAME-1.png, docs/loose-NAME-2.png, … (render the same spec with the earlier
commit into BEFORE.pdf and with this one into AFTER.pdf).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageDraw

DPI = 200
K = DPI / 72
DOCS = Path(__file__).resolve().parent


def _han(ch: str) -> bool:
    return 0x3400 <= ord(ch) <= 0x9FFF


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def loose_lines(pdf: Path) -> list[tuple[float, int, tuple[float, float, float, float], str]]:
    """(growth in em, page, (x0, top, x1, bottom), text) of every body line (the most common
    size), loosest first."""
    out = []
    with pdfplumber.open(pdf) as doc:
        sizes = Counter(round(c["size"], 1) for page in doc.pages for c in page.chars)
        body = sizes.most_common(1)[0][0]
        for pno, page in enumerate(doc.pages):
            rows: dict[float, list[dict]] = {}
            for c in page.chars:
                if (c.get("upright", True) and c["text"].strip()
                        and round(c["size"], 1) == body):
                    rows.setdefault(round(c["bottom"] * 2) / 2, []).append(c)
            for cs in rows.values():
                cs.sort(key=lambda c: c["x0"])
                seg = [cs[0]]
                for c in [*cs[1:], None]:
                    if c is not None and c["x0"] - seg[-1]["x1"] < 0.9 * c["size"]:
                        seg.append(c)
                        continue
                    worst = 0.0
                    for a, b in zip(seg, seg[1:], strict=False):
                        gap = (b["x0"] - a["x1"]) / max(a["size"], b["size"])
                        if _han(a["text"]) and _han(b["text"]):
                            worst = max(worst, gap)
                        elif (_han(a["text"]) and _alnum(b["text"])) or (
                                _alnum(a["text"]) and _han(b["text"])):
                            worst = max(worst, gap - 0.25)
                    if len(seg) >= 3:
                        box = (seg[0]["x0"], min(s["top"] for s in seg), seg[-1]["x1"],
                               max(s["bottom"] for s in seg))
                        out.append((worst, pno, box, "".join(s["text"] for s in seg)))
                    if c is not None:
                        seg = [c]
    return sorted(out, key=lambda r: -r[0])


def crop(doc: pdfium.PdfDocument, page: int, box: tuple[float, float, float, float]
         ) -> Image.Image:
    img = doc[page].render(scale=K).to_pil().convert("RGB")
    return img.crop(tuple(int(v * K) for v in box))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("name")
    ap.add_argument("--top", type=int, default=2)
    args = ap.parse_args()
    before, after = pdfium.PdfDocument(args.before), pdfium.PdfDocument(args.after)
    lines = loose_lines(args.before)
    # a line ending in a half-width mark may run on into the next column's line: crop one column
    column = Counter(round(x1 - x0) for _, _, (x0, _, x1, _), _ in lines).most_common(1)[0][0]
    for k, (worst, page, (x0, top, x1, bottom), text) in enumerate(lines[:args.top], 1):
        size = bottom - top
        region = (x0 - size, top - 2.6 * size, min(x1, x0 + column) + size, bottom + 2.6 * size)
        a, b = crop(before, page, region), crop(after, page, region)
        out = Image.new("RGB", (a.width, a.height * 2 + 6), "white")
        out.paste(a, (0, 0))
        out.paste(b, (0, a.height + 6))
        draw = ImageDraw.Draw(out)
        draw.line([(0, a.height + 3), (a.width, a.height + 3)], fill=(200, 0, 0), width=2)
        draw.text((2, 1), "before", fill=(200, 0, 0))
        draw.text((2, a.height + 7), "after", fill=(200, 0, 0))
        path = DOCS / f"loose-{args.name}-{k}.png"
        out.quantize(colors=32).save(path, optimize=True)
        print(f"{path.name}: {text} ({worst:.2f} em before)")


if __name__ == "__main__":
    main()
