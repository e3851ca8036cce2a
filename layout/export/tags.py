"""The tagged PDF's logical structure, from the page model and its articles.

The PDF exporter asks `Tagger` what each item it draws is: a part of the structure (a heading,
a paragraph, a figure, a caption) or an artifact (tints, rules, borders, the 报眉, crop marks).
It wraps the item's operators in a marked-content sequence with the MCID the tagger hands out,
and the tagger remembers which structure element each MCID belongs to. Once the file is written,
`apply` adds the structure tree with pikepdf: Document → one Art per article in reading order →
H1 (the title), P (kicker, subtitle, paragraphs), H2 (subheads), Figure (with Alt from the
caption and a BBox) and Caption; display type outside any article (the page's headline) sits
under Document as H1 or P. The catalog gets /MarkInfo, /Lang zh-CN and DisplayDocTitle.

Where the glyphs drawn are not the text (vertical presentation forms, Han–Latin autospace and
justified gaps a text extractor reads as spaces, dashes drawn 1 字 apart), the item carries an
/ActualText span with the text as written, so copying and searching give 【解放区赋】 and
34.8亿元.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ..pagemodel import (
    Article,
    Box,
    GlyphRun,
    Group,
    Item,
    PageModel,
    Path,
    Picture,
    Stroke,
    Text,
    VerticalRun,
)

LANG = "zh-CN"
DISPLAY_ROLES = ("kicker", "headline", "subtitle", "heading", "vertical")


def across(run: VerticalRun) -> str:
    """What a vertical run reads as: the text as written, else its cells read across."""
    return run.source or horizontal(run.text)


def horizontal(text: str) -> str:
    """Vertical presentation forms as they read across: ︻解放区赋︼ → 【解放区赋】 (the forms
    of “ and 『 are one: a run that knows its text as written says it in `source`)."""
    return "".join(unicodedata.normalize("NFKC", ch) if "\ufe10" <= ch <= "\ufe4f" else ch
                   for ch in text)


def _han(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def spaced(text: str) -> bool:
    """A line whose drawn glyphs stand apart where its text has no space: Han next to Latin or
    digits (autospace), or a dash or ellipsis run set 1 字 a character."""
    if "—" in text or "…" in text:
        return True
    return any(_han(a) != _han(b) and (a.isalnum() or b.isalnum())
               for a, b in zip(text, text[1:], strict=False))


def _hex(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


@dataclass
class Elem:
    key: tuple
    type: str  # Document, Art, H1, H2, P, Figure, Caption
    parent: tuple | None
    order: tuple = ()
    alt: str = ""
    bbox: tuple[int, tuple[float, float, float, float]] | None = None  # page, PDF box
    title: str = ""  # an article's /T: its headline


@dataclass
class StructPlan:
    """What `apply` needs: the elements in reading order and, per page, the element each
    MCID belongs to."""

    title: str
    elems: list[Elem] = field(default_factory=list)
    mcids: dict[int, list[tuple]] = field(default_factory=dict)  # page → element keys


class Tagger:
    """Decides each item's place in the structure while the exporter draws."""

    def __init__(self, model: PageModel, title: str = ""):
        self.plan = StructPlan(title)
        self.page = 0
        self.of_block: dict[str, Article] = {}
        self.rank: dict[str, int] = {}
        for n, a in enumerate(model.articles):
            self.rank[a.id] = n
            for b in a.blocks:
                self.of_block[b] = a
        self.block_order = {b.id: i for i, b in enumerate(model.blocks)}
        self.alt = {b: text for a in model.articles for b, text in a.alt}
        self.thread = {b: head for a in model.articles for b, head in a.threads}
        self.titled = self._title_sources(model)
        self.elems: dict[tuple, Elem] = {("doc",): Elem(("doc",), "Document", None)}
        self.list_of: dict[tuple, int] = {}  # (thread head, item paragraph) → its list's first
        self.spans: dict[tuple, int] = {}  # a paragraph's Spans so far
        self._last_span: dict[tuple, tuple] = {}  # where its last Span's run ended

    def _title_sources(self, model: PageModel) -> dict[str, tuple[str, str]]:
        """Each article's H1: its headline deck, else its vertical title, else its label."""
        found: dict[str, dict[str, tuple[str, str]]] = {}
        for it in model.items:
            a = self.of_block.get(it.block)
            if a is None:
                continue
            role = ("vertical" if isinstance(it, VerticalRun) else it.role
                    if isinstance(it, GlyphRun) else "")
            if role in ("headline", "vertical", "heading"):
                found.setdefault(a.id, {}).setdefault(role, (it.block, role))
        out = {}
        for aid, roles in found.items():
            for role in ("headline", "vertical", "heading"):
                if role in roles:
                    out[aid] = roles[role]
                    break
        return out

    # -- what an item is ---------------------------------------------------------------
    def element(self, it: Item) -> Elem | None:
        """The structure element an item's content belongs to; None: an artifact."""
        a = self.of_block.get(it.block)
        if a is None or isinstance(it, Box | Stroke | Path | Text) or it.role == "placeholder":
            return None
        if a.kind == "display":
            parent: tuple = ("doc",)
            base: tuple = (self.rank[a.id],)
        else:
            parent = ("art", a.id)
            base = (self.rank[a.id],)
            self._elem(parent, "Art", ("doc",), base).title = (
                f"{a.kicker}：{a.title}" if a.kicker and a.title else a.title)
        blk = self.block_order.get(it.block, 0)
        if isinstance(it, Picture | Group):
            return self._elem(("fig", it.block), "Figure", parent, (*base, 2, blk, 0),
                              alt=self.alt.get(it.block, ""))
        if isinstance(it, VerticalRun):
            role = "vertical"
        elif isinstance(it, GlyphRun):
            role = it.role
        else:
            return None
        if role == "caption":
            return self._elem(("cap", it.block), "Caption", parent, (*base, 2, blk, 1))
        if role in ("body", "subhead", "quote", "item"):
            head = self.thread.get(it.block, it.block)
            order = (*base, 1, self.block_order.get(head, 0), it.para)
            if role == "item":  # L > LI > LBody; consecutive items are one list
                first = self.list_of.get((head, it.para - 1), it.para)
                self.list_of[(head, it.para)] = first
                lst = self._elem(("list", head, first), "L", parent,
                                 (*base, 1, self.block_order.get(head, 0), first))
                li = self._elem(("para", head, it.para, role), "LI", lst.key, (*order, 0))
                elem = self._elem(("lbody", head, it.para), "LBody", li.key, (*order, 1))
            else:
                kind = {"body": "P", "quote": "BlockQuote"}.get(
                    role, "H2" if a.id in self.titled else "H1")
                elem = self._elem(("para", head, it.para, role), kind, parent, order)
            if it.span:  # a run-in or 着重号: a Span inside its paragraph, in reading order
                n = self.spans.get(elem.key, 0)
                if not self._last_span.get(elem.key) == (it.span, it.page, it.y, it.x):
                    self.spans[elem.key] = n = n + 1
                self._last_span[elem.key] = (it.span, it.page, it.y, it.x + it.width)
                return self._elem(("span", elem.key, n), "Span", elem.key, (*order, 2, n))
            return elem
        if role in ("table-title", "table-head", "table-cell", "table-note"):
            return self._table(it, role, parent, (*base, 2, blk))
        if role in DISPLAY_ROLES:
            h1 = (self.titled.get(a.id) == (it.block, role)
                  if a.kind != "display" else a.heading and role == "headline")
            rank = DISPLAY_ROLES.index(role)
            return self._elem(("disp", it.block, role), "H1" if h1 else "P", parent,
                              (*base, 0, blk, rank))
        return None

    def _table(self, it: GlyphRun, role: str, parent: tuple, order: tuple) -> Elem:
        """Table > Caption (its 表题), TR > TH | TD; the source note a P after it."""
        if role == "table-note":
            return self._elem(("tnote", it.block), "P", parent, (*order, 4))
        table = self._elem(("table", it.block), "Table", parent, (*order, 3))
        if role == "table-title":
            return self._elem(("tcap", it.block), "Caption", table.key, (*order, 3, 0))
        r, c = it.cell or (0, 0)
        tr = self._elem(("tr", it.block, r), "TR", table.key, (*order, 3, 1, r))
        return self._elem(("td", it.block, r, c), "TH" if role == "table-head" else "TD",
                          tr.key, (*order, 3, 1, r, c))

    def _elem(self, key: tuple, kind: str, parent: tuple, order: tuple, alt: str = ""
              ) -> Elem:
        e = self.elems.get(key)
        if e is None:
            e = self.elems[key] = Elem(key, kind, parent, order, alt)
        return e

    def mark(self, e: Elem, bbox: tuple[float, float, float, float] | None = None) -> str:
        """The BDC that opens an element's marked content on the current page; a figure
        gives its box on the page (PDF units), for its Layout attributes."""
        ids = self.plan.mcids.setdefault(self.page, [])
        ids.append(e.key)
        if bbox is not None and e.bbox is None:
            e.bbox = (self.page, bbox)
        return f"/{e.type} <</MCID {len(ids) - 1}>> BDC"

    def unmark(self) -> None:
        """The last MCID drew nothing (a spread item's glyphs all on the other page)."""
        self.plan.mcids[self.page].pop()

    def finish(self) -> StructPlan:
        """The elements that hold content, parents before children, siblings in reading
        order."""
        used = {k for keys in self.plan.mcids.values() for k in keys}
        keep: set[tuple] = set()
        for k in used:
            while k is not None and k not in keep:
                keep.add(k)
                k = self.elems[k].parent
        ordered = sorted((e for k, e in self.elems.items() if k in keep and k != ("doc",)),
                         key=lambda e: (e.parent != ("doc",), e.order))
        self.plan.elems = [self.elems[("doc",)], *ordered] if keep else []
        return self.plan


