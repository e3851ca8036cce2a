"""Search terms and hits, the same for every index backend.

A query and the indexed text are folded the same way before they are compared: full-width
digits and Latin letters become half-width (as the render's R11 sets them), and Latin letters
lower case. Folding maps one character to one character, so an offset in the folded text is the
same offset in the text as printed, and highlights land on the printed characters.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# R11's ranges (layout/compose/normalize.py): ０-９, Ａ-Ｚ, ａ-ｚ; and A-Z to lower case
_FOLD = {**{c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)},
         **{c: c - 0xFEE0 + 0x20 for c in range(0xFF21, 0xFF3B)},
         **{c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)},
         **{c: c + 0x20 for c in range(0x41, 0x5B)}}

# Highlight marks. On a terminal: reverse video and bold (ANSI), which no text can contain.
# Elsewhere (a pipe, a file): ⟦ ⟧ (U+27E6/U+27E7, mathematical white square brackets), which
# Chinese news copy does not use, unlike 【】 and 〖〗; --json gives exact offsets instead.
TTY_MARKS = ("\x1b[1;7m", "\x1b[0m")
PLAIN_MARKS = ("\u27e6", "\u27e7")


def fold(text: str) -> str:
    """Full-width digits and Latin letters half-width, Latin letters lower case; same length."""
    return text.translate(_FOLD)


def is_word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN"


def word_grams(text: str) -> list[str]:
    """Single letters or digits and pairs of adjacent ones, folded: the tokens of the gram
    index, for terms of one or two characters (园, 后扶), which trigrams cannot match."""
    t = fold(text)
    ok = [is_word_char(ch) for ch in t]
    out = {ch for ch, w in zip(t, ok, strict=True) if w}
    out.update(t[i:i + 2] for i in range(len(t) - 1) if ok[i] and ok[i + 1])
    return sorted(out)


@dataclass(frozen=True)
class Query:
    """What `banmian search` asks: folded terms (all must occur in a block), a date range,
    one page of results (offset, limit) and whether superseded versions count."""

    terms: tuple[str, ...]
    date_from: str | None = None
    date_to: str | None = None
    limit: int = 100
    offset: int = 0
    all_versions: bool = False

    @classmethod
    def parse(cls, text: str, **kw) -> Query:
        # str.split() splits at the ideographic space (U+3000) too; repeated terms count once
        terms = tuple(dict.fromkeys(fold(t) for t in text.split()))
        return cls(terms, **kw)


@dataclass(frozen=True)
class Hit:
    """One block of one archived version that contains every term."""

    entry_id: str
    edition: str
    date: str
    version: int
    title: str
    page: int
    folio: str
    block: str
    text: str  # the block's text as printed
    score: int  # occurrences of the terms in the block: the rank within one date
    latest: bool = True  # False for a superseded version (only with --all-versions)

    def matches(self, terms: tuple[str, ...]) -> list[tuple[int, int]]:
        """(start, end) of every occurrence of every term in the text, merged where they
        overlap, in text order."""
        folded = fold(self.text)
        spans = []
        for t in terms:
            i = folded.find(t)
            while i >= 0:
                spans.append((i, i + len(t)))
                i = folded.find(t, i + 1)
        spans.sort()
        merged: list[tuple[int, int]] = []
        for a, b in spans:
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        return merged

    def snippet(self, terms: tuple[str, ...], width: int = 18
                ) -> tuple[str, list[tuple[int, int]]]:
        """Up to `width` characters either side of the first match, on one line, and where
        the matches are in it (start, end offsets in the snippet)."""
        spans = self.matches(terms)
        first = spans[0] if spans else (0, 0)
        a = max(0, first[0] - width)
        b = min(len(self.text), first[1] + width)
        lead = "…" if a else ""
        body = self.text[a:b].replace("\n", " ")
        snip = lead + body + ("…" if b < len(self.text) else "")
        shift = len(lead) - a
        inside = [(max(s, a) + shift, min(e, b) + shift) for s, e in spans if s < b and e > a]
        return snip, inside


def mark(snippet: str, spans: list[tuple[int, int]], marks: tuple[str, str]) -> str:
    out, at = [], 0
    for s, e in spans:
        out += [snippet[at:s], marks[0], snippet[s:e], marks[1]]
        at = e
    out.append(snippet[at:])
    return "".join(out)
