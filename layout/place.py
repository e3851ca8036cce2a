"""place stage: composed blocks → page items on the grid, with a fit result for every block.

Text lines flow column by column through a block's frames (and on into the blocks named by
`next`), one line per grid line, so every body baseline of a page sits on the same baseline
grid (R13). A paragraph's last line never stands alone at the top of a column when its style
asks for widow control (R16). When text does not fit, the block's copyfit steps are tried in
the order the designer wrote them, each within its bound; what still does not fit is counted and
reported, never dropped silently.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from .compose import Composed, Glyph, HeaderLine, Line
from .diag import Pos
from .grid import EM_BOX_TOP, Grid, Rect
from .rules import RULES, thickness
from .spec import Rule, Spec
from .spec.model import CMYK
from .units import MM

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
    dash: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class PlacedLine:
    """One stroke of a rule."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    color: CMYK
    page: int
    dash: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class PlacedImage:
    rect: Rect
    jpeg: bytes  # CMYK JPEG
    pixels: tuple[int, int]
    page: int


@dataclass(frozen=True, slots=True)
class PlacedDrawing:
    """A chart: figures' shapes and labels, origin at the rect's lower-left corner."""

    rect: Rect
    drawing: object  # figures.Drawing
    inks: tuple[tuple[str, CMYK], ...]  # palette name → CMYK
    fonts: tuple[tuple[str, str], ...]  # font role → spec font name
    page: int


@dataclass(frozen=True, slots=True)
class PlacedBlock:
    """Where a block landed, for the proof overlay."""

    id: str
    page: int
    rect: Rect
    status: str

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
    lines: tuple[PlacedLine, ...] = ()
    blocks: tuple[PlacedBlock, ...] = ()
    images: tuple[PlacedImage, ...] = ()
    drawings: tuple[PlacedDrawing, ...] = ()


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
    holes: dict[int, tuple[float, float] | None] = field(default_factory=dict)
    # row → (x offset, width) where a picture inside the text narrows the row; None: no room


Recompose = Callable[..., tuple[Line, ...]]


def _row_room(f: _Frame, row: int) -> tuple[float, float] | None:
    return f.holes.get(row, (0.0, f.width))


def _flow(lines: tuple[Line, ...], frames: list[_Frame], widows: bool) -> int:
    """Fill frames row by row, skipping rows a picture takes; returns lines placed."""
    k = 0
    for fi, f in enumerate(frames):
        f.slots = []
        while len(f.slots) < f.rows and k < len(lines):
            if _row_room(f, len(f.slots)) is None:
                f.slots.append(-1)
                continue
            ln = lines[k]
            prev = frames[fi - 1] if fi else None
            if (widows and not f.slots and prev is not None and ln.last and not ln.first
                    and prev.slots and prev.slots[-1] == k - 1 and len(prev.slots) > 1
                    and not f.holes and not prev.holes):
                prev.slots[-1] = -1  # carry the line before it over, so two lines stand here
                f.slots.append(k - 1)
                if len(f.slots) >= f.rows:
                    break
            f.slots.append(k)
            k += 1
    return k


def _slot_widths(frames: list[_Frame]) -> list[float]:
    """The measure of every line slot in reading order (for text around a picture)."""
    out = []
    for f in frames:
        for row in range(f.rows):
            room = _row_room(f, row)
            if room is not None:
                out.append(room[1])
    return out


def _holes(f: _Frame, objects: list[tuple[Rect, float]], grid: Grid, zi: float) -> None:
    """Rows of frame `f` that a picture (rect, gap) narrows: the text keeps the wider side,
    in whole 字, and a row with less than 2 字 left stays empty."""
    for rect, gap in objects:
        if rect.x1 + gap <= f.x or rect.x - gap >= f.x + f.width:
            continue
        for row in range(f.rows):
            top = f.top - EM_BOX_TOP * zi - (f.pitch - zi) / 2 + row * f.pitch
            if top + f.pitch <= rect.y - gap or top >= rect.y1 + gap:
                continue
            x, w = f.holes.get(row, (0.0, f.width))
            left = max(0.0, rect.x - gap - (f.x + x))
            right = max(0.0, (f.x + x + w) - (rect.x1 + gap))
            if left >= right:
                w = min(w, math.floor(left / zi + 1e-6) * zi)
            else:
                w2 = math.floor(right / zi + 1e-6) * zi
                x, w = x + w - w2, w2
            f.holes[row] = (x, w) if w >= 2 * zi else None


