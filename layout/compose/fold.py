"""Text and the fold of a spread: no text is set in the fold-safe zone (`page.fold_safe`, 6 mm
either side of the fold), where the paper bends and the press may not register both pages.

Body text is kept out by the grid check (a text block may not cross the zone). The texts that
belong to blocks which may cross it are kept out here, by construction:

- a caption under a picture that crosses the fold is set on the wider side of the picture,
  clear of the zone (`fold_free`);
- each line of a headline that crosses the fold (引题, 主题 and 副题 alike) is split around
  the fold at the best break near it, its halves moved apart just enough to clear the zone
  (`clear_fold`), as a designer sets a 跨版 headline.

What still reaches the zone (a label, a chart's label, a vertical title) is reported by the
place stage with its location (layout/place/fold.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..geometry import Grid, Rect
from ..pagemodel import Glyph
from . import cjk
from .glue import Metrics
from .headline import display_width, words
from .lines import Line, Typesetting, shifted

Zone = tuple[float, float]  # x from, x to, pt from the first page's left trim edge

WORD = 2.0  # em of movement a break inside a word costs: 见‖证 reads worse than 湿地‖见证


def fold_zone(grid: Grid, safe: float) -> Zone | None:
    """The fold-safe zone of a spread; None on a single page or with no zone."""
    if grid.pages < 2 or safe <= 0:
        return None
    return grid.trim_w - safe, grid.trim_w + safe


def fold_free(rect: Rect, zone: Zone | None) -> tuple[float, float]:
    """Where text set across `rect` may go: (offset from rect.x, width), the wider of its
    sides clear of the zone; the whole rect when the zone does not meet it, or leaves neither
    side a third of it (the place stage then reports the text in the zone)."""
    if zone is None or rect.x1 <= zone[0] or rect.x >= zone[1]:
        return 0.0, rect.w
    left, right = max(0.0, zone[0] - rect.x), max(0.0, rect.x1 - zone[1])
    if max(left, right) < rect.w / 3:
        return 0.0, rect.w
    return (0.0, left) if left >= right else (zone[1] - rect.x, right)


def _breaks(line: Line, words: tuple[str, ...] | None) -> list[float | None]:
    """Per glyph k (1 … n−1): the cost in em of breaking before it, None where a break is not
    allowed (kinsoku, inside a number, a Latin word, a dash or an ellipsis)."""
    gl = line.glyphs
    text = "".join(ch for ch in line.text if not ch.isspace())
    chars = "".join(g.ch for g in gl)
    spaced = _spaced(line.text)
    bounds = _word_bounds(words, text)
    out: list[float | None] = [None]
    for k in range(1, len(gl)):
        if _unbreakable(gl, chars, k):
            out.append(None)
        elif k in spaced or text != chars or bounds is None or k in bounds:
            out.append(0.0)
        else:
            out.append(WORD)
    return out


def _spaced(text: str) -> set[int]:
    """Glyph indices a space stands before: the line's glyphs hold no spaces, its text does."""
    spaced: set[int] = set()  # glyph indices a space stands before
    k = 0
    for ch in text:
        if ch.isspace():
            spaced.add(k)
        else:
            k += 1
    return spaced


def _word_bounds(words: tuple[str, ...] | None, text: str) -> set[int] | None:
    """Glyph indices where a word ends, when the segmenter's words spell the line's text (a
    line changed by the composer, or no segmenter, gives None: every allowed break is equal)."""
    bounds: set[int] | None = None
    if words is not None and "".join(w.strip() for w in words).replace("\u3000", "") == text:
        bounds, k = set(), 0
        for w in words:
            k += sum(1 for ch in w if not ch.isspace())
            bounds.add(k)
    return bounds


def _unbreakable(gl: tuple[Glyph, ...], chars: str, k: int) -> bool:
    """Whether glyphs k−1 and k stay together: kinsoku, a number or Latin word, or a glyph
    painted with a multi-glyph mark (a dash, an ellipsis)."""
    a, b = chars[k - 1], chars[k]
    painted_with = next((j for j in range(k - 1, -1, -1) if gl[j].mark is not None), None)
    inside_mark = painted_with is not None and painted_with + gl[painted_with].mark.count > k
    return bool(b in cjk.NO_START or a in cjk.NO_END or inside_mark
                or (a.isascii() and a.isalnum() and b.isascii() and b.isalnum()))


def meets(line: Line, x: float, zone: Zone | None, m: Metrics, size: float) -> bool:
    """Whether a glyph of `line`, set from `x` at `size`, stands in the zone."""
    if zone is None:
        return False
    return any(not g.ch.isspace() and x + g.x < zone[1] - 1e-6
               and x + g.x + m.advance(g.ch) * size > zone[0] + 1e-6 for g in line.glyphs)


