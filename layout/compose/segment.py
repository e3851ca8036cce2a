"""Text → units → clusters.

A unit is what never breaks inside (a Han character, a digit or Latin run, a dash or ellipsis
run, one mark). A cluster glues units that may not be separated by a line break: a no-start mark
to the unit before it (R1) and a no-end mark to the unit after it (R2). Lines break only between
clusters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import cjk


@dataclass(frozen=True, slots=True)
class Unit:
    text: str
    kind: str  # han | run | open | close | middle | dash | space | other
    start: int  # offset in the paragraph


_TOKEN = re.compile(f"(?P<dash>{cjk.DASH_RE.pattern})|(?P<run>{cjk.RUN_RE.pattern})|.", re.S)
_KIND: dict[str, str] = {}


def _kind(ch: str) -> str:
    k = _KIND.get(ch)
    if k is None:
        if ch in cjk.LEFT_BLANK:
            k = "open"
        elif ch in cjk.RIGHT_BLANK:
            k = "close"
        elif ch in cjk.INTERPUNCT:
            k = "middle"
        elif ch in ("\u3000", " "):
            k = "space"
        elif cjk.is_wide(ch):
            k = "han"
        else:
            k = "other"
        _KIND[ch] = k
    return k


def units(text: str) -> list[Unit]:
    out: list[Unit] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or _kind(m.group())
        out.append(Unit(m.group(), kind, m.start()))
    return out


def _no_start(u: Unit) -> bool:
    if u.kind == "dash" or u.kind == "space":
        return False
    return u.text[0] in cjk.NO_START or u.text == "—"


def _no_end(u: Unit) -> bool:
    return u.kind != "dash" and u.text[-1] in cjk.NO_END


def clusters(us: list[Unit]) -> list[tuple[int, int]]:
    """Index ranges [a, b) of units between which a line may not break."""
    if not us:
        return []
    out: list[list[int]] = [[0, 1]]
    for k in range(1, len(us)):
        prev, cur = us[k - 1], us[k]
        if _no_start(cur) or _no_end(prev):
            out[-1][1] = k + 1
        else:
            out.append([k, k + 1])
    return [(a, b) for a, b in out]
