"""Vertical (竖排) titles, R18/R19: characters upright, top to bottom, one 字 each.

Brackets, quotes and marks take their vertical presentation forms (【 → ︻, “ → ﹃, ， → ︐),
whose glyphs already sit where GB/T 15834 §5.2 puts them (点号 in the upper right). Numbers of
one to three digits are set across the column in one 字 (纵中横).
"""

from __future__ import annotations

import re

from ..pagemodel import Cell
from . import cjk

_TCY = re.compile(r"(?<![0-9])[0-9]{1,3}(?![0-9])")


def vertical_cells(text: str) -> list[str]:
    """The cells of a vertical line, top to bottom: a character, a vertical form, or a short
    number set across (纵中横)."""
    out: list[str] = []
    i = 0
    text = "".join(ch for ch in text if not ch.isspace())
    while i < len(text):
        m = _TCY.match(text, i)
        if m:
            out.append(m.group())
            i = m.end()
            continue
        out.append(cjk.VERTICAL_FORMS.get(text[i], text[i]))
        i += 1
    return out


def vertical_glyphs(text: str, size: float) -> tuple[Cell, ...]:
    """Cells with their offset down from the top of the column, 1 字 apart."""
    return tuple(Cell(c, k * size) for k, c in enumerate(vertical_cells(text)))
