"""Move an SQLite archive of N real spreads to PostgreSQL, then `verify --all` on the result.

Each spread is a one-page spec with its own text, archived by the archive itself (render,
sources, manifest, index); eight editions a day. Then, as whole processes:
`banmian archive migrate --from DIR --to URL` (the files stay in DIR), the same into a store of
its own (`--store`: copied, checked, sealed), and `banmian verify --all` on each.

    python bench/archive_migrate.py [--spreads 1000] [--url postgresql://…] [--keep DIR]

--url: a PostgreSQL database (default $BANMIAN_TEST_PG); the bench uses its own schema there
and drops it afterwards. --keep DIR: build (or reuse) the SQLite archive there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from layout.archive.store import Archive  # noqa: E402

SPEC = """\
meta: {{title: 第{n}期, date: {date}, edition: B{ed}}}
output: {{standard: none}}
page: {{preset: A3}}
body: {{size: 小五, leading: 13.5pt}}
grid: {{columns: 4, column: 13, gutter: 1}}
blocks:
  - id: title
    type: headline
    style: subhead
    at: {{col: 1, span: 4, line: 1, lines: 4}}
    text: 第{n}期要闻
  - id: story
    type: text
    at: {{col: 1, span: 2, line: 6, lines: 10}}
    columns: 2
    text: {text}
"""
WORDS = ["南水北调", "招商引资", "棚户区改造", "红星美凯龙", "焦作", "工业园", "民生", "后扶"]


def make_archive(folder: Path, n: int) -> float:
    arch = Archive(folder)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            day = dt.date(2000, 1, 1) + dt.timedelta(days=i // 8)
            text = f"第{i}期：" + "，".join(WORDS[(i + k) % len(WORDS)] for k in range(4)) + "。"
            spec = Path(tmp) / f"s{i}" / "spread.yaml"
            spec.parent.mkdir()
            spec.write_text(SPEC.format(n=i, date=day.isoformat(), ed=i % 8, text=text),
                            "utf-8")
            arch.add(spec, edition=None, date=None)
            if (i + 1) % 100 == 0:
                print(f"  {i + 1} archived ({time.perf_counter() - t0:.0f} s)", flush=True)
    return time.perf_counter() - t0


def timed(*argv: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "layout", *argv], capture_output=True,
                       text=True, cwd=ROOT)
    dt_ = time.perf_counter() - t0
    if r.returncode:
        sys.exit(f"{' '.join(argv)}: exit {r.returncode}\n{r.stdout[-2000:]}\n{r.stderr}")
    return dt_, r.stdout


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--spreads", type=int, default=1000)
    ap.add_argument("--url", default=os.environ.get("BANMIAN_TEST_PG"))
    ap.add_argument("--keep")
    args = ap.parse_args()
    if not args.url:
        sys.exit("--url or BANMIAN_TEST_PG: a PostgreSQL database")
    schema = f"migrate_{args.spreads}"
    url = args.url + ("&" if "?" in args.url else "?") + f"schema={schema}"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(args.keep) if args.keep else Path(tmp) / "arc"
        have = len(Archive(src).ids()) if src.exists() else 0
        if have != args.spreads:
            print(f"archiving {args.spreads} spreads into {src} …")
            took = make_archive(src, args.spreads - have)
            print(f"archived in {took:.0f} s")
        drop(args.url, schema)
        try:
            took, out = timed("archive", "migrate", "--from", str(src), "--to", url)
            print(f"migrate (files stay): {took:.1f} s: {out.strip()}")
            took, out = timed("verify", "--all", "--archive", url, "--store", str(src))
            print(f"verify --all: {took:.0f} s: {out.strip().splitlines()[-1]}")
            store = Path(tmp) / "store"
            drop(args.url, schema)
            took, out = timed("archive", "migrate", "--from", str(src), "--to", url,
                              "--store", str(store))
            print(f"migrate (into a store): {took:.1f} s: {out.strip()}")
            took, out = timed("verify", "--all", "--archive", url, "--store", str(store))
            print(f"verify --all: {took:.0f} s: {out.strip().splitlines()[-1]}")
            took, out = timed("search", "后扶", "--archive", url, "--json", "--limit", "1")
            print(f"search after migrate: {took * 1000:.0f} ms")
        finally:
            drop(args.url, schema)


def drop(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as c:
        c.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


if __name__ == "__main__":
    main()
