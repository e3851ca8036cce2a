"""What the arranger moves: units of blocks that stay together, and how tall each unit is at
each width it may take.

A unit is a headline and the story under it; a photo (its caption is part of it); a vertical
title set into the story after it (`wrap:`); a run of ring charts set side by side as tiles;
a horizontal rule under the unit before it; a column rule down the gutter on the left of the
stack that holds the unit before it. Heights come from the kinds' own `rows` (the real
composer), once per unit and width; photos and charts are elastic within bounds (a photo
crops to another proportion, a chart takes more room around it), text is not."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from ..spec.model import BlockBase, Cell
from .resolve import ArrangeCtx

PHOTO_FLEX = (0.5, 2.0)  # a photo's frame may take this much of its natural height (a crop
# that keeps at least half of the picture's width or height)
FLEX_LINES = 2  # and, small as it is, two lines more (a short frame can close a column too)
CHART_FLEX = (0.9, 1.3)  # a chart's block may grow a little around it, or shrink a little
DEFAULT = 5  # the priority of a unit that gives none
GAP = 1  # an empty grid line between units in a stack, as between blocks placed one below another
INSET_DOWN = (0, 1, 2, 3)  # lines under its story's first line a vertical title may start


@dataclass(frozen=True, slots=True)
class Size:
    """A unit's rows at one width: as it comes, and how far it may shrink and grow."""

    natural: int
    lo: int
    hi: int


@dataclass
class Unit:
    blocks: list[BlockBase]  # top to bottom (an inset or the tiles first)
    priority: int
    order: int  # the spec index of its first block: the reading order among equals
    widths: tuple[int, ...]  # the spans it may take
    kind: str = "stack"  # stack | inset | tiles
    rule: BlockBase | None = None  # a column rule down the gutter left of its stack
    sizes: dict[int, Size] = field(default_factory=dict)
    parts: dict[int, list[int]] = field(default_factory=dict)  # rows of each block (natural)
    bounds: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # least, most
    penalty: dict[int, float] = field(default_factory=dict)  # how poorly the width reads
    # lines its last text columns end short of the others (open text only): a blank line
    # under each, which a tinted box would fill
    short: dict[int, int] = field(default_factory=dict)
    band_only: set[int] = field(default_factory=set)  # widths it takes only as a band

    @property
    def lead(self) -> BlockBase:
        return self.blocks[0]

    @property
    def gap_after(self) -> int:
        """The empty lines under it: none under a caption or a display line, whose own
        spacing is the space (as a designer sets photo stacks and banners); else one."""
        from ..kinds.caption import CaptionBlock
        from ..kinds.headline import HeadlineBlock

        last = self.blocks[-1]
        if self.kind == "tiles" or getattr(last, "caption", None) is not None:
            return 0
        return 0 if isinstance(last, HeadlineBlock | CaptionBlock) else GAP


def build_units(free: list[BlockBase], ctx: ArrangeCtx) -> list[Unit] | None:
    """The free blocks grouped into units, in reading order; None after an error."""
    from ..kinds.rule import RuleBlock

    units: list[Unit] = []
    i = 0
    while i < len(free):
        b = free[i]
        if isinstance(b, RuleBlock):
            if not units or (b.vertical and units[-1].rule is not None):
                ctx.err(b, "at", f"block '{b.id}': a rule the arranger places goes with the "
                        "block before it (one column rule each); give it an `at:`")
                return None
            if b.vertical:
                units[-1].rule = b
            else:
                units[-1].blocks.append(b)
            i += 1
            continue
        group, kind = _group(free, i)
        pr = min((x.priority for x in group if x.priority), default=DEFAULT)
        units.append(Unit(group, pr, ctx.order[b.id],
                          _widths(group, kind, pr, ctx.grid.columns), kind))
        i += len(group)
    for u in units:
        _measure(u, ctx)
    return units


