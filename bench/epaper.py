"""Whole-process timing of `banmian epaper` on the sample spread, and what a reader fetches.

Each run is a fresh Python process (imports, fonts, composition, the light PDF, pdfium, the
WebP/JPEG encodes, the HTML) with the fonts and prepared pictures already cached, as an
editor's re-publish is. Reports the median and range of wall time and peak memory, the site's
size, and the bytes of a first view of index.html and the first 版 page as a browser picks
them from the srcset (the largest width a screen of that size asks for).
Usage: python bench/epaper.py [--runs 5] [SPEC...]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one(cmd: list[str]) -> tuple[float, float]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"epaper failed: {err.strip()}")
    return wall, usage.ru_maxrss / 1024


def first_view(site: Path, page: str, device_px: float) -> int:
    """Bytes of a page, its stylesheet and the images its srcset gives a screen needing
    `device_px` pixels across the image (the smallest width that is enough)."""
    html = (site / page).read_text("utf-8")
    total = len(html.encode()) + (site / "epaper.css").stat().st_size
    for srcset in re.findall(r'<source type="image/webp" srcset="([^"]+)"', html):
        options = sorted((int(w), url) for url, w in re.findall(r"(\S+) (\d+)w", srcset))
        url = next((u for w, u in options if w >= device_px), options[-1][1])
        total += (site / url).stat().st_size
    return total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("specs", nargs="*", default=[str(ROOT / "data/jiefang/spread.yaml")])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    exe = shutil.which("banmian") or str(Path(sys.executable).parent / "banmian")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        cmd = [exe, "epaper", *args.specs, "-o", str(site), "--quiet"]
        one(cmd)  # warm the OS file cache, the font and picture caches; not counted
        runs = [one(cmd) for _ in range(args.runs)]
        files = [p for p in site.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        ban = sorted(p.name for p in site.glob("p*.html"))[0]
        views = {"index.html, phone 390 px @3x": first_view(site, "index.html", 2 * 390),
                 f"{ban}, phone 390 px @3x": first_view(site, ban, 3 * 358),
                 f"{ban}, 1920×1080 @1x": first_view(site, ban, 709),
                 f"{ban}, 1920×1080 @2x": first_view(site, ban, 2 * 709)}
    walls = [w for w, _ in runs]
    mems = [m for _, m in runs]
    print(f"banmian epaper of {', '.join(Path(s).name for s in args.specs)}, {args.runs} runs, "
          f"{os.cpu_count()} cores")
    print(f"wall  median {statistics.median(walls):.2f} s  (min {min(walls):.2f}, "
          f"max {max(walls):.2f})")
    print(f"peak  median {statistics.median(mems):.0f} MiB  (min {min(mems):.0f}, "
          f"max {max(mems):.0f})")
    print(f"site  {len(files)} files, {size / 2**20:.1f} MiB")
    for what, n in views.items():
        print(f"first view  {what}: {n / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
