"""`banmian diff OLD NEW`: what changed between two revisions, for a designer's approval round.

Two specs or two PDFs. Every page of both is rasterised and compared pixel by pixel; the
changed regions are outlined in red on the NEW page, faded, one PNG per page, so an editor
sees at a glance where to look. Beside the pictures, the text: for specs, per block (cut,
added, changed characters, blocks added, removed or moved, each at its spec line); for PDFs,
per page. Exit 0 when nothing changed, 1 when something did, 2 for bad input — like diff(1).
"""

from __future__ import annotations

import contextlib
import difflib
import glob
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .diag import Diagnostic, InputError, Pos
from .output import write_atomic
from .raster import Pages
from .units import MM

if TYPE_CHECKING:
    from .pipeline import Built
    from .place import PlacedBlock

SPEC_SUFFIXES = (".yaml", ".yml")
MARKER = ".banmian-diff"  # in a folder banmian made: its PNGs may be replaced without --force
DPI_RANGE = (10, 300)
THRESHOLD = 20  # per-channel difference (of 255) that counts: a tint, not render noise
CELL_AT_50DPI = 8  # px: changes are gathered in cells of about 4 mm, whatever the dpi
FADE = 0.6  # share of white blended into the page, so the red marks stand out
MARK = (220, 0, 0)
FILL = (255, 0, 0, 40)
BAND = 512  # rows compared at once
SHOW = 80  # characters of a cut or added run shown before it is shortened in the middle


@dataclass(frozen=True, slots=True)
class Box:
    """A changed region in PNG pixels (x1, y1 exclusive)."""

    x0: int
    y0: int
    x1: int
    y1: int

    def overlaps(self, o: Box) -> bool:
        return self.x0 < o.x1 and o.x0 < self.x1 and self.y0 < o.y1 and o.y0 < self.y1

    def union(self, o: Box) -> Box:
        return Box(min(self.x0, o.x0), min(self.y0, o.y0), max(self.x1, o.x1),
                   max(self.y1, o.y1))


@dataclass(frozen=True)
class Side:
    """One revision: the PDF its pages are drawn from, and for a spec what build() made."""

    path: Path
    pdf: bytes | Path  # a spec's render, or the PDF file itself (pdfium reads it lazily)
    built: Built | None = None  # for a spec


@dataclass(frozen=True)
class PageDiff:
    index: int  # 0-based
    regions: tuple[Box, ...]
    whole: bool  # the page exists in only one revision
    png: Path
    changed: object = None  # numpy bool array of changed pixels (None for a whole page)


@dataclass(frozen=True)
class Change:
    """One line of the text report; `block` names what it is about, for the count."""

    pos: Pos | None
    subject: str
    what: str = ""
    block: str | None = None

    def line(self) -> str:
        where = f"{self.pos}: " if self.pos else ""
        return f"{where}{self.subject}: {self.what}" if self.what else f"{where}{self.subject}"


def _error(msg: str) -> InputError:
    return InputError([Diagnostic("error", msg)])


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in SPEC_SUFFIXES:
        return "spec"
    if suffix == ".pdf":
        return "pdf"
    raise _error(f"{path}: not a spec (.yaml, .yml) or a PDF (.pdf)")


def _check_inputs(old: Path, new: Path, dpi: int) -> str:
    for p in (old, new):
        if not p.is_file():
            raise _error(f"{p}: no such file")
    kinds = {_kind(old), _kind(new)}
    if len(kinds) > 1:
        raise _error(f"{old}, {new}: cannot compare a spec with a PDF; give two specs or two "
                     "PDFs")
    lo, hi = DPI_RANGE
    if not lo <= dpi <= hi:
        raise _error(f"--dpi {dpi}: must be between {lo} and {hi}")
    return kinds.pop()


def _outdir(given: str | None, new: Path, force: bool) -> Path:
    """The PNGs go to a folder banmian made (marked) or into one that holds none of its
    names yet; anything else needs --force, so a diff never eats someone's pictures."""
    outdir = Path(given) if given else Path("build") / "diff"
    if outdir.exists() and not outdir.is_dir():
        raise _error(f"{outdir}: exists and is not a folder")
    if outdir.is_dir() and not (outdir / MARKER).exists() and not force:
        taken = sorted(outdir.glob(f"{glob.escape(new.stem)}-diff-p*.png"))
        if taken:
            raise _error(f"{taken[0]}: exists in a folder banmian did not make; use --force to "
                         "overwrite it")
    return outdir


