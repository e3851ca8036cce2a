"""grid stage: Spec → Grid. Pages, the spread, columns and baseline lines, all counted in 字 and 行.

The grid's numbers are in layout/geometry.py; here they are worked out from the spec, and
the blocks' places are checked against them.
"""

from __future__ import annotations

from .diag import Diagnostics
from .geometry import EM_BOX_TOP, Grid, Rect
from .spec import BlockBase, Spec
from .units import MM

__all__ = ["EM_BOX_TOP", "Grid", "Rect", "build_grid", "check_places"]


def build_grid(spec: Spec) -> Grid:
    """Place the type area: centred, or by the spec's top and inner margins, mirrored across
    the fold."""
    return grid_of(spec.trim, spec.type_area, spec.pages, spec.body_size, spec.leading,
                   spec.columns, spec.column_zi, spec.gutter_zi, spec.lines, spec.margin_top,
                   spec.margin_inner)


def check_places(spec: Spec, grid: Grid, diags: Diagnostics) -> None:
    """Once every block has its place: no two share ground, none leaves the type area, no body
    text enters the fold; and what each kind asks of its place (layout/kinds/)."""
    from .kinds import kind_of

    placed = [b for b in spec.blocks if b.cell.lines or b.cell.rect is not None]
    _overlaps(grid, tuple(placed), diags)
    by_id = {b.id: b for b in placed}
    for b in placed:
        _area(grid, b, diags)
        _fold(grid, b, spec.fold_safe, diags)
        need = (b.heading.lines if b.heading else 0) + b.caption_rows
        if b.cell.rect is None and need >= b.cell.lines:
            diags.error(f"block '{b.id}': {b.cell.lines} lines leave no room after the "
                        f"heading/caption ({need} lines)", b.place.pos("lines", b.at_src))
        check = kind_of(b).placed
        if check is not None:
            check(b, by_id, diags)


def grid_of(trim: tuple[float, float], type_area: tuple[float, float], pages: int, zi: float,
            lead: float, columns: int, column_zi: int, gutter_zi: float, lines: int | None,
            margin_top: float | None = None, margin_inner: float | None = None) -> Grid:
    """The grid of a page: `banmian init` works out its templates from the same numbers."""
    width = (columns * column_zi + (columns - 1) * gutter_zi) * zi
    lines = lines or int(type_area[1] // lead)
    height = lines * lead
    if margin_inner is None:
        x0 = tuple((trim[0] - width) / 2 for _ in range(pages))
    elif pages == 2:  # the left page's spine is on its right
        x0 = (trim[0] - margin_inner - width, margin_inner)
    else:
        x0 = (margin_inner,)
    y0 = margin_top if margin_top is not None else (trim[1] - height) / 2
    return Grid(trim_w=trim[0], trim_h=trim[1], pages=pages, zi=zi, leading=lead,
                columns=columns, column_zi=column_zi, gutter_zi=gutter_zi, lines=lines, x0=x0,
                y0=y0)


def _overlaps(grid: Grid, blocks: tuple[BlockBase, ...], diags: Diagnostics) -> None:
    """No two blocks share ground, except a picture placed inside a text block to be wrapped."""
    rects = [(b, grid.rect(b.cell)) for b in blocks]
    for j, (b, rb) in enumerate(rects):
        for a, ra in rects[:j]:
            w = min(ra.x1, rb.x1) - max(ra.x, rb.x)
            h = min(ra.y1, rb.y1) - max(ra.y, rb.y)
            if w <= 0.01 or h <= 0.01:
                continue
            if (a.wrap is not None and b.flows_text) or (b.wrap is not None and a.flows_text):
                continue
            if a.in_gutter or b.in_gutter:
                continue  # a column rule lives in the gutter
            page = 1 + int(max(ra.x, rb.x) // grid.trim_w)
            diags.error(f"block '{b.id}' overlaps block '{a.id}' ({a.at_src}) on page {page} "
                        f"by {w / grid.zi:.1f}字 × {h / grid.leading:.1f}行", b.at_src)
            break


def _area(grid: Grid, b: BlockBase, diags: Diagnostics) -> None:
    """A block placed in mm must stay inside the type area (a spread's includes the fold)."""
    if b.cell.rect is None:
        return
    r = grid.rect(b.cell)
    p0 = 0 if b.cell.page == -1 else b.cell.page
    p1 = grid.pages - 1 if b.cell.page == -1 else b.cell.page
    x0, x1 = grid.col_x(p0, 1), grid.col_x(p1, grid.columns) + grid.column_w
    y0, y1 = grid.y0, grid.y0 + grid.height
    if r.x < x0 - 0.01 or r.x1 > x1 + 0.01 or r.y < y0 - 0.01 or r.y1 > y1 + 0.01:
        diags.error(f"block '{b.id}' leaves the type area ({(x1 - x0) / MM:.1f}×"
                    f"{(y1 - y0) / MM:.1f}mm at {(x0 - p0 * grid.trim_w) / MM:.1f}, "
                    f"{y0 / MM:.1f}mm)", b.at_src)


def _fold(grid: Grid, b: BlockBase, safe: float, diags: Diagnostics) -> None:
    """Body text keeps out of the fold-safe zone; headlines, tints, rules and photos may cross."""
    if not b.flows_text or grid.pages < 2:
        return
    r = grid.rect(b.cell)
    fold = grid.trim_w
    if r.x < fold + safe and r.x1 > fold - safe:
        diags.error(f"block '{b.id}': body text would enter the {safe / MM:g}mm fold-safe zone "
                    "(set page.fold_safe, or keep text blocks on one page)", b.at_src)
