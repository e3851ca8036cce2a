"""Story markup: the small Markdown subset editors already know, read by a CommonMark parser
(markdown-it-py) into paragraphs with a role and runs set apart, each character keeping its
place in the file for located messages.

    ## 小标题                 a subhead (role subhead)
    > 编者按……                a quote paragraph, in the `quote` style (role quote)
    **记者：**                a run-in in the heading face (span strong)
    *着重*                    着重号: a dot under each Han character (span em)
    1. 要点 / - 要点           a list item with a hanging indent (role item)
    一、…… （一）……            a Chinese ordinal kept as text, hanging the same way
    ---                       a 分隔线 (role divider)

Two departures from CommonMark, both for Chinese text: a `*` or `**` next to CJK punctuation
opens and closes emphasis as it would next to a letter (`**记者：**现在`, which CommonMark's
flanking rules leave as literal asterisks), and a `*` between two digits or Latin letters is
always a literal asterisk (5*8). Constructs a newspaper story has no place for — a heading of
another level, a list inside a list or a quote, a table, an unclosed `*` — are errors at their
line and column. HTML, links, code and entities are not read: their characters print as
written."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ..diag import Diagnostics, Pos
from .model import Paragraph

BULLET = "●"
UNMATCHED = "banmian_unmatched_star"
TEXT_TOKEN = "text"  # markdown-it's token of plain text
# a paragraph opening with a Chinese ordinal: 一、 （一） （1） ① (kept as text, hung)
ORDINAL = re.compile(r"(?:[一二三四五六七八九十百]{1,4}、|（[一二三四五六七八九十百\d]{1,4}）|"
                     r"[①-⑳])")
_LEAD = re.compile(r"^[^\S \t\n]+")  # leading Unicode spaces (　) that are not Markdown's


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from markdown_it.parser_inline import ParserInline
    from markdown_it.rules_inline.state_inline import StateInline

    def is_wide(ch: str) -> bool:
        return unicodedata.east_asian_width(ch) in ("W", "F")

    class State(StateInline):
        def scanDelims(self, start: int, canSplitWord: bool):  # noqa: N802, N803 (its name)
            s = super().scanDelims(start, canSplitWord)
            end = start
            while end < self.posMax and self.src[end] == self.src[start]:
                end += 1
            last = self.src[start - 1] if start > 0 else " "
            nxt = self.src[end] if end < self.posMax else " "
            if last.isascii() and last.isalnum() and nxt.isascii() and nxt.isalnum() \
                    and self.src[start] == "*":
                return type(s)(False, False, s.length)  # 5*8: a literal asterisk
            if not (is_wide(last) or is_wide(nxt)) or last.isspace() or nxt.isspace():
                return s
            # next to Chinese, punctuation on the inner side no longer stops a delimiter run
            # from flanking (**记者：**现在 closes after ：)
            return type(s)(s.can_open or not nxt.isspace(), s.can_close or not last.isspace(),
                           s.length)

    class Inline(ParserInline):
        def parse(self, src, md, env, tokens):
            state = State(src, md, env, tokens)
            self.tokenize(state)
            for rule in self.ruler2.getRules(""):
                rule(state)
            return state.tokens

    md = MarkdownIt("commonmark", {"typographer": False, "html": False})
    md.enable("table")
    md.disable(["code", "fence", "html_block", "lheading", "reference", "backticks", "link",
                "image", "autolink", "html_inline", "entity"])
    inline = Inline()
    inline.ruler, inline.ruler2 = md.inline.ruler, md.inline.ruler2

    def unmatched(state) -> None:
        """Asterisks emphasis could have used but found no partner for become tokens of
        their own (before adjacent text is joined), for the walk to report."""
        ds = state.delimiters
        paired = {i for i, d in enumerate(ds) if d.end != -1} | {d.end for d in ds}
        for i, d in enumerate(ds):
            if d.marker == 0x2A and i not in paired and (d.open or d.close) \
                    and state.tokens[d.token].type == TEXT_TOKEN:
                state.tokens[d.token].type = UNMATCHED

    inline.ruler2.before("fragments_join", "banmian_unmatched", unmatched)
    md.inline = inline
    return md


@dataclass
class _Source:
    """The story's lines as the parser sees them (leading 　 taken off), and what was taken."""

    file: str
    lines: list[str]
    cut: list[int]  # characters taken off the front of each line
    line0: int
    col0: int
    diags: Diagnostics

    def pos(self, line: int, col: int) -> Pos:
        """The file position of (0-based line, 0-based column in the parsed line)."""
        c = col + (self.cut[line] if line < len(self.cut) else 0)
        return Pos(self.file, self.line0 + line, (self.col0 if line == 0 else 1) + c)

    def error(self, message: str, line: int, col: int = 0) -> None:
        self.diags.error(message, self.pos(line, col))


