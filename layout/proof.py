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


OVERSET_MARK = 9.0  # pt: the side of the ⊞ sign at the end of an overset frame


def overset_items(model: PageModel, fits, font: str) -> tuple[Item, ...]:
    """Each frame that does not fit, outlined in red with the overset sign (⊞) at its end and
    what is over (lines and 字): the proof a designer reads before cutting copy."""
    over = {}
    for f in fits:
        if not f.ok:
            over.setdefault(f.block, []).append(f)
    out: list[Item] = []
    for b in model.blocks:
        if b.id not in over:
            continue
        kw = {"page": b.page, "block": b.id, "role": "overset"}
        r = b.rect
        out.append(Box(**kw, rect=r, fill=None, stroke=PROOF_OVER, width=1.5))
        s = OVERSET_MARK
        x, y = r.x1 - s - 1.5, r.y1 - s - 1.5  # the sign inside the frame's last corner
        out.append(Box(**kw, rect=Rect(x, y, s, s), fill=(0, 0, 0, 0), stroke=PROOF_OVER,
                       width=1.0))
        out.append(Stroke(**kw, x0=x + s / 2, y0=y + 1.5, x1=x + s / 2, y1=y + s - 1.5,
                          width=1.0, color=PROOF_OVER))
        out.append(Stroke(**kw, x0=x + 1.5, y0=y + s / 2, x1=x + s - 1.5, y1=y + s / 2,
                          width=1.0, color=PROOF_OVER))
        lines = sum(f.over_lines for f in over[b.id])
        chars = sum(f.over_chars for f in over[b.id])
        note = f"超{lines}行{chars}字" if lines or chars else "排不下"
        width = 8 * sum(1.0 if ord(c) > 0x2E80 else 0.55 for c in note)
        out.append(Text(**kw, font=font, size=8, color=PROOF_OVER, x=x - 2 - width,
                        y=y + s - 1, text=note))
    return tuple(out)
