"""place stage: composed blocks → page items on the grid, with a fit result for every block.

Text lines flow column by column through a block's frames, one line per grid line, so every
body baseline of a page sits on the same baseline grid (R13). What does not fit is counted and
reported, never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from .compose import Composed, Glyph
from .diag import Pos
from .grid import EM_BOX_TOP, Grid, Rect
from .spec import Spec
from .spec.model import CMYK


@dataclass(frozen=True, slots=True)
class PlacedText:
    font: str  # spec font name
    size: float
    color: CMYK
    x: float  # line origin, spread coordinates (pt, y down)
    baseline: float
    glyphs: tuple[Glyph, ...]
    page: int  # 0-based; -1: drawn across the spread
    vertical: bool = False


@dataclass(frozen=True, slots=True)
class PlacedRect:
    rect: Rect
    fill: CMYK | None
    stroke: CMYK | None
    width: float
    page: int
    placeholder: bool = False


@dataclass(frozen=True, slots=True)
class Fit:
    block: str
    kind: str
    status: str  # fits | overflow | placeholder
    used: int  # grid lines used (or glyphs for vertical text)
    capacity: int
    over_lines: int
    over_chars: int
    detail: str
    src: Pos


@dataclass(frozen=True, slots=True)
class Layout:
    grid: Grid
    texts: tuple[PlacedText, ...]
    rects: tuple[PlacedRect, ...]
    fits: tuple[Fit, ...]
    fonts: frozenset[str]  # spec font names in use


def place(spec: Spec, grid: Grid, composed: list[Composed]) -> Layout:
    texts: list[PlacedText] = []
    rects: list[PlacedRect] = []
    fits: list[Fit] = []
    by_id = {c.block.id: c for c in composed}
    continued = {c.block.next for c in composed if c.block.next}
    for c in composed:
        b = c.block
        r = grid.rect(b.cell)
        page = b.cell.page
        line, rows = grid.lines_in(b.cell)
        if b.box and (b.box.fill or b.box.border):
            rects.append(PlacedRect(r, b.box.fill, b.box.border, b.box.border_width, page))
        if c.heading:
            hs = c.heading.style
            band = Rect(r.x + c.inset, grid.row_y(line), r.w - 2 * c.inset,
                        b.heading_lines * grid.leading)
            if hs.background:
                pad = grid.leading * 0.25
                rects.append(PlacedRect(Rect(band.x, band.y + pad, band.w, band.h - 2 * pad),
                                        hs.background, None, 0, page))
            base = band.y + (band.h - hs.size) / 2 + EM_BOX_TOP * hs.size
            x = band.x + (hs.size if hs.background else 0)
            for ln in c.heading.lines:
                texts.append(PlacedText(hs.font, hs.size, hs.color, x, base, ln.glyphs, page))
            line += b.heading_lines
            rows -= b.heading_lines
        if c.caption:
            rows -= b.caption_lines
            cs = c.caption.style
            shown = c.caption.lines[: b.caption_lines]
            for k, ln in enumerate(shown):
                bl = grid.baseline(line + rows + k, cs.size)
                texts.append(PlacedText(cs.font, cs.size, cs.color, r.x, bl, ln.glyphs, page))
            over = c.caption.lines[b.caption_lines:]
            if over:
                fits.append(_over(b, "caption", len(c.caption.lines), b.caption_lines, over))
        if b.type == "photo":
            pr = Rect(r.x, grid.row_y(line), r.w, rows * grid.leading - grid.leading * 0.5)
            rects.append(PlacedRect(pr, (0, 0, 0, 12), (0, 0, 0, 45), 0.5, page, True))
            fits.append(Fit(b.id, b.type, "placeholder", rows, rows, 0, 0,
                            f"placeholder {pr.w / 2.8346:.0f}×{pr.h / 2.8346:.0f} mm", b.src))
            continue
        body = c.body
        assert body is not None
        st = body.style
        if b.type == "text":
            if b.id in continued:
                continue  # its lines come from the block that flows into it
            chain = [c]
            while chain[-1].block.next and len(chain) <= len(composed):
                chain.append(by_id[chain[-1].block.next])
            frames = []
            for cc in chain:
                cr = grid.rect(cc.block.cell)
                l0, n0 = grid.lines_in(cc.block.cell)
                first = l0 + (cc.block.heading_lines if cc.heading else 0)
                rows_cc = l0 + n0 - first
                for off, w in cc.columns:
                    frames.append((cr.x + off, w, first, rows_cc, cc.block.cell.page))
            widths = {round(f[1], 2) for f in frames}
            cap = sum(f[3] for f in frames)
            k = 0
            for fx, _, first, rows_f, pg in frames:
                for row in range(rows_f):
                    if k >= len(body.lines):
                        break
                    ln = body.lines[k]
                    texts.append(PlacedText(st.font, st.size, st.color, fx,
                                            grid.baseline(first + row, st.size), ln.glyphs, pg))
                    k += 1
            over = body.lines[cap:]
            bad = [ln for ln in body.lines[:cap] if ln.overfull]
            via = f" (flows into {', '.join(x.block.id for x in chain[1:])})" if chain[1:] else ""
            if len(widths) > 1:
                fits.append(Fit(b.id, b.type, "overflow", len(body.lines), cap, 0, 0,
                                "the blocks it flows through have different column widths: "
                                + ", ".join(f"{w / grid.zi:g}字" for w in sorted(widths)), b.src))
            elif over:
                fits.append(_over(b, "text" + via, len(body.lines), cap, over))
            elif bad:
                fits.append(Fit(b.id, b.type, "overflow", len(body.lines), cap, 0, 0,
                                f"a run wider than the {c.measure / grid.zi:g}字 measure: "
                                f"{bad[0].text[:12]}", b.src))
            else:
                fits.append(Fit(b.id, b.type, "fits", len(body.lines), cap, 0, 0, via.strip(),
                                b.src))
        elif b.type == "headline":
            n = len(body.lines)
            band = rows * grid.leading / max(n, 1)
            lead = st.leading or band
            top = grid.row_y(line) + (rows * grid.leading - lead * n) / 2
            for k, ln in enumerate(body.lines):
                bl = top + k * lead + (lead - st.size) / 2 + EM_BOX_TOP * st.size
                texts.append(PlacedText(st.font, st.size, st.color, r.x, bl, ln.glyphs, page))
            wide = [ln for ln in body.lines if ln.overfull]
            tall = lead * n > rows * grid.leading + 0.01
            if wide or tall:
                what = (f"'{wide[0].text}' is {wide[0].width / grid.zi:.1f}字 wide, the block "
                        f"{r.w / grid.zi:.1f}字" if wide else
                        f"{n} lines of {lead:g}pt need more than {rows} grid lines")
                fits.append(Fit(b.id, b.type, "overflow", n, n, 0, 0, what, b.src))
            else:
                fits.append(Fit(b.id, b.type, "fits", rows, rows, 0, 0, "", b.src))
        elif b.type == "vertical":
            glyphs = body.lines[0].glyphs
            h = rows * grid.leading
            n = len(glyphs)
            top = grid.row_y(line) + max(0.0, (h - n * st.size) / 2)
            x = r.x + (r.w - st.size) / 2
            placed = tuple(Glyph(g.ch, top + k * st.size + EM_BOX_TOP * st.size)
                           for k, g in enumerate(glyphs))
            texts.append(PlacedText(st.font, st.size, st.color, x, top, placed, page, True))
            fit_n = int(h // st.size)
            if n > fit_n:
                fits.append(Fit(b.id, b.type, "overflow", n, fit_n, 0, n - fit_n,
                                f"{n} characters need {n * st.size / grid.leading:.1f} lines",
                                b.src))
            else:
                fits.append(Fit(b.id, b.type, "fits", n, fit_n, 0, 0, "", b.src))
    used = frozenset(t.font for t in texts)
    return Layout(grid, tuple(texts), tuple(rects), tuple(fits), used)


def _over(b, what: str, n: int, cap: int, over) -> Fit:
    chars = sum(len(ln.text) for ln in over)
    return Fit(b.id, b.type, "overflow", n, cap, len(over), chars,
               f"{what}: {len(over)} lines ({chars} characters) over, from "
               f"'{over[0].text[:10]}…'", b.src)
