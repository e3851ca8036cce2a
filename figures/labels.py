"""Chart labels that never collide, planned in points with the page's own font metrics before
anything is drawn.

Category labels try, in order, and keep the first that fits: one line; two lines (figures.breaks);
the data's 简称 (`short`) on one line, then on two; rotated 45°, then 90°. Value labels keep their
size, then shrink (not below the category labels' size), then print their unit once, then
stagger onto two levels. "Fits"
means: every neighbour at least ¼ em away, nothing outside the drawing, and the labels leave the
bars at least half the chart's height. When nothing fits, a ChartError says what to change.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .breaks import two_lines
from .model import ChartError, Measure

Point = tuple[float, float]
GAP = 0.25  # em between neighbouring labels
LEADING = 1.25  # line pitch of a two-line label, in em: its lines ¼ em apart too
DROP = 0.4  # em between the baseline rule and the top of a category label
MAX_BAND = 0.5  # of the chart's height: the most the category labels may take


# -- geometry -------------------------------------------------------------------------------
def text_polygon(x: float, y: float, text: str, size: float, font: str, angle: float,
                 measure: Measure) -> tuple[Point, ...]:
    """The em box of a label whose baseline starts at (x, y), turned `angle`° about that
    point: the four corners, anticlockwise from the baseline start's lower corner."""
    w, h, d = measure(text, size, font)
    a = math.radians(angle)
    c, s = math.cos(a), math.sin(a)
    return tuple((x + u * c - v * s, y + u * s + v * c)
                 for u, v in ((0.0, -d), (w, -d), (w, h - d), (0.0, h - d)))


def _axes(poly: Sequence[Point]):
    for i, (x0, y0) in enumerate(poly):
        x1, y1 = poly[(i + 1) % len(poly)]
        n = math.hypot(x1 - x0, y1 - y0)
        if n > 1e-12:
            yield (-(y1 - y0) / n, (x1 - x0) / n)


def clearance(p: Sequence[Point], q: Sequence[Point]) -> float:
    """The distance between two convex polygons: the largest gap along any of their edges'
    normals (the separating-axis theorem); 0 or less when they overlap. For boxes (the only
    shapes labels are) that is the true distance whenever the boxes are parallel or aligned,
    and a lower bound otherwise, so a positive answer never hides a collision."""
    best = -math.inf
    for ax, ay in (*_axes(p), *_axes(q)):
        pp = [x * ax + y * ay for x, y in p]
        qq = [x * ax + y * ay for x, y in q]
        best = max(best, min(qq) - max(pp), min(pp) - max(qq))
    return best


def _shift(poly: tuple[Point, ...], dx: float, dy: float) -> tuple[Point, ...]:
    return tuple((x + dx, y + dy) for x, y in poly)


# -- category labels under vertical bars ------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Placed:
    """One printed line of a label: its baseline origin, angle and text."""

    x: float
    y: float
    text: str
    angle: float = 0.0


@dataclass(frozen=True, slots=True)
class Categories:
    how: str  # line | wrap | short | short-wrap | rotate45 | rotate90 (hbar: no rotation)
    lines: tuple[tuple[Placed, ...], ...]  # per bar, its lines
    band: float  # pt the labels take below the baseline (bar) or left of the axis (hbar)
    left: float  # pt the bars' area starts from the drawing's left edge (bar)


def _texts(labels: Sequence[str], shorts: Sequence[str], short: bool) -> list[str]:
    return [s if short and s else lab for lab, s in zip(labels, shorts, strict=True)]


def _lines(texts: Sequence[str], wrap: bool, limit: float, size: float, font: str,
           measure: Measure) -> list[tuple[str, ...]]:
    """Each label as its lines: wrapped only where one line is wider than `limit`."""
    out = []
    for t in texts:
        if wrap and measure(t, size, font)[0] > limit:
            two = two_lines(t, size, font, measure)
            out.append(two if two else (t,))
        else:
            out.append((t,))
    return out


