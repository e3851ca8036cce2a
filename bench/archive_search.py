"""Search over an archive index of 1,000 spreads, in-process and as a whole `banmian search`.

The index rows are written by the archive's own index writer (layout.archive.index.write_entry)
from the sample's composed blocks, shuffled and cut differently for each spread; no PDF is
rendered. A few spreads carry a rare word. Usage: python bench/archive_search.py [--spreads N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from layout.archive import index as ix  # noqa: E402
from layout.archive.store import Archive, _blocks  # noqa: E402
from layout.pipeline import build  # noqa: E402

RARE = "南水北调移民后扶"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--spreads", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    built, _ = build(ROOT / "data" / "jiefang" / "spread.yaml")
    sample = _blocks(built)
    rng = random.Random(9)
    with tempfile.TemporaryDirectory() as tmp:
        arch = Archive(Path(tmp) / "arc")
        conn = arch.index()
        t0 = time.perf_counter()
        day = dt.date(2011, 1, 1)
        rare_at = set(rng.sample(range(args.spreads), 5))
        for i in range(args.spreads):
            blocks = []
            for b in sample:
                text = b["text"]
                cut = rng.randrange(len(text)) if len(text) > 40 else 0
                text = text[cut:] + text[:cut]  # the same words, in another order
                blocks.append({**b, "text": text})
            rng.shuffle(blocks)
            if i in rare_at:
                b = blocks[0]
                blocks[0] = {**b, "text": b["text"][:30] + RARE + "工作会议召开。" + b["text"][30:]}
            d = (day + dt.timedelta(days=i)).isoformat()
            ix.write_entry(conn, {"id": f"{d}-A2-v1", "edition": "A2", "date": d,
                                  "version": 1, "title": "解放区专版"}, blocks)
        build_s = time.perf_counter() - t0
        nblocks = conn.execute("SELECT count(*) FROM blocks").fetchone()[0]
        chars = conn.execute("SELECT sum(length(text)) FROM blocks").fetchone()[0]
        size = (Path(tmp) / "arc" / "index.sqlite").stat().st_size
        print(f"index: {args.spreads} spreads, {nblocks} blocks, {chars / 1e6:.1f} M characters,"
              f" {size / 2**20:.0f} MiB; written in {build_s:.1f}s "
              f"({build_s / args.spreads * 1000:.1f} ms per spread)")
        queries = [RARE, "红星美凯龙", "南水北调", "招商引资", "招商", "棚户", "焦作", "园", "后扶"]
        print(f"{'query':<12}{'hits':>6}  median ms (min–max), in-process, limit 100")
        for q in queries:
            times, n = [], 0
            for _ in range(args.runs):
                t = time.perf_counter()
                n = len(ix.search(conn, q))
                times.append((time.perf_counter() - t) * 1000)
            print(f"{q:<12}{n:>6}  {statistics.median(times):6.2f} "
                  f"({min(times):.2f}–{max(times):.2f})")
        conn.close()
        print("whole process: banmian search QUERY --archive … > /dev/null")
        for q in (RARE, "招商"):
            times = []
            for _ in range(5):
                t = time.perf_counter()
                subprocess.run([sys.executable, "-m", "layout", "search", q, "--archive",
                                str(Path(tmp) / "arc")], check=True, stdout=subprocess.DEVNULL,
                               cwd=ROOT)
                times.append((time.perf_counter() - t) * 1000)
            print(f"{q:<12}  {statistics.median(times):6.0f} ms median of 5 "
                  f"({min(times):.0f}–{max(times):.0f})")


if __name__ == "__main__":
    main()
