"""Blocks: what every block has (id, place, style, box, label band, wrap), then what its kind
adds, built by the kind's own `build` (layout/kinds/)."""

from __future__ import annotations

from typing import Any

from .context import BuildCtx
from .limits import char_name
from .model import BlockBase, Box, Heading
from .placement import placement
from .sources import inline
from .styles import color, rule


def build_blocks(raw_blocks: list[Any], spread: bool, trim: tuple[float, float],
                 ctx: BuildCtx) -> list[BlockBase]:
    from ..kinds import KINDS  # the kinds import the spec's types: looked up when first used

    blocks: list[BlockBase] = []
    seen: dict[str, int] = {}
    for i, b in enumerate(raw_blocks):
        if b is None or b.get("type") is None or b.get("id") is None:
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
        common = _common(b, bp, kind.default_style, spread, trim, ctx)
        if common is None:
            continue
        blk = kind.build(b, bp, common, ctx)
        if blk is not None:
            blocks.append(blk)
    return blocks


def _common(b: dict[str, Any], bp: tuple, default_style: str, spread: bool,
            trim: tuple[float, float], ctx: BuildCtx) -> dict[str, Any] | None:
    """The fields every kind's block has, resolved: its place, style, box, label band, wrap
    and the arranger's hints."""
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
    place = placement(b.get("at"), bp + ("at",), spread, ctx.ctx, trim)
    span_range = b.get("span_range")
    if span_range and None not in span_range and span_range[0] > span_range[1]:
        ctx.err(bp + ("span_range",), f"the fewest columns {span_range[0]} are more than the "
                f"most {span_range[1]}")
        span_range = None
    elif span_range and None not in span_range and span_range[0] > ctx.columns:
        ctx.err(bp + ("span_range",), f"the fewest columns {span_range[0]} are more than the "
                f"grid's {ctx.columns}")
        span_range = None
    if place is None:
        return None
    return {"id": b["id"], "place": place, "cell": None,
            "style": style, "src": ctx.pos(bp), "at_src": ctx.pos(bp + ("at",)), "box": box,
            "heading": _heading(b, bp, ctx),
            "wrap": ctx.zi(b["wrap"]) if b.get("wrap") is not None else None,
            "priority": b.get("priority"), "min_lines": b.get("min_lines"),
            "span_range": tuple(span_range) if span_range and None not in span_range else None,
            "article": b.get("article")}


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