def columns(labels: Sequence[str], shorts: Sequence[str], width: float, height: float,
            size: float, font: str, measure: Measure) -> Categories:
    """Category labels centred under n bars across `width`, hanging from the baseline at y = 0
    (the caller lifts them to it); the first rung of the ladder that fits. `height` is the
    chart's: the labels may take at most MAX_BAND of it."""
    n = len(labels)
    gap = GAP * size
    _, h, d = measure("国", size, font)
    max_band = MAX_BAND * height
    has_short = any(s and s != lab for lab, s in zip(labels, shorts, strict=True))
    tried = []
    for how, short, wrap in (("line", False, False), ("wrap", False, True),
                             ("short", True, False), ("short-wrap", True, True)):
        if short and not has_short:
            continue
        tried.append(how)
        pitch = width / n
        lines = _lines(_texts(labels, shorts, short), wrap, pitch - gap, size, font, measure)
        widths = [max(measure(t, size, font)[0] for t in ls) for ls in lines]
        band = DROP * size + h + (max(len(ls) for ls in lines) - 1) * LEADING * size
        ok = widths[0] <= pitch and widths[-1] <= pitch and all(
            (widths[i] + widths[i + 1]) / 2 + gap <= pitch + 1e-9 for i in range(n - 1))
        if ok and band <= max_band:
            first = -DROP * size - (h - d)  # the first line's baseline
            placed = tuple(tuple(Placed((i + 0.5) * pitch - measure(t, size, font)[0] / 2,
                                        first - k * LEADING * size, t)
                                 for k, t in enumerate(ls)) for i, ls in enumerate(lines))
            return Categories(how, placed, band, 0.0)
    texts = _texts(labels, shorts, has_short)
    for angle, how in ((45.0, "rotate45"), (270.0, "rotate90")):
        tried.append(how)
        got = _rotated(texts, angle, width, size, font, measure)
        if got is not None and got[1] <= max_band:
            return Categories(how, *got)
    longest = max(texts, key=lambda t: measure(t, size, font)[0])
    raise ChartError(f"the category labels do not fit under {n} bars {width:.0f}pt wide (tried "
                     f"{', '.join(tried)}; '{longest}' is the longest): widen the block, give "
                     "the data a shorter `short`, or show fewer bars")


def _rotated(texts: Sequence[str], angle: float, width: float, size: float, font: str,
             measure: Measure) -> tuple[tuple[tuple[Placed, ...], ...], float, float] | None:
    """Labels turned `angle`° (45: rising to the right and ending under their bar; 270:
    reading downwards along it), hanging DROP em below the baseline at y = 0; the bars move
    right when the first labels reach past the drawing's left edge. Returns the lines, the
    band below the baseline and the bars' left edge, or None when neighbours come closer
    than ¼ em or a label leaves the drawing."""
    n = len(texts)
    gap = GAP * size
    top = -DROP * size
    polys0, anchor = [], []
    for t in texts:
        poly = text_polygon(0, 0, t, size, font, angle, measure)
        if angle == 45.0:  # the end of the label's centre line, under the bar's centre
            ex = (poly[1][0] + poly[2][0]) / 2
        else:  # the label's centre line, down the bar's centre
            ex = (poly[0][0] + poly[3][0]) / 2
        polys0.append(poly)
        anchor.append((ex, top - max(y for _, y in poly)))
    left = 0.0
    for i, (poly, (ex, _)) in enumerate(zip(polys0, anchor, strict=True)):
        reach = ex - min(x for x, _ in poly)  # how far left of its bar's centre it reaches
        f = (i + 0.5) / n
        left = max(left, (reach - f * width) / (1 - f))
    if left > width / 3:
        return None
    pitch = (width - left) / n
    placed, polys = [], []
    for i, (t, poly, (ex, dy)) in enumerate(zip(texts, polys0, anchor, strict=True)):
        ox = left + (i + 0.5) * pitch - ex
        polys.append(_shift(poly, ox, dy))
        placed.append((Placed(ox, dy, t, angle),))
    if any(max(x for x, _ in p) > width + 1e-6 or min(x for x, _ in p) < -1e-6 for p in polys):
        return None
    if any(clearance(polys[i], polys[i + 1]) < gap - 1e-9 for i in range(n - 1)):
        return None
    return tuple(placed), -min(y for p in polys for _, y in p), left