def _page_text(text: str) -> str:
    """Join the lines: a reflowed paragraph is not a changed one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"(?<=[A-Za-z0-9])\n(?=[A-Za-z0-9])", " ", text).replace("\n", "")


def _load(path: Path, kind: str, dpi: int, progress: Callable[[str], None] | None,
          cache: dict[bytes, bytes], root: Path | None = None) -> Side:
    if kind == "pdf":
        return Side(path, path)
    from .pipeline import build, draft_photos, render_built

    built, faces = build(path, progress, root)
    pdf, _ = render_built(draft_photos(built, dpi, cache), faces, progress, standard="none")
    return Side(path, pdf, built)


# ── pictures ─────────────────────────────────────────────────────────────────


def cell_size(dpi: int) -> int:
    return max(2, round(CELL_AT_50DPI * dpi / 50))


def changed_pixels(old, new):
    """Where two page pictures differ by more than render noise (a bool array; pages of
    different sizes are compared on white of the larger size). Worked in bands of rows in
    8 bits, so a large page costs a few bytes a pixel, not the 20 of a signed copy."""
    import numpy as np

    a, b = _same_size(np.asarray(old, dtype=np.uint8), np.asarray(new, dtype=np.uint8))
    out = np.empty(a.shape[:2], dtype=bool)
    for y in range(0, a.shape[0], BAND):
        x, z = a[y:y + BAND], b[y:y + BAND]
        out[y:y + BAND] = (np.maximum(x, z) - np.minimum(x, z)).max(axis=2) > THRESHOLD
    return out


def min_pixels(dpi: int) -> int:
    """Fewer changed pixels than a full stop's are a speck, not a change."""
    return max(3, round(3 * (dpi / 50) ** 2))


