"""Rule blocks: a rule across the middle of its grid lines, or down the middle of the gutter
left of its column (栏线), which it shares with the columns beside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from ..compose.run import ComposeCtx, Composed
from ..place.fit import Fit
from ..place.furniture import rule_strokes
from ..place.sink import Layer
from ..place.stage import PlaceCtx, Spot
from ..regions import Regions
from ..rules import thickness
from ..spec.context import BuildCtx
from ..spec.model import BlockBase, Rule
from ..spec.schema import Bool
from ..spec.styles import RULE, rule
from .base import Kind


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleBlock(BlockBase):
    KIND: ClassVar[str] = "rule"
    rule: Rule
    vertical: bool = False  # down the gutter left of its column

    @property
    def in_gutter(self) -> bool:
        return self.vertical


FIELDS = {"rule": RULE, "vertical": Bool(doc="a rule down the gutter left of `col`")}


def build(raw: dict[str, Any], bp: tuple, common: dict[str, Any], ctx: BuildCtx
          ) -> RuleBlock | None:
    if not raw.get("rule"):
        ctx.err(bp, "a rule block needs 'rule' (a colour, or {style, color})")
    r = rule(raw.get("rule"), ctx.colors, bp + ("rule",), ctx.ctx)
    if r is None:
        return None
    return RuleBlock(**common, rule=r, vertical=bool(raw.get("vertical")))


def compose(block: RuleBlock, regions: Regions, ctx: ComposeCtx) -> Composed:
    return Composed(block=block, regions=regions)


def place(c: Composed, spot: Spot, ctx: PlaceCtx) -> None:
    b: RuleBlock = c.block  # type: ignore[assignment]
    r, g, page = spot.rect, ctx.grid, b.cell.page
    if b.vertical:  # down the middle of the gutter left of the column
        x = r.x - g.gutter_zi * g.zi / 2 - thickness(b.rule.style) / 2
        strokes = rule_strokes(b.rule, x, r.y, x, r.y1, page, (1, 0), b.id)
    else:  # across the middle of its grid line(s)
        y = r.y + r.h / 2 - thickness(b.rule.style) / 2
        strokes = rule_strokes(b.rule, r.x, y, r.x1, y, page, (0, 1), b.id)
    ctx.sink.extend(Layer.STROKE, strokes)
    ctx.fits[b.id] = Fit.fits(b.id, b.KIND, b.src, spot.rows, spot.rows, b.rule.style)


def rows(b: RuleBlock, cell, ctx) -> int:
    """A rule across takes one line; down a gutter, what it is given."""
    return ctx.grid.lines if b.vertical else 1


KIND = Kind("rule", "a rule across its lines or down a gutter", FIELDS, "body", build, compose,
            place, rows=rows)
