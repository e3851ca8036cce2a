"""What a reader calls an article, worked out once from the spec and the page model, so the
tagged PDF and the e-paper agree on it.

A block's part is read from what the page shows of it, never from its kind's name: a block with
body lines is a story, one with a picture a photo, one with a chart group a graphic, one with
display lines (headline, kicker, subtitle, a vertical title) display type, one with nothing
readable (a rule) no part at all. Blocks then gather into articles:

- `article: ID` puts a block in the story whose first block is ID (its photo, chart, headline);
- a text block continued with `next:` takes its continuations with it;
- a caption block joins the photo it stands under;
- a vertical title set into a story's text (its middle lies inside the story's rectangle) is
  that story's title;
- every other block is an article of its own: a photo with its caption, a chart, or display
  type outside any story (the page's headline, a slogan), which is read but is no article.

Articles are read in the order their first block is listed in the spec: the designer's order,
which the relative places (`below:`, `right_of:`) already follow from top to bottom.
"""

from __future__ import annotations

from collections import defaultdict

from ..export.tags import across
from ..geometry import Rect
from ..pagemodel import Article, BlockBox, GlyphRun, Group, Item, PageModel, Picture, VerticalRun
from ..spec import Spec

DISPLAY_ROLES = ("kicker", "headline", "subtitle")
TEXT_ROLES = ("body", "subhead", "quote", "item")
TABLE_ROLES = ("table-title", "table-head", "table-cell", "table-note")
HEADLINE_STYLE = "headline"  # display type in this style is the page's headline (H1)


def join_lines(lines: list[str]) -> str:
    """Printed lines back into running text: Chinese lines join directly; a line break between
    two Latin words or numbers stood for a space."""
    out = ""
    for ln in lines:
        if out and ln and _latin(out[-1]) and _latin(ln[0]):
            out += " "
        out += ln
    return out


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _parts(items: list[Item]) -> set[str]:
    parts = set()
    for it in items:
        if isinstance(it, GlyphRun) and it.role in TEXT_ROLES:
            parts.add("text")
        elif isinstance(it, Picture) or it.role == "placeholder":
            parts.add("picture")
        elif isinstance(it, Group):
            parts.add("graphic")
        elif isinstance(it, VerticalRun) or (isinstance(it, GlyphRun)
                                             and it.role in DISPLAY_ROLES):
            parts.add("display")
        elif isinstance(it, GlyphRun) and it.role == "caption":
            parts.add("caption")
        elif isinstance(it, GlyphRun) and it.role in TABLE_ROLES:
            parts.add("table")
    return parts


def _inside(inner: BlockBox, outer: BlockBox) -> bool:
    r, o = inner.rect, outer.rect
    cx, cy = r.x + r.w / 2, r.y + r.h / 2
    return inner.page == outer.page and o.x <= cx <= o.x1 and o.y <= cy <= o.y1


def articles_of(spec: Spec, model: PageModel) -> tuple[Article, ...]:
    """Every article of the page model, in reading order."""
    boxes = {b.id: b for b in model.blocks}
    blocks = [b for b in spec.blocks if b.id in boxes]
    by_block: dict[str, list[Item]] = defaultdict(list)
    for it in model.items:
        by_block[it.block].append(it)
    parts = {b.id: _parts(by_block[b.id]) for b in blocks}

    owner: dict[str, str] = {}
    threads: dict[str, str] = {}  # a continuation → its thread's first block
    _follow_threads(blocks, owner, threads)
    for b in blocks:
        if b.article:
            owner[b.id] = b.article
        elif getattr(b, "photos", ()) and b.id not in owner:
            owner[b.id] = b.photos[0]
    _home_verticals(blocks, boxes, parts, by_block, owner)

    members: dict[str, list[str]] = {}
    for b in blocks:
        if parts[b.id]:
            members.setdefault(_root(owner, b.id, len(blocks)), []).append(b.id)
    spec_blocks = {b.id: b for b in spec.blocks}
    out = [_article(head, ids, spec, spec_blocks, parts, by_block, threads)
           for head, ids in members.items()]
    return tuple(a for a in out if a is not None)


def _follow_threads(blocks: list, owner: dict[str, str], threads: dict[str, str]) -> None:
    """A thread's blocks read as one article: each continuation is owned by, and threads
    back to, the block that starts it."""
    for b in blocks:
        nxt = getattr(b, "next", None)
        while nxt and nxt not in owner and nxt != b.id:  # a thread's blocks read as one
            owner[nxt] = threads[nxt] = b.id
            nxt = getattr(next((x for x in blocks if x.id == nxt), None), "next", None)


def _home_verticals(blocks: list, boxes: dict[str, BlockBox], parts: dict,
                    by_block: dict[str, list[Item]], owner: dict[str, str]) -> None:
    """A vertical title set into a story belongs to the story it stands in."""
    stories = [b for b in blocks if "text" in parts[b.id] and b.id not in owner]
    for b in blocks:
        if b.id in owner or parts[b.id] != {"display"}:
            continue
        if not any(isinstance(it, VerticalRun) for it in by_block[b.id]):
            continue
        home = next((s for s in stories if _inside(boxes[b.id], boxes[s.id])), None)
        if home is not None:
            owner[b.id] = home.id


def _root(owner: dict[str, str], bid: str, limit: int) -> str:
    """The block that heads `bid`'s article, following owners at most `limit` + 1 steps (a
    cycle of owners cannot hang it)."""
    for _ in range(limit + 1):
        if bid not in owner:
            break
        bid = owner[bid]
    return bid


