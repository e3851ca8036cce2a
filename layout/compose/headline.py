"""Display lines (R17): headlines, labels, slogans.

A headline is set solid on one line when it can be; a style with a `fit` range takes the
largest size in that range that fills the block's width. When a line cannot fit even at the
smallest size, it breaks into balanced lines at word boundaries: a segmenter finds the words (so
焦作市 and 党代会 stay whole), kinsoku keeps marks with their words, and the break points are
chosen so that the longest line is as short as possible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from . import cjk
from .lines import Line, Metrics, Typesetting, compose_paragraph

LINE_PITCH = 1.2  # display lines stand 1.2 × their size apart unless the style says otherwise
MAX_PARTS = 4


def _segment(part: str) -> list[str]:
    """Dictionary segmentation. Loading the segmenter's dictionary costs about 0.15 s, so the
    words of each headline are kept in a small cache beside the fonts; a designer's re-render of
    the same headlines never loads it."""
    key = f"{_segmenter_id()}:{part}"
    cache = _word_cache()
    if key not in cache:
        import rjieba

        cache[key] = [w for w in rjieba.cut(part) if w]
        _save_word_cache(cache)
    return list(cache[key])


_CACHE: dict[str, list[str]] | None = None


@lru_cache(maxsize=1)
def _segmenter_id() -> str:
    """Which segmenter build made a cached entry (size and mtime of its module file), found
    without importing it: another build may cut words differently."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("rjieba")
    origin = spec.origin if spec else None
    if spec and spec.submodule_search_locations:
        folder = list(spec.submodule_search_locations)[0]
        libs = sorted(f for f in os.listdir(folder) if f.endswith((".so", ".pyd")))
        origin = os.path.join(folder, libs[0]) if libs else origin
    st = os.stat(origin) if origin else None
    return f"{st.st_size}-{int(st.st_mtime)}" if st else "none"


def _cache_path():
    import os
    from pathlib import Path

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "banmian" / "words.json"