# -- category labels beside horizontal bars ------------------------------------------------
def rows(labels: Sequence[str], shorts: Sequence[str], width: float, pitch: float,
         size: float, font: str, measure: Measure) -> Categories:
    """Category labels right-aligned left of the axis, one row of `pitch` pt per bar; the
    labels may take at most 40 % of the width. Lines are placed relative to the row's centre
    (y = 0) and to the axis (x = 0); the caller moves them to each row."""
    gap = GAP * size
    _, h, d = measure("国", size, font)
    has_short = any(s and s != lab for lab, s in zip(labels, shorts, strict=True))
    budget = 0.4 * width
    tried = []
    for how, short, wrap in (("line", False, False), ("wrap", False, True),
                             ("short", True, False), ("short-wrap", True, True)):
        if short and not has_short:
            continue
        tried.append(how)
        lines = _lines(_texts(labels, shorts, short), wrap, budget - gap, size, font, measure)
        k = max(len(ls) for ls in lines)
        widest = max(measure(t, size, font)[0] for ls in lines for t in ls)
        if widest + gap > budget or h + (k - 1) * LEADING * size + gap > pitch:
            continue
        placed = []
        for ls in lines:
            block = h + (len(ls) - 1) * LEADING * size
            y0 = block / 2 - (h - d)  # first baseline, the block centred on the row
            placed.append(tuple(Placed(-gap - measure(t, size, font)[0], y0 - j * LEADING * size,
                                       t) for j, t in enumerate(ls)))
        return Categories(how, tuple(placed), widest + gap, 0.0)
    raise ChartError(f"the category labels do not fit beside {len(labels)} bars in "
                     f"{width:.0f}pt × {pitch:.1f}pt rows (tried {', '.join(tried)}): widen or "
                     "heighten the block, or give the data a shorter `short`")


# -- value labels above vertical bars --------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Values:
    size: float  # the value labels' size (growth labels: GROWTH of it)
    lines: tuple[tuple[Placed, ...], ...]  # per bar: its value, then its growth above it
    plot: float  # pt from the baseline to the tallest bar's top
    levels: int  # 1, or 2 when staggered
    unit_once: bool = False  # the unit printed once (单位：…), not after every number


PAD = 2.0  # pt between a bar's top and its value label's em box
GROWTH = 0.85  # growth labels' size, of the value labels'
BAR = 0.6  # a bar's width, of its slot


def sizes(size: float, floor: float) -> list[float]:
    """`size`, then ½ pt smaller each step, down to `floor`."""
    out = [size]
    while out[-1] - 0.5 > floor + 1e-9:
        out.append(round(out[-1] - 0.5, 3))
    if out[-1] > floor + 1e-9:
        out.append(floor)
    return out


def values(numbers: Sequence[str], unit: str, growths: Sequence[str | None],
           heights: Sequence[float], left: float, width: float, top: float, size: float,
           floor: float, font: str, measure: Measure, unit_line: float) -> Values:
    """Value labels (with growth labels over them) centred over bars standing on y = 0, the
    bars scaled so the highest label ends at `top`. Each label keeps ¼ em from every other
    and from every other bar; failing that the labels shrink in ½ pt steps down to `floor`;
    then the unit is printed once (单位：亿元, in a line of `unit_line` pt at the top) instead
    of after every number; then the labels stagger onto two levels. `heights` are relative:
    the tallest bar is 1. A % stays with its number."""
    worst = ""
    once = (False, True) if unit and unit != "%" else (False,)
    for levels in (1, 2):
        for drop in once:
            texts = [n if drop else n + unit for n in numbers]
            room = top - unit_line if drop else top
            for vs in sizes(size, floor):
                got = _stacks(texts, growths, heights, left, width, room, vs, levels, font,
                              measure)
                if isinstance(got, Values):
                    return Values(got.size, got.lines, got.plot, got.levels, drop)
                worst = got
    raise ChartError(f"the value labels do not fit over {len(numbers)} bars {width:.0f}pt wide "
                     f"even at {floor:g}pt on two levels ({worst}): widen the block or show "
                     "fewer bars")


