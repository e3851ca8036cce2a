"""Total-fit line breaking for Chinese: the whole paragraph's breaks chosen together, as
Knuth–Plass does for Western text and InDesign's paragraph composer does for CJK.

A break may fall between any two clusters (kinsoku is structural: segment.clusters). Each
candidate line costs what its shrink and stretch cost (glue.py: push-in in clreq's order,
Han–Latin space growth, then inter-character expansion, each squared, so slack spread over
several lines is cheaper than slack piled on one). Dynamic programming finds the breaking of
least total cost, with these priorities, each far above the next:

1. no paragraph ends on a line holding a single Han character (R15, 孤字);
2. no loose line (a gap grown by more than LOOSE_EM) when any breaking without one exists;
3. as few lines as possible (the page's fit depends on it);
4. the least shrink and stretch, and no very short last line.

Complexity: a first pass considers only lines that are neither overfull nor loose: from each
break, the ends whose natural width lies within the line's shrink and non-loose stretch of the
measure, found by a pointer that only moves forward. That is O(n · k) for n clusters, where k
(the number of such ends, about (stretch + shrink) / 1 em + 1) is a small constant: 3 to 6 at
11–14 字. Only when that pass finds no breaking, or only one ending in a 孤字, does a second
pass admit loose and overfull lines: O(n · w), w ≤ measure / ½ em clusters per line. Lines
whose measure varies (text around a picture) multiply the states by the number of distinct
leading measures, which is bounded by the slots of the block.
"""

from __future__ import annotations

from collections.abc import Callable

from .glue import EPS, LOOSE_EM, LOOSE_LIMIT, RAG_COST, Glue, stretch_cost

LINE = 1e6  # each line: fewer lines first
LOOSE = 1e9  # each loose line, more the looser it is
ORPHAN = 1e12  # a 孤字 on the last line
OVERFULL = 1e13  # a cluster wider than the measure, per em over
SHORT_LAST = 50.0  # per em under SHORT_LAST_EM on a last line
SHORT_LAST_EM = 2.0

Break = tuple[int, int]  # a line's clusters [i, j)


def total_fit(g: Glue, bounds: list[int], width: Callable[[int], float], classes: int,
              justify: bool) -> list[Break]:
    """Lines as cluster ranges. `bounds[i]` is the first unit of cluster i (bounds[-1] the
    number of units); `width(n)` is line n's measure in em; lines from `classes` on all have
    the measure of line `classes`, so the search state is (break, min(line, classes))."""
    return priced_fit(g, bounds, width, classes, justify)[1]


def priced_fit(g: Glue, bounds: list[int], width: Callable[[int], float], classes: int,
               justify: bool) -> tuple[float, list[Break]]:
    """`total_fit` with its cost: at least LOOSE when a line is loose (and ORPHAN with a 孤字)."""
    best = _search(g, bounds, width, classes, justify, strict=True)
    if best is None or best[0] >= ORPHAN:
        loose = _search(g, bounds, width, classes, justify, strict=False)
        if best is None or (loose is not None and loose[0] < best[0]):
            best = loose
    assert best is not None  # the second pass always admits one cluster per line
    return best


def strict_fit(g: Glue, bounds: list[int], width: Callable[[int], float], classes: int,
               justify: bool) -> list[Break] | None:
    """The least-cost breaking with neither a loose nor an overfull line nor a 孤字; None if
    the paragraph has none."""
    best = priced_fit(g, bounds, width, classes, justify)
    return None if best[0] >= LOOSE else best[1]


def _search(g: Glue, bounds: list[int], width: Callable[[int], float], classes: int,
            justify: bool, strict: bool) -> tuple[float, list[Break]] | None:
    """Least-cost breaking; `strict` admits neither loose nor overfull lines."""
    n = len(bounds) - 1
    (end, start, sh_end, sh_start, hl_end, hl_start, st_end, st_start, reach_end, reach_start,
     lone) = _at_bounds(g, bounds)
    hl_max, autospace = g.hl_max, g.ts.autospace
    avails = [width(c) for c in range(classes + 1)]
    k = classes + 1  # state (break i, class c) is i * k + c
    inf = float("inf")
    best, back, reached, hint = _states(n, k)
    skip = strict and justify
    for i in range(n):
        s0, sh0, h0, t0 = start[i], sh_start[i], hl_start[i], st_start[i]
        for cls in reached[i]:
            here = i * k + cls
            cost = best[here]
            avail = avails[cls]
            nxt = cls + 1 if cls < classes else cls
            j = i + 1
            if skip:  # ends whose lines could only be set loose: the pointer moves forward
                short = avail - EPS + reach_start[i]
                j = hint[cls] = _first_end(reach_end, short, i, hint[cls], n)
            base = s0 + avail
            while j <= n:
                over = end[j] - base
                if j == i + 1:
                    over += lone[i]
                if over > EPS:
                    if over - (sh_end[j] - sh0) > EPS:  # does not fit even pushed in
                        if j > i + 1 or strict:
                            break
                        bad = OVERFULL * (1.0 + over)  # a cluster wider than the line
                        j_last = True
                    else:
                        bad = g.shrink_cost(bounds[i], bounds[j], over) or 0.0
                        j_last = False
                elif j == n or over > -EPS:
                    bad, j_last = 0.0, False
                elif justify:
                    bad, loose = stretch_cost(-over, hl_end[j] - h0, st_end[j] - t0, hl_max,
                                              autospace)
                    if loose > LOOSE_LIMIT + EPS:
                        if strict:
                            j += 1
                            continue
                        r = (loose - LOOSE_LIMIT) / LOOSE_EM
                        bad += LOOSE * (1.0 + r * r)
                    j_last = False
                else:
                    bad, j_last = RAG_COST * over * over, False
                c = cost + LINE + bad
                if j == n and i > 0:  # the last line
                    c = _last_line(g, bounds[i], bounds[j], over + avail, c)
                there = j * k + nxt
                old = best.get(there, inf)
                if c < old:
                    if old == inf:
                        reached[j].append(nxt)
                    best[there], back[there] = c, here
                if j_last:
                    break
                j += 1
    return _cheapest(best, back, reached[n], n, k)