ARTIFACT = "/Artifact BMC"
PAGINATION = "/Artifact <</Type /Pagination>> BDC"


def artifact(it: Item) -> str:
    """The BDC that opens an artifact: the 报眉 and staff line are pagination."""
    return PAGINATION if it.role.startswith("header") else ARTIFACT


def actual_text(text: str) -> str:
    return f"/Span <</ActualText {_hex(text)}>> BDC"


def apply(doc, plan: StructPlan) -> None:
    """Write the structure tree, the parent tree and the catalog's tagging entries into an
    open pikepdf document whose content streams carry the plan's MCIDs."""
    import pikepdf

    root = doc.Root
    root.MarkInfo = pikepdf.Dictionary(Marked=True)
    root.Lang = pikepdf.String(LANG)
    root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    if not plan.elems:
        return
    tree = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    objs: dict[tuple, pikepdf.Object] = {}
    kids: dict[tuple, list] = {}
    for e in plan.elems:
        d = pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name("/" + e.type))
        d.P = tree if e.parent is None else objs[e.parent]
        if e.alt:
            d.Alt = pikepdf.String(e.alt)
        if e.title:
            d.T = pikepdf.String(e.title)
        objs[e.key] = doc.make_indirect(d)
        kids[e.key] = []
        if e.parent is not None:
            kids[e.parent].append(objs[e.key])
    pages = list(doc.pages)
    nums = []
    for p, keys in sorted(plan.mcids.items()):
        page = pages[p]
        page.obj.StructParents = p
        page.obj.Tabs = pikepdf.Name.S
        nums += [p, doc.make_indirect(pikepdf.Array([objs[k] for k in keys]))]
        for mcid, k in enumerate(keys):
            kids[k].append(pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=page.obj, MCID=mcid))
    _spans_in_order(plan, objs, kids, pages, pikepdf)
    for e in plan.elems:
        d = objs[e.key]
        d.K = pikepdf.Array(kids[e.key]) if len(kids[e.key]) != 1 else kids[e.key][0]
        if e.bbox is not None:
            p, (x0, y0, x1, y1) = e.bbox
            d.Pg = pages[p].obj
            d.A = pikepdf.Dictionary(O=pikepdf.Name.Layout, BBox=pikepdf.Array(
                [round(x0, 3), round(y0, 3), round(x1, 3), round(y1, 3)]),
                Placement=pikepdf.Name.Block)
    tree.K = objs[plan.elems[0].key]
    tree.ParentTree = doc.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    tree.ParentTreeNextKey = len(pages)
    root.StructTreeRoot = tree


def _spans_in_order(plan: StructPlan, objs: dict, kids: dict, pages: list, pikepdf) -> None:
    """A paragraph that holds Spans (a run-in, 着重号) lists its own marked content and its
    Spans in the order they are read, not children first."""
    spans = [e for e in plan.elems if e.type == "Span"]
    if not spans:
        return
    seq: dict[tuple, list[tuple[int, object]]] = {}  # element → (reading index, its MCR)
    g = 0
    for p, keys in sorted(plan.mcids.items()):
        for mcid, k in enumerate(keys):
            seq.setdefault(k, []).append((g, mcid, p))
            g += 1
    for parent in {e.parent for e in spans}:
        entries = []
        for g, mcid, p in seq.get(parent, []):
            entries.append((g, pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=pages[p].obj,
                                                  MCID=mcid)))
        for e in spans:
            if e.parent == parent and seq.get(e.key):
                entries.append((seq[e.key][0][0], objs[e.key]))
        kids[parent] = [x for _, x in sorted(entries, key=lambda t: t[0])]