def _word_cache() -> dict[str, list[str]]:
    global _CACHE
    if _CACHE is None:
        import json

        try:
            _CACHE = json.loads(_cache_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            _CACHE = {}
    return _CACHE


def _save_word_cache(cache: dict[str, list[str]]) -> None:
    import json

    from ..diag import OutputError
    from ..output import write_atomic

    try:
        write_atomic(_cache_path(), json.dumps(cache, ensure_ascii=False).encode("utf-8"),
                     durable=False)
    except OutputError:
        pass  # a cache that cannot be written only costs time


@lru_cache(maxsize=256)
def words(text: str) -> tuple[str, ...]:
    """Word-sized pieces a headline may break between: dictionary words (so 焦作市 stays whole),
    spaces as their own pieces, and marks glued to their word as R1/R2 require."""
    raw: list[str] = []
    for part in text.replace(" ", "\u3000").split("\u3000"):
        if raw:
            raw.append("\u3000")
        raw.extend(_segment(part))
    out: list[str] = []
    glue_next = False
    for w in raw:
        if out and (glue_next or w[0] in cjk.NO_START):
            out[-1] += w
        else:
            out.append(w)
        glue_next = w[-1] in cjk.NO_END
    return tuple(out)


def display_width(text: str, m: Metrics, ts: Typesetting) -> float:
    """Natural width in em of `text` set on one line; letter-spacing goes between characters,
    not after the last."""
    ls = compose_paragraph(text.strip("\u3000 "), m, 1.0, 1e9, 0.0, justify=False, ts=ts)
    return ls[0].width - ts.tracking if ls else 0.0


def balanced(pieces: tuple[str, ...], parts: int, m: Metrics, ts: Typesetting) -> list[str]:
    """Split `pieces` into `parts` consecutive lines minimising the widest line."""
    n = len(pieces)
    parts = min(parts, n)
    width = {(i, j): display_width("".join(pieces[i:j]), m, ts)
             for i in range(n) for j in range(i + 1, n + 1)}
    inf = float("inf")
    # best[k][j]: smallest max width setting pieces[:j] on k lines
    best = [[inf] * (n + 1) for _ in range(parts + 1)]
    cut = [[0] * (n + 1) for _ in range(parts + 1)]
    best[0][0] = 0.0
    for k in range(1, parts + 1):
        for j in range(1, n + 1):
            for i in range(k - 1, j):
                v = max(best[k - 1][i], width[(i, j)])
                if v < best[k][j] - 1e-9:
                    best[k][j], cut[k][j] = v, i
    lines, j = [], n
    for k in range(parts, 0, -1):
        i = cut[k][j]
        lines.append("".join(pieces[i:j]).strip("\u3000 "))
        j = i
    return lines[::-1]


@dataclass(frozen=True, slots=True)
class Misfit:
    """Why a display deck does not fit its room, in the numbers a designer acts on."""

    widest: str  # the widest line as set
    lines: int  # lines it is set on
    least: float  # pt: the least size its style allows
    wide: float  # pt: the widest line at the least size
    width: float  # pt: the room's width
    tall: float  # pt: these lines at the least size
    height: float  # pt: the room's height
    fits_at: float  # pt: the largest size these lines fit at, width and height
    more: tuple[int, float] | None  # broken once more: (lines, pt tall at the least size),
    #                                 when that fits the width

    @property
    def too_wide(self) -> bool:
        return self.wide > self.width + 0.01

    def rows(self, lead: float) -> tuple[int, int]:
        """(grid lines it would need, grid lines it has): the width alone needs none more."""
        have = max(0, int(self.height / lead + 1e-6))
        tall = self.more[1] if self.more else None if self.too_wide else self.tall
        return (have if tall is None else max(1, math.ceil(tall / lead - 1e-6)), have)

    def say(self, part: str, zi: float, lead: float, *, key: str, now: int | None,
            note: str = "", style: str = "", fit: tuple[float, float] | None = None) -> str:
        """The message: `part` ("the headline", "the label '…'"), what does not fit, the room it
        had in 字 and grid lines, and the fixes: more lines (`key: N`, from `now` lines where
        the room has the deck's share of them; `note` says who has the rest), a smaller
        size, a wider block."""
        from ..units import pt_text

        rows = max(0, int(self.height / lead + 1e-6))
        least = pt_text(self.least) + (", its least size," if fit else "")

        def lines_fix(need_pt: float) -> str:
            more = max(1, math.ceil(need_pt / lead - 1e-6)) - rows
            if now is None:
                return f"{more} more lines"
            return key.format(now + more) if "{}" in key else f"{key}: {now + more}"

        fixes = []
        if self.too_wide:
            on = f" of its {self.lines}" if self.lines > 1 else ""
            what = (f"{part} does not fit its width: at {least} the "
                    f"widest line{on}, '{self.widest}', is "
                    f"{math.ceil(self.wide / zi - 0.05)}字 and the block "
                    f"{math.floor(self.width / zi + 0.05)}字 wide")
            if self.more is not None:
                n, tall = self.more
                what += (f"; on {n} lines it would need "
                         f"{math.ceil(tall / lead - 1e-6)} lines, where it has {rows}{note}")
                fixes.append(lines_fix(tall))
        else:
            its = "its line" if self.lines == 1 else f"its {self.lines} lines"
            what = (f"{part} does not fit its height: {its} at {least} need"
                    f"{'s' if self.lines == 1 else ''} {math.ceil(self.tall / lead - 1e-6)} "
                    f"lines, where it has {rows}{note}")
            fixes.append(lines_fix(self.tall))
        if self.fits_at >= 5:
            size = pt_text(self.fits_at, "down")
            fixes.append(f"fit: [{size}, {pt_text(fit[1])}]" if fit else
                         f"a smaller size ({size} fits{f', style {style}' if style else ''})")
        if self.too_wide and self.more is None:
            fixes.append("a wider block")
        return what + ": " + (", ".join(fixes[:-1]) + " or " if len(fixes) > 1 else "") \
            + fixes[-1]


@dataclass(frozen=True, slots=True)
class Display:
    lines: tuple[Line, ...]
    size: float
    pitch: float  # pt between baselines
    misfit: Misfit | None  # why it does not fit, if it does not

    @property
    def problem(self) -> Misfit | None:
        return self.misfit


def compose_display(texts: list[str], m: Metrics, size: float, fit: tuple[float, float] | None,
                    leading: float | None, width: float, height: float, align: str,
                    ts: Typesetting, zi: float = 9.0) -> Display:
    """Choose the size and the line breaks of a display block `width` × `height` pt."""
    lo, hi = fit if fit else (size, size)
    parts = [1] * len(texts)

    def setting() -> tuple[list[str], float]:
        lines = [ln for t, k in zip(texts, parts, strict=True)
                 for ln in (balanced(words(t), k, m, ts) if k > 1 else [t])]
        widest = max(display_width(t, m, ts) for t in lines) or 1e-9
        s = min(hi, width / widest)
        n = len(lines)
        pitch_per_pt = (leading / size) if leading else LINE_PITCH
        s = min(s, height / (n * pitch_per_pt) if n > 1 else height)
        return lines, s

    lines, s = setting()
    problem: Misfit | None = None
    while s < lo - 1e-6:
        # break the line that holds the size down into one more part, while that helps
        widths = [display_width(t, m, ts) / k for t, k in zip(texts, parts, strict=True)]
        i = max(range(len(texts)), key=lambda k: widths[k])
        if parts[i] >= MAX_PARTS or parts[i] >= len(words(texts[i])):
            break
        parts[i] += 1
        new_lines, new_s = setting()
        if new_s <= s + 1e-6:
            parts[i] -= 1
            break
        lines, s = new_lines, new_s
    if s < lo - 1e-6:
        problem = _misfit(texts, parts, lines, s, lo, width, height, m, ts,
                          (leading / size) if leading else LINE_PITCH)
        s = lo
    pitch = leading if leading else s * LINE_PITCH
    out = []
    for n, text in enumerate(lines):
        ls = compose_paragraph(text, m, s, 1e9, 0.0, para=n, justify=False, ts=ts)
        glyphs = [g for ln in ls for g in ln.glyphs]
        natural = ls[0].width - ts.tracking * s if ls else 0.0  # no spacing after the last
        shift = {"center": (width - natural) / 2, "right": width - natural}.get(align, 0.0)
        dashes = tuple((x0 + shift, x1 + shift, t) for ln in ls for x0, x1, t in ln.dashes)
        out.append(Line(tuple(replace(g, x=g.x + shift) for g in glyphs), natural + shift,
                        width, 0.0, n, True, True, natural > width + 0.01, text,
                        dashes=dashes))
    return Display(tuple(out), s, pitch, problem)


def _misfit(texts: list[str], parts: list[int], lines: list[str], fits_at: float, lo: float,
            width: float, height: float, m: Metrics, ts: Typesetting, per_pt: float) -> Misfit:
    """The numbers of a deck that does not fit at its least size, and whether one more line
    break would make it fit the width (the height it would then need)."""

    def tall(n: int) -> float:
        return lo if n == 1 else n * lo * per_pt

    widest = max(lines, key=lambda t: display_width(t, m, ts))
    wide = display_width(widest, m, ts) * lo
    more = None
    k = list(parts)
    while wide > width + 0.01 and more is None:  # break the widest line again, while it can
        i = max(range(len(texts)), key=lambda j: display_width(texts[j], m, ts) / k[j])
        if k[i] >= MAX_PARTS or k[i] >= len(words(texts[i])):
            break
        k[i] += 1
        again = [ln for t, n in zip(texts, k, strict=True)
                 for ln in (balanced(words(t), n, m, ts) if n > 1 else [t])]
        if max(display_width(t, m, ts) for t in again) * lo <= width + 0.01:
            more = (len(again), tall(len(again)))
    return Misfit(widest, len(lines), lo, wide, width, tall(len(lines)), height, fits_at, more)
