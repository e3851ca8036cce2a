"""banmian watch: render again whenever the spec or a file it uses changes.

The process stays alive between renders, so fonts, font subsets, prepared photos, charts and
every composed paragraph stay in memory: after an edit only what changed is set again. A file
whose modification time changed but whose bytes did not (an editor saving without edits, a
`touch`) causes no work at all. A spec that does not validate keeps the last good PDF in place
and prints the error instead.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .diag import SpecError
from .output import write_atomic
from .spec import shown, spec_inputs

Stat = tuple[int, int, int] | None  # mtime_ns, size, inode; None: missing


@dataclass(frozen=True)
class Snapshot:
    """The outcome of one attempt: the last good PDF and build stay when an attempt fails."""

    gen: int  # counts attempts that did work
    ok: bool  # this attempt produced a PDF
    errors: tuple[str, ...]  # diagnostic lines of a failed attempt
    pdf: bytes | None  # the last good PDF
    built: object | None  # the last good pipeline.Built
    ms: float  # wall time of this attempt, from noticing the change to the PDF written
    at: float = field(default_factory=time.time)
    faces: dict | None = None  # the last good build's font faces, to draw it again


def _stat(p: Path) -> Stat:
    try:
        st = p.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def _digest(p: Path) -> bytes | None:
    try:
        return hashlib.blake2b(p.read_bytes(), digest_size=16).digest()
    except OSError:
        return None


def _listing(folder: Path) -> frozenset[str]:
    try:
        return frozenset(e.name for e in folder.iterdir())
    except OSError:
        return frozenset()


class Watcher:
    """Polls the inputs' stat every `interval` seconds; renders when some file's bytes changed."""

    def __init__(self, spec: Path, target: Path, interval: float = 0.02,
                 out: TextIO | None = None, err: TextIO | None = None,
                 on_render: Callable[[Snapshot], None] | None = None,
                 root: Path | None = None, condition: str | None = None) -> None:
        self.spec = spec
        self.root = root
        self.condition = condition  # --output-condition
        self.target = target
        # a page with something overset is never written under the print file's name
        self.proof = target.with_name(target.stem + ".overset.pdf")
        self.interval = interval
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.on_render = on_render
        self.stats: dict[Path, Stat] = {}
        self.digests: dict[Path, bytes | None] = {}
        self.snapshot = Snapshot(0, False, (), None, None, 0.0)
        self.renders = 0  # attempts that did work
        self.folders: dict[Path, frozenset[str]] = {}  # watched only while the spec is broken
        self.edited: set[Path] = set()  # inputs changed since the last attempt, to say so

    def _track(self, paths: set[Path]) -> None:
        paths = paths | {self.spec.resolve()}
        self.stats = {p: self.stats.get(p, _stat(p)) for p in paths}
        self.digests = {p: self.digests[p] if p in self.digests else _digest(p) for p in paths}

    def _watch_folders(self) -> None:
        folders = {p.parent for p in self.stats} | {self.spec.resolve().parent}
        # and the folders below the spec's, where its texts and photos usually live
        base = self.spec.resolve().parent
        folders |= {d for d in base.iterdir() if d.is_dir() and not d.name.startswith(".")}
        self.folders = {d: _listing(d) for d in folders}

    def changed(self) -> bool:
        """True when an input's bytes differ from the last attempt's, or, while the spec is
        broken, when a file appears in or leaves a folder it reads from (the missing text file
        the error named has just been saved)."""
        dirty = False
        for d, old in self.folders.items():
            now = _listing(d)
            if now != old:
                self.folders[d] = now
                dirty = True
        for p, old in self.stats.items():
            now = _stat(p)
            if now == old:
                continue
            self.stats[p] = now
            d = _digest(p)
            if d != self.digests.get(p):
                self.digests[p] = d
                self.edited.add(p)
                dirty = True
        return dirty

    def render(self) -> Snapshot:
        """One attempt: build, render, write atomically, print the outcome."""
        from .pipeline import build, render_built

        t0 = time.perf_counter()
        prev = self.snapshot
        if self.edited:
            names = sorted(shown(p) for p in self.edited)
            self.edited = set()
            print(f"banmian: {', '.join(names)} changed", file=self.out)
        gc.disable()  # collected after the PDF is written, not in the designer's wait
        try:
            try:
                built, faces = build(self.spec, root=self.root, condition=self.condition)
                ready = built.report.ok
                pdf, rep = render_built(built, faces, overset_proof=not ready)
                write_atomic(self.target if ready else self.proof, pdf)
            finally:
                gc.enable()
        except SpecError as e:
            lines = tuple(d.line() for d in e.diagnostics)
            snap = Snapshot(prev.gen + 1, False, lines, prev.pdf, prev.built,
                            (time.perf_counter() - t0) * 1000, faces=prev.faces)
            for line in lines:
                print(line, file=self.err)
            self._watch_folders()
            kept = f"; {self.target} is the last good render" if prev.pdf else ""
            print(f"banmian: not rendered{kept}", file=self.err)
        except Exception as e:  # noqa: BLE001 - a bug must not end the designer's session
            line = f"banmian: internal error: {type(e).__name__}: {e}"
            snap = Snapshot(prev.gen + 1, False, (line,), prev.pdf, prev.built,
                            (time.perf_counter() - t0) * 1000, faces=prev.faces)
            print(line, file=self.err)
        else:
            ms = (time.perf_counter() - t0) * 1000
            snap = Snapshot(prev.gen + 1, True, (), pdf, built, ms, faces=faces)
            self._track(spec_inputs(built.spec))
            self.folders = {}
            for w in rep.warnings:
                print(w.line(), file=self.err)
            print(rep.table(), file=self.out)
            status = "ok" if rep.ok else "overflow: NOT READY, a proof with the overset marked"
            print(f"{self.target if rep.ok else self.proof}: {rep.pages} pages, "
                  f"{len(pdf) / 1024:.0f} KiB, {ms:.0f} ms, {status}", file=self.out)
        self.out.flush()
        self.renders += 1
        self.snapshot = snap
        if self.on_render:
            self.on_render(snap)
        # what this render left in memory stays for the next: keep the collector off it
        gc.collect()
        gc.freeze()
        return snap

    def run(self, stop: threading.Event) -> None:
        """Render once, then whenever an input changes, until `stop` is set."""
        self._track(set())
        self.render()
        while not stop.wait(self.interval):
            if self.changed():
                # a save may be several writes (truncate, write): wait one more interval
                # until nothing moves, so a half-written file is never rendered
                while not stop.wait(min(self.interval, 0.005)) and self.changed():
                    pass
                self.render()


@contextlib.contextmanager
def stop_on_term(stop: threading.Event) -> Iterator[None]:
    """SIGTERM (a service manager, `kill`, a closed terminal's job control) stops the watcher
    as Ctrl-C does: the render under way finishes, then the loop ends and the command exits
    0. Only the main thread may set signal handlers; elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
