"""Paragraph → justified lines of positioned glyphs, on a measure counted in em.

The composer works in em of the style's size and needs only advances and ink bounds, so it runs
without a PDF and without font files (tests give it a fake metrics object).

Rules it keeps (W3C clreq, GB/T 15834-2011): R1/R2 through clusters; R3 push in first (compress
punctuation to keep a cluster on the line), then push out; R4/R9 dash and digit/Latin runs are
units; R5/R6 punctuation widths by style (quanjiao: marks in a 1-em box, adjacent marks 1.5 em,
a mark at line end ½ em), compressing only blank space as the font's ink shows; R7
justification by compressing before expanding, never inside runs or dashes, spacing spread over
gaps between characters; R8 no hanging punctuation; R10 Han–Latin spacing; R12 first-line
indent; R15 no single Han character alone on a paragraph's last line.

Line breaking is greedy with push-in, and measures a candidate line in O(1) from prefix sums, so
a paragraph costs time linear in its length.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Protocol

from ..pagemodel import Glyph
from . import cjk
from .segment import Unit, clusters, units

EPS = 1e-6
AUTOSPACE_MIN = 0.125  # R10 may shrink to ⅛ em …
AUTOSPACE_MAX = 0.5  # … and stretch to ½ em
MAX_TRIM = 0.5  # a full-width mark gives up at most half its box
PUNCT_STYLES = ("quanjiao", "kaiming", "banjiao", "hangmobanjiao")


class Metrics(Protocol):
    def advance(self, ch: str) -> float: ...

    def ink(self, ch: str) -> tuple[float, float, float, float] | None: ...


@dataclass(frozen=True, slots=True)
class Typesetting:
    """House rules of one style.

    punct: 全角式 quanjiao (marks 1 em, adjacent pairs 1.5 em, ½ em at line end);
    开明式 kaiming (。？！ full, the other 点号 ，、；： half); 半角式 banjiao (all marks
    half); 行末半角式 hangmobanjiao (full width, half at line end only).
    autospace: em between Han and Latin/digits (R10).
    tracking: em added after every character (copyfit only; display type may use more).
    """

    punct: str = "quanjiao"
    autospace: float = 0.25
    tracking: float = 0.0


DEFAULT = Typesetting()


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


def _tier(u: Unit) -> int:
    """clreq's compression order: brackets, then 、，；：, then Han–Latin (3), then 。？！."""
    if u.kind == "open" or (u.kind == "close" and u.text in cjk.BRACKETS):
        return 1
    if u.kind == "close" and u.text in cjk.STOPS:
        return 4
    if u.kind == "close":
        return 2
    return 0


def _latin(u: Unit) -> bool:
    return u.kind == "run" and not cjk.is_wide(u.text[0])


def _stretchable(a: Unit, b: Unit) -> bool:
    """Gaps that justification may widen: between characters, never inside a unit, never
    detaching a mark from the character it belongs to."""
    if a.kind in ("open", "middle") or b.kind in ("close", "middle"):
        return False
    if b.kind == "dash" or a.kind == "dash":
        return True
    return not (a.text[-1] in cjk.CONNECTOR + cjk.SOLIDUS
                or b.text[0] in cjk.CONNECTOR + cjk.SOLIDUS)


