"""place stage: composed blocks → page items on the grid, with a fit result for every block.

Text lines flow column by column through a block's frames (and on into the blocks named by
`next`), one line per grid line, so every body baseline of a page sits on the same baseline
grid (R13). A paragraph's last line never stands alone at the top of a column when its style
asks for widow control (R16). When text does not fit, the block's copyfit steps are tried in
the order the designer wrote them, each within its bound; what still does not fit is counted and
reported, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .compose import Composed, Glyph, Line
from .diag import Pos
from .grid import EM_BOX_TOP, Grid, Rect
from .spec import Spec
from .spec.model import CMYK

TRACKING_STEP = 0.01  # 字
LEADING_STEP = 0.1  # pt


@dataclass(frozen=True, slots=True)
class PlacedText:
    font: str  # spec font name
    size: float
    color: CMYK
    x: float  # line origin, spread coordinates (pt, y down)
    baseline: float  # for vertical text: the top of the column
    glyphs: tuple[Glyph, ...]  # for vertical text Glyph.x is the cell's y offset downward
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
    status: str  # fits | copyfit | overflow | placeholder
    used: int  # lines set (glyphs for vertical text)
    capacity: int  # lines the block's frames hold
    over_lines: int
    over_chars: int
    detail: str
    src: Pos
    steps: tuple[str, ...] = ()  # copyfit adjustments made
    chars: int = 0  # characters set
    empty: int = 0  # lines left empty


@dataclass(frozen=True, slots=True)
class Layout:
    grid: Grid
    texts: tuple[PlacedText, ...]
    rects: tuple[PlacedRect, ...]
    fits: tuple[Fit, ...]
    fonts: frozenset[str]  # spec font names in use


@dataclass(slots=True)
class _Frame:
    x: float
    width: float
    first: int  # grid line of the first row
    rows: int
    page: int
    top: float  # pt: the first baseline
    pitch: float  # pt between baselines (the grid's leading unless copyfit reduced it)
    slots: list[int] = field(default_factory=list)  # line index per row (-1: left empty)


Recompose = Callable[[Composed, float], tuple[Line, ...]]


def _flow(lines: tuple[Line, ...], frames: list[_Frame], widows: bool) -> int:
    """Fill frames row by row; returns how many lines were placed."""
    k = 0
    for fi, f in enumerate(frames):
        f.slots = []
        while len(f.slots) < f.rows and k < len(lines):
            ln = lines[k]
            prev = frames[fi - 1] if fi else None
            if (widows and not f.slots and prev is not None and ln.last and not ln.first
                    and prev.slots and prev.slots[-1] == k - 1 and len(prev.slots) > 1):
                prev.slots[-1] = -1  # carry the line before it over, so two lines stand here
                f.slots.append(k - 1)
                if len(f.slots) >= f.rows:
                    break
            f.slots.append(k)
            k += 1
    return k


def _frames(chain: list[Composed], grid: Grid, borrowed: dict[str, int], cut: float
            ) -> list[_Frame]:
    out = []
    for cc in chain:
        b = cc.block
        r = grid.rect(b.cell)
        l0, n0 = grid.lines_in(b.cell)
        n0 += borrowed.get(b.id, 0)
        first = l0 + (b.heading_lines if cc.heading else 0)
        rows_line = l0 + n0 - first
        height = rows_line * grid.leading
        pitch = grid.leading - cut
        rows = int(height / pitch + 1e-6) if cut else rows_line
        top = grid.baseline(first, cc.body.style.size if cc.body else grid.zi)
        for off, w in cc.columns:
            out.append(_Frame(r.x + off, w, first, rows, b.cell.page, top, pitch))
    return out


def _fit_text(c: Composed, chain: list[Composed], grid: Grid, recompose: Recompose | None,
              borrowed: dict[str, int]) -> tuple[list[_Frame], tuple[Line, ...], Fit]:
    """Flow a text chain; on overflow try the copyfit steps in order, keeping what helped."""
    b = c.block
    body = c.body
    assert body is not None
    lines = body.lines
    widows = body.style.widows
    tracking, cut, borrow = 0.0, 0.0, {}
    steps: list[str] = []

    def attempt(tr: float, cu: float, bo: dict[str, int]):
        ls = lines if tr == 0.0 or recompose is None else recompose(c, tr)
        fr = _frames(chain, grid, {**borrowed, **bo}, cu)
        return ls, fr, _flow(ls, fr, widows)

    ls, frames, placed = attempt(0.0, 0.0, {})

    def first_fit(values: list, make: Callable) -> object | None:
        """Try each value in turn (gentlest first); keep the first that makes the text fit,
        else the last if it leaves less over. Returns the value kept, or None."""
        nonlocal ls, frames, placed
        for i, v in enumerate(values):
            cand = make(v)
            if cand[2] >= len(cand[0]) or i == len(values) - 1:
                if len(cand[0]) - cand[2] < len(ls) - placed:
                    ls, frames, placed = cand
                    return v
                return None
        return None

    for key, bound in b.copyfit:
        if placed >= len(ls):
            break
        if key == "tracking" and recompose is not None:
            n = int(round(abs(bound) / TRACKING_STEP))
            t = first_fit([-i * TRACKING_STEP for i in range(1, n + 1)],
                          lambda t, cu=cut, bo=borrow: attempt(t, cu, bo))
            if t is not None:
                tracking = t
                steps.append(f"tracking {t:+.2f}字")
        elif key == "leading":
            n = int(bound / LEADING_STEP + 1e-6)
            cu = first_fit([i * LEADING_STEP for i in range(1, n + 1)],
                           lambda cu, tr=tracking, bo=borrow: attempt(tr, cu, bo))
            if cu is not None:
                cut = cu
                steps.append(f"leading −{cu:.1f}pt (off the baseline grid)")
        elif key == "borrow":
            photo, most = bound
            last = chain[-1].block.id
            k = first_fit(list(range(1, most + 1)),
                          lambda k, tr=tracking, cu=cut, bo=borrow, last=last:
                          attempt(tr, cu, {**bo, last: k}))
            if k is not None:
                borrow = {last: k}
                borrowed[photo] = k
                steps.append(f"{k} lines taken from {photo}")
    borrowed.update(borrow)
    cap = sum(f.rows for f in frames)
    used_rows = sum(len(f.slots) for f in frames)
    chars = sum(len(ln.text) for ln in ls[:placed])
    over = ls[placed:]
    via = f"flows into {', '.join(x.block.id for x in chain[1:])}" if chain[1:] else ""
    widths = {round(f.width, 2) for f in frames}
    bad = [ln for ln in ls[:placed] if ln.overfull]
    if len(widths) > 1:
        fit = Fit(b.id, b.type, "overflow", len(ls), cap, 0, 0,
                  "the blocks it flows through have different column widths: "
                  + ", ".join(f"{w / grid.zi:g}字" for w in sorted(widths)), b.src, tuple(steps))
    elif over:
        n_chars = sum(len(ln.text) for ln in over)
        fit = Fit(b.id, b.type, "overflow", len(ls), cap, len(over), n_chars,
                  f"{len(over)} lines ({n_chars} characters) over, from '{over[0].text[:10]}…'"
                  + (f"; {via}" if via else ""), b.src, tuple(steps), chars)
    elif bad:
        fit = Fit(b.id, b.type, "overflow", len(ls), cap, 0, 0,
                  f"a run wider than the {c.measure / grid.zi:g}字 measure: {bad[0].text[:12]}",
                  b.src, tuple(steps), chars)
    else:
        fit = Fit(b.id, b.type, "copyfit" if steps else "fits", len(ls), cap, 0, 0,
                  "; ".join(x for x in (*steps, via) if x), b.src, tuple(steps), chars,
                  cap - used_rows)
    return frames, ls, fit


def place(spec: Spec, grid: Grid, composed: list[Composed],
          recompose: Recompose | None = None) -> Layout:
    texts: list[PlacedText] = []
    rects: list[PlacedRect] = []
    fits: dict[str, Fit] = {}
    by_id = {c.block.id: c for c in composed}
    continued = {c.block.next for c in composed if c.block.next}
    borrowed: dict[str, int] = {}  # block id → lines gained (text) or given up (photo)

    # text first: copyfit may take lines from a photo below, which is then drawn shorter
    for c in composed:
        b = c.block
        if b.type != "text" or b.id in continued:
            continue
        chain = [c]
        while chain[-1].block.next and len(chain) <= len(composed):
            chain.append(by_id[chain[-1].block.next])
        frames, lines, fit = _fit_text(c, chain, grid, recompose, borrowed)
        fits[b.id] = fit
        st = c.body.style if c.body else spec.styles[b.style]
        for f in frames:
            for row, k in enumerate(f.slots):
                if k >= 0:
                    texts.append(PlacedText(st.font, st.size, st.color, f.x,
                                            f.top + row * f.pitch, lines[k].glyphs, f.page))

    for c in composed:
        b = c.block
        r = grid.rect(b.cell)
        page = b.cell.page
        line, rows = grid.lines_in(b.cell)
        if b.type == "photo" and b.id in borrowed:
            k = borrowed[b.id]
            line, rows = line + k, rows - k
            r = Rect(r.x, r.y + k * grid.leading, r.w, r.h - k * grid.leading)
        elif b.id in borrowed:
            rows += borrowed[b.id]
            r = Rect(r.x, r.y, r.w, r.h + borrowed[b.id] * grid.leading)
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
            n = len(c.heading.lines)
            pitch = c.heading.pitch or hs.size
            top = band.y + (band.h - pitch * (n - 1) - hs.size) / 2
            x = band.x + (hs.size if hs.background else 0)
            for k, ln in enumerate(c.heading.lines):
                texts.append(PlacedText(hs.font, hs.size, hs.color, x,
                                        top + k * pitch + EM_BOX_TOP * hs.size, ln.glyphs, page))
        if c.caption:
            rows -= b.caption_lines
            cs = c.caption.style
            for k, ln in enumerate(c.caption.lines[: b.caption_lines]):
                bl = grid.baseline(line + rows + k, cs.size)
                texts.append(PlacedText(cs.font, cs.size, cs.color, r.x, bl, ln.glyphs, page))
            over = c.caption.lines[b.caption_lines:]
            if over:
                n_chars = sum(len(ln.text) for ln in over)
                fits[b.id + ":caption"] = Fit(
                    b.id, "caption", "overflow", len(c.caption.lines), b.caption_lines,
                    len(over), n_chars, f"caption: {len(over)} lines ({n_chars} characters) "
                    f"over, from '{over[0].text[:10]}…'", b.src)
        if b.type == "photo":
            pr = Rect(r.x, grid.row_y(line), r.w, rows * grid.leading - grid.leading * 0.5)
            rects.append(PlacedRect(pr, (0, 0, 0, 12), (0, 0, 0, 45), 0.5, page, True))
            given = f", {borrowed[b.id]} lines given to the text above" if b.id in borrowed else ""
            fits.setdefault(b.id, Fit(b.id, b.type, "placeholder", rows, rows, 0, 0,
                                      f"placeholder {pr.w / 2.8346:.0f}×{pr.h / 2.8346:.0f} mm"
                                      + given, b.src))
            continue
        body = c.body
        if b.type == "text" or body is None:
            continue
        st = body.style
        if b.type == "headline":
            n = len(body.lines)
            pitch = body.pitch or st.size
            top = grid.row_y(line) + (rows * grid.leading - pitch * (n - 1) - st.size) / 2
            for k, ln in enumerate(body.lines):
                bl = top + k * pitch + EM_BOX_TOP * st.size
                texts.append(PlacedText(st.font, st.size, st.color, r.x, bl, ln.glyphs, page))
            if c.problem:
                fits[b.id] = Fit(b.id, b.type, "overflow", n, n, 0, 0, c.problem, b.src)
            else:
                note = f"{n} lines at {st.size:g}pt" if n > 1 else f"{st.size:g}pt"
                fits[b.id] = Fit(b.id, b.type, "fits", rows, rows, 0, 0, note, b.src,
                                 chars=sum(len(ln.text) for ln in body.lines))
        elif b.type == "vertical":
            glyphs = body.lines[0].glyphs
            h = rows * grid.leading
            n = len(glyphs)
            top = grid.row_y(line) + max(0.0, (h - n * st.size) / 2)
            x = r.x + (r.w - st.size) / 2
            texts.append(PlacedText(st.font, st.size, st.color, x, top, glyphs, page, True))
            fit_n = int(h // st.size)
            if n > fit_n:
                fits[b.id] = Fit(b.id, b.type, "overflow", n, fit_n, 0, n - fit_n,
                                 f"{n} characters need {n * st.size / grid.leading:.1f} lines",
                                 b.src)
            else:
                fits[b.id] = Fit(b.id, b.type, "fits", n, fit_n, 0, 0, "", b.src, chars=n)
    for c in composed:
        if c.heading and c.problem and c.block.type != "headline":
            fits[c.block.id] = Fit(c.block.id, c.block.type, "overflow", 0, 0, 0, 0, c.problem,
                                   c.block.src)
    order = {c.block.id: i for i, c in enumerate(composed)}
    ordered = sorted(fits.values(), key=lambda f: (order.get(f.block, 0), f.kind == "caption"))
    used = frozenset(t.font for t in texts)
    return Layout(grid, tuple(texts), tuple(rects), tuple(ordered), used)