@dataclass(frozen=True, slots=True)
class _Stack:
    """One bar's labels as a box: its width and height."""

    w: float
    h: float


def _stacks(texts, growths, heights, left, width, top, vs, levels, font, measure
            ) -> Values | str:
    """The labels at size `vs`, on at most `levels` levels, or what one of them meets. A
    label that meets an earlier one on the second level rests on it, ¼ em above."""
    n = len(texts)
    gap = GAP * vs
    gs = GROWTH * vs
    _, h, d = measure("0", vs, font)
    _, gh, gd = measure("0", gs, font)
    stacks = _label_stacks(texts, growths, vs, gs, h, gh, font, measure)
    lay = _Layout(stacks, heights, left, (width - left) / n, width, gap)
    rest = _settle(lay, heights, top, vs, levels, gap)
    if rest is None:
        return "no room above the bars"
    plot = lay.plot(rest, top)
    if plot is None:
        return "no room above the bars"
    boxes = lay.boxes(rest, plot)
    for i in range(n):
        hit = lay.meets(i, boxes, plot)
        if hit:
            return f"'{texts[i]}' meets {hit}"
    if plot < 0.25 * top:
        return "the labels leave the bars too little height"
    out = _placed(texts, growths, boxes, vs, gs, h, d, gd, font, measure)
    return Values(vs, tuple(out), plot,
                  2 if any(k == "label" for r in rest for k, _ in r) else 1)


def _label_stacks(texts, growths, vs, gs, h, gh, font, measure) -> list[_Stack]:
    """Each bar's labels as one box: the value, with its growth label over it if it has one."""
    stacks = []
    for t, g in zip(texts, growths, strict=True):
        w = measure(t, vs, font)[0]
        stacks.append(_Stack(max(w, measure(g, gs, font)[0]), h + GAP * vs + gh) if g
                      else _Stack(w, h))
    return stacks


def _settle(lay, heights, top, vs, levels, gap) -> list[tuple[tuple[str, int], ...]] | None:
    """What each label rests on besides its own bar, found again until it stops changing
    (resting changes the scale, the scale who meets whom); None if no scale fits `top`."""
    n = len(lay.stacks)
    # what each label rests on besides its own bar: ("bar", j), a neighbour it overhangs,
    # when that lifts it by at most an em; ("label", j) an earlier label it would touch,
    # when staggering (never a label that itself rests on a label: two levels at most)
    rest: list[tuple[tuple[str, int], ...]] = [()] * n
    for _ in range(2 * n + 2):  # resting changes the scale, the scale who meets whom: settle
        plot = lay.plot(rest, top)
        if plot is None:
            return None
        boxes = lay.boxes(rest, plot)
        new = list(rest)
        for i in range(n):
            up = _lifts(i, lay, boxes, plot, heights, vs, levels, gap, new)
            new[i] = tuple(sorted(set(new[i]) | set(up)))
        if new == rest:
            break
        rest = new
    return rest


def _lifts(i, lay, boxes, plot, heights, vs, levels, gap, new) -> list[tuple[str, int]]:
    """What label i comes to rest on now: the neighbours' bars it overhangs (lifting it an
    em at most) and, on two levels, the labels beside it it would touch."""
    n = len(boxes)
    up = [("bar", j) for j in lay.bars_met(i, boxes[i], plot)
          if (heights[j] - heights[i]) * plot <= vs]
    if levels > 1 and not any(k == "label" for k, _ in new[i]) and any(
            _near(boxes[i], boxes[j], gap) for j in range(i)):
        # lifted over every label beside it (on either side) still on its bar
        beside = [j for j in range(n) if j != i and _across(boxes[i], boxes[j], gap)]
        if not any(k == "label" for j in beside for k, _ in new[j]):
            up += [("label", j) for j in beside]
    return up