def _group(free: list[BlockBase], i: int) -> tuple[list[BlockBase], str]:
    """The blocks from `free[i]` on that move as one, and how they stand together."""
    from ..kinds.caption import CaptionBlock
    from ..kinds.chart import ChartBlock
    from ..kinds.headline import HeadlineBlock
    from ..kinds.photo import PhotoBlock
    from ..kinds.text import TextBlock
    from ..kinds.vertical import VerticalBlock

    b = free[i]
    nxt = free[i + 1] if i + 1 < len(free) else None
    if isinstance(b, HeadlineBlock) and isinstance(nxt, TextBlock):
        return [b, nxt], "stack"  # a story: its headline above its text
    if isinstance(b, VerticalBlock) and b.wrap is not None and isinstance(nxt, TextBlock):
        return [b, nxt], "inset"  # set into the story after it
    if isinstance(b, PhotoBlock | ChartBlock) and isinstance(nxt, CaptionBlock) \
            and nxt.photos and nxt.photos[0] == b.id:
        return [b, nxt], "stack"  # a caption block of its own, right under its picture
    if isinstance(b, ChartBlock) and b.chart.kind == "ring":
        j = i + 1
        while (j < len(free) and isinstance(free[j], ChartBlock)
               and free[j].chart.kind == "ring" and j - i < 4):
            j += 1
        return list(free[i:j]), "tiles" if j - i > 1 else "stack"
    return [b], "stack"