def _frames(chain: list[Composed], grid: Grid, borrowed: dict[str, int], cut: float,
            wraps: list[tuple[int, Rect, float]]) -> list[_Frame]:
    out = []
    for cc in chain:
        b = cc.block
        r = grid.rect(b.cell)
        l0, n0 = grid.lines_in(b.cell)
        n0 += borrowed.get(b.id, 0)
        first = l0 + cc.heading_lines
        rows_line = l0 + n0 - first
        height = rows_line * grid.leading
        pitch = grid.leading - cut
        rows = int(height / pitch + 1e-6) if cut else rows_line
        top = grid.baseline(first, cc.body.style.size if cc.body else grid.zi)
        zi = cc.body.style.size if cc.body else grid.zi
        objects = [(rr, gap) for pg, rr, gap in wraps if pg == b.cell.page]
        for off, w in cc.columns:
            f = _Frame(r.x + off, w, first, rows, b.cell.page, top, pitch)
            _holes(f, objects, grid, zi)
            out.append(f)
    return out


def _fit_text(c: Composed, chain: list[Composed], grid: Grid, recompose: Recompose | None,
              borrowed: dict[str, int], wraps: list[tuple[int, Rect, float]]
              ) -> tuple[list[_Frame], tuple[Line, ...], Fit]:
    """Flow a text chain; on overflow try the copyfit steps in order, keeping what helped."""
    b = c.block
    body = c.body
    assert body is not None
    lines = body.lines
    widows = body.style.widows
    tracking, cut, borrow = 0.0, 0.0, {}
    steps: list[str] = []

    def attempt(tr: float, cu: float, bo: dict[str, int]):
        fr = _frames(chain, grid, {**borrowed, **bo}, cu, wraps)
        shaped = any(f.holes for f in fr)
        if recompose is None or (tr == 0.0 and not shaped):
            ls = lines
        else:  # a picture inside the text gives each line slot its own measure
            ls = recompose(c, tr, _slot_widths(fr) if shaped else None)
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


def _rule_lines(rule: Rule, x0: float, y0: float, x1: float, y1: float, page: int,
                inward: tuple[float, float]) -> list[PlacedLine]:
    """The strokes of a rule drawn along (x0, y0)–(x1, y1), offset toward `inward`."""
    out = []
    for st in RULES[rule.style]:
        dx, dy = inward[0] * st.offset, inward[1] * st.offset
        out.append(PlacedLine(x0 + dx, y0 + dy, x1 + dx, y1 + dy, st.width, rule.color, page,
                              st.dash))
    return out


def _box_lines(rule: Rule, r: Rect, page: int) -> list[PlacedLine]:
    """A box border: every stroke a rectangle, the first (thick for 文武线) outermost."""
    out = []
    for st in RULES[rule.style]:
        o = st.offset
        x0, y0, x1, y1 = r.x + o, r.y + o, r.x1 - o, r.y1 - o
        for a, b in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)),
                     ((x0, y1), (x0, y0))):
            out.append(PlacedLine(a[0], a[1], b[0], b[1], st.width, rule.color, page, st.dash))
    return out


def _display_lines(run, band: Rect, page: int, x: float | None = None) -> list[PlacedText]:
    """Display lines centred in a band of whole grid lines."""
    st = run.style
    n = len(run.lines)
    pitch = run.pitch or st.size
    top = band.y + (band.h - pitch * (n - 1) - st.size) / 2
    return [PlacedText(st.font, st.size, st.color, band.x if x is None else x,
                       top + k * pitch + EM_BOX_TOP * st.size, ln.glyphs, page)
            for k, ln in enumerate(run.lines)]


