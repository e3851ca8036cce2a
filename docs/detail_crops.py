"""Crops at 200 dpi of composition details, before and after a change: each case finds its text
in both PDFs (so a region that moved is still found) and cuts the same-sized region around it,
the earlier setting above, the later below.

Usage: python docs/detail_crops.py BEFORE_DIR AFTER_DIR [CASE …]
Both folders hold PDFs of the same specs, named as CASES lists them (render each spec with the
earlier commit into BEFORE_DIR and with this one into AFTER_DIR; `fold.pdf` with `--sheet`, so
the fold lies inside one page). Writes docs/detail-CASE.png; on the fold's crops two blue
lines mark the 6 mm fold-safe zone.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageDraw

DPI = 200
K = DPI / 72
DOCS = Path(__file__).resolve().parent
SAFE = 6 * 72 / 25.4  # pt: the default fold-safe zone either side of the fold

# case → (pdf, the text to find, least size of its characters, region around the text's first
# character in pt: left, top, right, bottom from its box's top-left corner; "centre" puts the
# region's x around the page's middle instead: the fold of a sheet)
CASES: dict[str, tuple[str, str, float, tuple[float, float, float, float], bool]] = {
    # body.size: a 五号 page set at 五号, not 小五
    "body-size": ("narrow.pdf", "今年年初以来", 8, (-30, -10, 110, 120), False),
    # —— one rule, and the ——— lead-in
    "dash": ("ecology.pdf", "质燃料", 8, (-6, -26, 120, 40), False),
    "lead-in": ("tabloid.pdf", "———着力抓好", 8, (-6, -26, 130, 40), False),
    # …… centred dots
    "ellipsis": ("economy.pdf", "68.2%……", 8, (-6, -26, 120, 40), False),
    # a 五号 Kai 导语 in 小五 columns, on whole 字
    "lead": ("ecology.pdf", "清晨的临河湿地", 8, (-30, -8, 330, 88), False),
    # box padding under the last line
    "box": ("spread.pdf", "亮点聚焦：全区经济平稳增长", 10, (-20, -12, 240, 112), False),
    # the vertical title's wrap
    "vertical": ("spread.pdf", "︻解放区赋︼", 20, (-12, -40, 260, 260), False),
    # the fold: decks and a caption clear of the fold-safe zone
    "fold": ("fold.pdf", "从“臭水塘”", 14, (-420, -20, 420, 190), True),
    "fold-caption": ("fold.pdf", "临河湿地公园的白鹭", 6, (-420, -12, 420, 14), True),
}


def _find(pdf: Path, text: str, least: float) -> tuple[int, dict, float]:
    """(page, first character, page width) of `text` set in characters of at least `least`
    pt; hidden characters (a dash drawn as a rule) count, as a reader copying the text sees."""
    with pdfplumber.open(pdf) as doc:
        for pno, page in enumerate(doc.pages):
            chars = [c for c in page.chars if c["size"] >= least]
            s = "".join(c["text"] for c in chars)
            k = s.find(text)
            if k >= 0:
                return pno, chars[k], float(page.width)
    raise SystemExit(f"{pdf}: '{text}' not found")


def _crop(pdf: Path, case: tuple) -> Image.Image:
    name, text, least, (left, top, right, bottom), centre = case
    pno, ch, width = _find(pdf / name, text, least)
    x = width / 2 if centre else ch["x0"]
    box = (x + left, ch["top"] + top, x + right, ch["top"] + bottom)
    page = pdfium.PdfDocument(pdf / name)[pno]
    img = page.render(scale=K).to_pil().convert("RGB")
    out = img.crop(tuple(int(v * K) for v in box))
    if centre:  # the fold-safe zone, 6 mm either side of the fold
        draw = ImageDraw.Draw(out)
        for dx in (-SAFE, SAFE):
            x0 = int((x + dx - box[0]) * K)
            draw.line([(x0, 0), (x0, out.height)], fill=(60, 120, 220), width=1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("cases", nargs="*", default=list(CASES))
    args = ap.parse_args()
    for name in args.cases:
        a, b = _crop(args.before, CASES[name]), _crop(args.after, CASES[name])
        out = Image.new("RGB", (max(a.width, b.width), a.height + b.height + 6), "white")
        out.paste(a, (0, 0))
        out.paste(b, (0, a.height + 6))
        draw = ImageDraw.Draw(out)
        draw.line([(0, a.height + 3), (out.width, a.height + 3)], fill=(200, 0, 0), width=2)
        draw.text((2, 1), "before", fill=(200, 0, 0))
        draw.text((2, a.height + 7), "after", fill=(200, 0, 0))
        path = DOCS / f"detail-{name}.png"
        out.quantize(colors=64).save(path, optimize=True)
        print(path.name)


if __name__ == "__main__":
    main()
