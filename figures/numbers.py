"""Numbers as a Chinese special edition prints them: digits kept as written (36.60 stays 36.60),
ASCII minus, units 亿元 万元 % 个百分点 倍 and the rest."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

UNITS = ("亿元", "万元", "元", "%", "个百分点", "倍", "人", "户", "个", "项", "家", "万人",
         "平方公里")


def decimal(text: str) -> Decimal:
    """A value from the spec or the text as an exact decimal: a finite one of at most 30
    digits (NaN, infinity and 1e308 are not figures a page prints)."""
    if len(text) > 40:
        raise ValueError(f"{text[:40]!r}… is not a number")
    try:
        d = Decimal(text.replace(",", "").replace("\u2212", "-").strip())
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not d.is_finite() or d.adjusted() > 30 or d.adjusted() < -30:
        raise ValueError(f"{text!r} is not a number a page prints")
    return d


def show(text: str, decimals: int | None = None, thousands: bool = False) -> str:
    """The number as printed: its own digits unless `decimals` asks otherwise."""
    d = decimal(text)
    if decimals is not None:
        d = d.quantize(Decimal(1).scaleb(-decimals))
    s = f"{d:,f}" if thousands else f"{d:f}"
    return s.replace("\u2212", "-")


def with_unit(text: str, unit: str) -> str:
    return f"{show(text)}{unit}"


def change(text: str, unit: str = "%") -> str:
    """A change with its arrow: ▲5.4% up, ▼3.2% down, — for no change."""
    d = decimal(text)
    if d > 0:
        return f"▲{show(text)}{unit}"
    if d < 0:
        return f"▼{show(text).lstrip('-')}{unit}"
    return f"—{unit}"
