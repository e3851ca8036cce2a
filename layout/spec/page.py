"""The paper and its grid as the spec states them: preset or custom trim, type area, body size
and leading, columns of whole 字, margins. `banmian init` reads the same presets and maths."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..units import MM
from .context import to_zi
from .schema import Ctx

# Trim and type area (mm) of the page presets.
PRESETS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "broadsheet": ((390, 550), (350, 490)),  # 对开
    "tabloid": ((275, 390), (245, 350)),  # 四开
    "A3": ((297, 420), (267, 380)),
}


@dataclass(frozen=True, slots=True)
class PageGeometry:
    trim: tuple[float, float]  # pt
    type_area: tuple[float, float]  # pt
    spread: bool
    folios: tuple[int, ...]
    body_size: float  # pt: 1 字
    leading: float  # pt: 1 行
    columns: int
    column_zi: int
    gutter_zi: float
    lines: int  # grid lines per page
    margin_top: float | None  # pt; None: centred
    margin_inner: float | None
    fold_safe: float  # pt either side of the fold

    @property
    def width(self) -> float:
        """The grid's width in pt."""
        return grid_width(self.columns, self.column_zi, self.gutter_zi, self.body_size)


def grid_width(columns: int, column_zi: float, gutter_zi: float, size: float) -> float:
    return (columns * column_zi + (columns - 1) * gutter_zi) * size


def body_leading(lead: Any, size: float) -> float:
    """1 行: a length, or a bare factor of the body size (1.5)."""
    if lead is None:
        return 1.5 * size
    if lead.unit == "pt" and lead.value < 4:  # a bare factor such as 1.5
        return lead.value * size
    return lead.pt(size, size)


def page_geometry(raw: dict[str, Any], ctx: Ctx) -> PageGeometry | None:
    page = raw.get("page") or {}
    sizes = _paper(page, ctx)
    if sizes is None:
        return None
    trim, area = sizes
    if area[0] > trim[0] + 0.01 or area[1] > trim[1] + 0.01:
        ctx.err(("page", "type_area"), f"a {area[0] / MM:.0f}×{area[1] / MM:.0f}mm type area "
                f"does not fit the {trim[0] / MM:.0f}×{trim[1] / MM:.0f}mm page")
        return None
    spread = bool(page.get("spread"))
    margins = page.get("margins") or {}
    npages = 2 if spread else 1
    folios = tuple(page.get("folios") or range(1, npages + 1))
    if len(folios) != npages:
        ctx.err(("page", "folios"), f"{len(folios)} folios for {npages} page(s)")
    body = raw.get("body") or {}
    size = float(body.get("size", 9.0))
    leading = body_leading(body.get("leading"), size)
    if leading < size:
        ctx.err(("body", "leading"), f"leading {leading:g}pt is less than the body size {size:g}pt")
    grid = raw.get("grid") or {}
    columns, column_zi = grid.get("columns", 8), grid.get("column", 13)
    gut = grid.get("gutter")
    gutter_zi = to_zi(gut, size, leading) if gut is not None else 1.0
    width = grid_width(columns, column_zi, gutter_zi, size)
    if width > trim[0] + 0.01:  # a bigger body in the same grid: the columns hold fewer 字
        # the widest whole 字 in the type area, give or take one 字 (8 × 13字 of 小五 is a
        # 111字 grid in a 110字 broadsheet type area)
        fits = int((area[0] / size + 1 + gutter_zi + 1e-6) / columns - gutter_zi)
        if fits < 1:
            ctx.err(("grid",), f"{columns} columns × {column_zi}字 + gutters = "
                    f"{width / MM:.1f}mm are wider than the {trim[0] / MM:.0f}mm page")
        else:
            ctx.warn(("grid", "column") if "column" in grid else ("grid",),
                     f"{columns} columns × {column_zi}字 of {size:g}pt are {width / MM:.0f}mm, "
                     f"wider than the {trim[0] / MM:.0f}mm page: set as {columns} × {fits}字")
            column_zi = fits
            width = grid_width(columns, column_zi, gutter_zi, size)
    lines = grid.get("lines")
    if lines is not None and lines * leading > trim[1]:
        ctx.err(("grid", "lines"), f"{lines} lines of {leading:g}pt do not fit a "
                f"{trim[1] / MM:.0f}mm page")
    max_lines = lines or int((area[1] + 0.01) // leading)
    top, inner = _margins(margins, trim, width, max_lines, leading, ctx)
    fold = page.get("fold_safe")
    return PageGeometry(
        trim=(float(trim[0]), float(trim[1])), type_area=(float(area[0]), float(area[1])),
        spread=spread, folios=folios, body_size=size, leading=leading, columns=columns,
        column_zi=column_zi, gutter_zi=gutter_zi, lines=max_lines, margin_top=top,
        margin_inner=inner, fold_safe=fold.pt(0, 0) if fold is not None else 6 * MM)


def _paper(page: dict[str, Any], ctx: Ctx) -> tuple[tuple, tuple] | None:
    """Trim and type area in pt: the preset's, or the spec's own."""
    preset = page.get("preset", "broadsheet")
    if preset == "custom":
        if "size" not in page:
            ctx.err(("page",), "a custom page needs 'size: [width, height]'")
            return None
        trim_mm, area_mm = None, None
    else:
        trim_mm, area_mm = PRESETS[preset]
    trim = (tuple(ln.pt(0, 0) for ln in page["size"]) if page.get("size")
            else (trim_mm[0] * MM, trim_mm[1] * MM))
    area = (tuple(ln.pt(0, 0) for ln in page["type_area"]) if page.get("type_area")
            else ((area_mm[0] * MM, area_mm[1] * MM) if area_mm
                  else (trim[0] - 40 * MM, trim[1] - 60 * MM)))
    return trim, area


def _margins(margins: dict[str, Any], trim: tuple, width: float, max_lines: int,
             leading: float, ctx: Ctx) -> tuple[float | None, float | None]:
    """The top and inner (spine) margins the spec sets, checked against the page."""
    top = margins.get("top").pt(0, 0) if margins.get("top") is not None else None
    if top is not None and top + max_lines * leading > trim[1] + 0.01:
        ctx.err(("page", "margins", "top"), f"{max_lines} grid lines of {leading:g}pt below a "
                f"{top / MM:.0f}mm top margin run off the {trim[1] / MM:.0f}mm page")
    inner = margins.get("inner").pt(0, 0) if margins.get("inner") is not None else None
    if inner is not None and inner + width > trim[0] + 0.01:
        ctx.err(("page", "margins", "inner"), f"a {width / MM:.1f}mm grid beside a "
                f"{inner / MM:.0f}mm inner margin runs off the {trim[0] / MM:.0f}mm page")
    return top, inner
