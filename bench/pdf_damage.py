"""Whole-process cost of `banmian preflight` and `banmian diff` on damaged and oversized PDFs.

Builds each input with the test suite's builders (tests/damaged_pdfs.py), runs both commands
on it in a fresh process with a 1 GB address-space limit and a 60 s timeout, and prints one
row per run: exit code, wall time, peak memory and the line the user reads (preflight's
failed checks; diff's error). Usage: python bench/pdf_damage.py
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import damaged_pdfs as dp  # noqa: E402 - after the path that holds it

LIMIT = 1 << 30  # bytes of address space


def cases(tmp: Path) -> list[tuple[str, Path]]:
    rich = dp.rich(tmp / "rich.pdf")
    return [
        ("truncated (half)", dp.truncated(rich, tmp / "cut.pdf", 0.5)),
        ("flipped bytes (seed 59)", dp.flipped(rich, tmp / "flip.pdf", 59)),
        ("garbage TrimBox", dp.garbage_trim(tmp / "trim.pdf")),
        ("image without /Width", dp.image_without_width(tmp / "width.pdf")),
        ("3,000 nested forms", dp.nested_forms(tmp / "nested.pdf", 3000)),
        ("MediaBox [0 0 0 0]", dp.media(tmp / "zero.pdf", [0, 0, 0, 0])),
        ("MediaBox [0 0 -300 -300]", dp.media(tmp / "neg.pdf", [0, 0, -300, -300])),
        ("MediaBox 5 m square, no trim",
         dp.media(tmp / "huge.pdf", [0, 0, 14400, 14400], trim=False)),
        ("2,000 A4-sized pages", dp.many_pages(tmp / "many.pdf", 2000, size=842)),
        ("content stream inflating to 1 GB", dp.content_bomb(tmp / "bomb.pdf", 1 << 30)),
        ("image data inflating to 256 MB", dp.image_bomb(tmp / "ibomb.pdf", 1 << 28)),
    ]


def limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def run(cmd: list[str], tmp: Path) -> tuple[int, float, float, str, str]:
    """Exit code, wall seconds, this process's peak MiB, stdout and stderr."""
    with open(tmp / "stdout", "w+b") as out, open(tmp / "stderr", "w+b") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, preexec_fn=limit)
        timer = threading.Timer(60, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        return (proc.returncode, wall, usage.ru_maxrss / 1024, out.read().decode(),
                err.read().decode() + (" TIMEOUT" if wall >= 60 else ""))


def main() -> None:
    exe = shutil.which("banmian") or str(Path(sys.executable).parent / "banmian")
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        clean = dp.clean(t / "clean.pdf")
        print("| input | command | exit | s | peak MiB | what the user reads |")
        print("|---|---|---|---|---|---|")
        for name, path in cases(t):
            for cmd in ([exe, "preflight", str(path), "--standard", "none"],
                        [exe, "diff", str(clean), str(path), "-o", str(t / "out"),
                         "--force"]):
                code, wall, rss, out, err = run(cmd, t)
                if cmd[1] == "preflight":
                    said = "; ".join(" ".join(line.split()) for line in out.splitlines()
                                     if "  fail  " in line or "  warn  " in line) or "no failure"
                else:
                    said = err.strip() or out.strip().splitlines()[-1]
                said = said.replace(str(t) + os.sep, "")
                print(f"| {name} | {cmd[1]} | {code} | {wall:.2f} | {rss:.0f} | "
                      f"{said[:160]} |")


if __name__ == "__main__":
    main()