@dataclass
class _Para:
    """A paragraph being built: its text, the file position of each character, its runs."""

    text: list[str] = field(default_factory=list)
    where: list[tuple[int, int]] = field(default_factory=list)  # file line, column per char
    spans: list[tuple[int, int, str]] = field(default_factory=list)

    def add(self, ch: str, at: tuple[int, int]) -> None:
        self.text.append(ch)
        self.where.append(at)

    def starts(self) -> tuple[tuple[int, int, int], ...]:
        out: list[tuple[int, int, int]] = []
        for i, (line, col) in enumerate(self.where):
            if not out or (line, col) != (out[-1][1], out[-1][2] + i - out[-1][0]):
                out.append((i, line, col))
        return tuple(out)


def parse_story(text: str, file: str, line0: int, col0: int, diags: Diagnostics,
                bullet: str = BULLET, divider: str = "rule") -> tuple[Paragraph, ...]:
    """A story's text (a file, or a spec's inline `text:` starting at line0:col0) as
    paragraphs; problems are reported to `diags` at their place."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines, cut = [], []
    for raw in text.split("\n"):
        m = _LEAD.match(raw)
        n = m.end() if m else 0
        lines.append(raw[n:].rstrip())
        cut.append(n)
    src = _Source(file, lines, cut, line0, col0, diags)
    tokens = _parser().parse("\n".join(lines))
    return _Walk(src, bullet, "" if divider == "rule" else divider).blocks(tokens)


class _Walk:
    def __init__(self, src: _Source, bullet: str, ornament: str):
        self.src, self.bullet, self.ornament = src, bullet, ornament
        self.out: list[Paragraph] = []
        self.groups = 0

    def blocks(self, tokens) -> tuple[Paragraph, ...]:
        i = 0
        stack: list[str] = []  # open containers: quote, list
        item: tuple[str, int] | None = None  # the open list item's marker text, its group
        first = False  # the item's first paragraph is still to come
        while i < len(tokens):
            t = tokens[i]
            line = t.map[0] if t.map else 0
            if t.type == "heading_open":
                if t.tag != "h2" or stack:
                    where = "inside a quote or a list" if stack else f"of level {t.tag[1]}"
                    self.src.error(f"a heading {where} has no place in a story: subheads are "
                                   "`## ` lines", line)
                else:
                    self._inline(tokens[i + 1], "subhead")
                i += 3
                continue
            if t.type == "hr":
                if stack:
                    self.src.error("a `---` 分隔线 inside a quote or a list has no place in a "
                                   "story", line)
                else:
                    self.out.append(Paragraph(self.ornament, ((0, *self._at(line, 0)),),
                                              self.src.file, "divider"))
            elif t.type == "blockquote_open":
                if stack:
                    self.src.error("a quote inside a quote or a list has no place in a story",
                                   line)
                    i = _skip(tokens, i)
                    continue
                stack.append("quote")
            elif t.type in ("bullet_list_open", "ordered_list_open"):
                if stack:
                    self.src.error("a list inside a quote or a list has no place in a story "
                                   "(set it as paragraphs)", line)
                    i = _skip(tokens, i)
                    continue
                stack.append("list")
                self.groups += 1
            elif t.type == "list_item_open":
                mark = (self.bullet if t.markup in "-+*" else
                        f"{t.info}{'.' if t.markup == '.' else ')'}")
                item, first = (mark, self.groups), True
            elif t.type == "list_item_close":
                if first:
                    self.src.error("an empty list item", line)
                item = None
            elif t.type in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
                stack.pop()
            elif t.type == "table_open":
                self.src.error("a table has no place in a story: set it as a `type: table` "
                               "block", line)
                i = _skip(tokens, i)
                continue
            elif t.type == "paragraph_open":
                inl = tokens[i + 1]
                if item is not None:
                    self._inline(inl, "item", item[0] if first else "", item[1])
                    first = False
                elif stack:
                    self._inline(inl, "quote")
                else:
                    self._inline(inl, "body")
                i += 3
                continue
            i += 1
        return tuple(_ordinals(self.out, self.groups))

    def _at(self, line: int, col: int) -> tuple[int, int]:
        p = self.src.pos(line, col)
        return p.line, p.col

    def _inline(self, tok, role: str, marker: str = "", group: int = 0) -> None:
        """One paragraph's inline content: text with its runs, each character located."""
        first, last = tok.map
        raw = tok.content
        # where each line of the inline content stands in its source line
        offs: list[tuple[int, int]] = []  # (offset in raw where the line starts, line no)
        pos = 0
        for k, ln in enumerate(raw.split("\n")):
            n = min(first + k, last - 1, len(self.src.lines) - 1)
            s = self.src.lines[n]
            col = len(s) - len(ln.rstrip()) if s.endswith(ln.rstrip()) else max(0, s.find(ln))
            offs.append((pos, n, col))
            pos += len(ln) + 1

        def at(i: int) -> tuple[int, int]:
            start, n, col = next(o for o in reversed(offs) if o[0] <= i)
            return self._at(n, col + i - start)

        para = _Para()
        if marker:
            for ch in marker:
                para.add(ch, at(0))
        cursor = 0
        opened: dict[str, list[int]] = {"strong": [], "em": []}
        for child in tok.children or ():
            if child.type in ("strong_open", "em_open"):
                kind = "strong" if child.type == "strong_open" else "em"
                opened[kind].append(len(para.text))
                cursor = raw.find(child.markup, cursor) + len(child.markup)
            elif child.type in ("strong_close", "em_close"):
                kind = "strong" if child.type == "strong_close" else "em"
                start = opened[kind].pop()
                if len(para.text) > start:
                    para.spans.append((start, len(para.text), kind))
                cursor = raw.find(child.markup, cursor) + len(child.markup)
            elif child.type in ("softbreak", "hardbreak"):
                nl = raw.find("\n", cursor)
                cursor = nl + 1 if nl >= 0 else cursor
            else:
                if child.type == UNMATCHED:
                    at_ = raw.find("*", cursor)
                    line, col = at(max(at_, cursor))
                    self.src.diags.error("an asterisk opens or closes emphasis here but its "
                                         "partner is missing (write \\* for a literal "
                                         "asterisk)", Pos(self.src.file, line, col))
                for ch in child.content:
                    found = raw.find(ch, cursor)
                    para.add(ch, at(found if found >= 0 else cursor))
                    cursor = found + 1 if found >= 0 else cursor
        if not para.text or len(para.text) == len(marker):
            if role == "item":
                self.src.error("an empty list item", first)
            return
        if role == "subhead" and para.spans:
            self.src.error("a subhead is set in its own face: no ** or * inside it", first)
        text = "".join(para.text)
        self.out.append(Paragraph(text, para.starts(), self.src.file, role,
                                  tuple(sorted(para.spans)), len(marker), group))