def _article(head: str, ids: list[str], spec: Spec, spec_blocks: dict, parts: dict,
             by_block: dict[str, list[Item]], threads: dict[str, str]) -> Article | None:
    """One article from its blocks: its kind by what it holds (text first), its titles, each
    figure's text alternative; None when it holds nothing an article shows."""
    have = set().union(*(parts[i] for i in ids))
    kind = ("story" if "text" in have else "picture" if "picture" in have
            else "graphic" if "graphic" in have or "table" in have
            else "display" if "display" in have else None)
    if kind is None:
        return None
    title, kicker, subtitle = _titles(head, ids, spec_blocks, by_block)
    alt = tuple((i, _alt(i, ids, spec, spec_blocks, parts, by_block, title))
                for i in ids if parts[i] & {"picture", "graphic"})
    if not title and kind in ("picture", "graphic") and alt:
        title = _caption(alt[0][0], ids, spec_blocks, by_block) or _labels(
            spec, spec_blocks.get(alt[0][0])) or alt[0][1]
    return Article(
        id=head, kind=kind, blocks=tuple(ids), title=title, kicker=kicker, subtitle=subtitle,
        heading=kind == "display" and any(
            spec_blocks[i].style == HEADLINE_STYLE for i in ids if i in spec_blocks),
        alt=alt, threads=tuple((i, threads.get(i, i)) for i in ids if "text" in parts[i]))


def _titles(head: str, ids: list[str], spec_blocks: dict, by_block: dict[str, list[Item]]
            ) -> tuple[str, str, str]:
    """(title, kicker, subtitle) as printed: the display lines of each role, else a vertical
    title, else the heading the spec gave the first block (its template's words before {}
    as the kicker)."""
    decks, vertical = _decks(ids, spec_blocks, by_block)
    title = "　".join(decks["headline"])
    kicker = "　".join(decks["kicker"])
    subtitle = "　".join(decks["subtitle"])
    first = spec_blocks.get(head)
    heading = first.heading if first is not None else None
    if not title and vertical:
        title = vertical
    if heading is not None:
        if not title:
            title = heading.text.text
        if not kicker and heading.template != "{}":
            kicker = heading.template.split("{}")[0].rstrip("：:·　 ")
    return title, kicker, subtitle


def _decks(ids: list[str], spec_blocks: dict, by_block: dict[str, list[Item]]
           ) -> tuple[dict[str, list[str]], str]:
    """The article's display lines per role, as the spec wrote them, and its first vertical
    title read across."""
    decks: dict[str, list[str]] = {r: [] for r in DISPLAY_ROLES}
    vertical = ""
    for i in ids:
        runs = [it for it in by_block[i] if isinstance(it, GlyphRun) and it.role in DISPLAY_ROLES]
        for role in DISPLAY_ROLES:
            text = _as_written(join_lines([r.text for r in runs if r.role == role]),
                               spec_blocks.get(i), role)
            if text:
                decks[role].append(text)
        for it in by_block[i]:
            if isinstance(it, VerticalRun) and not vertical:
                vertical = across(it)
    return decks, vertical


def _as_written(printed: str, block, role: str) -> str:
    """Display lines joined as the spec wrote them: a headline set as two lines at an
    ideographic space reads with the space, one broken only to fit reads without a break."""
    if not printed or block is None:
        return printed
    deck = getattr(block, role, None) if role != "headline" else None
    paras = (deck,) if deck is not None else getattr(block, "paragraphs", ())
    written = "　".join(p.text for p in paras if hasattr(p, "text"))
    same = written.replace("　", "").replace(" ", "") == printed.replace(" ", "")
    return written if written and same else printed


def _caption(bid: str, ids: list[str], spec_blocks: dict, by_block: dict[str, list[Item]]
             ) -> str:
    """The words under a figure: its own caption lines, or a caption block's that names it."""
    own = [it.text for it in by_block[bid] if isinstance(it, GlyphRun) and it.role == "caption"]
    if own:
        return join_lines(own)
    for i in ids:
        if bid in getattr(spec_blocks.get(i), "photos", ()):
            return join_lines([it.text for it in by_block[i]
                               if isinstance(it, GlyphRun) and it.role == "caption"])
    return ""


def _labels(spec: Spec, block) -> str:
    """What a chart without a caption shows: its figures' names."""
    chart = getattr(block, "chart", None)
    return "、".join(spec.data[d].label for d in getattr(chart, "data", ()) if d in spec.data)


def _alt(bid: str, ids: list[str], spec: Spec, spec_blocks: dict, parts: dict,
         by_block: dict[str, list[Item]], title: str) -> str:
    """A figure's text alternative: its caption; a chart's adds the figures it draws."""
    caption = _caption(bid, ids, spec_blocks, by_block)
    if "graphic" not in parts[bid]:
        return caption or (f"图片：{title}" if title else "图片")
    chart = getattr(spec_blocks.get(bid), "chart", None)
    figures = []
    for did in getattr(chart, "data", ()):
        d = spec.data.get(did)
        if d is None:
            continue
        value = (d.share + "%" if chart.field == "share" and d.share
                 else "" if d.value.startswith("=") else d.value + d.unit)
        if chart.field == "change" and d.change:
            value = f"增长{d.change}%"
        figures.append(f"{d.label}{value}")
    text = "，".join(figures)
    if caption and text:
        return f"{caption}：{text}"
    return caption or text or (f"图表：{title}" if title else "图表")


def block_rects(model: PageModel, article: Article) -> list[tuple[int, Rect]]:
    """Where an article stands: each of its blocks' page and rectangle, in reading order."""
    boxes = {b.id: b for b in model.blocks}
    return [(boxes[i].page, boxes[i].rect) for i in article.blocks if i in boxes]
