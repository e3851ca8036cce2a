"""The chart-label crop shown for issue 16: the colliding case (data/charts/collide.yaml: six
long labels under bars in a 2-column block, and a callout in a tall block) as an older version
drew it and as this one does, side by side at 200 dpi.

Usage: python docs/chart_crops.py [--before REV]  (writes docs/crop-chart-labels.png)
REV is the git revision drawn as "before" (default: the last one before labels were planned);
it is extracted with `git archive` into a temporary folder and run there.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "data" / "charts" / "collide.yaml"
BEFORE = "f1c13a7"  # the commit the label planning was built on
DPI = 200
K = DPI / 72
OUT = ROOT / "docs" / "crop-chart-labels.png"


def _pdf_at(rev: str) -> bytes:
    """The spec rendered by revision `rev` of this repository, in its own process."""
    tar = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True,
                         capture_output=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(tar)) as t:
            t.extractall(tmp, filter="data")
        code = ("import sys\nfrom layout import render\n"
                f"pdf, rep = render({str(SPEC)!r})\nsys.stdout.buffer.write(pdf)\n")
        return subprocess.run([sys.executable, "-c", code], cwd=tmp, check=True,
                              capture_output=True, env={"PYTHONPATH": tmp, "PATH": "/usr/bin:/bin",
                                                        "HOME": str(Path.home())}).stdout


def _crop(pdf: bytes, rects) -> Image.Image:
    from layout.raster import Pages

    with Pages(pdf, SPEC.name) as doc:
        page = doc.render(0, DPI)
    x0 = min(r.x for r in rects) - 6
    y0 = min(r.y for r in rects) - 6
    x1 = max(r.x + r.w for r in rects) + 6
    y1 = max(r.y + r.h for r in rects) + 6
    return page.crop((int(x0 * K), int(y0 * K), int(x1 * K), int(y1 * K))).convert("RGB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", default=BEFORE, help="git revision drawn as 'before'")
    args = ap.parse_args()
    from layout import render
    from layout.pagemodel import Group
    from layout.pipeline import build

    built, _ = build(SPEC)
    rects = [it.rect for it in built.layout.items if isinstance(it, Group)]
    after, _ = render(SPEC)
    crops = [_crop(_pdf_at(args.before), rects), _crop(after, rects)]
    head = 36
    w = sum(c.width for c in crops) + 30
    h = max(c.height for c in crops) + head
    out = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(out)
    x = 0
    for c, title in zip(crops, (f"before ({args.before})", "after"), strict=True):
        out.paste(c, (x, head))
        draw.text((x + 8, 10), title, fill="black", font_size=20)
        x += c.width + 30
    out.quantize(colors=64).save(OUT, optimize=True)
    print(OUT.relative_to(ROOT))


if __name__ == "__main__":
    main()