def _skip(tokens, i: int) -> int:
    """The index after the container opened at `i`."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j + 1
    return len(tokens)


def _ordinals(paras: list[Paragraph], groups: int) -> list[Paragraph]:
    """Body paragraphs that open with a Chinese ordinal (一、 （一）) become items that hang on
    it; consecutive ones of one pattern form one list."""
    from dataclasses import replace

    out: list[Paragraph] = []
    prev = ""
    for p in paras:
        m = ORDINAL.match(p.text) if p.role == "body" else None
        if m is None:
            out.append(p)
            prev = ""
            continue
        kind = _pattern(m.group())
        if kind != prev:
            groups += 1
        prev = kind
        out.append(replace(p, role="item", marker=m.end(), group=groups))
    return out


def _pattern(marker: str) -> str:
    if marker.endswith("、"):
        return "、"
    if marker.startswith("（"):
        return "（）" + ("1" if marker[1].isdigit() else "一")
    return "①"


def strong_runs(p: Paragraph) -> list[Paragraph]:
    """A paragraph's run-ins as paragraphs of their own, located (they are set in another
    face, whose characters are checked apart)."""
    return [Paragraph(p.text[a:b], _located(p, a, b), p.file)
            for a, b, k in p.spans if "strong" in k]


def _loc(p: Paragraph, i: int) -> tuple[int, int]:
    pos = p.pos(i)
    return pos.line, pos.col


def _located(p: Paragraph, a: int, b: int) -> tuple[tuple[int, int, int], ...]:
    out: list[tuple[int, int, int]] = []
    for i in range(a, b):
        line, col = _loc(p, i)
        if not out or (line, col) != (out[-1][1], out[-1][2] + (i - a) - out[-1][0]):
            out.append((i - a, line, col))
    return tuple(out)
