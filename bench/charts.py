"""Time to produce and place one chart, after matplotlib is imported (the import is counted
apart): every chart block of data/jiefang/tujie.yaml, composed and placed, median of 10.
Usage: python bench/charts.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    from layout.compose import compose_block
    from layout.grid import build_grid
    from layout.pipeline import load_faces
    from layout.place import place
    from layout.spec import load_spec

    spec = load_spec(ROOT / "data/jiefang/tujie.yaml")
    grid = build_grid(spec)
    faces = load_faces(spec, {s.font for s in spec.styles.values()} | {"hei", "kai"},
                       lambda m: None)
    t = time.perf_counter()
    import matplotlib.figure  # noqa: F401

    imported = time.perf_counter() - t
    charts = [b for b in spec.blocks if b.chart]
    compose_block(charts[0], spec, grid, faces)  # first drawing warms matplotlib's caches
    print(f"matplotlib import {imported * 1000:.0f} ms")
    for b in charts:
        runs = []
        for _ in range(10):
            t = time.perf_counter()
            c = compose_block(b, spec, grid, faces)
            place(spec, grid, [c])
            runs.append(time.perf_counter() - t)
        print(f"{b.id:16} {b.chart.kind:8} median {statistics.median(runs) * 1000:5.1f} ms "
              f"(max {max(runs) * 1000:.1f})")


if __name__ == "__main__":
    main()