def _heading(c: Composed, band: Rect, page: int, texts: list, rects: list, lines: list) -> None:
    """A 栏目头: reversed on a colour bar, on a colour tab over a rule, or after an ornament."""
    run = c.heading
    st = run.style
    fill = c.heading_fill
    pad = st.size if fill else 0.0
    inner = Rect(band.x, band.y + band.h * 0.12, band.w, band.h * 0.76)
    text_w = max((ln.width for ln in run.lines), default=0.0)
    if fill and c.heading_shape == "bar":
        rects.append(PlacedRect(inner, fill, None, 0, page))
    elif fill and c.heading_shape == "tab":
        rects.append(PlacedRect(Rect(inner.x, inner.y, text_w + 2 * pad, inner.h), fill, None,
                                0, page))
        lines.append(PlacedLine(inner.x, inner.y1 - 0.5, inner.x1, inner.y1 - 0.5, 1.0, fill,
                                page))
    elif fill and c.heading_shape == "ornament":
        sq = st.size * 0.55
        rects.append(PlacedRect(Rect(inner.x, band.y + (band.h - sq) / 2, sq, sq), fill, None,
                                0, page))
        lines.append(PlacedLine(inner.x, inner.y1, inner.x1, inner.y1, 0.5, fill, page))
        pad = sq + st.size * 0.4
    texts.extend(_display_lines(run, band, page, band.x + pad))


def _header(spec: Spec, grid: Grid, header: tuple[HeaderLine, ...], texts: list,
            lines: list) -> None:
    """报眉 above the type area and the staff line below it; the paper's name goes to the outer
    edge, which is the left on an even (verso) page and the right on an odd (recto) page."""
    if spec.header is None:
        return
    gap = 3 * MM
    for page, folio in enumerate(spec.folios):
        if folio in spec.header.suppress:
            continue
        x0 = grid.col_x(page, 1)
        x1 = x0 + grid.width
        rule_y = grid.y0 - gap
        if spec.header.rule:
            lines.extend(_rule_lines(spec.header.rule, x0, rule_y, x1, rule_y, page, (0, 1)))
        recto = folio % 2 == 1
        for h in header:
            if h.page != page:
                continue
            w = h.line.width
            size = h.style.size
            if h.role == "staff":
                y = grid.y0 + grid.height + gap + size * EM_BOX_TOP
                x = x0 if recto else x1 - w  # the staff line sits at the inner foot
            else:
                y = rule_y - 2.0 - size * 0.12
                outer_left = not recto
                if h.role == "center":
                    x = (x0 + x1 - w) / 2
                elif (h.role == "outer") == outer_left:
                    x = x0
                else:
                    x = x1 - w
            texts.append(PlacedText(h.style.font, size, h.style.color, x, y, h.line.glyphs,
                                    page))