class _Para:
    """A paragraph's units with their metrics and prefix sums for O(1) line measurement."""

    def __init__(self, text: str, m: Metrics, ts: Typesetting):
        self.us = us = units(text)
        n = len(us)
        self.ts = ts
        self.w = [0.0] * n  # natural box width, em
        self.offs: list[tuple[float, ...]] = []  # glyph origins inside the box
        self.fl = [0.0] * n  # blank removed by the punctuation style, left / right
        self.fr = [0.0] * n
        self.bl = [0.0] * n  # compressible blank left / right (ink-limited, ≤ ½ em)
        self.br = [0.0] * n
        self.tier = [_tier(u) for u in us]
        self.pad_r = [0.0] * n  # the blank right of a centred interpunct, dropped at line end
        trk = ts.tracking
        for k, u in enumerate(us):
            if u.kind in ("open", "close"):
                adv = m.advance(u.text)
                box = max(1.0, adv)
                off = box - adv if u.kind == "open" else 0.0  # ink hugs its text
                ink = m.ink(u.text)
                if ink is None:
                    left = right = MAX_TRIM
                else:
                    left = max(0.0, off + ink[0])
                    right = max(0.0, box - (off + ink[2]))
                self.w[k] = box + trk
                self.offs.append((off,))
                if u.kind == "open":
                    self.bl[k] = min(left, MAX_TRIM)
                else:
                    self.br[k] = min(right, MAX_TRIM)
                half = ts.punct == "banjiao" or (ts.punct == "kaiming" and u.text in cjk.PAUSES)
                if half:
                    self.fl[k], self.fr[k] = self.bl[k], self.br[k]
            elif u.kind == "middle":
                adv = m.advance(u.text)
                box = max(adv, 0.5)
                self.w[k] = box + trk
                self.offs.append(((box - adv) / 2,))
                self.pad_r[k] = (box - adv) / 2
            else:
                offs, x = [], 0.0
                for ch in u.text:
                    offs.append(x)
                    x += m.advance(ch) + trk
                self.w[k] = x
                self.offs.append(tuple(offs))
        # between unit k and k+1: the blank two adjacent marks give up, and Han–Latin space
        adjacent = ts.punct != "hangmobanjiao"
        self.pair_r = [0.0] * n  # extra trim on k's right because k+1 is a mark
        self.pair_l = [0.0] * n  # extra trim on k's left because k-1 is a mark
        self.gap = [0.0] * n
        for k in range(n - 1):
            x, y = us[k], us[k + 1]
            if adjacent and x.kind == "close" and y.kind in ("close", "open"):
                self.pair_r[k] = self.br[k] - self.fr[k]
            elif adjacent and y.kind == "open" and x.kind in ("close", "open"):
                self.pair_l[k + 1] = self.bl[k + 1] - self.fl[k + 1]
            if (x.kind == "han" and _latin(y)) or (_latin(x) and y.kind == "han"):
                self.gap[k] = ts.autospace
        marks = ("close", "open")
        # push-in capacity of each unit's inner sides (never both sides of a pair of marks)
        self.cap_r = [0.0] * n
        self.cap_l = [0.0] * n
        for k, u in enumerate(us):
            if self.tier[k] and u.kind == "close" and k + 1 < n and us[k + 1].kind not in marks:
                self.cap_r[k] = self.br[k] - self.fr[k]
            if self.tier[k] and u.kind == "open" and k > 0 and us[k - 1].kind not in marks:
                self.cap_l[k] = self.bl[k] - self.fl[k]
        self.gap_cap = [max(0.0, g - AUTOSPACE_MIN) if g else 0.0 for g in self.gap]
        net = [self.w[k] - self.fl[k] - self.fr[k] - self.pair_l[k] for k in range(n)]
        self.P_net = [0.0, *accumulate(net)]
        self.P_pair_r = [0.0, *accumulate(self.pair_r)]
        self.P_gap = [0.0, *accumulate(self.gap)]
        self.P_cap = [0.0, *accumulate(c + d for c, d in zip(self.cap_l, self.cap_r,
                                                             strict=True))]
        self.P_gcap = [0.0, *accumulate(self.gap_cap)]

    def natural(self, a: int, b: int) -> float:
        """Width of units [a, b) set as one line, before push-in or justification."""
        us = self.us
        x = self.P_net[b] - self.P_net[a] + self.pair_l[a]  # no pair across the line start
        x -= self.P_pair_r[b - 1] - self.P_pair_r[a]  # pairs inside the line
        x += self.P_gap[b - 1] - self.P_gap[a]
        last = b - 1
        if us[last].kind == "close":  # GB/T 15834 5.1.10: half an em at the line end
            x -= self.br[last] - self.fr[last]
        x -= self.pad_r[last]
        if us[a].kind == "space":
            x -= self.w[a]
        if last > a and us[last].kind == "space":
            x -= self.w[last]
        return x

    def shrink(self, a: int, b: int) -> float:
        """What push-in may still take from the line [a, b)."""
        s = self.P_cap[b] - self.P_cap[a] - self.cap_l[a] - self.cap_r[b - 1]
        return s + self.P_gcap[b - 1] - self.P_gcap[a]

    def set_line(self, a: int, b: int, avail: float, last: bool, justify: bool
                 ) -> tuple[list[float], float]:
        """Box positions of units [a, b) on a line of `avail` em, and the line's width."""
        us = self.us
        n = b - a
        w = self.w[a:b]
        tl = [self.fl[a + k] + (self.pair_l[a + k] if k else 0.0) for k in range(n)]
        tr = [self.fr[a + k] + (self.pair_r[a + k] if k < n - 1 else 0.0) for k in range(n)]
        if us[b - 1].kind == "close":
            tr[-1] = self.br[b - 1]
        tr[-1] += self.pad_r[b - 1]  # an interpunct ends the line with its glyph, not its box
        if us[a].kind == "space":
            w[0] = 0.0
        if n > 1 and us[b - 1].kind == "space":
            w[-1] = 0.0
        gaps = self.gap[a:b - 1]
        natural = sum(w) - sum(tl) - sum(tr) + sum(gaps)
        over = natural - avail
        if over > EPS:  # push in, by clreq's priority
            for tier in (1, 2, 3, 4):
                caps: list[tuple[str, int, float]] = []
                if tier == 3:
                    caps = [("g", k, self.gap_cap[a + k]) for k in range(n - 1)
                            if self.gap_cap[a + k]]
                else:
                    for k in range(n):
                        if self.tier[a + k] != tier:
                            continue
                        if k < n - 1 and self.cap_r[a + k]:
                            caps.append(("r", k, self.cap_r[a + k]))
                        if k > 0 and self.cap_l[a + k]:
                            caps.append(("l", k, self.cap_l[a + k]))
                total = sum(c for _, _, c in caps)
                if total <= EPS:
                    continue
                f = min(1.0, over / total)
                for side, k, c in caps:
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
            auto = [k for k, g in enumerate(gaps) if g]  # Han–Latin spaces first, up to ½ em
            if auto:
                add = min(slack / len(auto), max(0.0, AUTOSPACE_MAX - self.ts.autospace))
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
        return xs, x

    def orphan(self, a: int, b: int) -> bool:
        core = [u for u in self.us[a:b] if u.kind not in ("open", "close", "middle", "space")]
        return len(core) == 1 and core[0].kind == "han" and len(core[0].text) == 1


