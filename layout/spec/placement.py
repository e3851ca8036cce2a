"""Where the spec says a block goes, before the engine works it out: on the grid or in mm,
absolute (`col`, `line`) or relative to an earlier block (`below`, `right_of`), with sizes
given or left to the content (`lines: auto`, `span: all`), or not at all (no `at:`: the
arranger places it). Only what needs no other block is checked here; layout/arrange.py
resolves the rest in spec order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..diag import Pos
from ..units import MM
from .schema import Ctx

AUTO = "auto"
ALL = "all"
FILL = "fill"


@dataclass(frozen=True, slots=True)
class Placement:
    page: int | None  # 0-based; -1: across the spread; None: from the block it follows, else 1
    col: int | str | None  # a column, AUTO, or None (from the block it follows)
    span: int | str | None  # a count, ALL, or None (from the block it follows)
    line: int | None  # a grid line, or None (below a block, or the first free line)
    lines: int | str | None  # a count; AUTO / None: as the content needs; FILL: all the room
    below: str | None = None  # start under this block, `gap` lines down
    right_of: str | None = None  # start in the column after this block's last
    gap: int = 1
    rect: tuple[float, float, float, float] | None = None  # x, y, w, h in pt (mm placement)
    arranged: bool = False  # no `at:` at all: the arranger chooses
    src: tuple[tuple[str, Pos], ...] = ()  # where each key is written

    def pos(self, key: str, default: Pos) -> Pos:
        return dict(self.src).get(key, default)

    @property
    def fixed(self) -> bool:
        """Fully given on the grid: no other block and no content decides it."""
        return (self.rect is None and not self.arranged and isinstance(self.col, int)
                and isinstance(self.span, int) and isinstance(self.line, int)
                and isinstance(self.lines, int) and not self.below and not self.right_of)


GRID_KEYS = ("col", "span", "line", "lines", "below", "right_of", "gap")
MM_KEYS = ("x", "y", "width", "height")


def placement(at: dict[str, Any] | None, path: tuple, spread: bool, ctx: Ctx,
              trim: tuple[float, float]) -> Placement | None:
    if at is None:
        return Placement(None, None, None, None, None, arranged=True)
    src = tuple((k, ctx.pm.value(path + (k,))) for k in at)
    given_grid = [k for k in GRID_KEYS if k in at]
    given_mm = [k for k in MM_KEYS if k in at]
    if given_grid and given_mm:
        ctx.err(path, "give the place either on the grid (col, span, line, lines, below, "
                "right_of) or in mm (x, y, width, height), not both")
        return None
    if any(k in at and at[k] is None for k in (*GRID_KEYS, *MM_KEYS, "page")):
        return None  # a bad value was reported where it is written
    if "below" in at and "line" in at:
        ctx.err(path + ("below",), "give either 'line' or 'below', not both")
        return None
    if "right_of" in at and "col" in at:
        ctx.err(path + ("right_of",), "give either 'col' or 'right_of', not both")
        return None
    page = _page(at.get("page"), path, spread, ctx)
    if page is False:
        return None
    if given_mm:
        return _in_mm(at, path, page, trim, src, ctx)
    return Placement(page, at.get("col"), at.get("span"), at.get("line"), at.get("lines"),
                     at.get("below"), at.get("right_of"), at.get("gap", 1), src=src)


def _in_mm(at: dict[str, Any], path: tuple, page: int | None, trim: tuple[float, float],
           src: tuple, ctx: Ctx) -> Placement | None:
    """A place in mm from the trim corner: all four keys, on the page (or the spread)."""
    missing = [k for k in MM_KEYS if k not in at]
    if missing:
        ctx.err(path, f"missing required key{'s' if len(missing) > 1 else ''} "
                + ", ".join(f"'{k}'" for k in missing))
        return None
    x, y, w, h = (at[k].pt(0, 0) for k in MM_KEYS)
    width = trim[0] * (2 if page == -1 else 1)
    if x + w > width + 0.01 or y + h > trim[1] + 0.01:
        ctx.err(path, f"{w / MM:.0f}×{h / MM:.0f}mm at ({x / MM:.0f}, {y / MM:.0f})mm "
                f"runs off the {width / MM:.0f}×{trim[1] / MM:.0f}mm page")
        return None
    return Placement(page if page is not None else 0, 1, 1, 1, 1, rect=(x, y, w, h), src=src)


def _page(page: Any, path: tuple, spread: bool, ctx: Ctx) -> int | None | bool:
    """0-based page index, -1 for a block across the spread, None if not given; False after
    an error."""
    if page is None:
        return None
    if page == "spread":
        if not spread:
            ctx.err(path + ("page",), "'spread' needs page.spread: true")
            return False
        return -1
    if page > (2 if spread else 1):
        ctx.err(path + ("page",), f"page {page} does not exist: the spec has "
                f"{2 if spread else 1} page(s)")
        return False
    return page - 1
