"""Text → units → clusters.

A unit is what never breaks inside (a Han character, a digit or Latin run, a dash or ellipsis
run, one mark). A cluster glues units that may not be separated by a line break: a no-start mark
to the unit before it (R1) and a no-end mark to the unit after it (R2). Lines break only between
clusters.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import cjk


@dataclass(frozen=True, slots=True)
class Unit:
    text: str
    kind: str  # han | run | open | close | middle | dash | space | other
    start: int  # offset in the paragraph


def units(text: str) -> list[Unit]:
    out: list[Unit] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        m = cjk.DASH_RE.match(text, i)
        if m:
            out.append(Unit(m.group(), "dash", i))
            i = m.end()
            continue
        m = cjk.RUN_RE.match(text, i)
        if m:
            out.append(Unit(m.group(), "run", i))
            i = m.end()
            continue
        if ch in cjk.LEFT_BLANK:
            kind = "open"
        elif ch in cjk.RIGHT_BLANK:
            kind = "close"
        elif ch in cjk.INTERPUNCT:
            kind = "middle"
        elif ch in ("\u3000", " "):
            kind = "space"
        elif cjk.is_wide(ch):
            kind = "han"
        else:
            kind = "other"
        out.append(Unit(ch, kind, i))
        i += 1
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
