"""Whole-process timing of a cold `banmian render` of the sample spread.

Each run is a fresh Python process (imports, font loading, composition, PDF) with the fonts
already in the cache, as a designer's re-render is. Reports the median and range of wall time
and peak resident memory. Usage: python bench/render_sample.py [--runs 5] [SPEC]
"""

from __future__ import annotations

import argparse
import os
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
        sys.exit(f"render failed: {err.strip()}")
    return wall, usage.ru_maxrss / 1024  # MiB (ru_maxrss is KiB on Linux)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("spec", nargs="?", default=str(ROOT / "data/jiefang/spread.yaml"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    exe = shutil.which("banmian") or str(Path(sys.executable).parent / "banmian")
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [exe, "render", args.spec, "-o", f"{tmp}/out.pdf", "--quiet"]
        one(cmd)  # warm the OS file cache and the font cache; not counted
        runs = [one(cmd) for _ in range(args.runs)]
    walls = [w for w, _ in runs]
    mems = [m for _, m in runs]
    print(f"cold render of {Path(args.spec).name}, {args.runs} runs, {os.cpu_count()} cores")
    print(f"wall  median {statistics.median(walls):.2f} s  (min {min(walls):.2f}, "
          f"max {max(walls):.2f})")
    print(f"peak  median {statistics.median(mems):.0f} MiB  (min {min(mems):.0f}, "
          f"max {max(mems):.0f})")


if __name__ == "__main__":
    main()
