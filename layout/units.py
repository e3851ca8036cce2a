"""Lengths as Chinese typesetters write them: 字 (body em), 行 (grid lines), mm, pt, and 字号 names.

The spec speaks in 字 and 行 so that a block's place on the page is a whole number of characters
and lines; only the grid turns them into points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MM = 72 / 25.4

# The Word/WPS 字号 table, the de-facto digital standard (pt).
ZIHAO: dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16,
    "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5, "小六": 6.5,
    "七号": 5.5, "八号": 5,
}

_LEN = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(字|行|mm|pt|em)?\s*$")


class UnitError(ValueError):
    """A length or size the spec cannot mean; the message says what would be accepted."""


@dataclass(frozen=True, slots=True)
class Length:
    """A length in one of the spec's units; resolved to pt by the grid, which knows 字 and 行."""

    value: float
    unit: str  # "字" | "行" | "mm" | "pt"

    def pt(self, zi: float, line: float) -> float:
        if self.unit == "字":
            return self.value * zi
        if self.unit == "行":
            return self.value * line
        if self.unit == "mm":
            return self.value * MM
        return self.value


def parse_length(value: object, default_unit: str = "字") -> Length:
    if isinstance(value, bool):
        raise UnitError(f"expected a length such as 2字, 3mm or 12pt, got {value!r}")
    if isinstance(value, int | float):
        return Length(float(value), default_unit)
    if isinstance(value, str):
        m = _LEN.match(value)
        if m:
            unit = m.group(2) or default_unit
            return Length(float(m.group(1)), "字" if unit == "em" else unit)
    raise UnitError(f"expected a length such as 2字, 3mm or 12pt, got {value!r}")


def parse_size(value: object) -> float:
    """A type size: a 字号 name (小五) or points (9, '9pt')."""
    if isinstance(value, str) and value.strip() in ZIHAO:
        return float(ZIHAO[value.strip()])
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    if isinstance(value, str):
        m = _LEN.match(value)
        if m and m.group(2) in (None, "pt") and float(m.group(1)) > 0:
            return float(m.group(1))
        if m and m.group(2) == "mm" and float(m.group(1)) > 0:
            return float(m.group(1)) * MM
    names = "、".join(ZIHAO)
    raise UnitError(f"unknown type size {value!r}: use a 字号 name ({names}) or points like 9pt")


def pt_text(v: float, how: str = "near") -> str:
    """A size as a designer writes it, to the half point: `34pt`, `10.5pt`, never
    `34.4483pt`. `how` is "down" for a size that must still fit, "up" for one that is needed."""
    import math

    halves = {"down": math.floor, "up": math.ceil}.get(how, round)(v * 2 + (
        1e-6 if how == "down" else -1e-6 if how == "up" else 0.0))
    return f"{halves / 2:g}pt"
