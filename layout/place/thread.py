"""A text and the blocks it continues into (`next:`), poured through their frames.

Lines flow column by column, one line per grid line, so every body baseline of a page sits on
the same grid (R13). A paragraph's last line never stands alone at the top of a column when its
style asks for widow control (R16). When the text does not fit, the block's copyfit steps are
tried in the order the designer wrote them, each within its bound; what still does not fit is
counted and reported, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..compose import Composed, Line
from ..geometry import Grid, Rect
from .fit import Fit
from .frames import Frame, cut_holes, flow, least, row_room, slot_widths
from .underset import measured

TRACKING_STEP = 0.01  # 字
LEADING_STEP = 0.1  # pt

# (composed head, tracking in 字, per-slot measures or None) → the text set again
Recompose = Callable[[Composed, float, list[float] | None], tuple[Line, ...]]
Wrap = tuple[int, Rect, float]  # page, a picture's rect, its gap: text keeps clear of it


# (page the text leaves, page it continues on) → the two jump lines' texts (下转…, 上接…), or
# None where the pages need none
Jumps = Callable[[int, int], tuple[str, str] | None]


@dataclass(frozen=True, slots=True)
class Jump:
    """A jump line's place: a grid row kept free at a frame's foot (下转第N版) or head
    (上接第N版) where a thread changes pages."""

    block: str
    page: int
    x: float
    width: float
    baseline: float  # pt: the body baseline of its grid row
    pitch: float
    text: str
    end: str  # "to" (at the foot of the text that leaves) | "from" (at the head of the rest)


@dataclass(frozen=True)
class Threaded:
    """A chain poured: its frames (with the line of each row), the lines as finally set, how it
    fits, and the lines it took from a photo below its last block, if copyfit borrowed any."""

    frames: tuple[Frame, ...]
    lines: tuple[Line, ...]
    fit: Fit
    borrowed: tuple[str, str, int] | None = None  # (text block, photo block, lines)
    jumps: tuple[Jump, ...] = ()


def frames_of(chain: Sequence[Composed], grid: Grid, gained: dict[str, int], cut: float,
              wraps: Sequence[Wrap]) -> list[Frame]:
    """The frames of every block of a chain, with `gained` extra lines below a block and the
    leading reduced by `cut` pt."""
    out = []
    for cc in chain:
        b = cc.block
        reg = cc.regions
        first = reg.body_line
        rows_line = reg.line + reg.rows + gained.get(b.id, 0) - first
        height = rows_line * grid.leading
        pitch = grid.leading - cut
        rows = int(height / pitch + 1e-6) if cut else rows_line
        size = cc.body.style.size
        top = grid.baseline(first, size)
        objects = [(rr, gap) for pg, rr, gap in wraps if pg == b.cell.page]
        for off, w in reg.columns:
            f = Frame(reg.rect.x + off, w, first, rows, b.cell.page, top, pitch, b.id)
            cut_holes(f, objects, grid, size)
            out.append(f)
    return out


def _crossings(chain: Sequence[Composed], frames: list[Frame], jumps: Jumps | None
               ) -> dict[int, tuple[str, str]]:
    """Where the poured text goes on from one block of the chain to the next on another page:
    the index of the block it leaves, with the two jump lines."""
    if jumps is None:
        return {}
    out = {}
    for i, (a, b) in enumerate(zip(chain, chain[1:], strict=False)):
        pa, pb = a.block.cell.page, b.block.cell.page
        reached = any(f.block == b.block.id and any(k >= 0 for k in f.slots) for f in frames)
        texts = jumps(pa, pb) if pa != pb and pa >= 0 and pb >= 0 else None
        if reached and texts is not None:
            out[i] = texts
    return out


def _reserve(chain: Sequence[Composed], frames: list[Frame], crossings: dict[int, tuple],
             ) -> list[Jump]:
    """Keep a grid row for each jump line: the last of the frames a text leaves, the first of
    those it continues in."""
    out = []
    for i, (to_text, from_text) in crossings.items():
        leave = [f for f in frames if f.block == chain[i].block.id]
        come = [f for f in frames if f.block == chain[i + 1].block.id]
        if not leave or not come or leave[-1].rows < 2 or come[0].rows < 2:
            continue
        f = leave[-1]
        f.rows -= 1
        f.holes = {r: v for r, v in f.holes.items() if r < f.rows}
        out.append(Jump(f.block, f.page, f.x, f.width, f.top + f.rows * f.pitch, f.pitch,
                        to_text, "to"))
        g = come[0]
        out.append(Jump(g.block, g.page, g.x, g.width, g.top, g.pitch, from_text, "from"))
        g.first += 1
        g.top += g.pitch
        g.rows -= 1
        g.holes = {r - 1: v for r, v in g.holes.items() if r >= 1}
    return out


def pour(chain: Sequence[Composed], grid: Grid, recompose: Recompose | None,
         wraps: Sequence[Wrap], jumps: Jumps | None = None) -> Threaded:
    """Flow a text chain; on overflow try the copyfit steps in order, keeping what helped.
    Where the text changes pages, a row is kept at each side for the jump lines."""
    c = chain[0]
    b = c.block
    lines = c.body.lines
    widows = c.body.style.widows
    tracking, cut, borrow = 0.0, 0.0, {}
    steps: list[str] = []
    taken: tuple[str, str, int] | None = None

    crossings: dict[int, tuple[str, str]] = {}
    kept: dict[int, list[Jump]] = {}  # a frames list's id → the jump rows kept in it

    def attempt(tr: float, cu: float, bo: dict[str, int]):
        fr = frames_of(chain, grid, bo, cu, wraps)
        kept[id(fr)] = _reserve(chain, fr, crossings)
        shaped = any(f.holes for f in fr)
        if recompose is None or (tr == 0.0 and not shaped):
            ls = lines
        else:  # a picture inside the text gives each line slot its own measure
            ls = recompose(c, tr, slot_widths(fr) if shaped else None)
        return ls, fr, flow(ls, fr, widows)

    ls, frames, placed = attempt(0.0, 0.0, {})
    crossings.update(_crossings(chain, frames, jumps))
    if crossings:
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
                taken = (last, photo, k)
                steps.append(f"{k} lines taken from {photo}")
    if placed >= len(ls) and getattr(chain[-1].block, "balance", False):
        frames = _balanced(chain, frames, ls, widows)
    fit = _fit(c, chain, frames, ls, placed, tuple(steps), grid)
    return Threaded(tuple(frames), ls, measured(fit, chain, frames, ls), taken,
                    tuple(kept.get(id(frames), ())))


def _balanced(chain: Sequence[Composed], frames: list[Frame], ls: tuple, widows: bool
              ) -> list[Frame]:
    """The last block's columns end together: each as short as lets the text still fit."""
    last = chain[-1].block.id
    mine = [f for f in frames if f.block == last]
    if len(mine) < 2 or any(f.holes for f in mine):
        return frames
    own = [f.rows for f in mine]  # a column with a jump line at its head has one row less
    full = max(own)

    def attempt(h: int) -> bool:  # every column ends on the same grid line
        for f, cap in zip(mine, own, strict=True):
            f.rows = max(1, h - (full - cap))
        return flow(ls, frames, widows) >= len(ls)

    lo = least(1, full, attempt)
    attempt(lo)
    # the lines the last columns lack are shared out, one each, as 分栏平衡 does (5/5/5/4/4,
    # not 5/5/5/5/3): no column ends more than a line short of the others
    used = sum(sum(1 for s in f.slots if s != -1) for f in mine)
    full_cols = used + sum(full - cap for cap in own) - len(mine) * (lo - 1)
    if 0 < full_cols < len(mine) and lo > 1:
        for k, (f, cap) in enumerate(zip(mine, own, strict=True)):
            f.rows = max(1, (lo if k < full_cols else lo - 1) - (full - cap))
        if flow(ls, frames, widows) < len(ls):
            attempt(lo)
    for f, cap in zip(mine, own, strict=True):  # the frames keep their height; the rows
        f.slots += [-1] * (cap - len(f.slots))  # below the text stay empty
        f.rows = cap
    return frames


