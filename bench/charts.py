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
    from layout.kinds.chart import ChartBlock
    from layout.pipeline import arranged, compose_block
    from layout.place import place

    spec, grid, faces = arranged(ROOT / "data/jiefang/tujie.yaml")
    t = time.perf_counter()
    import matplotlib.figure  # noqa: F401

    imported = time.perf_counter() - t
    charts = [b for b in spec.blocks if isinstance(b, ChartBlock)]
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
