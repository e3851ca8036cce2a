"""破折号 and 省略号 drawn with ink of their own (GB/T 15834 4.14, 4.11).

A face's own glyphs do not make a Chinese dash or ellipsis: Noto Serif SC's `—` is a 0.89 em
Western dash set low, so `——` prints as two dashes with a gap; some faces (LXGW WenKai in some
builds) put `…` on the baseline. The composer already gives each run exactly 1 字 per character
(glue._dash_box); here that box gets its ink: one continuous rule through the middle of the em
box for `——` (and the `———` lead-in), three dots a character on the same centre line for
`……`. Weight comes from the face (its dash's stroke, its ellipsis's dot), kept within a range
that reads as a dash or a dot whatever the face draws.
"""

from __future__ import annotations

from ..geometry import EM_BOX_TOP
from ..pagemodel import Mark
from . import cjk
from .glue import Metrics

CENTRE = EM_BOX_TOP - 0.5  # em above the baseline: the middle of the ideographic em box
RULE_WEIGHT = (0.04, 0.10, 0.06)  # em: least, most, and without ink data
DOT_WEIGHT = (0.08, 0.16, 0.11)
DOTS_PER_CHAR = {"…": 3, "⋯": 3, "‥": 2}


def _ink_height(m: Metrics, ch: str, bounds: tuple[float, float, float]) -> float:
    lo, hi, default = bounds
    ink = m.ink(ch)
    if ink is None:
        return default
    return min(hi, max(lo, ink[3] - ink[1]))


def dash_mark(text: str, x0: float, width: float, m: Metrics, size: float) -> Mark | None:
    """The ink of a dash or ellipsis run `width` pt wide whose box starts `x0` pt from its first
    glyph's origin, at `size` pt; None for anything else."""
    if all(ch in cjk.DASH for ch in text):
        return Mark("rule", len(text), x0, width, CENTRE * size,
                    _ink_height(m, "—", RULE_WEIGHT) * size)
    if all(ch in DOTS_PER_CHAR for ch in text):
        dots = sum(DOTS_PER_CHAR[ch] for ch in text)
        return Mark("dots", len(text), x0, width, CENTRE * size,
                    _ink_height(m, text[0], DOT_WEIGHT) * size, dots)
    return None