def clear_fold(line: Line, x: float, band: tuple[float, float], zone: Zone | None,
               m: Metrics, size: float,
               words: Callable[[str], tuple[str, ...]] | None = None,
               centred: bool = False) -> Line:
    """A display line whose origin is at `x` on the spread, split around the fold so no glyph
    stands in the zone: its halves move apart as little as they can, at the allowed break that
    needs the least movement (a space or a word boundary first: `words` cuts the line's text
    into words, asked only for a line that meets the zone), and stay inside `band`. A centred
    line takes the fold for its axis: its halves stand against the zone on either side, as a
    跨版 headline is set; a flush line moves no more than it must. A line clear of the zone,
    or one that cannot be split so, comes back as it was."""
    if not meets(line, x, zone, m, size):
        return line
    best = _least_split(line, x, band, zone, m, size, words, centred)
    if best is None:
        return line
    _, k, move_l, move_r = best
    return _moved_apart(line, k, move_l, move_r)


def _least_split(line: Line, x: float, band: tuple[float, float], zone: Zone, m: Metrics,
                 size: float, words: Callable[[str], tuple[str, ...]] | None, centred: bool
                 ) -> tuple[float, int, float, float] | None:
    """(movement in pt, glyph k, left half's move, right half's move) of the allowed break
    that clears the zone with the least movement, its word cost counted; None if none does."""
    gl = line.glyphs
    left = [x + g.x for g in gl]
    right = [lx + m.advance(g.ch) * size for lx, g in zip(left, gl, strict=True)]
    ink = [not g.ch.isspace() for g in gl]
    best: tuple[float, int, float, float] | None = None
    for k, cost in enumerate(_breaks(line, words(line.text) if words else None)):
        if cost is None:
            continue
        moves = _moves(k, left, right, ink, band, zone, centred)
        if moves is None:
            continue
        move_l, move_r = moves
        total = abs(move_l) + abs(move_r) + cost * size
        if best is None or total < best[0] - 1e-9:
            best = (total, k, move_l, move_r)
    return best


def _moves(k: int, left: list[float], right: list[float], ink: list[bool],
           band: tuple[float, float], zone: Zone, centred: bool) -> tuple[float, float] | None:
    """How far the halves before and from glyph k move to stand clear of the zone (a centred
    line's halves against it); None if a half has no ink or would leave `band`."""
    z0, z1 = zone
    lo = [j for j in range(k) if ink[j]]
    hi = [j for j in range(k, len(ink)) if ink[j]]
    if not lo or not hi:
        return None
    move_l = max(right[j] for j in lo) - z0
    move_r = z1 - min(left[j] for j in hi)
    if not centred:
        move_l, move_r = max(0.0, move_l), max(0.0, move_r)
    if left[lo[0]] - move_l < band[0] - 1e-6 or right[hi[-1]] + move_r > band[1] + 1e-6:
        return None  # a half would leave the block
    return move_l, move_r


def _moved_apart(line: Line, k: int, move_l: float, move_r: float) -> Line:
    """The line split before glyph k: the left half moved left by `move_l`, the right half
    right by `move_r`, each dash with its side."""
    gl = line.glyphs
    glyphs = tuple(replace(g, x=g.x - move_l) if j < k else replace(g, x=g.x + move_r)
                   for j, g in enumerate(gl))
    cut = gl[k].x - 1e-6  # a dash is never split: it moves with its side of the break
    dashes = tuple((a - move_l, b - move_l, t) if a < cut else (a + move_r, b + move_r, t)
                   for a, b, t in line.dashes)
    return replace(line, glyphs=glyphs, width=line.width + move_r, dashes=dashes)


def fold_size(text: str, x: float, band: tuple[float, float], zone: Zone | None, m: Metrics,
              ts: Typesetting) -> float | None:
    """The largest size at which display line `text`, set from `x`, splits at a word boundary
    with each half on its side of the zone inside `band`: a fold-crossing headline is set no
    larger, so the fold falls between words (湿地‖见证), not inside one (见‖证). None when the
    line does not meet the zone at its natural place or has no such boundary."""
    if zone is None:
        return None
    z0, z1 = zone
    pieces = [w for w in words(text) if w.strip()]
    best = None
    for k in range(1, len(pieces)):
        left, right = "".join(pieces[:k]).strip(), "".join(pieces[k:]).strip()
        wl, wr = display_width(left, m, ts), display_width(right, m, ts)
        if wl <= 0 or wr <= 0:
            continue
        size = min((z0 - band[0]) / wl, (band[1] - z1) / wr)
        if size > 0 and (best is None or size > best):
            best = size
    return best


def shift_into(lines: tuple[Line, ...] | list[Line], offset: float) -> tuple[Line, ...]:
    """Lines set on a part of their block's width, moved to where that part starts."""
    return tuple(shifted(ln, offset) for ln in lines)
