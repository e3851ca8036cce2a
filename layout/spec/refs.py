"""Cross-references between blocks (`next`, copyfit `borrow`, a caption's `photos`), checked
once every block is built; each kind says what its references must satisfy."""

from __future__ import annotations

from typing import Any

from .context import BuildCtx
from .model import BlockBase


def cross_references(blocks: list[BlockBase], raw_blocks: list[Any], ctx: BuildCtx) -> None:
    from ..kinds import kind_of

    by_id = {b.id: b for b in blocks}
    index = {b["id"]: i for i, b in enumerate(raw_blocks) if isinstance(b, dict) and "id" in b}
    for b in blocks:
        check = kind_of(b).refs
        if check is not None:
            check(b, by_id, ("blocks", index[b.id]), ctx)
        if b.article is not None:
            _article(b, by_id, ("blocks", index[b.id], "article"), ctx)


def _article(b: BlockBase, by_id: dict[str, BlockBase], path: tuple, ctx: BuildCtx) -> None:
    """`article:` names the first block of another story, which belongs to no other."""
    t = by_id.get(b.article or "")
    if t is None:
        ctx.err(path, f"no block with id '{b.article}'")
    elif t.id == b.id:
        ctx.err(path, "a block cannot belong to itself; leave `article` out")
    elif t.article is not None:
        ctx.err(path, f"block '{t.id}' belongs to '{t.article}' itself: name '{t.article}'")
    else:
        head = next((x for x in by_id.values() if getattr(x, "next", None) == b.id), None)
        if head is not None:
            ctx.err(path, f"block '{b.id}' continues '{head.id}' and so belongs to its story; "
                    "leave `article` out")
