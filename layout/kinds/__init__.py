"""The registry of block kinds: each kind's module holds its block type and the functions that
build, compose and place it. This is the only place that knows kinds by name."""

from __future__ import annotations

from ..spec.model import BlockBase
from . import caption, chart, headline, photo, rule, text, vertical
from .base import Kind

KINDS: dict[str, Kind] = {k.name: k for k in (
    text.KIND, headline.KIND, vertical.KIND, photo.KIND, rule.KIND, caption.KIND, chart.KIND,
)}


def kind_of(block: BlockBase) -> Kind:
    return KINDS[block.KIND]


__all__ = ["KINDS", "Kind", "kind_of"]
