"""Frames: the columns a text flows through, row by row on the baseline grid, and the rows a
picture inside the text narrows (text wrap). Mutable while a text is poured in; the placer
hands on only the finished page items."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..compose.lines import Line
from ..compose.run import KEEP_WITH_NEXT, Band
from ..geometry import EM_BOX_TOP, Grid, Rect


@dataclass(slots=True)
class Frame:
    x: float
    width: float
    first: int  # grid line of the first row
    rows: int
    page: int
    top: float  # pt: the first baseline
    pitch: float  # pt between baselines (the grid's leading unless copyfit reduced it)
    block: str = ""  # the block whose column this is
    slots: list[int] = field(default_factory=list)  # line index per row (-1: left empty)
    holes: dict[int, tuple[float, float] | None] = field(default_factory=dict)
    # row → (x offset, width) where a picture inside the text narrows the row; None: no room


def row_room(f: Frame, row: int) -> tuple[float, float] | None:
    return f.holes.get(row, (0.0, f.width))


BAND_ROW = -2  # a row a subhead band covers below its first


def flow(lines: tuple[Line | Band, ...], frames: list[Frame], widows: bool) -> int:
    """Fill frames row by row, skipping rows a picture takes; returns lines placed. A subhead
    band takes its rows in one column, with the lines it keeps; it never ends a column."""
    k = 0
    for fi, f in enumerate(frames):
        f.slots = []
        while len(f.slots) < f.rows and k < len(lines):
            row = len(f.slots)
            if row_room(f, row) is None:
                f.slots.append(-1)
                continue
            ln = lines[k]
            if isinstance(ln, Band):
                follow = 0
                while (follow < KEEP_WITH_NEXT and k + 1 + follow < len(lines)
                       and isinstance(lines[k + 1 + follow], Line)):
                    follow += 1
                if ln.rows + follow > f.rows - row:  # on to the next column, this one ends
                    f.slots.extend([-1] * (f.rows - row))
                    break
                f.slots.append(k)
                f.slots.extend([BAND_ROW] * (ln.rows - 1))
                k += 1
                continue
            prev = frames[fi - 1] if fi else None
            if (widows and not f.slots and prev is not None and ln.last and not ln.first
                    and prev.slots and prev.slots[-1] == k - 1 and len(prev.slots) > 1
                    and isinstance(lines[k - 1], Line) and not f.holes and not prev.holes):
                prev.slots[-1] = -1  # carry the line before it over, so two lines stand here
                f.slots.append(k - 1)
                if len(f.slots) >= f.rows:
                    break
            f.slots.append(k)
            k += 1
    return k


def slot_widths(frames: list[Frame]) -> list[float]:
    """The measure of every line slot in reading order (for text around a picture)."""
    out = []
    for f in frames:
        for row in range(f.rows):
            room = row_room(f, row)
            if room is not None:
                out.append(room[1])
    return out


def cut_holes(f: Frame, objects: list[tuple[Rect, float]], grid: Grid, zi: float) -> None:
    """Rows of frame `f` that a picture (rect, gap) narrows: the text keeps the wider side,
    in whole 字, and a row with less than 2 字 left stays empty."""
    for rect, gap in objects:
        if rect.x1 + gap <= f.x or rect.x - gap >= f.x + f.width:
            continue
        for row in range(f.rows):
            top = f.top - EM_BOX_TOP * zi - (f.pitch - zi) / 2 + row * f.pitch
            if top + f.pitch <= rect.y - gap or top >= rect.y1 + gap:
                continue
            x, w = f.holes.get(row, (0.0, f.width))
            left = max(0.0, rect.x - gap - (f.x + x))
            right = max(0.0, (f.x + x + w) - (rect.x1 + gap))
            if left >= right:
                w = min(w, math.floor(left / zi + 1e-6) * zi)
            else:
                w2 = math.floor(right / zi + 1e-6) * zi
                x, w = x + w - w2, w2
            f.holes[row] = (x, w) if w >= 2 * zi else None




def rows_needed(lines: tuple[Line | Band, ...], columns: int, widows: bool) -> int:
    """The fewest rows per column that hold all of `lines` in `columns` columns: the height
    of a story whose columns end together (balanced)."""
    if not lines:
        return 0

    def fits(h: int) -> bool:
        frames = [Frame(0.0, 1.0, 1, h, 0, 0.0, 1.0) for _ in range(columns)]
        return flow(lines, frames, widows) >= len(lines)

    total = sum(x.rows if isinstance(x, Band) else 1 for x in lines)
    lo, hi = max(1, -(-total // columns)), total + KEEP_WITH_NEXT * columns + 1
    return least(lo, hi, fits) if fits(hi) else hi


def least(lo: int, hi: int, ok) -> int:
    """The least n in lo … hi for which `ok(n)`, where ok never turns false as n grows and
    ok(hi) holds: a binary search, since each question pours a whole story."""
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo
