"""The proof overlay as page items: the grid's column bands and baselines, every block's outline
and name, and blocks that do not fit outlined in red with what is over. Drawn over the page by
any exporter, so a proof costs no second layout."""

from __future__ import annotations

from .geometry import Rect
from .pagemodel import Box, Item, PageModel, Stroke, Text

PROOF_GRID = (40, 0, 0, 0)  # cyan
PROOF_BLOCK = (0, 60, 0, 0)  # magenta
PROOF_OVER = (0, 100, 100, 0)  # red


def proof_items(model: PageModel, font: str) -> tuple[Item, ...]:
    """`font` is the spec font the notes are set in (the body's)."""
    g = model.grid
    out: list[Item] = []
    for p in range(g.pages):
        kw = {"page": p, "block": "", "role": "proof-grid"}
        for col in range(1, g.columns + 1):
            out.append(Box(**kw, rect=Rect(g.col_x(p, col), g.y0, g.column_w, g.height),
                           fill=None, stroke=PROOF_GRID, width=0.25))
        for line in range(1, g.lines + 1):
            y = g.baseline(line)
            out.append(Stroke(**kw, x0=g.col_x(p, 1), y0=y,
                              x1=g.col_x(p, g.columns) + g.column_w, y1=y, width=0.25,
                              color=PROOF_GRID))
    for b in model.blocks:
        bad = b.status == "overflow"
        colour = PROOF_OVER if bad else PROOF_BLOCK
        kw = {"page": b.page, "block": b.id, "role": "proof"}
        out.append(Box(**kw, rect=b.rect, fill=None, stroke=colour, width=1.5 if bad else 0.5))
        label = b.id + (f"  {b.detail}" if bad else "")
        out.append(Text(**kw, font=font, size=6, color=colour, x=b.rect.x + 1.5,
                        y=b.rect.y + 6.5, text=label))
    return tuple(out)
