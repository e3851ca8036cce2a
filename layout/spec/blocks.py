"""Blocks: what every block has (id, place, style, box, label band, wrap), then what its kind
adds, built by the kind's own `build` (layout/kinds/)."""

from __future__ import annotations

from typing import Any

from ..units import MM
from .context import BuildCtx
from .limits import char_name
from .model import BlockBase, Box, Cell, Heading
from .schema import Ctx
from .sources import inline
from .styles import color, rule


def build_blocks(raw_blocks: list[Any], spread: bool, columns: int, max_lines: int,
                 trim: tuple[float, float], ctx: BuildCtx) -> list[BlockBase]:
    from ..kinds import KINDS  # the kinds import the spec's types: looked up when first used

    blocks: list[BlockBase] = []
    seen: dict[str, int] = {}
    for i, b in enumerate(raw_blocks):
        if b is None or b.get("at") is None or b.get("type") is None or b.get("id") is None:
            continue
        bp = ("blocks", i)
        odd = next((ch for ch in b["id"] if ch.isspace() or not ch.isprintable()), None)
        if odd is not None:
            ctx.err(bp + ("id",), f"a block id is one word: {char_name(odd)} is not allowed "
                    "in it")
            continue
        if b["id"] in seen:
            ctx.err(bp + ("id",), f"duplicate block id '{b['id']}' (also blocks[{seen[b['id']]}])")
        seen[b["id"]] = i
        kind = KINDS[b["type"]]
        common = _common(b, bp, kind.default_style, spread, columns, max_lines, trim, ctx)
        blk = kind.build(b, bp, common, ctx)
        if blk is None:
            continue
        need = (blk.heading.lines if blk.heading else 0) + blk.caption_rows
        if blk.cell.rect is None and need >= blk.cell.lines:
            ctx.err(bp + ("at", "lines"), f"{blk.cell.lines} lines leave no room after the "
                    f"heading/caption ({need} lines)")
        blocks.append(blk)
    return blocks


def _common(b: dict[str, Any], bp: tuple, default_style: str, spread: bool, columns: int,
            max_lines: int, trim: tuple[float, float], ctx: BuildCtx) -> dict[str, Any]:
    """The fields every kind's block has, resolved: its cell, style, box, label band, wrap."""
    style = b.get("style") or default_style
    ctx.check_style(bp + ("style",), style)
    ctx.check_style(bp + ("heading_style",), b.get("heading_style"))
    box = None
    if b.get("box"):
        bx = b["box"]
        ins = bx.get("inset")
        box = Box(color(bx.get("fill"), ctx.colors, bp + ("box", "fill"), ctx.ctx),
                  rule(bx.get("border"), ctx.colors, bp + ("box", "border"), ctx.ctx),
                  ctx.zi(ins) if ins is not None else 1.0)
    return {"id": b["id"], "cell": cell(b["at"], bp + ("at",), spread, columns, max_lines, trim,
                                        ctx.ctx),
            "style": style, "src": ctx.pos(bp), "at_src": ctx.pos(bp + ("at",)), "box": box,
            "heading": _heading(b, bp, ctx),
            "wrap": ctx.zi(b["wrap"]) if b.get("wrap") is not None else None}


def _heading(b: dict[str, Any], bp: tuple, ctx: BuildCtx) -> Heading | None:
    """The label band: a `labels:` component dresses it, else the block's heading style."""
    name = b.get("label")
    if name and name not in ctx.labels:
        ctx.err(bp + ("label",), f"unknown label '{name}' (known: "
                f"{', '.join(ctx.labels) or 'none: define them under labels'})")
    if not b.get("heading"):
        return None
    text = inline(b["heading"], ctx.pos(bp + ("heading",)))[0]
    label = ctx.labels.get(name or "")
    if label:
        return Heading(text, label.style, label.lines, label.shape, label.fill, label.template,
                       ctx.styles[label.style].src)
    hs = b.get("heading_style") or "label"
    if hs not in ctx.styles:
        return None
    return Heading(text, hs, b.get("heading_lines") or 2, "bar", ctx.styles[hs].background)


GRID_KEYS = ("col", "span", "line", "lines")
MM_KEYS = ("x", "y", "width", "height")


def cell(at: dict[str, Any], path: tuple, spread: bool, columns: int, max_lines: int,
         trim: tuple[float, float], ctx: Ctx) -> Cell | None:
    """A block's place: on the 字 grid (col, span, line, lines) or in mm from the trim."""
    given_grid = [k for k in GRID_KEYS if k in at]
    given_mm = [k for k in MM_KEYS if k in at]
    if given_grid and given_mm:
        ctx.err(path, "give the place either on the grid (col, span, line, lines) or in mm "
                "(x, y, width, height), not both")
        return None
    keys = MM_KEYS if given_mm else GRID_KEYS
    missing = [k for k in keys if k not in at]
    if missing:
        ctx.err(path, f"missing required key{'s' if len(missing) > 1 else ''} "
                + ", ".join(f"'{k}'" for k in missing))
        return None
    if any(at.get(k) is None for k in (*keys, "page")):
        return None
    page = _page(at["page"], path, spread, ctx)
    if page is None:
        return None
    if given_mm:
        return _mm_cell(at, page, path, trim, ctx)
    return _grid_cell(at, page, 2 * columns if page == -1 else columns, max_lines, path, ctx)


def _page(page: Any, path: tuple, spread: bool, ctx: Ctx) -> int | None:
    """0-based page index, or -1 for a block across the spread."""
    if page == "spread":
        if not spread:
            ctx.err(path + ("page",), "'spread' needs page.spread: true")
            return None
        return -1
    if page > (2 if spread else 1):
        ctx.err(path + ("page",), f"page {page} does not exist: the spec has "
                f"{2 if spread else 1} page(s)")
        return None
    return page - 1


def _mm_cell(at: dict[str, Any], page: int, path: tuple, trim: tuple[float, float], ctx: Ctx
             ) -> Cell | None:
    x, y, w, h = (at[k].pt(0, 0) for k in MM_KEYS)
    width = trim[0] * (2 if page == -1 else 1)
    if x + w > width + 0.01 or y + h > trim[1] + 0.01:
        ctx.err(path, f"{w / MM:.0f}×{h / MM:.0f}mm at ({x / MM:.0f}, {y / MM:.0f})mm "
                f"runs off the {width / MM:.0f}×{trim[1] / MM:.0f}mm page")
        return None
    return Cell(page, 1, 1, 1, 1, rect=(x, y, w, h))


def _grid_cell(at: dict[str, Any], page: int, ncols: int, max_lines: int, path: tuple,
               ctx: Ctx) -> Cell | None:
    ok = True
    if at["col"] > ncols:
        ctx.err(path + ("col",), f"column {at['col']} is outside the {ncols}-column grid")
        ok = False
    elif at["col"] + at["span"] - 1 > ncols:
        ctx.err(path + ("span",), f"{at['span']} columns from column {at['col']} do not fit "
                f"the {ncols}-column grid")
        ok = False
    if at["line"] > max_lines:
        ctx.err(path + ("line",), f"line {at['line']} is below the last grid line {max_lines}")
        ok = False
    elif at["line"] + at["lines"] - 1 > max_lines:
        ctx.err(path + ("lines",), f"{at['lines']} lines from line {at['line']} run past the "
                f"last grid line {max_lines}")
        ok = False
    return Cell(page, at["col"], at["span"], at["line"], at["lines"]) if ok else None