def _over(c: Composed, chain: Sequence[Composed], frames: list[Frame], over: tuple[Line, ...],
          n_chars: int) -> str:
    """The body's overset, named, with the room it had and the fixes: the grid lines the
    block would need (its text columns share them out), the characters to cut, a run-on."""
    last = chain[-1].block if chain else c.block
    cols = max(1, sum(1 for f in frames if f.block == last.id))
    more = -(-len(over) // cols)
    where = f"its last block, {last.id}," if last is not c.block else "it"
    lines = f" (lines: {last.cell.lines + more})" if last.cell.lines else ""
    flows = f"flows into {', '.join(x.block.id for x in chain[1:])} and " if chain[1:] else ""
    return (f"the body {flows}runs {len(over)} lines ({n_chars}字) over the "
            f"{sum(f.rows for f in frames)} lines of its {len(frames)} column"
            f"{'s' if len(frames) != 1 else ''}, from '{over[0].text[:10]}…': give {where} "
            f"{more} more line{'s' if more != 1 else ''}{lines}, cut {n_chars}字, or run it on "
            "into another block (next:)")


def _fit(c: Composed, chain: Sequence[Composed], frames: list[Frame], ls: tuple[Line, ...],
         placed: int, steps: tuple[str, ...], grid: Grid) -> Fit:
    b = c.block
    cap = sum(f.rows for f in frames)
    used_rows = sum(1 for f in frames for row, k in enumerate(f.slots)
                    if k != -1 or row_room(f, row) is None)  # a picture's rows are not empty
    chars = sum(len(ln.text) for ln in ls[:placed])
    over = ls[placed:]
    bad = [ln for ln in ls[:placed] if getattr(ln, "overfull", False)]
    via = f"flows into {', '.join(x.block.id for x in chain[1:])}" if chain[1:] else ""
    widths = {round(f.width, 2) for f in frames}
    if len(widths) > 1:
        return Fit.overflow(b.id, b.KIND, b.src,
                            "the blocks it flows through have different column widths: "
                            + ", ".join(f"{w / grid.zi:g}字" for w in sorted(widths)),
                            len(ls), cap, steps=steps)
    if over:
        n_chars = sum(len(ln.text) for ln in over)
        return Fit.overflow(b.id, b.KIND, b.src, _over(c, chain, frames, over, n_chars),
                            len(ls), cap, over_lines=len(over), over_chars=n_chars,
                            chars=chars, steps=steps)
    if bad:
        return Fit.overflow(b.id, b.KIND, b.src,
                            f"a run wider than the {c.regions.measure / grid.zi:g}字 measure: "
                            f"{bad[0].text[:12]}", len(ls), cap, chars=chars, steps=steps)
    return Fit.fits(b.id, b.KIND, b.src, len(ls), cap, "; ".join(x for x in (*steps, via) if x),
                    chars=chars, empty=cap - used_rows, steps=steps)
