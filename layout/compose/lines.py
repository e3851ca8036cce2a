"""Paragraph → justified lines of positioned glyphs, on a measure counted in em.

The composer works in em of the style's size and needs only advances and ink bounds, so it runs
without a PDF and without font files (tests give it a fake metrics object).

Rules it keeps (W3C clreq, GB/T 15834-2011): R1/R2 through clusters; R3 push in first (compress
punctuation to keep a cluster on the line), then push out; R4/R9 dash and digit/Latin runs are
units; R5/R6 quanjiao widths: marks in a 1-em box, adjacent marks 1.5 em, a mark at line end ½
em, compression only of blank space as the font's ink shows; R7 justification by compressing
before expanding, never inside runs or dashes, spacing spread over gaps between characters; R8
no hanging punctuation; R10 ¼ em between Han and Latin/digits; R12 first-line indent; R15 no
single Han character alone on a paragraph's last line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from . import cjk
from .segment import Unit, clusters, units

EPS = 1e-6
AUTOSPACE = 0.25  # R10: Han ↔ Latin/digit, em
AUTOSPACE_MIN = 0.125
AUTOSPACE_MAX = 0.5
MAX_TRIM = 0.5  # a full-width mark gives up at most half its box


class Metrics(Protocol):
    def advance(self, ch: str) -> float: ...

    def ink(self, ch: str) -> tuple[float, float, float, float] | None: ...


@dataclass(frozen=True, slots=True)
class Glyph:
    ch: str
    x: float  # pt, glyph origin from the line's left edge


@dataclass(frozen=True, slots=True)
class Line:
    glyphs: tuple[Glyph, ...]
    width: float  # pt: right edge of the last box, after line-end trimming
    measure: float  # pt available to this line (indent excluded)
    indent: float  # pt
    para: int  # paragraph index in the block
    first: bool  # first line of its paragraph
    last: bool  # last line of its paragraph
    overfull: bool  # a single cluster wider than the measure
    text: str


@dataclass(slots=True)
class _U:
    """A unit with its metrics: natural box, glyph offsets and compressible blanks (em)."""

    unit: Unit
    w: float
    offs: tuple[float, ...]
    blank_l: float
    blank_r: float
    tier: int  # compression priority; 0 = not compressible

    @property
    def kind(self) -> str:
        return self.unit.kind


def _tier(u: Unit) -> int:
    if u.kind == "open" or (u.kind == "close" and u.text in cjk.BRACKETS):
        return 1
    if u.kind == "close" and u.text in cjk.STOPS:
        return 4
    if u.kind == "close":
        return 2
    return 0


def measure_units(us: list[Unit], m: Metrics) -> list[_U]:
    out: list[_U] = []
    for u in us:
        if u.kind in ("open", "close"):
            ch = u.text
            adv = m.advance(ch)
            box = max(1.0, adv)
            off = box - adv if u.kind == "open" else 0.0  # ink hugs the text it belongs to
            ink = m.ink(ch)
            if ink is None:
                bl = br = 0.5
            else:
                bl = max(0.0, off + ink[0])
                br = max(0.0, box - (off + ink[2]))
            if u.kind == "open":
                out.append(_U(u, box, (off,), min(bl, MAX_TRIM), 0.0, _tier(u)))
            else:
                out.append(_U(u, box, (off,), 0.0, min(br, MAX_TRIM), _tier(u)))
        elif u.kind == "middle":
            adv = m.advance(u.text)
            box = max(adv, 0.5)
            out.append(_U(u, box, ((box - adv) / 2,), 0.0, 0.0, 0))
        else:
            offs, x = [], 0.0
            for ch in u.text:
                offs.append(x)
                x += m.advance(ch)
            out.append(_U(u, x, tuple(offs), 0.0, 0.0, 0))
    return out


def _autospace(a: _U, b: _U) -> bool:
    def latin(x: _U) -> bool:
        return x.kind == "run" and not cjk.is_wide(x.unit.text[0])
    return (a.kind == "han" and latin(b)) or (latin(a) and b.kind == "han")


def _stretchable(a: _U, b: _U) -> bool:
    """Gaps that justification may widen: between characters, never inside a unit, never
    detaching a mark from the character it belongs to."""
    if a.kind == "open" or b.kind in ("close", "middle"):
        return False
    if a.kind == "middle":
        return False
    if b.kind == "dash" or a.kind == "dash":
        return True
    return not (a.unit.text[-1] in cjk.CONNECTOR + cjk.SOLIDUS
                or b.unit.text[0] in cjk.CONNECTOR + cjk.SOLIDUS)


@dataclass(slots=True)
class _Setting:
    x: list[float]  # box left edge of each unit, em
    w: list[float]  # box width after trims
    trim_l: list[float]
    width: float
    natural: float
    shrink: float


def _set(us: list[_U], a: int, b: int, avail: float, last: bool, justify: bool) -> _Setting:
    """Set units [a, b) as one line of `avail` em: trims, autospace, then shrink or stretch."""
    n = b - a
    w = [us[a + k].w for k in range(n)]
    tl = [0.0] * n
    tr = [0.0] * n
    # spaces vanish at the line's edges
    if us[a].kind == "space":
        w[0] = 0.0
    if n > 1 and us[b - 1].kind == "space":
        w[-1] = 0.0
    # adjacent marks: the pair gives up the blank between them (R6, 1.5 em for two)
    for k in range(n - 1):
        x, y = us[a + k], us[a + k + 1]
        if x.kind == "close" and y.kind in ("close", "open"):
            tr[k] = x.blank_r
        elif y.kind == "open" and x.kind in ("close", "open"):
            tl[k + 1] = y.blank_l
    # a mark at the line end takes half an em (GB/T 15834 5.1.10)
    if us[b - 1].kind == "close":
        tr[-1] = us[b - 1].blank_r
    gaps = [AUTOSPACE if _autospace(us[a + k], us[a + k + 1]) else 0.0 for k in range(n - 1)]
    natural = sum(w) - sum(tl) - sum(tr) + sum(gaps)
    # what push-in may still take, by priority: brackets, 、，；：, Han–Latin, 。？！
    # (a pair of adjacent marks has already given up its shared blank: never both sides)
    caps: dict[int, list[tuple[str, int, float]]] = {1: [], 2: [], 3: [], 4: []}
    marks = ("close", "open")
    for k in range(n):
        u = us[a + k]
        if (u.tier and u.kind == "close" and k < n - 1 and tr[k] < u.blank_r - EPS
                and us[a + k + 1].kind not in marks):
            caps[u.tier].append(("r", k, u.blank_r - tr[k]))
        if (u.tier and u.kind == "open" and k > 0 and tl[k] < u.blank_l - EPS
                and us[a + k - 1].kind not in marks):
            caps[u.tier].append(("l", k, u.blank_l - tl[k]))
    for k, g in enumerate(gaps):
        if g:
            caps[3].append(("g", k, AUTOSPACE - AUTOSPACE_MIN))
    shrink = sum(c for tier in caps.values() for _, _, c in tier)
    over = natural - avail
    if over > EPS:
        for t in (1, 2, 3, 4):
            total = sum(c for _, _, c in caps[t])
            if total <= EPS:
                continue
            f = min(1.0, over / total)
            for side, k, c in caps[t]:
                if side == "r":
                    tr[k] += c * f
                elif side == "l":
                    tl[k] += c * f
                else:
                    gaps[k] -= c * f
            over -= total * f
            if over <= EPS:
                break
    elif justify and not last and -over > EPS:
        slack = -over
        # Han–Latin spaces first, up to ½ em (clreq expansion priority)
        auto = [k for k, g in enumerate(gaps) if g]
        if auto:
            add = min(slack / len(auto), AUTOSPACE_MAX - AUTOSPACE)
            for k in auto:
                gaps[k] += add
            slack -= add * len(auto)
        open_gaps = [k for k in range(n - 1) if _stretchable(us[a + k], us[a + k + 1])]
        if slack > EPS and open_gaps:
            add = slack / len(open_gaps)
            for k in open_gaps:
                gaps[k] += add
    xs, x = [], 0.0
    for k in range(n):
        xs.append(x - tl[k])
        x += w[k] - tl[k] - tr[k] + (gaps[k] if k < n - 1 else 0.0)
    return _Setting(xs, [w[k] - tl[k] - tr[k] for k in range(n)], tl, x, natural, shrink)


def _orphan(us: list[_U], a: int, b: int) -> bool:
    core = [u for u in us[a:b] if u.kind not in ("open", "close", "middle", "space")]
    return len(core) == 1 and core[0].kind == "han" and len(core[0].unit.text) == 1


def break_paragraph(text: str, m: Metrics, measure: float, indent: float = 2.0,
                    justify: bool = True) -> list[tuple[int, int, float]]:
    """Line breaks as unit ranges (a, b) with each line's measure in em."""
    us = measure_units(units(text), m)
    return _break(us, clusters([u.unit for u in us]), measure, indent, justify)


