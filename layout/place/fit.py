"""Whether each block's content fits its place, and what was done to make it fit.

The report, the proof overlay and the archive all read these; a `Fit` is made by one of its
named constructors, so what each number means is said once."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from ..diag import Pos

if TYPE_CHECKING:
    from .underset import Loose, Short


class Status(StrEnum):
    FITS = "fits"
    COPYFIT = "copyfit"  # fits after adjustments the spec allowed
    OVERFLOW = "overflow"  # something does not fit: the page is not ready
    PLACEHOLDER = "placeholder"  # a frame waiting for its photo


@dataclass(frozen=True, slots=True)
class Fit:
    block: str
    kind: str
    status: Status
    used: int  # lines set (characters for vertical text)
    capacity: int  # lines the block's frames hold
    over_lines: int
    over_chars: int
    detail: str
    src: Pos
    steps: tuple[str, ...] = ()  # copyfit adjustments made
    chars: int = 0  # characters set
    empty: int | None = None  # lines left empty (None: a block without lines to fill)
    part: str = ""  # "": the block itself; "caption": the caption under its photo or chart
    underset: tuple[Short, ...] = ()  # room its text leaves empty (layout/place/underset.py)
    loose: tuple[Loose, ...] = ()  # lines set loose because no breaking avoids it

    @classmethod
    def fits(cls, block: str, kind: str, src: Pos, used: int = 0, capacity: int = 0,
             detail: str = "", *, chars: int = 0, empty: int | None = None,
             steps: tuple[str, ...] = ()) -> Fit:
        return cls(block, kind, Status.COPYFIT if steps else Status.FITS, used, capacity, 0,
                   0, detail, src, steps, chars, empty)

    @classmethod
    def overflow(cls, block: str, kind: str, src: Pos, detail: str, used: int = 0,
                 capacity: int = 0, *, over_lines: int = 0, over_chars: int = 0,
                 chars: int = 0, steps: tuple[str, ...] = ()) -> Fit:
        return cls(block, kind, Status.OVERFLOW, used, capacity, over_lines, over_chars,
                   detail, src, steps, chars)

    @classmethod
    def caption_over(cls, block: str, kind: str, src: Pos, used: int, capacity: int,
                     over_lines: int, over_chars: int, first: str) -> Fit:
        """A photo's or chart's caption has more lines than its rows."""
        return cls(block, "caption", Status.OVERFLOW, used, capacity, over_lines, over_chars,
                   f"caption: {over_lines} lines ({over_chars} characters) over, from "
                   f"'{first[:10]}…'", src, part="caption")

    @classmethod
    def placeholder(cls, block: str, kind: str, src: Pos, rows: int, detail: str) -> Fit:
        return cls(block, kind, Status.PLACEHOLDER, rows, rows, 0, 0, detail, src)

    @property
    def ok(self) -> bool:
        return self.status != Status.OVERFLOW
