"""Time of the compose stage alone on the sample spread: every block's text → positioned lines.

Fonts are loaded first and not counted; the first composition in the process (which also reads
punctuation ink bounds from the fonts) is reported separately from the warm median.
Every paragraph is remembered, so warm runs are nearly free; the cold median clears the memo
before each run and so times the line breaking itself.
Usage: python bench/compose_sample.py [--runs 20] [SPEC]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from layout.compose import lines
from layout.pipeline import arranged, compose_block

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("spec", nargs="?", default=str(ROOT / "data/jiefang/spread.yaml"))
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    spec, grid, faces = arranged(Path(args.spec))
    chars = sum(len(p.text) for b in spec.blocks for p, _ in b.texts())

    def once() -> float:
        t = time.perf_counter()
        for b in spec.blocks:
            compose_block(b, spec, grid, faces)
        return time.perf_counter() - t

    first = once()
    warm = [once() for _ in range(args.runs)]
    cold = []
    for _ in range(args.runs):
        lines._MEMO.clear()
        cold.append(once())
    print(f"compose {Path(args.spec).name}: {len(spec.blocks)} blocks, {chars} characters")
    print(f"first {first * 1000:.0f} ms; warm median {statistics.median(warm) * 1000:.0f} ms "
          f"(min {min(warm) * 1000:.0f}, max {max(warm) * 1000:.0f}, {args.runs} runs)")
    print(f"cold median {statistics.median(cold) * 1000:.1f} ms, memo cleared each run "
          f"(min {min(cold) * 1000:.1f}, max {max(cold) * 1000:.1f})")


if __name__ == "__main__":
    main()
