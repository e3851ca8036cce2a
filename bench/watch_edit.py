"""Warm re-render under `banmian watch`: from saving one paragraph to the new PDF on disk.

    python bench/watch_edit.py [--runs 15]

Runs the real command on a copy of the sample spread, waits for its first render, then saves a
different cut of one paragraph each run and times, from just before the save, until the output
file has been replaced. Then touches the file and rewrites the same bytes, and counts renders:
neither may cause one.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _renders(log: Path) -> int:
    return len(re.findall(r" ms, (ok|overflow)", log.read_text(encoding="utf-8")))


def _wait_renders(log: Path, n: int, timeout: float = 60) -> None:
    end = time.time() + timeout
    while _renders(log) < n:
        if time.time() > end:
            sys.exit(f"no render {n} after {timeout}s:\n{log.read_text(encoding='utf-8')}")
        time.sleep(0.005)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="banmian-watch-"))
    shutil.copytree(ROOT / "data" / "jiefang", tmp / "jiefang")
    spec = tmp / "jiefang" / "spread.yaml"
    para = tmp / "jiefang" / "text" / "h3.txt"
    out = tmp / "out.pdf"
    log = tmp / "watch.log"
    original = para.read_text(encoding="utf-8").rstrip("\n")
    with open(log, "w", encoding="utf-8") as lf:
        proc = subprocess.Popen([sys.executable, "-m", "layout", "watch", str(spec), "-o",
                                 str(out), "--interval", "0.01"], cwd=tmp, stdout=lf,
                                stderr=subprocess.STDOUT, env={**os.environ,
                                                               "PYTHONPATH": str(ROOT)})
        try:
            _wait_renders(log, 1)
            times = []
            for k in range(1, args.runs + 1):
                before = out.stat().st_ino, out.stat().st_mtime_ns
                # a new cut each time (the text ends in 。), so nothing is cached for it
                text = original[:-k - 1] + "。\n"
                t0 = time.perf_counter()
                para.write_text(text, encoding="utf-8")
                while (out.stat().st_ino, out.stat().st_mtime_ns) == before:
                    time.sleep(0.002)  # gentle: a busy poll would slow the watcher it times
                times.append((time.perf_counter() - t0) * 1000)
                _wait_renders(log, k + 1)
                time.sleep(0.5)  # the watcher finishes its bookkeeping; no one saves faster
            n = _renders(log)
            para.touch()
            para.write_text(para.read_text(encoding="utf-8"), encoding="utf-8")
            time.sleep(1.0)
            idle = _renders(log) - n
            inner = [float(m) for m in re.findall(r" (\d+) ms, (?:ok|overflow)",
                                                   log.read_text(encoding="utf-8"))][1:n]
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(10)
    ms = sorted(times)
    print(f"warm re-render after saving one paragraph, {len(ms)} runs, "
          f"{os.cpu_count()} cores")
    print(f"save → PDF written  median {statistics.median(ms):.0f} ms  "
          f"(min {ms[0]:.0f}, max {ms[-1]:.0f})")
    print(f"of which the watcher's own build → render → write: median "
          f"{statistics.median(inner):.0f} ms")
    print(f"touch + same bytes saved again: {idle} renders")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
