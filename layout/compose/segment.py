"""Text → units → clusters.

A unit is what never breaks inside (a Han character, a digit or Latin run, a dash or ellipsis
run, one mark). A cluster glues units that may not be separated by a line break: a no-start mark
to the unit before it (R1) and a no-end mark to the unit after it (R2). Lines break only between
clusters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from . import cjk


class Unit(NamedTuple):  # a tuple: tens of thousands are made per page
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


def _no_start(text: str, kind: str) -> bool:
    """R1; a dash run may start a line (a 破折号 lead-in does), an ellipsis run may not."""
    if kind == "space" or (kind == "dash" and text[0] in cjk.DASH):
        return False
    return text[0] in cjk.NO_START or text == "—"


def clusters(us: list[Unit]) -> list[tuple[int, int]]:
    """Index ranges [a, b) of units between which a line may not break."""
    out: list[tuple[int, int]] = []
    a = 0
    glue_next = True  # nothing before the first unit
    for k, (text, kind, _) in enumerate(us):
        if not glue_next and not _no_start(text, kind):
            out.append((a, k))
            a = k
        glue_next = kind != "dash" and text[-1] in cjk.NO_END  # R2
    if us:
        out.append((a, len(us)))
    return out


_SEPARATORS = "./:-_~,?=&#"
_AFTER_SEPARATOR = re.compile(rf"(?<=[{re.escape(_SEPARATORS)}])(?=[^{re.escape(_SEPARATORS)}])")


def fitting_clusters(us: list[Unit], width: Callable[[list[Unit]], float], widest: float
                     ) -> tuple[list[Unit], list[tuple[int, int]]]:
    """Units and clusters, with breaks allowed inside a cluster wider than any line (a URL in a
    narrow column): after its separators (`.` `/` `:` `-` …), and in a piece still too wide,
    between any two characters. Setting it as well as possible beats overprinting the next
    column; the lines it makes are loose and reported so. (No character is wider than 2 em, so
    only clusters of more than `widest` / 2 characters are measured.)"""
    cs = clusters(us)
    if not us or (us[-1].start + len(us[-1].text) - us[0].start) * 2 <= widest:
        return us, cs
    wide = [(a, b) for a, b in cs
            if (us[b - 1].start + len(us[b - 1].text) - us[a].start) * 2 > widest
            and width(us[a:b]) > widest]
    if not wide:
        return us, cs
    out: list[Unit] = []
    cl: list[tuple[int, int]] = []
    for a, b in cs:
        if (a, b) not in wide:
            cl.append((len(out), len(out) + b - a))
            out.extend(us[a:b])
            continue
        group: list[Unit] = []
        groups = [group]
        for u in us[a:b]:
            cuts = ([m.start() for m in _AFTER_SEPARATOR.finditer(u.text)]
                    if u.kind == "run" else [])
            pos = 0
            for cut in [*cuts, len(u.text)]:
                group.append(Unit(u.text[pos:cut], u.kind, u.start + pos))
                pos = cut
                if u.text[cut - 1] in _SEPARATORS:
                    group = []
                    groups.append(group)
        for g in groups:
            if not g:
                continue
            if width(g) <= widest:
                cl.append((len(out), len(out) + len(g)))
                out.extend(g)
                continue
            for u in g:  # the last resort: one character per piece
                for i, ch in enumerate(u.text):
                    cl.append((len(out), len(out) + 1))
                    out.append(Unit(ch, u.kind, u.start + i))
    return out, cl
