"""A paragraph as boxes and glue: each unit's width, what its punctuation may give up (shrink, in
clreq's order) and which gaps may widen (stretch), with prefix sums so that any candidate line
is measured in O(1).

Everything is in em of the style's size. The line breaker (linebreak.py) reads the prefix sums
at cluster boundaries and prices each candidate line with `stretch_cost` and `shrink_cost`;
`set_line` places the units of the lines it chose, by the same rules.

Shrink, in clreq's order (#procedures_for_inter-character_spacing_reduction): tier 1 brackets
and quotes, tier 2 `，、；：`, tier 3 the Han–Latin space down to ⅛ em, tier 4 `。？！`. Each gives
up only the blank side of its box, as the font's ink shows, at most ½ em.
Stretch (#procedures_for_inter-character_space_expansion): first the Han–Latin spaces, to just
under ½ em; then every other gap between characters, equally; never inside a run or a dash,
never between a mark and the character it belongs to. Costs grow with the square of each, so
slack spread over several lines costs less than slack piled on one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Protocol

from . import cjk
from .segment import Unit

EPS = 1e-6
AUTOSPACE_MIN = 0.125  # R10 may shrink to ⅛ em (to nothing only if else a line goes loose) …
MAX_TRIM = 0.5  # a full-width mark gives up at most half its box
LOOSE_EM = 0.25  # a gap grown by more than this is loose (Han–Latin: past ¼ + ¼ em)
# The composer keeps gaps a hair inside that limit, so a line set right at it never reads as
# loose once the PDF's rounded positions are measured again.
LOOSE_LIMIT = LOOSE_EM - 0.005
AUTOSPACE_MAX = 0.25 + LOOSE_LIMIT  # … and stretch to (just under) ½ em
PUNCT_STYLES = ("quanjiao", "kaiming", "banjiao", "hangmobanjiao")
# cost of using a tier's whole shrink on one mark (or one Han–Latin space): brackets first;
# push-in is cheaper than the stretch that pushing out would need (R3: 先挤进，后推出)
SHRINK_COST = {1: 1.0, 2: 1.5, 3: 2.0, 4: 5.0}
STRETCH_COST = 100.0  # inter-character growth of LOOSE_EM on a line
AUTOSPACE_COST = 30.0  # Han–Latin growth of LOOSE_EM
UNFILLED_COST = 1000.0  # per em² a justified line cannot fill (it has no gap to widen)
RAG_COST = 10.0  # per em² short of the measure, unjustified lines (an even rag)


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


_ZERO = (0.0,)


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
    """Gaps that justification may widen: between characters, never inside a unit (nor between
    the pieces of a run split because it was wider than any line), never detaching a mark from
    the character it belongs to."""
    if a.kind in ("open", "middle") or b.kind in ("close", "middle"):
        return False
    if a.kind == "run" and b.kind == "run" and b.start == a.start + len(a.text):
        return False
    if b.kind == "dash" or a.kind == "dash":
        return True
    return not (a.text[-1] in cjk.CONNECTOR + cjk.SOLIDUS
                or b.text[0] in cjk.CONNECTOR + cjk.SOLIDUS)


@lru_cache(maxsize=8192)
def _core(text: str) -> tuple[int, int]:
    """Characters of a unit that are not punctuation, and how many of them are Han (R15)."""
    chars = [c for c in text if c not in cjk.PUNCT and not c.isspace()]
    return len(chars), sum(1 for c in chars if cjk.is_han(c) or cjk.is_kana(c))


def stretch_cost(slack: float, nh: int, ng: int, hl_max: float, autospace: float
                 ) -> tuple[float, float]:
    """(cost, loose) of justifying `slack` em over `nh` Han–Latin spaces and `ng` other gaps:
    the Han–Latin spaces grow first, up to `hl_max` each; the rest goes to the other gaps
    equally (to the Han–Latin spaces only when there is no other gap).

    `loose` is the largest growth of a gap between characters: an inter-character gap's
    growth, or a Han–Latin space's width past ¼ em; slack that no gap may take counts whole."""
    h = e = left = 0.0
    if nh:
        h = min(slack / nh, hl_max)
        slack -= h * nh
    if ng:
        e = slack / ng
    elif nh:
        h += slack / nh
    else:
        left = slack
    loose = e
    if nh and autospace + h - 0.25 > loose:
        loose = autospace + h - 0.25
    if left > loose:
        loose = left
    r_e, r_h = e / LOOSE_EM, h / LOOSE_EM
    cost = STRETCH_COST * r_e * r_e + AUTOSPACE_COST * r_h * r_h + UNFILLED_COST * left * left
    return cost, loose


