"""Every text on a spread keeps out of the fold-safe zone: a check on the placed page.

Body text is refused there before it is set (layout/grid.py), and the texts of blocks that may
cross the fold (captions, headline decks) are set clear of it (layout/compose/fold.py). This
looks at every glyph the page prints, whatever set it (a label, a chart's labels, a vertical
title), and warns, with the block's place in the spec, about any that still stands in the zone
(not a placeholder's note: the picture replaces it)."""

from __future__ import annotations

from ..compose import cjk
from ..compose.fold import fold_zone
from ..diag import Diagnostics
from ..pagemodel import GlyphRun, Group, Item, PageModel, Text, VerticalRun
from ..spec.model import Spec
from ..units import MM


def _extents(it: Item, dx: float = 0.0) -> list[tuple[float, float]]:
    """The x ranges (pt, spread coordinates) of the glyph boxes an item prints."""
    if isinstance(it, GlyphRun):
        gl = it.glyphs
        out = []
        for k, g in enumerate(gl):
            if g.ch.isspace():
                continue
            end = gl[k + 1].x if k + 1 < len(gl) else max(it.width, g.x + it.size / 2)
            out.append((it.x + g.x, it.x + min(end, g.x + it.size)))
        return out
    if isinstance(it, VerticalRun):
        return [(it.x, it.x + it.size)] if it.cells else []
    if isinstance(it, Text):  # a chart label: its own advances, not known here; 1 or ½ em
        w = sum(it.size if cjk.is_wide(ch) else it.size * 0.55 for ch in it.text)
        return [(dx + it.x, dx + it.x + w)] if it.text.strip() else []
    return []


def check_fold(model: PageModel, spec: Spec, diags: Diagnostics) -> None:
    """One warning per block and role with text in the fold-safe zone."""
    zone = fold_zone(model.grid, spec.fold_safe)
    if zone is None:
        return
    z0, z1 = zone
    by_id = {b.id: b for b in spec.blocks}
    seen: set[tuple[str, str]] = set()
    for it in model.items:
        if it.role == "placeholder":
            continue  # a draft frame's note: the picture replaces it
        parts = [(x, it.rect.x) for x in it.items] if isinstance(it, Group) else [(it, 0.0)]
        for item, dx in parts:
            hit = [(a, b) for a, b in _extents(item, dx) if a < z1 - 1e-6 and b > z0 + 1e-6]
            if not hit or (it.block, item.role) in seen:
                continue
            seen.add((it.block, item.role))
            b = by_id.get(it.block)
            what = f"block '{it.block}': its {item.role} text" if b else f"the {item.role} line"
            a, c = min(h[0] for h in hit), max(h[1] for h in hit)
            fold = model.grid.trim_w
            diags.warning(f"{what} runs into the {spec.fold_safe / MM:g}mm fold-safe zone "
                          f"({(a - fold) / MM:+.1f} to {(c - fold) / MM:+.1f}mm from the fold); "
                          "move it off the fold or split it there", b.src if b else None)
