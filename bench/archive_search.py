"""Search over an archive index of N spreads, in-process and as a whole `banmian search`.

The index rows are written by the archive's own index writer (Index.replace_all, as
`archive reindex` does) from the sample's composed blocks, shuffled and cut differently for
each spread; no PDF is rendered. A few spreads carry rare words, 1 % a mid-frequency phrase.

    python bench/archive_search.py [--spreads 10000] [--backend sqlite|postgresql]
                                   [--url postgresql://…] [--keep DIR]

--url names a PostgreSQL database (the bench makes and drops its own schema there; default
$BANMIAN_TEST_PG). --keep DIR builds the SQLite index there (or reuses one built before).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from layout.archive.index import open_index  # noqa: E402
from layout.archive.query import Query  # noqa: E402
from layout.archive.store import _blocks  # noqa: E402
from layout.pipeline import build  # noqa: E402

RARE = "南水北调移民后扶"  # in 5 spreads
RARE_CHAR = "堃"  # in 5 spreads
MID = "黄河湿地保护"  # in 1 % of the spreads
COMMON = ["红星美凯龙", "南水北调", "招商引资", "招商", "棚户", "焦作", "园"]
RARES = [RARE, "后扶", RARE_CHAR]


def spreads(n: int, sample: list[dict]):
    rng = random.Random(9)
    rare_at = set(rng.sample(range(n), 5))
    day = dt.date(1990, 1, 1)
    for i in range(n):
        blocks = []
        for b in sample:
            text = b["text"]
            cut = rng.randrange(len(text)) if len(text) > 40 else 0
            blocks.append({**b, "text": text[cut:] + text[:cut]})  # same words, other order
        rng.shuffle(blocks)
        if i in rare_at:
            b = blocks[0]
            blocks[0] = {**b, "text": b["text"][:30] + RARE + "工作会议在" + RARE_CHAR
                         + "召开。" + b["text"][30:]}
        if i % 100 == 37:
            b = blocks[1]
            blocks[1] = {**b, "text": MID + "条例实施。" + b["text"]}
        d = (day + dt.timedelta(days=i)).isoformat()
        yield ({"id": f"{d}-A2-v1", "edition": "A2", "date": d, "version": 1,
                "title": "解放区专版"}, blocks)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--spreads", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--url", default=os.environ.get("BANMIAN_TEST_PG"))
    ap.add_argument("--keep", help="build (or reuse) the index here instead of a temp dir")
    ap.add_argument("--limit", type=int, default=100)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.backend == "sqlite":
            folder = Path(args.keep) if args.keep else Path(tmp) / "arc"
            folder.mkdir(parents=True, exist_ok=True)
            location: str | Path = folder
        else:
            if not args.url:
                sys.exit("--url or BANMIAN_TEST_PG: a PostgreSQL database to build in")
            schema = f"bench_{args.spreads}"
            sep = "&" if "?" in args.url else "?"
            location = f"{args.url}{sep}schema={schema}"
        run(args, location)
        if args.backend == "postgresql" and not args.keep:
            drop_schema(args.url, schema)


def run(args, location) -> None:
    idx = open_index(location)
    n_entries, _ = idx.counts()
    if n_entries != args.spreads:
        built, _ = build(ROOT / "data" / "jiefang" / "spread.yaml")
        sample = _blocks(built)
        t0 = time.perf_counter()
        idx.replace_all(spreads(args.spreads, sample))
        idx.set_meta("synced", "bench")
        build_s = time.perf_counter() - t0
        built_note = f"built in {build_s:.0f} s ({build_s / args.spreads * 1000:.1f} ms/spread)"
    else:
        built_note = "reused"
    n_entries, n_blocks = idx.counts()
    print(f"{idx.kind}: {n_entries} spreads, {n_blocks} blocks, index "
          f"{idx.size() / 2**20:.0f} MiB, {built_note}")
    print(f"{'query':<14}{'hits':>5}  median ms (min–max), in-process, limit {args.limit}")
    for q in [*COMMON, MID, *RARES]:
        query = Query.parse(q, limit=args.limit)
        times, n = [], 0
        idx.search(query)  # warm
        for _ in range(args.runs):
            t = time.perf_counter()
            n = len(idx.search(query)[0])
            times.append((time.perf_counter() - t) * 1000)
        kind = "rare" if q in RARES else "mid" if q == MID else "common"
        print(f"{q:<14}{n:>5}  {statistics.median(times):7.2f} "
              f"({min(times):.2f}–{max(times):.2f})  {kind}")
    idx.close()
    print(f"whole process: banmian search QUERY --archive … --limit {args.limit} > /dev/null")
    env = dict(os.environ)
    env.pop("BANMIAN_STORE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: modules compiled once, then cached
    for q in (RARE, "招商", "园"):
        times = []
        for _ in range(8 if q == RARE else 7):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "layout", "search", q, "--archive",
                            str(location), "--limit", str(args.limit)], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                           env=env)
            times.append((time.perf_counter() - t) * 1000)
        times = times[-7:]  # the first run of all compiles the modules
        print(f"{q:<14}  {statistics.median(times):6.0f} ms median of 7 "
              f"({min(times):.0f}–{max(times):.0f})")


def drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as c:
        c.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


if __name__ == "__main__":
    main()