def _break(p: _Para, measure: float, indent: float,
           measure_at: Callable[[int], float] | None = None) -> list[tuple[int, int, float]]:
    """Greedy breaking with push-in; `measure_at(n)` gives line n its own measure (em), for text
    that flows around a picture."""
    cl = clusters(p.us)
    out: list[tuple[int, int]] = []  # cluster index ranges [i, j]

    def width(n: int) -> float:
        return (measure_at(n) if measure_at else measure) - (indent if n == 0 else 0.0)

    i = 0
    while i < len(cl):
        avail = width(len(out))
        best = i
        for j in range(i, len(cl)):
            a, b = cl[i][0], cl[j][1]
            nat = p.natural(a, b)
            if nat <= avail + EPS:
                best = j
                continue
            if nat - p.shrink(a, b) <= avail + EPS:  # push in first
                best = j
            break
        out.append((i, best))
        i = best + 1
    # R15: pull one cluster down so a last line never holds a single Han character
    if len(out) >= 2:
        i, j = out[-1]
        pi, pj = out[-2]
        if p.orphan(cl[i][0], cl[j][1]) and pj > pi:
            out[-2] = (pi, pj - 1)
            out[-1] = (pj, j)
    return [(cl[i][0], cl[j][1], width(n)) for n, (i, j) in enumerate(out)]


def break_paragraph(text: str, m: Metrics, measure: float, indent: float = 2.0,
                    ts: Typesetting = DEFAULT) -> list[tuple[int, int, float]]:
    """Line breaks as unit ranges (a, b) with each line's measure in em."""
    return _break(_Para(text, m, ts), measure, indent)


_MEMO: OrderedDict[tuple, tuple[Metrics, tuple[Line, ...]]] = OrderedDict()
MEMO_SIZE = 4096  # paragraphs; a broadsheet spread has a few hundred


def compose_paragraph(text: str, m: Metrics, size: float, measure_pt: float, indent_em: float,
                      para: int = 0, justify: bool = True, align: str = "justify",
                      ts: Typesetting = DEFAULT,
                      measures: Callable[[int], float] | None = None) -> list[Line]:
    """Set one paragraph at `size` pt on a measure of `measure_pt` pt, or on `measures(n)` pt
    for its line n.

    A paragraph's lines depend only on these arguments, so they are remembered: a re-render
    after one paragraph changed sets only that paragraph again. `measures` is part of the key
    (Slots compares by value); the entry holds the metrics object, so its id is never reused
    while the entry lives."""
    key = (id(m), text, size, measure_pt, indent_em, para, justify, align, ts, measures)
    hit = _MEMO.get(key)
    if hit is not None:
        _MEMO.move_to_end(key)
        return list(hit[1])
    lines = _compose(text, m, size, measure_pt, indent_em, para, justify, align, ts, measures)
    _MEMO[key] = (m, tuple(lines))
    if len(_MEMO) > MEMO_SIZE:
        _MEMO.popitem(last=False)
    return lines


@dataclass(frozen=True, slots=True)
class Slots:
    """Line n's measure in pt, from a block's per-slot measures starting at slot `base`: a
    hashable stand-in for a closure, so text flowing around a picture is remembered too."""

    measures: tuple[float, ...]
    base: int = 0

    def __call__(self, n: int) -> float:
        return self.measures[min(self.base + n, len(self.measures) - 1)]


def _compose(text: str, m: Metrics, size: float, measure_pt: float, indent_em: float,
             para: int, justify: bool, align: str, ts: Typesetting,
             measures: Callable[[int], float] | None) -> list[Line]:
    p = _Para(text, m, ts)
    if not p.us:
        return []
    measure = measure_pt / size
    at = (lambda n: measures(n) / size) if measures else None
    brk = _break(p, measure, indent_em, at)
    lines: list[Line] = []
    for n, (a, b, avail) in enumerate(brk):
        last = n == len(brk) - 1
        xs, width = p.set_line(a, b, avail, last=last, justify=justify)
        ind = (at(n) if at else measure) - avail
        shift = 0.0
        if align == "center":
            shift = max(0.0, (avail - width) / 2)
        elif align == "right":
            shift = max(0.0, avail - width)
        glyphs = []
        for k in range(b - a):
            u = p.us[a + k]
            if u.kind == "space":
                continue
            for ch, off in zip(u.text, p.offs[a + k], strict=False):
                glyphs.append(Glyph(ch, (ind + shift + xs[k] + off) * size))
        lines.append(Line(
            glyphs=tuple(glyphs), width=(ind + shift + width) * size, measure=avail * size,
            indent=ind * size, para=para, first=n == 0, last=last,
            overfull=width - avail > 1e-3,
            text="".join(u.text for u in p.us[a:b])))
    return lines