class Glue:
    """A paragraph's units with their metrics and prefix sums for O(1) line measurement."""

    def __init__(self, us: list[Unit], m: Metrics, ts: Typesetting,
                 autospace_min: float = AUTOSPACE_MIN):
        self.us = us
        self.m = m
        n = len(us)
        self.ts = ts
        self.autospace_min = autospace_min  # 0 only when nothing else avoids a loose line
        self.w = [0.0] * n  # natural box width, em
        self.offs: list[tuple[float, ...]] = []  # glyph origins inside the box
        self.fl = [0.0] * n  # blank removed by the punctuation style, left / right
        self.fr = [0.0] * n
        self.bl = [0.0] * n  # compressible blank left / right (ink-limited, ≤ ½ em)
        self.br = [0.0] * n
        self.tier = [_tier(u) if u.kind in ("open", "close") else 0 for u in us]
        self.pad_r = [0.0] * n  # the blank right of a centred interpunct, dropped at line end
        self._boxes(us, m, ts)
        # between unit k and k+1: the blank two adjacent marks give up, and Han–Latin space
        self.pair_r = [0.0] * n  # extra trim on k's right because k+1 is a mark
        self.pair_l = [0.0] * n  # extra trim on k's left because k-1 is a mark
        self.gap = [0.0] * n
        self._pairs(us, ts)
        # push-in capacity of each unit's inner sides (never both sides of a pair of marks)
        self.cap_r = [0.0] * n
        self.cap_l = [0.0] * n
        self._capacities(us)
        self.gap_cap = [max(0.0, g - autospace_min) if g else 0.0 for g in self.gap]
        # stretch: Han–Latin spaces (grow first, up to AUTOSPACE_MAX), then the other gaps
        self.hl = [1 if g else 0 for g in self.gap]
        self.st = [0] * n
        self._stretches(us)
        self.hl_max = max(0.0, AUTOSPACE_MAX - ts.autospace)
        self._prefix_sums(us)
        self._p_tier: list[list[float]] | None = None  # made when push-in is first needed

    def _boxes(self, us: list[Unit], m: Metrics, ts: Typesetting) -> None:
        """Each unit's box, glyph origins and blanks, by kind: one pass, with this paragraph's
        advances looked up once per character."""
        trk = ts.tracking
        adv: dict[str, float] = {}  # this paragraph's advances, looked up once per character
        for k, u in enumerate(us):
            kind, text = u.kind, u.text
            if kind == "han" or (kind == "other" and len(text) == 1):
                a = adv.get(text)
                if a is None:
                    a = adv[text] = m.advance(text)
                self.w[k] = a + trk
                self.offs.append(_ZERO)
            elif kind in ("open", "close"):
                self._mark_box(k, kind, text, m, ts)
            elif kind == "middle":
                a = m.advance(text)
                box = max(a, 0.5)
                self.w[k] = box + trk
                self.offs.append(((box - a) / 2,))
                self.pad_r[k] = (box - a) / 2
            elif kind == "dash":
                self.w[k], offs = _dash_box(text, m, trk)
                self.offs.append(offs)
            else:
                offs, x = [], 0.0
                for ch in text:
                    offs.append(x)
                    a = adv.get(ch)
                    if a is None:
                        a = adv[ch] = m.advance(ch)
                    x += a + trk
                self.w[k] = x
                self.offs.append(tuple(offs))

    def _mark_box(self, k: int, kind: str, text: str, m: Metrics, ts: Typesetting) -> None:
        """An opening or closing mark: a box of at least 1 em with the ink hugging its text, the
        blank on its outer side compressible (as far as the ink allows, at most ½ em), and that
        blank removed outright where the punctuation style sets the mark half width."""
        trk = ts.tracking
        a = m.advance(text)
        box = max(1.0, a)
        off = box - a if kind == "open" else 0.0  # ink hugs its text
        ink = m.ink(text)
        if ink is None:
            left = right = MAX_TRIM
        else:
            left = max(0.0, off + ink[0])
            right = max(0.0, box - (off + ink[2]))
        self.w[k] = box + trk
        self.offs.append((off,))
        if kind == "open":
            self.bl[k] = min(left, MAX_TRIM)
        else:
            self.br[k] = min(right, MAX_TRIM)
        half = ts.punct == "banjiao" or (ts.punct == "kaiming" and text in cjk.PAUSES)
        if half:
            self.fl[k], self.fr[k] = self.bl[k], self.br[k]

    def _pairs(self, us: list[Unit], ts: Typesetting) -> None:
        """What each pair of neighbours changes: adjacent marks give up their blank (not in 行末
        半角式), and Han next to Latin or digits gets the autospace (R10)."""
        n = len(us)
        adjacent = ts.punct != "hangmobanjiao"
        for k in range(n - 1):
            x, y = us[k], us[k + 1]
            if adjacent and x.kind == "close" and y.kind in ("close", "open"):
                self.pair_r[k] = self.br[k] - self.fr[k]
            elif adjacent and y.kind == "open" and x.kind in ("close", "open"):
                self.pair_l[k + 1] = self.bl[k + 1] - self.fl[k + 1]
            if (x.kind == "han" and _latin(y)) or (_latin(x) and y.kind == "han"):
                self.gap[k] = ts.autospace

    def _capacities(self, us: list[Unit]) -> None:
        """Push-in capacity of each mark's inner side: only towards a neighbour that is not a
        mark, since adjacent marks already gave up that blank."""
        n = len(us)
        marks = ("close", "open")
        for k, u in enumerate(us):
            if self.tier[k] and u.kind == "close" and k + 1 < n and us[k + 1].kind not in marks:
                self.cap_r[k] = self.br[k] - self.fr[k]
            if self.tier[k] and u.kind == "open" and k > 0 and us[k - 1].kind not in marks:
                self.cap_l[k] = self.bl[k] - self.fl[k]

    def _stretches(self, us: list[Unit]) -> None:
        """Which gaps justification may widen besides the Han–Latin spaces (`_stretchable`)."""
        n = len(us)
        for k in range(n - 1):
            x, y = us[k], us[k + 1]
            if (x.kind == "han" and y.kind == "han") or (
                    not self.hl[k] and _stretchable(x, y)):
                self.st[k] = 1

    def _prefix_sums(self, us: list[Unit]) -> None:
        """The prefix sums every candidate line is measured with (`natural`, `shrink`, and the
        line breaker's reads at cluster boundaries)."""
        n = len(us)
        # A line [a, b) measures end[b] - start[a] (see natural): prefix sums with the line-edge
        # trims folded in, so the line breaker reads each candidate with two subtractions.
        net = [self.w[k] - self.fl[k] - self.fr[k] - self.pair_l[k] for k in range(n)]
        p_net = [0.0, *accumulate(net)]
        p_pair_r = [0.0, *accumulate(self.pair_r)]
        p_gap = [0.0, *accumulate(self.gap)]
        space = [self.w[k] if us[k].kind == "space" else 0.0 for k in range(n)]
        trim_end = [(self.br[k] - self.fr[k] if us[k].kind == "close" else 0.0) + self.pad_r[k]
                    + space[k] for k in range(n)]
        self.space = space
        self.end = [0.0] + [p_net[b] - p_pair_r[b - 1] + p_gap[b - 1] - trim_end[b - 1]
                            for b in range(1, n + 1)]
        self.start = [p_net[a] - self.pair_l[a] - p_pair_r[a] + p_gap[a] + space[a]
                      for a in range(n)] + [0.0]
        p_cap = [0.0, *accumulate(c + d for c, d in zip(self.cap_l, self.cap_r, strict=True))]
        p_gcap = [0.0, *accumulate(self.gap_cap)]
        self.shrink_end = [0.0] + [p_cap[b] - self.cap_r[b - 1] + p_gcap[b - 1]
                                   for b in range(1, n + 1)]
        self.shrink_start = [p_cap[a] + self.cap_l[a] + p_gcap[a] for a in range(n)] + [0.0]
        self.P_gcap = p_gcap
        self.P_hl = [0, *accumulate(self.hl)]
        self.P_st = [0, *accumulate(self.st)]

    def natural(self, a: int, b: int) -> float:
        """Width of units [a, b) set as one line, before push-in or justification: adjacent
        marks give up their blank, a mark at the line end its blank (GB/T 15834 5.1.10), an
        interpunct its right pad, and spaces at the line's edges their width."""
        x = self.end[b] - self.start[a]
        return x + self.space[a] if b - 1 == a else x

    def shrinks(self, a: int, b: int) -> tuple[float, float, float, float]:
        """What push-in may take from the line [a, b), per tier (brackets, 、，；：, Han–Latin,
        。？！); the outer sides of the line's first and last units are not inside it."""
        if self._p_tier is None:
            caps = [c + d for c, d in zip(self.cap_l, self.cap_r, strict=True)]
            self._p_tier = [[0.0, *accumulate(c if tr == t else 0.0
                                              for c, tr in zip(caps, self.tier, strict=True))]
                            for t in (1, 2, 3, 4)]
            self._p_tier[2] = self.P_gcap
        p1, p2, _, p4 = self._p_tier
        s = [0.0, p1[b] - p1[a], p2[b] - p2[a], 0.0, p4[b] - p4[a]]
        s[self.tier[a]] -= self.cap_l[a]
        s[self.tier[b - 1]] -= self.cap_r[b - 1]
        return s[1], s[2], self.P_gcap[b - 1] - self.P_gcap[a], s[4]

    def shrink(self, a: int, b: int) -> float:
        return self.shrink_end[b] - self.shrink_start[a]

    def shrink_cost(self, a: int, b: int, over: float) -> float | None:
        """Cost of pushing in `over` em on the line [a, b), tier by tier in clreq's order;
        None if it cannot."""
        cost = 0.0
        for tier, cap in zip((1, 2, 3, 4), self.shrinks(a, b), strict=True):
            if cap <= EPS:
                continue
            x = min(over, cap)
            unit = AUTOSPACE_MIN if tier == 3 else MAX_TRIM  # the cost scale stays R10's
            cost += SHRINK_COST[tier] * x * x / (cap * unit)
            over -= x
            if over <= EPS:
                return cost
        return None

    def orphan(self, a: int, b: int) -> bool:
        """R15: the line holds a single Han character, with or without marks."""
        core = han = 0
        for u in self.us[a:b]:
            c, h = _core(u.text)
            core += c
            han += h
            if core > 1:
                return False
        return core == 1 and han == 1

    def set_line(self, a: int, b: int, avail: float, last: bool, justify: bool
                 ) -> tuple[list[float], float, float]:
        """Box positions of units [a, b) on a line of `avail` em, the line's width, and how
        loose it is (see `stretch_cost`)."""
        n = b - a
        w, tl, tr, gaps = self._line_trims(a, b)
        natural = sum(w) - sum(tl) - sum(tr) + sum(gaps)
        over = natural - avail
        loose = 0.0
        if over > EPS:  # push in, by clreq's priority
            self._push_in(a, n, over, tl, tr, gaps)
        elif justify and not last and -over > EPS:
            loose = self._widen(a, n, -over, gaps)
        xs, x = [], 0.0
        for k in range(n):
            xs.append(x - tl[k])
            x += w[k] - tl[k] - tr[k] + (gaps[k] if k < n - 1 else 0.0)
        return xs, x, loose

    def _line_trims(self, a: int, b: int
                    ) -> tuple[list[float], list[float], list[float], list[float]]:
        """The line's boxes, the blank each gives up left and right (style, adjacent marks, a
        mark or interpunct at the line's end) and the gaps between them, before push-in or
        justification; spaces at the line's edges take no width."""
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
        return w, tl, tr, gaps

    def _push_in(self, a: int, n: int, over: float, tl: list[float], tr: list[float],
                 gaps: list[float]) -> None:
        """Take `over` em from the line's trims and gaps, tier by tier in clreq's order, each
        tier's capacities in proportion, as `shrink_cost` priced it."""
        for tier in (1, 2, 3, 4):
            caps = self._tier_caps(a, n, tier)
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

    def _tier_caps(self, a: int, n: int, tier: int) -> list[tuple[str, int, float]]:
        """What one tier may give up on the line from unit `a`: (side, unit, em), the side "r"
        or "l" of a mark, or "g" a Han–Latin gap; the line's outer sides are not inside it."""
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
        return caps

    def _widen(self, a: int, n: int, slack: float, gaps: list[float]) -> float:
        """Justify: spread `slack` em over the line's gaps as `stretch_cost` priced it, and
        return how loose the line is."""
        auto = [k for k in range(n - 1) if self.hl[a + k]]
        rest = [k for k in range(n - 1) if self.st[a + k]]
        loose = stretch_cost(slack, len(auto), len(rest), self.hl_max, self.ts.autospace)[1]
        if auto:  # Han–Latin spaces first, up to ½ em (further only if nothing else may)
            add = min(slack / len(auto), self.hl_max)
            if not rest:
                add = slack / len(auto)
            for k in auto:
                gaps[k] += add
            slack -= add * len(auto)
        if slack > EPS and rest:
            add = slack / len(rest)
            for k in rest:
                gaps[k] += add
        return loose


def _dash_box(text: str, m: Metrics, trk: float) -> tuple[float, tuple[float, ...]]:
    """A dash or ellipsis run takes exactly one em per character (two for ⸺), whatever the
    font's advance (Noto Serif SC's — is 0.89 em): GB/T 15834 5.1.4–5.1.5. The first glyph
    starts at the box's left edge, the last ends at its right edge, any between sit centred in
    their cells, so the glyphs span the whole box."""
    cells = [(2.0 if ch == "⸺" else 1.0) + trk for ch in text]
    width = sum(cells)
    offs, x = [], 0.0
    for i, (ch, cell) in enumerate(zip(text, cells, strict=True)):
        adv = m.advance(ch)
        if len(text) == 1:
            offs.append(x + (cell - trk - adv) / 2)
        elif i == 0:
            offs.append(x)
        elif i == len(text) - 1:
            offs.append(width - trk - adv)
        else:
            offs.append(x + (cell - trk - adv) / 2)
        x += cell
    return width, tuple(offs)