def _widths(group: list[BlockBase], kind: str, priority: int, n: int) -> tuple[int, ...]:
    """The spans a unit may take: its blocks' span_range, else by kind and priority."""
    from ..kinds.headline import HeadlineBlock
    from ..kinds.vertical import VerticalBlock

    for b in group:
        if b.span_range:
            lo, hi = b.span_range
            return tuple(range(min(lo, n), min(hi, n) + 1))
    if kind == "tiles":
        lo, hi = 1, min(len(group), 2)
    elif isinstance(group[0], VerticalBlock) and kind != "inset":
        lo, hi = 1, 1
    elif priority == 1:
        lo, hi = max(2, n // 3), n
    elif isinstance(group[0], HeadlineBlock) and len(group) == 1:
        lo, hi = 2, max(2, (n + 1) // 2)  # a banner or a kicker: wide enough for its words
    else:
        lo, hi = 1, max(2, (n + 1) // 2)
    cols = max((getattr(b, "columns", None) or 1 for b in group), default=1)
    lo, hi = max(lo, cols), max(hi, cols)  # a story of N text columns: N, 2N … wide
    return tuple(w for w in range(min(lo, n), min(hi, n) + 1) if w % cols == 0) or (
        min(cols, n),)


def _measure(u: Unit, ctx: ArrangeCtx, widths: tuple[int, ...] | None = None) -> None:
    """Each width's rows, with the bounds elastic blocks allow and how well the width reads."""
    from ..kinds import kind_of

    for w in widths or u.widths:
        probe = Cell(0, 1, w if u.kind != "tiles" else 1, 1, 1)
        if not all(kind_of(b).fits(b, probe, ctx) for b in u.blocks[u.kind == "inset":]):
            continue  # its words do not fit this width: not a width it may take
        if u.kind == "tiles":
            one = max(_rows(b, 1, ctx) for b in u.blocks)
            per_row = w
            rows = math.ceil(len(u.blocks) / per_row)
            h = rows * one + (rows - 1) * GAP
            u.parts[w] = [one] * len(u.blocks)
            u.sizes[w] = Size(h, h, h)
            u.penalty[w] = 0.0 if len(u.blocks) % w == 0 else 30.0
            u.short[w] = 0
            continue
        if u.kind == "inset":  # the title as high as lets the story's columns end level
            v, text = u.blocks
            vh = _rows(v, 1, ctx)
            best = None
            for down in INSET_DOWN:
                th = _rows(text, w, ctx, inset=(v, vh, down))
                look = _text_penalty(text, th, w, ctx, (v, vh, down))
                if best is None or (look[1], th) < (best[2][1], best[1]):
                    best = (down, th, look)
                if not look[1]:
                    break  # its columns end level: as high as that
            down, th, look = best
            h = max(th, vh + down)
            u.parts[w] = [vh, h, down]
            u.sizes[w] = Size(h, h, h)
            u.penalty[w], u.short[w] = look
            continue
        parts = [_rows(b, w, ctx) for b in u.blocks]
        bounds = []
        for k, b in enumerate(u.blocks):
            flex = _flex(b)
            if flex:
                fixed = _fixed_rows(b, w, ctx)
                sharp = _sharp_rows(b, ctx)  # never so tall the picture runs out of pixels
                frame = min(parts[k] - fixed, sharp)
                parts[k] = fixed + frame
                bounds.append((fixed + min(frame, max(2, math.floor(frame * flex[0]))),
                               fixed + max(frame, min(math.ceil(frame * flex[1]) + FLEX_LINES,
                                                      sharp))))
            else:
                bounds.append((parts[k], parts[k]))
        u.parts[w], u.bounds[w] = parts, bounds
        u.sizes[w] = Size(sum(parts), sum(lo for lo, _ in bounds), sum(hi for _, hi in bounds))
        looks = [_block_penalty(b, r, w, ctx) for b, r in zip(u.blocks, parts, strict=True)]
        u.penalty[w] = sum(p for p, _ in looks)
        u.short[w] = looks[-1][1]


def measure_bands(u: Unit, widths: set[int], ctx: ArrangeCtx) -> None:
    """A story may also run as a band across a whole area of another width: its rows there."""
    from ..kinds.photo import PhotoBlock

    if u.kind != "stack" or any(b.span_range or isinstance(b, PhotoBlock) for b in u.blocks):
        return
    extra = tuple(sorted(w for w in widths if w not in u.sizes and w > max(u.widths)))
    if extra:
        _measure(u, ctx, extra)
        u.band_only.update(w for w in extra if w in u.sizes)


def _flex(b: BlockBase) -> tuple[float, float] | None:
    from ..kinds.chart import ChartBlock
    from ..kinds.photo import PhotoBlock

    if b.min_lines:  # the designer's least is also what it wants: keep it
        return None
    if isinstance(b, PhotoBlock):
        return PHOTO_FLEX
    if isinstance(b, ChartBlock):
        return CHART_FLEX
    return None


def _sharp_rows(b: BlockBase, ctx: ArrangeCtx) -> int:
    """The most grid lines a photo's frame may take and keep the output's least resolution:
    a frame taller than the picture's own proportions shows its full height, so the height
    decides the ppi (a chart or a placeholder has no pixels to run out of)."""
    from ..kinds.photo import PhotoBlock, source_pixels

    px = source_pixels(b) if isinstance(b, PhotoBlock) else None
    out = ctx.spec.output
    if px is None or out is None or not out.min_ppi:
        return 10 ** 6
    return int(px[1] / out.min_ppi * 72 / ctx.grid.leading)


def _fixed_rows(b: BlockBase, w: int, ctx: ArrangeCtx) -> int:
    """The rows of an elastic block that do not stretch: its heading and its caption."""
    from ..kinds.photo import with_caption_lines

    cell = Cell(0, 1, w, 1, 1)
    cap = with_caption_lines(b, cell, ctx).caption_rows if hasattr(b, "caption") else 0
    return (b.heading.lines if b.heading else 0) + cap


NARROW_PHOTO = 40.0  # a scene one column wide is a stamp: kept for portraits (span_range)


def _block_penalty(b: BlockBase, rows: int, w: int, ctx: ArrangeCtx) -> tuple[float, int]:
    """How poorly a block reads at this width, and its open text's short lines."""
    from ..kinds.photo import PhotoBlock
    from ..kinds.text import TextBlock

    if isinstance(b, TextBlock):
        return _text_penalty(b, rows, w, ctx)
    if isinstance(b, PhotoBlock):
        return (NARROW_PHOTO if w == 1 and not b.span_range and ctx.grid.columns > 4 else 0.0
                ) + (SOFT if not _sharp_at(b, w, ctx) else 0.0), 0
    return 0.0, 0


SOFT = 5_000.0  # a picture spread wider than its pixels hold at the output's least ppi


def _sharp_at(b: BlockBase, w: int, ctx: ArrangeCtx) -> bool:
    """Whether the picture keeps the output's least resolution across `w` columns."""
    from ..kinds.photo import source_pixels

    px, out = source_pixels(b), ctx.spec.output
    if px is None or out is None or not out.min_ppi:
        return True
    return px[0] * 72 / ctx.grid.rect(Cell(0, 1, w, 1, 1)).w >= out.min_ppi


UNEVEN_BOXED = 40.0  # per line a boxed story's columns end apart: the tint fills the gap


def _text_penalty(b: BlockBase, rows: int, w: int, ctx: ArrangeCtx,
                  inset: tuple | None = None) -> tuple[float, int]:
    """A story spread so wide that it is only a few lines deep reads poorly; one whose
    columns end unevenly leaves a blank run under the short one (in a tinted box, it shows
    less)."""
    cols = b.columns or w  # its text columns: its own, or one per grid column
    if cols == 1 or w % cols:
        return 0.0, 0
    head = b.heading.lines if b.heading else 0
    thin = max(0, 8 - (rows - head)) * 6.0 * (w - 1)
    one = replace(b, columns=1)  # the whole story in one text column of the same measure
    lines = _rows(one, w // cols, ctx, inset) - head
    short = max(0, cols * (rows - head) - lines)
    if b.box is not None and b.box.fill is not None:
        return thin + short * UNEVEN_BOXED, 0
    return thin, short


def _rows(b: BlockBase, w: int, ctx: ArrangeCtx, inset: tuple | None = None) -> int:
    """The block's rows at span `w` (a title set into it measured in), composed once."""
    key = ("rows", b.id, w, getattr(b, "columns", None), inset and inset[1:])
    if key not in ctx.memo:
        ctx.memo[key] = _measure_rows(b, w, ctx, inset)
    return ctx.memo[key]


def _measure_rows(b: BlockBase, w: int, ctx: ArrangeCtx, inset: tuple | None) -> int:
    from ..kinds import kind_of
    from ..kinds.text import TextBlock

    if isinstance(b, TextBlock) and b.columns is None:
        b = replace(b, columns=w)  # one text column per grid column
    probe = Cell(0, 1, w, 1, 1)
    if inset is None:
        return max(kind_of(b).rows(b, probe, ctx), b.min_lines or 1)
    v, vh, down = inset
    ctx.cells[v.id] = Cell(0, 1, 1, 1 + down, vh)  # the title over the story, measured
    try:
        return max(kind_of(b).rows(b, probe, ctx), b.min_lines or 1)
    finally:
        del ctx.cells[v.id]


def cells_of(u: Unit, page: int, col: int, w: int, top: int, height: int) -> dict[str, Cell]:
    """The cells of a unit placed at (page, col, w, top) and given `height` rows: the slack
    (or the squeeze) goes to its elastic blocks, the bottom one first."""
    if u.kind == "tiles":
        one = u.parts[w][0]
        out = {}
        for k, b in enumerate(u.blocks):
            r, c = divmod(k, w)
            out[b.id] = Cell(page, col + c, 1, top + r * (one + GAP), one)
        return out
    if u.kind == "inset":
        v, text = u.blocks
        return {v.id: Cell(page, col, 1, top + u.parts[w][2], u.parts[w][0]),
                text.id: Cell(page, col, w, top, height)}
    parts = list(u.parts[w])
    extra = height - sum(parts)
    for k in range(len(parts) - 1, -1, -1):
        if extra == 0:
            break
        lo, hi = u.bounds[w][k]
        new = min(hi, max(lo, parts[k] + extra))
        extra -= new - parts[k]
        parts[k] = new
    over = sum(parts) - height
    for k in range(len(parts) - 1, -1, -1):  # what still does not fit is cut from the bottom:
        if over <= 0:  # overset, reported where the content no longer fits
            break
        cut = min(over, parts[k])
        parts[k] -= cut
        over -= cut
        if parts[k] < u.bounds[w][k][0] and u.bounds[w][k][0] < u.parts[w][k]:
            parts[k] = 0  # too little left for the picture and its caption: off the page
    out, line = {}, top
    for b, r in zip(u.blocks, parts, strict=True):
        out[b.id] = Cell(page, col, w, line if r else top + height - 1, r)
        line += r
    return out
