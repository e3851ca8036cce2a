"""Every hostile case (tests/hostile.py) through `banmian check` and `banmian render`, each
command in its own process with a 1 GB address-space limit and a 10 s timeout: the table in
README's limits section comes from this run.

    python bench/hostile.py [--jobs 2] [--work /tmp/banmian-hostile]
"""

from __future__ import annotations

import argparse
import collections
import os
import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

import hostile  # noqa: E402

CAP = 1 << 30  # 1 GB of address space


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def run(folder: Path, command: str, timeout: float) -> hostile.Outcome:
    argv = [sys.executable, "-m", "layout", command, "spec.yaml"]
    if command == "render":
        argv += ["-o", "out.pdf", "--force", "--quiet"]
    secret = folder.parent / hostile.SECRET
    st = secret.stat()
    os.utime(secret, ns=(0, st.st_mtime_ns))  # an old atime: any read moves it (relatime)
    before = 0
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=_limit, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        _, err = proc.communicate(timeout=timeout)
        code = proc.returncode
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        code = None
    seconds = time.perf_counter() - t0
    lines = err.decode("utf-8", "replace").splitlines()
    if code is not None and code < 0:  # killed by a signal: the memory cap, most likely
        lines.append(f"killed by signal {-code} (memory cap)")
        code = 3
    read = secret.stat().st_atime_ns != before
    return hostile.Outcome("", command, code, seconds, lines, read)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--jobs", type=int, default=1, help="1: reads of the secret are timed")
    ap.add_argument("--work", default="/tmp/banmian-hostile")
    ap.add_argument("--timeout", type=float, default=10.0)
    args = ap.parse_args()
    pairs = hostile.prepare(Path(args.work), hostile.cases())

    def one(pair):
        case, folder = pair
        out = []
        for command in ("check", "render"):
            o = run(folder, command, args.timeout)
            o.name = case.name
            out.append(o)
            if o.code not in (0, 1):
                break
        return out

    t0 = time.perf_counter()
    with ThreadPoolExecutor(args.jobs) as pool:
        results = [o for batch in pool.map(one, pairs) for o in batch]
    order = ["rendered", "located", "unlocated", "timeout", "crash", "read outside"]
    words = {"located": "exit 2 with one located line per problem (right)",
             "rendered": "valid input rendered, exit 0 or 1 (right)",
             "unlocated": "exit 2, some line without file:line:col", "timeout": "still running "
             "after 10 s", "crash": "crash: traceback, internal error or killed at 1 GB",
             "read outside": "read a file outside the spec's folder"}
    verdicts = collections.Counter()
    for name in {o.name for o in results}:
        worst = max((o for o in results if o.name == name),
                    key=lambda o: order.index(o.verdict) if o.verdict in order else 9)
        verdicts[worst.verdict] += 1
    print(f"{len(pairs)} cases, {len(results)} commands in {time.perf_counter() - t0:.0f} s")
    print("| result | cases |\n|---|---|")
    for v in order:
        print(f"| {words[v]} | {verdicts.get(v, 0)} |")
    for o in results:
        if o.verdict not in ("rendered", "located"):
            print(o.verdict, o.command, o.name, o.lines[:2])
    slow = sorted(results, key=lambda o: -o.seconds)[:5]
    print("slowest:", ", ".join(f"{o.name} {o.command} {o.seconds:.2f}s" for o in slow))
    for name in ("yaml/billion-laughs", "yaml/10MB-headline"):
        folder = next(f for c, f in pairs if c.name == name)
        t = time.perf_counter()
        res = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", "layout",
                              "check", "spec.yaml"], cwd=folder, capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
        kib = int(res.stderr.strip().splitlines()[-1])
        print(f"{name}: exit {res.returncode} in {time.perf_counter() - t:.2f} s, "
              f"peak {kib / 1024:.0f} MiB: {res.stderr.splitlines()[0][:100]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
