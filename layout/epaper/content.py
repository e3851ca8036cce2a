"""An article's content as the page prints it, read from the page model: its paragraphs and
subheads in reading order, its photos and charts with their captions.

The text is what was set, not what the spec asked for: an e-paper shows the printed page.
Lines are joined back into paragraphs by the paragraph each line belongs to (`GlyphRun.para`),
across the columns and blocks of a thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..geometry import Rect
from ..pagemodel import Article, GlyphRun, Group, PageModel, Picture
from .articles import join_lines


@dataclass(frozen=True, slots=True)
class Para:
    kind: str  # p | h2 (a subhead) | blockquote (a quote) | li (a list item)
    text: str
    spans: tuple[tuple[str, str], ...] = ()  # its text in runs: (text, "" | strong | em | …)


@dataclass(frozen=True, slots=True)
class Table:
    """A table block as printed: its 表题, header row, body rows and source note."""

    block: str
    title: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str
    numeric: tuple[bool, ...]  # columns of figures (right-aligned on screen too)


@dataclass(frozen=True, slots=True)
class Figure:
    block: str
    kind: str  # image (a photo) | graphic (a chart)
    page: int
    rect: Rect
    caption: str  # the words printed under it ("" when it has none)
    alt: str
    jpeg: bytes = b""  # a photo: the print picture (CMYK JPEG)
    pixels: tuple[int, int] = (0, 0)


@dataclass(frozen=True, slots=True)
class Content:
    paras: tuple[Para, ...]
    figures: tuple[Figure, ...]
    captions: tuple[str, ...]  # caption blocks standing under several photos
    tables: tuple[Table, ...] = ()


def content_of(model: PageModel, article: Article) -> Content:
    """What an article's own page shows: its paragraphs, figures, captions standing apart
    and tables, all read back from the page model."""
    paras = _paras(model, article)
    figures, shown = _figures(model, article)
    captions = tuple(
        c for c in (join_lines([it.text for it in model.items if isinstance(it, GlyphRun)
                                and it.block == bid and it.role == "caption"])
                    for bid in article.blocks if bid not in shown) if c)
    return Content(paras, tuple(figures), captions, tables_of(model, article.blocks))


def _paras(model: PageModel, article: Article) -> tuple[Para, ...]:
    """The article's paragraphs in reading order, a thread's blocks read as one, each from
    its printed lines (the pieces of a line set in several runs joined)."""
    members = set(article.blocks)
    thread = dict(article.threads)
    order: list[tuple] = []
    lines: dict[tuple, list[list[tuple[str, str]]]] = {}
    last: dict[tuple, float] = {}  # the baseline of each paragraph's last piece, per page
    for it in model.items:
        if not (isinstance(it, GlyphRun) and it.block in members
                and it.role in PARA_KINDS):
            continue
        key = (thread.get(it.block, it.block), it.para, it.role)
        if key not in lines:
            order.append(key)
            lines[key] = []
        at = (it.page, it.x if not it.span else None, it.y)
        # a line set in several runs (a run-in, 着重号) comes as several pieces on one baseline
        if lines[key] and last.get(key) == (it.page, it.y) and it.role != "subhead":
            lines[key][-1].append((it.text, it.span))
        else:
            lines[key].append([(it.text, it.span)])
        last[key] = at[0], at[2]
    return tuple(_para(PARA_KINDS[k[2]], lines[k]) for k in order)


def _figures(model: PageModel, article: Article) -> tuple[list[Figure], set[str]]:
    """The article's photos and charts with their captions and text alternatives, and the
    blocks they stand in (a caption block of its own is listed apart)."""
    alt = dict(article.alt)
    figures = []
    shown = set()
    for bid in article.blocks:
        caption = join_lines([it.text for it in model.items if isinstance(it, GlyphRun)
                              and it.block == bid and it.role == "caption"])
        for it in model.items:
            if it.block != bid:
                continue
            if isinstance(it, Picture):
                figures.append(Figure(bid, "image", it.page, it.rect, caption,
                                      alt.get(bid, caption), it.jpeg, it.pixels))
                shown.add(bid)
            elif isinstance(it, Group):
                figures.append(Figure(bid, "graphic", it.page, _chart_rect(model, bid, it.rect),
                                      caption, alt.get(bid, caption)))
                shown.add(bid)
    return figures, shown


PARA_KINDS = {"body": "p", "subhead": "h2", "quote": "blockquote", "item": "li"}


def _para(kind: str, lines: list[list[tuple[str, str]]]) -> Para:
    """A paragraph from its printed lines, each a list of runs; runs of one kind that a line
    break cut in two are joined again."""
    text = join_lines(["".join(t for t, _ in ln) for ln in lines])
    spans: list[tuple[str, str]] = []
    for n, ln in enumerate(lines):
        for k, (t, span) in enumerate(ln):
            if n and not k and spans and spans[-1][0] and t:
                gap = " " if _latin(spans[-1][0][-1]) and _latin(t[0]) else ""
                t = gap + t
            if spans and spans[-1][1] == span:
                spans[-1] = (spans[-1][0] + t, span)
            else:
                spans.append((t, span))
    return Para(kind, text, tuple(spans) if any(s for _, s in spans) else ())


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def tables_of(model: PageModel, blocks: tuple[str, ...]) -> tuple[Table, ...]:
    """The tables among an article's blocks, read back from their cells."""
    out = []
    for bid in blocks:
        cells: dict[tuple[int, int], list[str]] = {}
        title, note, head_rows = [], [], set()
        for it in model.items:
            if not isinstance(it, GlyphRun) or it.block != bid:
                continue
            if it.role == "table-title":
                title.append(it.text)
            elif it.role == "table-note":
                note.append(it.text)
            elif it.cell is not None:
                cells.setdefault(it.cell, []).append(it.text)
                if it.role == "table-head":
                    head_rows.add(it.cell[0])
        if not cells:
            continue
        n_rows = max(r for r, _ in cells) + 1
        n_cols = max(c for _, c in cells) + 1
        grid = [tuple(join_lines(cells.get((r, c), [])) for c in range(n_cols))
                for r in range(n_rows)]
        head = grid[0] if 0 in head_rows else ()
        body = grid[1:] if head else grid
        numeric = tuple(all(_figure(r[c]) for r in body if r[c]) and any(r[c] for r in body)
                        for c in range(n_cols))
        out.append(Table(bid, join_lines(title), head, tuple(body), join_lines(note), numeric))
    return tuple(out)


def _figure(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and all(
        ch.isdigit() or ch in ".,-−+%‰" for ch in text)


def _chart_rect(model: PageModel, block: str, frame: Rect) -> Rect:
    """A chart as the page shows it: its whole block (box, caption), else its frame."""
    return next((b.rect for b in model.blocks if b.id == block), frame)


def untitled(content: Content, limit: int = 16) -> str:
    """A name for a story printed without a headline: its first clause."""
    text = next((p.text for p in content.paras if p.kind == "p"), "")
    for i, ch in enumerate(text[:limit + 1]):
        if ch in "，。；：！？":
            return text[:i] + "……"
    return text[:limit] + ("……" if len(text) > limit else "")
