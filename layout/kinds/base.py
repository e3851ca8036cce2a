"""What a kind of block is: its spec fields, and the functions that build, compose and place it.

Adding a kind is one module with a `KIND` and one line in the registry (layout/kinds/__init__):
nothing outside the registry decides behaviour by the name of a kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..compose.run import ComposeCtx, Composed
    from ..geometry import Rect
    from ..place.stage import PlaceCtx, Spot
    from ..regions import Regions
    from ..spec.context import BuildCtx
    from ..spec.model import BlockBase
    from ..spec.schema import Node


def _no_pour(c: Composed, ctx: PlaceCtx) -> None:
    """Most kinds have no text flowing through frames."""


def heading_fits(b: BlockBase, cell: Any, ctx: Any) -> bool:
    """Whether the block's label band takes its words at this width (the arranger asks before
    it gives a block a span)."""
    if b.heading is None:
        return True
    from dataclasses import replace

    from ..compose.run import ComposeCtx, compose_heading
    from ..diag import Diagnostics
    from ..regions import regions

    tall = replace(b, cell=replace(cell, lines=ctx.grid.lines))
    _, problem = compose_heading(tall, regions(tall, ctx.grid),
                                 ComposeCtx(ctx.spec, ctx.grid, ctx.faces, Diagnostics()))
    return problem is None


@dataclass(frozen=True)
class Kind:
    name: str
    doc: str
    fields: dict[str, Node]  # spec keys beyond the ones every block has
    default_style: str
    # spec: the block's own keys (validated), the keys every block has (resolved) → the block
    build: Callable[[dict[str, Any], tuple, dict[str, Any], BuildCtx], BlockBase | None]
    compose: Callable[[BlockBase, Regions, ComposeCtx], Composed]
    place: Callable[[Composed, Spot, PlaceCtx], None]
    pour: Callable[[Composed, PlaceCtx], None] = _no_pour  # before any block is placed
    # grid lines its content needs at a place's width (`lines: auto`, the arranger)
    rows: Callable[[BlockBase, Any, Any], int] = lambda b, cell, ctx: b.min_lines or 1
    # whether its words fit a place of this width at all (the arranger's spans)
    fits: Callable[[BlockBase, Any, Any], bool] = heading_fits
    # the block at its place, with what its place decides (a caption's lines at its width)
    settle: Callable[[BlockBase, Any, Any], BlockBase] = lambda b, cell, ctx: b.settled(cell)
    # checks once every block has its place (a caption under its photo …)
    placed: Callable[[BlockBase, dict[str, BlockBase], Any], None] | None = None
    fonts: Callable[[BlockBase, Any], set[str]] | None = None  # font names beyond its texts'
    # texts it prints beyond its own (chart labels), each with the font it is set in
    glyphs: Callable[[BlockBase, Any], list[tuple[Any, str]]] | None = None
    # cross-references to other blocks, checked once every block is built
    refs: Callable[[BlockBase, dict[str, BlockBase], tuple, BuildCtx], None] | None = None
    # the figures it prints checked against the spec's data, beyond body text (a table's
    # rows): (block, spec, diagnostics) → how many figures were checked
    figures: Callable[[BlockBase, Any, Any], int] | None = None
    # what text flows around when the block is set into it (`wrap:`), given its frame, the
    # spec, the grid and the text's rect if known; unset: the frame
    wrap: Callable[[BlockBase, Rect, Any, Any, Rect | None], Rect] | None = None