def place(spec: Spec, grid: Grid, composed: list[Composed],
          recompose: Recompose | None = None, header: tuple[HeaderLine, ...] = ()) -> Layout:
    texts: list[PlacedText] = []
    rects: list[PlacedRect] = []
    rules: list[PlacedLine] = []
    fits: dict[str, Fit] = {}
    by_id = {c.block.id: c for c in composed}
    continued = {c.block.next for c in composed if c.block.next}
    borrowed: dict[str, int] = {}  # block id → lines gained (text) or given up (photo)
    wraps = [(c.block.cell.page, grid.rect(c.block.cell), (c.block.wrap or 0) * grid.zi)
             for c in composed if c.block.wrap is not None]

    # text first: copyfit may take lines from a photo below, which is then drawn shorter
    for c in composed:
        b = c.block
        if b.type != "text" or b.id in continued:
            continue
        chain = [c]
        while chain[-1].block.next and len(chain) <= len(composed):
            chain.append(by_id[chain[-1].block.next])
        frames, lines, fit = _fit_text(c, chain, grid, recompose, borrowed, wraps)
        fits[b.id] = fit
        st = c.body.style if c.body else spec.styles[b.style]
        for f in frames:
            for row, k in enumerate(f.slots):
                room = _row_room(f, row)
                if k >= 0 and room is not None:
                    texts.append(PlacedText(st.font, st.size, st.color, f.x + room[0],
                                            f.top + row * f.pitch, lines[k].glyphs, f.page))

    placed_blocks: list[PlacedBlock] = []
    images: list[PlacedImage] = []
    drawings: list[PlacedDrawing] = []
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
        if b.type == "rule" and b.rule:
            if b.vertical:  # down the middle of the gutter left of the column
                x = r.x - grid.gutter_zi * grid.zi / 2 - thickness(b.rule.style) / 2
                rules.extend(_rule_lines(b.rule, x, r.y, x, r.y1, page, (1, 0)))
            else:  # across the middle of its grid line(s)
                y = r.y + r.h / 2 - thickness(b.rule.style) / 2
                rules.extend(_rule_lines(b.rule, r.x, y, r.x1, y, page, (0, 1)))
            fits[b.id] = Fit(b.id, b.type, "fits", rows, rows, 0, 0, b.rule.style, b.src)
            placed_blocks.append(PlacedBlock(b.id, page, r, "fits"))
            continue
        if b.box and b.box.fill:
            rects.append(PlacedRect(r, b.box.fill, None, 0, page))
        if b.box and b.box.border:
            rules.extend(_box_lines(b.box.border, r, page))
        if c.heading:
            band = Rect(r.x + c.inset, grid.row_y(line), r.w - 2 * c.inset,
                        c.heading_lines * grid.leading)
            _heading(c, band, page, texts, rects, rules)
        if b.type == "caption" and c.caption:
            cs = c.caption.style
            for k, ln in enumerate(c.caption.lines[:rows]):
                texts.append(PlacedText(cs.font, cs.size, cs.color, r.x,
                                        grid.baseline(line + k, cs.size), ln.glyphs, page))
            over = c.caption.lines[rows:]
            n_chars = sum(len(ln.text) for ln in over)
            fits[b.id] = Fit(b.id, b.type, "overflow" if over else "fits",
                             len(c.caption.lines), rows, len(over), n_chars,
                             f"for {', '.join(b.photos)}", b.src,
                             chars=sum(len(ln.text) for ln in c.caption.lines))
            placed_blocks.append(PlacedBlock(b.id, page, r, fits[b.id].status))
            continue
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
        if b.type == "chart":
            d = c.drawing
            if d is not None:
                top = line + (c.heading_lines if c.heading else 0)
                cr = Rect(r.x, grid.row_y(top), r.w, d.height)
                drawings.append(PlacedDrawing(cr, d, tuple(spec.colors.items()),
                                              c.chart_fonts, page))
                fits[b.id] = Fit(b.id, b.type, "fits", rows, rows, 0, 0,
                                 f"{b.chart.kind} of {', '.join(b.chart.data)}", b.src)
            placed_blocks.append(PlacedBlock(b.id, page, r, fits.get(b.id, Fit(
                b.id, b.type, "fits", 0, 0, 0, 0, "", b.src)).status))
            continue
        if b.type == "photo":
            pr = Rect(r.x, grid.row_y(line), r.w, rows * grid.leading - grid.leading * 0.5)
            given = f", {borrowed[b.id]} lines given to the text above" if b.id in borrowed else ""
            pic = c.picture
            if pic is not None:
                x, y, w, h = pic.placed
                images.append(PlacedImage(Rect(pr.x + x, pr.y + y, w, h), pic.jpeg, pic.size,
                                          page))
                fits.setdefault(b.id, Fit(
                    b.id, b.type, "fits", rows, rows, 0, 0,
                    f"{b.photo.shown}: {pr.w / MM:.0f}×{pr.h / MM:.0f} mm at {pic.ppi:.0f} ppi, "
                    f"{pic.size[0]}×{pic.size[1]} px CMYK" + given, b.src))
            else:
                rects.append(PlacedRect(pr, (0, 0, 0, 12), (0, 0, 0, 45), 0.5, page, True))
                if c.body and c.body.lines:  # the frame's size and the pixels it wants
                    st = c.body.style
                    texts.append(PlacedText(st.font, st.size, st.color, pr.x,
                                            pr.y + pr.h / 2 + st.size * 0.35,
                                            c.body.lines[0].glyphs, page))
                need = (round(pr.w / 72 * spec.output.ppi), round(pr.h / 72 * spec.output.ppi)) \
                    if spec.output else (0, 0)
                fits.setdefault(b.id, Fit(b.id, b.type, "placeholder", rows, rows, 0, 0,
                                          f"placeholder {pr.w / MM:.0f}×{pr.h / MM:.0f} mm, "
                                          f"wants {need[0]}×{need[1]} px" + given, b.src))
        body = c.body
        if b.type in ("headline", "vertical") and body is not None:
            st = body.style
            if b.type == "headline":
                x, w = r.x + c.inset, r.w - 2 * c.inset
                main = rows - c.kicker_lines - c.subtitle_lines
                if c.kicker or c.subtitle:  # the decks stand together, centred on whole lines
                    n = len(body.lines)
                    need = (st.size * 1.3 + (n - 1) * (body.pitch or st.size)) / grid.leading
                    main = min(main, max(1, math.ceil(need - 1e-6)))
                pad = (rows - c.kicker_lines - main - c.subtitle_lines) // 2
                top = grid.row_y(line + pad)
                if c.kicker:
                    texts.extend(_display_lines(
                        c.kicker, Rect(x, top, w, c.kicker_lines * grid.leading), page))
                    top += c.kicker_lines * grid.leading
                texts.extend(_display_lines(body, Rect(x, top, w, max(main, 1) * grid.leading),
                                            page))
                if c.subtitle:
                    texts.extend(_display_lines(
                        c.subtitle, Rect(x, top + main * grid.leading, w,
                                         c.subtitle_lines * grid.leading), page))
                n = len(body.lines)
                if c.problem:
                    fits[b.id] = Fit(b.id, b.type, "overflow", n, n, 0, 0, c.problem, b.src)
                else:
                    note = f"{n} lines at {st.size:g}pt" if n > 1 else f"{st.size:g}pt"
                    if c.kicker or c.subtitle:
                        note += " with " + " and ".join(
                            x for x, y in (("引题", c.kicker), ("副题", c.subtitle)) if y)
                    fits[b.id] = Fit(b.id, b.type, "fits", rows, rows, 0, 0, note, b.src,
                                     chars=sum(len(ln.text) for ln in body.lines))
            else:
                glyphs = body.lines[0].glyphs
                h = r.h
                n = len(glyphs)
                top = r.y + max(0.0, (h - n * st.size) / 2)
                x = r.x + (r.w - st.size) / 2
                texts.append(PlacedText(st.font, st.size, st.color, x, top, glyphs, page, True))
                fit_n = int(h // st.size)
                if n > fit_n:
                    fits[b.id] = Fit(b.id, b.type, "overflow", n, fit_n, 0, n - fit_n,
                                     f"{n} characters need {n * st.size / grid.leading:.1f} "
                                     "lines", b.src)
                else:
                    fits[b.id] = Fit(b.id, b.type, "fits", n, fit_n, 0, 0, "", b.src, chars=n)
        if c.heading and c.problem and b.type != "headline":
            fits[b.id] = Fit(b.id, b.type, "overflow", 0, 0, 0, 0, c.problem, b.src)
        status = fits[b.id].status if b.id in fits else "fits"
        placed_blocks.append(PlacedBlock(b.id, page, r, status))
    _header(spec, grid, header, texts, rules)
    order = {c.block.id: i for i, c in enumerate(composed)}
    ordered = sorted(fits.values(), key=lambda f: (order.get(f.block, 0), f.kind == "caption"))
    used = frozenset(t.font for t in texts)
    used = used | {f for d in drawings for _, f in d.fonts}
    return Layout(grid, tuple(texts), tuple(rects), tuple(ordered), used, tuple(rules),
                  tuple(placed_blocks), tuple(images), tuple(drawings))