def _placed(texts, growths, boxes, vs, gs, h, d, gd, font, measure) -> list[tuple[Placed, ...]]:
    """Each bar's label lines centred in its box: the value, the growth label over it."""
    out = []
    for i, (t, g) in enumerate(zip(texts, growths, strict=True)):
        x0, y0, x1, _ = boxes[i]
        cx = (x0 + x1) / 2
        line = [Placed(cx - measure(t, vs, font)[0] / 2, y0 + d, t)]
        if g:
            line.append(Placed(cx - measure(g, gs, font)[0] / 2, y0 + h + GAP * vs + gd, g))
        out.append(tuple(line))
    return out


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where bars and their label boxes land for a given scale (`plot`: pt per unit)."""

    stacks: list[_Stack]
    heights: Sequence[float]
    left: float
    pitch: float
    width: float
    gap: float

    def plot(self, rest, top) -> float | None:
        """The largest scale (pt for the tallest bar) at which every label ends at or under
        `top`, found by bisection: each label's foot rises with the scale."""
        def highest(plot: float) -> float:
            return max(b[3] for b in self.boxes(rest, plot))

        if highest(0.0) > top:
            return None
        lo, hi = 0.0, top
        if highest(hi) <= top:
            return hi
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if highest(mid) <= top else (lo, mid)
        return lo

    def boxes(self, rest, plot):
        """Each bar's label box: on its bar, over the neighbours' bars it rests on, then
        over the labels it rests on."""
        n = len(self.stacks)
        foot = [max([self.heights[i] * plot + PAD,
                     *(self.heights[j] * plot + self.gap for k, j in rest[i] if k == "bar")])
                for i in range(n)]
        ground = [self._box(i, foot[i]) for i in range(n)]
        return [self._box(i, max([foot[i], *(ground[j][3] + self.gap for k, j in rest[i]
                                               if k == "label")])) for i in range(n)]

    def bars_met(self, i, box, plot) -> list[int]:
        return [j for j in range(len(self.stacks))
                if j != i and _near(box, self._bar(j, plot), self.gap)]

    def _bar(self, j, plot):
        cx = self.left + (j + 0.5) * self.pitch
        return (cx - BAR * self.pitch / 2, 0.0, cx + BAR * self.pitch / 2,
                self.heights[j] * plot)

    def _box(self, i, y0):
        """Bar i's labels from y0 up, centred over the bar, kept inside the drawing."""
        s = self.stacks[i]
        cx = self.left + (i + 0.5) * self.pitch
        x0 = min(max(cx - s.w / 2, 0.0), self.width - s.w)
        return (x0, y0, x0 + s.w, y0 + s.h)

    def meets(self, i, boxes, plot) -> str:
        """What bar i's labels come within ¼ em of: another bar's labels, another bar, or
        the drawing's edge; empty if nothing."""
        box = boxes[i]
        if box[0] < -1e-6:
            return "the edge of the chart"
        for j, other in enumerate(boxes):
            if j != i and _near(box, other, self.gap):
                return f"the labels of bar {j + 1}"
        met = self.bars_met(i, box, plot)
        return f"bar {met[0] + 1}" if met else ""


def _across(a, b, gap) -> bool:
    """Two boxes closer than `gap` across: one over the other would touch."""
    return max(a[0], b[0]) - min(a[2], b[2]) < gap - 1e-9


def _near(a, b, gap) -> bool:
    """Two boxes (x0, y0, x1, y1) closer than `gap` both across and up: they touch."""
    return (max(a[0], b[0]) - min(a[2], b[2]) < gap - 1e-9
            and max(a[1], b[1]) - min(a[3], b[3]) < gap - 1e-9)
