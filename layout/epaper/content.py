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
    kind: str  # p | h2 (a subhead)
    text: str


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


def content_of(model: PageModel, article: Article) -> Content:
    members = set(article.blocks)
    thread = dict(article.threads)
    order: list[tuple] = []
    lines: dict[tuple, list[str]] = {}
    for it in model.items:
        if not (isinstance(it, GlyphRun) and it.block in members
                and it.role in ("body", "subhead")):
            continue
        key = (thread.get(it.block, it.block), it.para, it.role)
        if key not in lines:
            order.append(key)
            lines[key] = []
        lines[key].append(it.text)
    paras = tuple(Para("h2" if k[2] == "subhead" else "p", join_lines(lines[k])) for k in order)
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
    captions = tuple(
        c for c in (join_lines([it.text for it in model.items if isinstance(it, GlyphRun)
                                and it.block == bid and it.role == "caption"])
                    for bid in article.blocks if bid not in shown) if c)
    return Content(paras, tuple(figures), captions)


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
