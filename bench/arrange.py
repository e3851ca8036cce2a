"""What the arranger costs: whole-process `banmian render` of the sample spread with its places
written (data/jiefang/spread.yaml) and with them left to the arranger (data/jiefang/auto.yaml),
and the arrange stage alone (units measured, stacks chosen) on the second, warm.

Each render is a fresh process with the fonts and prepared pictures already cached, as a
designer's re-render is. Usage: python bench/arrange.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_sample import one  # noqa: E402  (a sibling script)

ROOT = Path(__file__).resolve().parent.parent
SPECS = {"places written": ROOT / "data/jiefang/spread.yaml",
         "arranged": ROOT / "data/jiefang/auto.yaml"}


def stage(spec: Path, runs: int) -> tuple[float, int]:
    """Median seconds of the arrange stage in one warm process, and the blocks it placed."""
    from layout.arrange import arrange
    from layout.diag import Diagnostics
    from layout.pipeline import _fonts_used, build_grid, load_faces, load_spec, normalize

    spec0 = load_spec(spec)
    grid = build_grid(spec0)
    faces = load_faces(spec0, _fonts_used(spec0), lambda msg: None)
    times = []
    for _ in range(runs):
        diags = Diagnostics()
        t = time.perf_counter()
        done = arrange(normalize(spec0, diags), grid, faces, diags)
        times.append(time.perf_counter() - t)
    return statistics.median(times), sum(1 for b in spec0.blocks if b.place.arranged) \
        if done else 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    exe = shutil.which("banmian") or str(Path(sys.executable).parent / "banmian")
    print(f"banmian render, {args.runs} runs each, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        for name, spec in SPECS.items():
            cmd = [exe, "render", str(spec), "-o", f"{tmp}/out.pdf", "--quiet"]
            one(cmd)  # warm the caches; not counted
            runs = [one(cmd) for _ in range(args.runs)]
            walls = [w for w, _ in runs]
            print(f"  {name:15} wall median {statistics.median(walls):.2f} s "
                  f"(min {min(walls):.2f}, max {max(walls):.2f}), peak "
                  f"{statistics.median(m for _, m in runs):.0f} MiB")
    t, n = stage(SPECS["arranged"], args.runs)
    print(f"  arrange stage alone on auto.yaml: {t * 1000:.0f} ms for {n} blocks")


if __name__ == "__main__":
    main()
