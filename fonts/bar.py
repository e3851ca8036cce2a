"""A progress bar on stderr for the one slow thing banmian does once: converting a system CFF
face to TrueType (about 20 s a face). Drawn only when stderr is a terminal; a pipe or a log
gets the one-line messages alone."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30


class Bar:
    def __init__(self, label: str, total: int, stream: TextIO | None = None,
                 tty: bool | None = None) -> None:
        self.label, self.total = label, max(total, 1)
        self.stream = stream or sys.stderr
        self.on = self.stream.isatty() if tty is None else tty
        self.t0 = time.monotonic()
        self.shown = -1.0

    def line(self, done: int) -> str:
        f = min(max(done / self.total, 0.0), 1.0)
        fill = round(f * WIDTH)
        return (f"\r  {self.label} [{'#' * fill}{'.' * (WIDTH - fill)}] {f * 100:3.0f}% "
                f"{time.monotonic() - self.t0:4.0f} s")

    def update(self, done: int) -> None:
        now = time.monotonic()
        if not self.on or (now - self.shown < 0.1 and done < self.total):
            return
        self.shown = now
        self.stream.write(self.line(done))
        self.stream.flush()

    def tell(self, done: int, total: int) -> None:
        """For a callback that knows the total only once it starts."""
        self.total = max(total, 1)
        self.update(done)

    def abandon(self) -> None:
        """End the bar's line where it stands (the work failed or was interrupted)."""
        if self.on and self.shown >= 0:
            self.stream.write("\n")
            self.stream.flush()

    def close(self) -> None:
        if self.on:
            self.stream.write(self.line(self.total) + "\n")
            self.stream.flush()
