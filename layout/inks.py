"""Inks a press can hold in register: small type and thin rules in one solid ink.

On a coldset newspaper press the four plates drift apart by 0.1–0.2 mm. A character under 9 pt
set in two inks (red as M+Y) then shows a fringe of each, and a tint (65 % K) breaks its
strokes into halftone dots; a 0.5 pt rule in two inks doubles. Printers' rule: small type and
thin rules in one solid ink. This pass, run on the page model before any exporter, gives each
such item the strongest of its inks at 100 % (a grey becomes black, red becomes magenta, a
blue cyan); white (reversed type) stays white. `output.one_ink: false` keeps the spec's
colours, and `banmian preflight` then warns about each one (`small_type_inks`, `thin_rules`).
"""

from __future__ import annotations

from dataclasses import replace

from .pagemodel import CMYK, Box, GlyphRun, Group, Item, PageModel, Path, Stroke, Text, VerticalRun

TYPE_BELOW = 9.0  # pt: type smaller than this is set in one ink
RULES_BELOW = 1.0  # pt: rules thinner than this are drawn in one ink
ORDER = (3, 1, 0, 2)  # K, M, C, Y: the ink kept when two are equally strong (legibility)


def one_ink(color: CMYK) -> CMYK:
    """The colour as one solid ink: its strongest, at 100 %; white and solids as they are."""
    if not any(color):
        return color
    strongest = max(ORDER, key=lambda i: (color[i], -ORDER.index(i)))
    out = [0.0, 0.0, 0.0, 0.0]
    out[strongest] = 100.0
    solid = (out[0], out[1], out[2], out[3])
    return color if tuple(float(v) for v in color) == solid else solid


def is_one_ink(color: CMYK) -> bool:
    return not any(color) or one_ink(color) == tuple(float(v) for v in color)


BLACK = (0.0, 0.0, 0.0, 100.0)


def _black_stroke(it: Item) -> bool:
    if isinstance(it, Stroke):
        return tuple(float(v) for v in it.color) == BLACK
    return isinstance(it, Path) and it.fill is None and it.stroke is not None \
        and tuple(float(v) for v in it.stroke) == BLACK


def _bbox(it: Item) -> tuple[float, float, float, float] | None:
    if isinstance(it, Stroke):
        h = it.width / 2
        return (min(it.x0, it.x1) - h, min(it.y0, it.y1) - h, max(it.x0, it.x1) + h,
                max(it.y0, it.y1) + h)
    if isinstance(it, Box):
        r = it.rect
        return (r.x, r.y, r.x + r.w, r.y + r.h)
    if isinstance(it, Path):
        pts = [(seg[i], seg[i + 1]) for _op, seg in it.segments for i in range(0, len(seg), 2)]
        if not pts:
            return None
        h = it.width / 2 if it.stroke else 0.0
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return (min(xs) - h, min(ys) - h, max(xs) + h, max(ys) + h)
    return None


def _heavy(it: Item, limit: float) -> bool:
    """A fill that black overprinted on it would take past the ink limit."""
    fill = it.fill if isinstance(it, Box | Path) else None
    return fill is not None and tuple(float(v) for v in fill) != BLACK \
        and sum(fill) + 100 > limit + 0.5


def _meet(a: Item, b: Item) -> bool:
    if not (a.page == b.page or -1 in (a.page, b.page)):
        return False
    p, q = _bbox(a), _bbox(b)
    return p is not None and q is not None and p[0] < q[2] and q[0] < p[2] \
        and p[1] < q[3] and q[1] < p[3]


def under_heavy_fills(items: tuple[Item, ...], limit: float) -> tuple[Item, ...]:
    """Each 100 % K stroke that would overprint a fill past the ink limit (a chart's black
    baseline across a red bar: 100 + 200 = 300 %) is painted before that fill instead: it
    still overprints what lies under it, and the fill knocks it out where they meet, so the
    ink there is the fill's. The stroke moves by its half width under the fill's edge."""
    out = list(items)
    for it in items:
        if not _black_stroke(it):
            continue
        i = out.index(it)
        j = next((k for k in range(i) if _heavy(out[k], limit) and _meet(out[k], it)), None)
        if j is not None:
            out.insert(j, out.pop(i))
    return tuple(out)


def _item(it: Item, limit: float = 240.0, one: bool = True) -> Item:
    if isinstance(it, Group):
        items = under_heavy_fills(tuple(_item(g, limit, one) for g in it.items), limit)
        return it if items == it.items else replace(it, items=items)
    if not one:
        return it
    if isinstance(it, GlyphRun | VerticalRun | Text) and it.size < TYPE_BELOW:
        return it if is_one_ink(it.color) else replace(it, color=one_ink(it.color))
    if isinstance(it, Stroke) and it.width < RULES_BELOW:
        return it if is_one_ink(it.color) else replace(it, color=one_ink(it.color))
    if isinstance(it, Box | Path) and it.stroke and it.width < RULES_BELOW \
            and not is_one_ink(it.stroke):
        return replace(it, stroke=one_ink(it.stroke))
    return it


def hold_register(model: PageModel, limit: float = 240.0, one_ink: bool = True) -> PageModel:
    """The page model with every small type item and thin rule in one solid ink (unless
    `one_ink` is off), and no black stroke overprinting a fill past the ink `limit` (%)."""
    items = under_heavy_fills(tuple(_item(it, limit, one_ink) for it in model.items), limit)
    return model if items == model.items else replace(model, items=items)
