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