def _at_bounds(g: Glue, bounds: list[int]) -> tuple[list[float], ...]:
    """Read once per search, so that the search's inner loop indexes plain lists by cluster."""
    # the Glue's prefix sums read at cluster boundaries: a line of clusters [i, j) has natural
    # width end[j] - start[i], push-in capacity sh_end[j] - sh_start[i], Han–Latin spaces
    # hl_end[j] - hl_start[i], other stretchable gaps st_end[j] - st_start[i], and reaches
    # the measure without a loose gap only if reach_end[j] - reach_start[i] >= the measure
    ge, gs, p_hl, p_st = g.end, g.start, g.P_hl, g.P_st
    end = [ge[b] for b in bounds]
    start = [gs[a] for a in bounds]
    sh_end = [g.shrink_end[b] for b in bounds]
    sh_start = [g.shrink_start[a] for a in bounds]
    before = [b - 1 for b in bounds]  # a line's last gap is before its last unit
    hl_end = [p_hl[b] for b in before]
    hl_start = [p_hl[a] for a in bounds]
    st_end = [p_st[b] for b in before]
    st_start = [p_st[a] for a in bounds]
    hl_max = g.hl_max
    reach_end = [e + hl_max * h + LOOSE_LIMIT * t
                 for e, h, t in zip(end, hl_end, st_end, strict=True)]
    reach_start = [s + hl_max * h + LOOSE_LIMIT * t
                   for s, h, t in zip(start, hl_start, st_start, strict=True)]
    space = g.space  # a line of one space unit has nothing to trim it against
    lone = [space[a] if b - a == 1 else 0.0 for a, b in zip(bounds, bounds[1:], strict=False)]
    return (end, start, sh_end, sh_start, hl_end, hl_start, st_end, st_start, reach_end,
            reach_start, lone)


def _states(n: int, k: int
            ) -> tuple[dict[int, float], dict[int, int], list[list[int]], list[int]]:
    """The search's tables, holding only the start: each state's least cost, the state before
    it, the classes met at each break, and per class the pointer of `_first_end`."""
    # only states met are stored: a class can be met only near the paragraph's start
    best: dict[int, float] = {0: 0.0}
    back: dict[int, int] = {0: -1}  # the previous state
    reached: list[list[int]] = [[] for _ in range(n + 1)]  # the classes met at each break
    reached[0].append(0)
    hint = [0] * k  # per class: the first end not too short from the last start
    return best, back, reached, hint


def _first_end(reach_end: list[float], short: float, i: int, hint: int, n: int) -> int:
    """The first end a line from break `i` can reach without a loose gap (`reach_end[j]` at
    least `short`), from the pointer's last place: called once per state, not per end, so the
    strict pass stays O(n · k)."""
    j = i + 1
    if hint > j:
        j = hint
    while j > i + 1 and reach_end[j - 1] >= short:
        j -= 1
    while j < n and reach_end[j] < short:
        j += 1
    return j


def _last_line(g: Glue, a: int, b: int, nat: float, c: float) -> float:
    """`c` with what a paragraph's last line [a, b) of natural width `nat` adds: a 孤字 (R15)
    above all else, and a little per em short of SHORT_LAST_EM. Only the last line pays it, so
    it is kept out of the search's loop."""
    if g.orphan(a, b):
        c += ORPHAN
    if nat < SHORT_LAST_EM:
        c += SHORT_LAST * (SHORT_LAST_EM - nat)
    return c


def _cheapest(best: dict[int, float], back: dict[int, int], finals: list[int], n: int, k: int
              ) -> tuple[float, list[Break]] | None:
    """The least-cost state at the paragraph's end and the lines that lead to it, read back
    through each state's predecessor; None when no breaking reached the end."""
    ends = [n * k + c for c in finals]
    if not ends:
        return None
    state = min(ends, key=best.__getitem__)
    total = best[state]
    out: list[Break] = []
    while state > 0:
        prev = back[state]
        out.append((prev // k, state // k))
        state = prev
    return total, out[::-1]