def changed_regions(diff, dpi: int) -> tuple[Box, ...]:
    """Changed pixels gathered in coarse cells, grown by a cell so the lines of one changed
    paragraph make one region, then boxed; overlapping boxes are merged and specks dropped."""
    import numpy as np

    if not diff.any():
        return ()
    cell = cell_size(dpi)
    h, w = diff.shape
    ch, cw = -(-h // cell), -(-w // cell)
    padded = np.zeros((ch * cell, cw * cell), dtype=bool)
    padded[:h, :w] = diff
    counts = padded.reshape(ch, cell, cw, cell).sum(axis=(1, 3))
    hit = counts > 0
    grown = hit.copy()
    grown[1:, :] |= hit[:-1, :]
    grown[:-1, :] |= hit[1:, :]
    wide = grown.copy()
    wide[:, 1:] |= grown[:, :-1]
    wide[:, :-1] |= grown[:, 1:]
    least = min_pixels(dpi)
    pad = max(2, cell // 2)
    boxes = []
    for cells in _components(wide):
        mine = [(r, c) for r, c in cells if hit[r, c]]
        if sum(int(counts[r, c]) for r, c in mine) < least:
            continue
        r0, r1 = min(r for r, _ in mine), max(r for r, _ in mine) + 1
        c0, c1 = min(c for _, c in mine), max(c for _, c in mine) + 1
        sub = padded[r0 * cell:r1 * cell, c0 * cell:c1 * cell]
        rows, cols = np.flatnonzero(sub.any(axis=1)), np.flatnonzero(sub.any(axis=0))
        boxes.append(Box(max(0, c0 * cell + int(cols[0]) - pad),
                         max(0, r0 * cell + int(rows[0]) - pad),
                         min(w, c0 * cell + int(cols[-1]) + 1 + pad),
                         min(h, r0 * cell + int(rows[-1]) + 1 + pad)))
    return _merge(boxes)


def _same_size(a, b):
    """Pages of different sizes are compared on white of the larger size."""
    import numpy as np

    if a.shape == b.shape:
        return a, b
    h, w = max(a.shape[0], b.shape[0]), max(a.shape[1], b.shape[1])
    out = []
    for x in (a, b):
        y = np.full((h, w, 3), 255, dtype=np.uint8)
        y[:x.shape[0], :x.shape[1]] = x
        out.append(y)
    return out[0], out[1]


def _components(mask) -> Iterable[list[tuple[int, int]]]:
    """8-connected groups of set cells; the walk costs what is set, not the page size."""
    import numpy as np

    todo = {(int(r), int(c)) for r, c in np.argwhere(mask)}
    while todo:
        start = min(todo)
        todo.discard(start)
        group, stack = [], [start]
        while stack:
            r, c = stack.pop()
            group.append((r, c))
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    n = (r + dr, c + dc)
                    if n in todo:
                        todo.discard(n)
                        stack.append(n)
        yield group


def _merge(boxes: list[Box]) -> tuple[Box, ...]:
    """Overlapping outlines read as one change; merge until none overlap."""
    boxes = list(boxes)
    merged = True
    while merged:
        merged = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                if boxes[i].overlaps(boxes[j]):
                    boxes[i] = boxes[i].union(boxes.pop(j))
                    merged = True
                    break
            if merged:
                break
    return tuple(sorted(boxes, key=lambda b: (b.y0, b.x0)))


def marked_png(page, regions: Iterable[Box], dpi: int) -> bytes:
    """The page faded, each region filled light red and outlined in thick red. Drawn on one
    copy of the page (a fade table, then each region's fill on its own crop), so a large page
    costs twice its pixels, not five times."""
    from PIL import Image, ImageDraw

    fade = [round(v * (1 - FADE) + 255 * FADE) for v in range(256)]
    base = page.convert("RGB").point(fade * 3)
    regions = list(regions)
    alpha = FILL[3] / 255
    for r in regions:
        box = (r.x0, r.y0, r.x1, r.y1)
        tile = base.crop(box)
        base.paste(Image.blend(tile, Image.new("RGB", tile.size, FILL[:3]), alpha), box)
    draw = ImageDraw.Draw(base)
    width = max(3, round(dpi / 12))
    for r in regions:
        draw.rectangle((r.x0, r.y0, r.x1 - 1, r.y1 - 1), outline=MARK, width=width)
    buf = io.BytesIO()
    base.save(buf, "PNG", optimize=False)
    return buf.getvalue()


# ── text ─────────────────────────────────────────────────────────────────────


def _show(s: str) -> str:
    s = s.replace("\n", "↵")
    if len(s) > SHOW:
        half = SHOW // 2 - 1
        s = f"{s[:half]}…{s[-half:]}"
    return f"「{s}」"


def text_changes(old: str, new: str) -> list[str]:
    """Character-level edits, as the proofreader would mark them."""
    # autojunk would treat common characters (，的) of a long Chinese text as junk
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    out = []
    for tag, i0, i1, j0, j1 in sm.get_opcodes():
        # a run the matcher could place at several offsets is slid to the last, so a cut
        # sentence ends with its own full stop rather than starting with the one before
        while tag == "delete" and i1 < len(old) and old[i0] == old[i1]:
            i0, i1 = i0 + 1, i1 + 1
        while tag == "insert" and j1 < len(new) and new[j0] == new[j1]:
            j0, j1 = j0 + 1, j1 + 1
        if tag == "delete":
            out.append(f"cut {_show(old[i0:i1])}")
        elif tag == "insert":
            out.append(f"added {_show(new[j0:j1])}")
        elif tag == "replace":
            out.append(f"changed {_show(old[i0:i1])} → {_show(new[j0:j1])}")
    return out


def _where(built: Built, block_id: str) -> str:
    """`page 2 col 3 line 35 (x mm, y mm)`: the designer's terms and the ruler's."""
    placed = next(p for p in built.layout.blocks if p.id == block_id)
    g = built.layout.grid
    page = max(placed.page, 0)
    x, y = (placed.rect.x - page * g.trim_w) / MM, placed.rect.y / MM
    spec_block = next((b for b in built.spec.blocks if b.id == block_id), None)
    cell = spec_block.cell if spec_block is not None else None
    grid = f" col {cell.col} line {cell.line}" if cell is not None and cell.rect is None else ""
    where = "the spread" if placed.page == -1 else f"page {placed.page + 1}"
    return f"{where}{grid} ({x:.1f} mm, {y:.1f} mm)"


def _block_pos(built: Built, block_id: str) -> Pos | None:
    return next((b.src for b in built.spec.blocks if b.id == block_id), None)


def _moved(old: PlacedBlock, new: PlacedBlock) -> bool:
    """Whether a block landed elsewhere or at another size (to a hundredth of a point)."""

    def key(p: PlacedBlock) -> tuple:
        return (p.page, *(round(v, 2) for v in (p.rect.x, p.rect.y, p.rect.w, p.rect.h)))

    return key(old) != key(new)


def spec_changes(old: Built, new: Built) -> list[Change]:
    """Per block of the two builds: text edits, blocks added, removed, moved or resized."""
    old_texts, new_texts = dict(old.texts), dict(new.texts)
    old_placed = {p.id: p for p in old.layout.blocks}
    new_placed = {p.id: p for p in new.layout.blocks}
    out: list[Change] = []
    for bid, text in new.texts:
        pos = _block_pos(new, bid)
        if bid not in old_texts:
            out.append(Change(pos, f"added block {bid}", block=bid))
            continue
        for what in text_changes(old_texts[bid], text):
            out.append(Change(pos, f"block {bid}", what, bid))
        a, b = old_placed.get(bid), new_placed.get(bid)
        if a is not None and b is not None and _moved(a, b):
            same_place = a.page == b.page and abs(a.rect.x - b.rect.x) < 0.01 \
                and abs(a.rect.y - b.rect.y) < 0.01
            verb = "resized at" if same_place else "moved from"
            size = ""
            if abs(a.rect.w - b.rect.w) > 0.01 or abs(a.rect.h - b.rect.h) > 0.01:
                size = (f", {a.rect.w / MM:.1f}×{a.rect.h / MM:.1f} mm → "
                        f"{b.rect.w / MM:.1f}×{b.rect.h / MM:.1f} mm")
            what = (f"{_where(old, bid)}{size}" if same_place
                    else f"{_where(old, bid)} to {_where(new, bid)}{size}")
            out.append(Change(pos, f"block {bid}", f"{verb} {what}", bid))
    for bid, _ in old.texts:
        if bid not in new_texts:
            out.append(Change(_block_pos(old, bid), f"removed block {bid}", block=bid))
    return out


def page_changes(old: tuple[str, ...], new: tuple[str, ...]) -> list[Change]:
    """Per page of two PDFs: their text, lines joined, compared like a block's."""
    out = []
    for i in range(max(len(old), len(new))):
        subject = f"page {i + 1}"
        if i >= len(old):
            out.append(Change(None, subject, "added page", subject))
        elif i >= len(new):
            out.append(Change(None, subject, "removed page", subject))
        else:
            out += [Change(None, subject, w, subject) for w in text_changes(old[i], new[i])]
    return out


def _unexplained(new: Built, diffs: list[PageDiff], dpi: int, known: set[str]) -> list[Change]:
    """A change no text edit or move explains (a new picture, a colour, a style) is put on
    the blocks whose ground holds changed pixels, so the designer learns their spec lines."""
    g = new.layout.grid
    scale = dpi / 72
    vertical_rules = {b.id for b in new.spec.blocks if b.in_gutter}
    found: list[str] = []
    for d in diffs:
        if d.changed is None or not d.regions:
            continue
        h, w = d.changed.shape
        x_off = d.index * g.trim_w
        for p in new.layout.blocks:
            # a column rule's ground is the column beside its stroke: not evidence
            if p.id in known or p.id in found or p.id in vertical_rules:
                continue
            if p.page not in (d.index, -1):
                continue
            # a pixel in from the edge, so a neighbour's anti-aliasing is not counted
            x0 = max(0, int((p.rect.x - x_off) * scale) + 1)
            x1 = min(w, int((p.rect.x1 - x_off) * scale) - 1)
            y0, y1 = max(0, int(p.rect.y * scale) + 1), min(h, int(p.rect.y1 * scale) - 1)
            if x1 > x0 and y1 > y0 and d.changed[y0:y1, x0:x1].sum() >= min_pixels(dpi):
                found.append(p.id)
    return [Change(_block_pos(new, b), f"block {b}", "looks different (no text change)", b)
            for b in found]


# ── the command ──────────────────────────────────────────────────────────────


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def diff_main(args, out: TextIO, err: TextIO) -> int:
    """The `banmian diff` subcommand; a UserError for bad input (cli.main makes it exit 2)."""
    from .pipeline import Progress

    old, new = Path(args.old), Path(args.new)
    kind = _check_inputs(old, new, args.dpi)
    outdir = _outdir(args.outdir, new, args.force)
    cache: dict[bytes, bytes] = {}  # photo → its draft, shared by the two revisions
    quiet = Progress(True, after=float("inf"))  # only what is known to be slow: font fetches
    root = Path(args.root) if getattr(args, "root", None) else None
    a = _load(old, kind, args.dpi, quiet, cache, root)
    b = a if old.resolve() == new.resolve() else _load(new, kind, args.dpi, quiet, cache, root)

    with contextlib.ExitStack() as stack:
        pa = stack.enter_context(Pages(a.pdf, str(old)))
        pb = pa if b is a else stack.enter_context(Pages(b.pdf, str(new)))
        # both budgets before any drawing: a PDF too big to compare costs a second, not hours
        pa.check_budget(args.dpi)
        pb.check_budget(args.dpi)
        diffs = _compare(pa, pb, outdir, new.stem, args.dpi, keep=kind == "spec",
                         inputs={old.resolve(), new.resolve()})
        if kind == "spec":
            changes = spec_changes(a.built, b.built)
            changes += _unexplained(b.built, diffs, args.dpi, {c.block for c in changes})
            changes += [Change(None, f"page {d.index + 1}",
                               "added page" if d.index < len(pb) else "removed page")
                        for d in diffs if d.whole]
        else:
            changes = page_changes(_texts(pa), _texts(pb))
    for c in changes:
        print(c.line(), file=out)
    for d in diffs:
        print(d.png, file=out)

    regions = sum(len(d.regions) for d in diffs)
    changed = len({c.block for c in changes} - {None})
    what = _plural(changed, "block") if kind == "spec" else (
        f"text of {_plural(changed, 'page')}")
    print(f"{_plural(len(diffs), 'page')}, {_plural(regions, 'region')} changed, "
          f"{what} changed", file=out)
    return 1 if regions or changes else 0


def _texts(doc: Pages) -> tuple[str, ...]:
    return tuple(_page_text(doc.text(i)) for i in range(len(doc)))


def _compare(pa: Pages, pb: Pages, outdir: Path, stem: str, dpi: int, keep: bool,
             inputs: set[Path]) -> list[PageDiff]:
    """Page by page: draw both, find the changes, write the marked PNG, let the pictures go.
    Only one pair of pages is in memory at a time; `keep` holds the changed-pixel masks,
    which the spec mode reads to name blocks that look different."""
    diffs = []
    _prepare(outdir)
    for i in range(max(len(pa), len(pb))):
        png = outdir / f"{stem}-diff-p{i + 1}.png"
        if png.resolve() in inputs:  # the names cannot collide (.png), but never risk it
            raise _error(f"{png}: refusing to write over an input")
        img_a = pa.render(i, dpi) if i < len(pa) else None
        img_b = (img_a if pb is pa else pb.render(i, dpi)) if i < len(pb) else None
        if img_a is not None and img_b is not None:
            changed = changed_pixels(img_a, img_b)
            d = PageDiff(i, changed_regions(changed, dpi), False, png, changed if keep else None)
        else:
            page = img_b if img_b is not None else img_a
            d = PageDiff(i, (Box(0, 0, *page.size),), True, png)
        _write(png, marked_png(img_b if img_b is not None else img_a, d.regions, dpi))
        diffs.append(d)
    return diffs


def _prepare(outdir: Path) -> None:
    """A folder banmian creates gets the marker that lets it write there again."""
    try:
        if not outdir.exists() or (outdir.is_dir() and not any(outdir.iterdir())):
            outdir.mkdir(parents=True, exist_ok=True)
            (outdir / MARKER).write_text("PNGs written by banmian diff; they may be "
                                         "replaced by the next diff\n", encoding="utf-8")
    except OSError as e:
        raise _error(f"{outdir}: cannot write: {e.strerror or e}") from None


def _write(png: Path, data: bytes) -> None:
    try:
        write_atomic(png, data)
    except OSError as e:
        raise _error(f"{png}: cannot write: {e.strerror or e}") from None