def _break(us: list[_U], cl: list[tuple[int, int]], measure: float, indent: float,
           justify: bool) -> list[tuple[int, int, float]]:
    out: list[tuple[int, int]] = []  # cluster index ranges [i, j]
    i = 0
    while i < len(cl):
        avail = measure - (indent if not out else 0.0)
        best = i
        for j in range(i, len(cl)):
            s = _set(us, cl[i][0], cl[j][1], avail, last=True, justify=False)
            if s.natural <= avail + EPS:
                best = j
                continue
            if s.natural - s.shrink <= avail + EPS:  # push in first
                best = j
            break
        out.append((i, best))
        i = best + 1
    # R15: pull one cluster down so a last line never holds a single Han character
    if len(out) >= 2:
        i, j = out[-1]
        pi, pj = out[-2]
        if _orphan(us, cl[i][0], cl[j][1]) and pj > pi:
            out[-2] = (pi, pj - 1)
            out[-1] = (pj, j)
    lines = []
    for n, (i, j) in enumerate(out):
        lines.append((cl[i][0], cl[j][1], measure - (indent if n == 0 else 0.0)))
    return lines


def compose_paragraph(text: str, m: Metrics, size: float, measure_pt: float, indent_em: float,
                      para: int = 0, justify: bool = True, align: str = "justify") -> list[Line]:
    """Set one paragraph at `size` pt on a measure of `measure_pt` pt."""
    us = measure_units(units(text), m)
    if not us:
        return []
    measure = measure_pt / size
    cl = clusters([u.unit for u in us])
    brk = _break(us, cl, measure, indent_em, justify)
    lines: list[Line] = []
    for n, (a, b, avail) in enumerate(brk):
        last = n == len(brk) - 1
        s = _set(us, a, b, avail, last=last, justify=justify)
        ind = measure - avail
        shift = 0.0
        if align == "center":
            shift = max(0.0, (avail - s.width) / 2)
        elif align == "right":
            shift = max(0.0, avail - s.width)
        glyphs = []
        for k in range(b - a):
            u = us[a + k]
            if u.kind == "space":
                continue
            for ch, off in zip(u.unit.text, u.offs, strict=False):
                glyphs.append(Glyph(ch, (ind + shift + s.x[k] + off) * size))
        lines.append(Line(
            glyphs=tuple(glyphs), width=(ind + shift + s.width) * size, measure=avail * size,
            indent=ind * size, para=para, first=n == 0, last=last,
            overfull=s.width - avail > 1e-3,
            text="".join(us[k].unit.text for k in range(a, b))))
    return lines
