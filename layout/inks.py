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


def _item(it: Item) -> Item:
    if isinstance(it, GlyphRun | VerticalRun | Text) and it.size < TYPE_BELOW:
        return it if is_one_ink(it.color) else replace(it, color=one_ink(it.color))
    if isinstance(it, Stroke) and it.width < RULES_BELOW:
        return it if is_one_ink(it.color) else replace(it, color=one_ink(it.color))
    if isinstance(it, Box | Path) and it.stroke and it.width < RULES_BELOW \
            and not is_one_ink(it.stroke):
        return replace(it, stroke=one_ink(it.stroke))
    if isinstance(it, Group):
        items = tuple(_item(g) for g in it.items)
        return it if items == it.items else replace(it, items=items)
    return it


def hold_register(model: PageModel) -> PageModel:
    """The page model with every small type item and thin rule in one solid ink."""
    items = tuple(_item(it) for it in model.items)
    return model if items == model.items else replace(model, items=items)
