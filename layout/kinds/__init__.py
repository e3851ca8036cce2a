"""The registry of block kinds: each kind's module holds its block type and the functions that
build, compose and place it. This is the only place that knows kinds by name."""

from __future__ import annotations

from ..geometry import Rect
from ..spec.model import BlockBase
from . import caption, chart, headline, photo, rule, table, text, vertical
from .base import Kind

KINDS: dict[str, Kind] = {k.name: k for k in (
    text.KIND, headline.KIND, vertical.KIND, photo.KIND, rule.KIND, caption.KIND, chart.KIND,
    table.KIND,
)}


def kind_of(block: BlockBase) -> Kind:
    return KINDS[block.KIND]


def wrap_rect(block: BlockBase, frame: Rect, spec, grid, around: Rect | None = None) -> Rect:
    """The rect text flows around for a block set into it: what its kind draws there (a
    vertical title's glyphs), else its frame."""
    hook = kind_of(block).wrap
    return hook(block, frame, spec, grid, around) if hook is not None else frame


__all__ = ["KINDS", "Kind", "kind_of", "wrap_rect"]
