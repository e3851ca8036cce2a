"""Pages the arranger has never seen: seeded random stories, headlines and photos on random
grids, none with an `at:` but the page's headline — and a measure of blank runs read from the
page model, as `holes` reads them from a PDF (the middle half of each grid column)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from layout.pagemodel import Box, GlyphRun, Group, Picture, Stroke, VerticalRun

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted((ROOT / "data").glob("*/text/*.txt"))
PAGES = [  # preset, columns, 字 per column, body size (grids that fit each page)
    ("A3", 6, 11, "小五"), ("A3", 5, 13, "小五"), ("A3", 4, 14, "五号"),
    ("tabloid", 5, 14, "小五"), ("tabloid", 6, 11, "小五"), ("broadsheet", 8, 13, "小五"),
    ("broadsheet", 7, 15, "小五"), ("A3", 6, 12, "小五"),
]
ASPECTS = ["4:3", "3:2", "3:4", "1:1", "16:9", "2:3"]


def sentences() -> list[str]:
    out = []
    for f in TEXTS:
        for s in re.split(r"(?<=[。！？])", f.read_text(encoding="utf-8")):
            s = s.strip().lstrip("#").strip()
            if 12 <= len(s) <= 120 and "##" not in s:
                out.append(s)
    return out


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a YAML string whatever the words hold


def page(seed: int) -> tuple[str, dict[str, str]]:
    """A spec and its text files: a fixed headline, then stories and photos to arrange.

    The page is made so that it can be filled: stacks of whole columns are drawn first, each
    given stories whose text takes about part of its height and a photo whose own proportions
    take about the rest. The spec then lists the blocks in reading order with no `at:`, so
    the arranger has to find a filling again (not necessarily the same one)."""
    rnd = random.Random(seed)
    pool = sentences()
    preset, cols, zi, size = rnd.choice(PAGES)
    pt = {"小五": 9.0, "五号": 10.5}[size]
    leading = 13.5 if size == "小五" else 15.0
    type_h = {"A3": 380, "tabloid": 350, "broadsheet": 490}[preset] * 72 / 25.4
    head = rnd.randint(4, 7)
    height = int(type_h // leading) - head - 1  # the arranger's ground under the headline
    spec = [f"meta: {{title: 自动版面{seed}, date: 2024-05-06}}",
            f"page: {{preset: {preset}}}",
            f"body: {{size: {size}, leading: {leading}pt}}",
            f"grid: {{columns: {cols}, column: {zi}, gutter: 1}}",
            "styles:",
            "  headline: {font: hei-black, size: 40pt, fit: [20pt, 48pt], color: red, "
            "align: center}",
            "  title: {font: hei, size: 三号, fit: [12pt, 16pt], align: center}",
            "blocks:",
            "  - id: headline", "    type: headline",
            f"    at: {{span: all, lines: {head}}}",
            f"    text: {q(rnd.choice(pool)[:10].rstrip('，、；：'))}"]
    files: dict[str, str] = {}
    widths, left = [], cols
    while left:
        w = rnd.choice([k for k in (1, 2, 2, 3) if k <= left])
        widths.append(w)
        left -= w
    k = 0
    for w in widths:
        room, count = height, rnd.randint(1, 2)
        for n in range(count):
            lines = int(room * rnd.uniform(0.35, 0.6) / (count - n))
            chars = max(40, int(lines * w * zi * 0.85))
            paras, total = [], 0
            while total < chars:
                para = "".join(rnd.choice(pool) for _ in range(rnd.randint(1, 3)))
                para = para[:chars - total + 12].rstrip("，、；：")
                paras.append(para + ("" if para[-1] in "。！？" else "。"))
                total += len(para)
            files[f"text/s{k}.txt"] = "\n\n".join(paras) + "\n"
            titled = rnd.random() < 0.6
            if titled:
                spec += [f"  - id: s{k}-title", "    type: headline", "    style: title",
                         f"    text: {q(rnd.choice(pool)[:10].rstrip('，、；：。'))}"]
            spec += [f"  - id: s{k}", "    type: text", f"    file: text/s{k}.txt"]
            if k == 0 and rnd.random() < 0.3:
                spec.append("    priority: 1")
            room -= lines + 1 + 2 * titled
            last = n == count - 1
            if last or rnd.random() < 0.4:  # a photo: the stack's last one takes the rest
                rows = max(6, room - 1 if last else int(room * 0.4))
                width = (w * zi + w - 1) * pt
                aspect = width / max(3 * leading, (rows - 1.5) * leading)
                spec += [f"  - id: p{k}", "    type: photo", "    placeholder: true",
                         f"    aspect: {min(10.0, max(0.1, aspect)):.3f}",
                         f"    caption: {q(rnd.choice(pool)[:14].rstrip('，、；：。'))}"]
                room -= rows + 1
            k += 1
    return "\n".join(spec) + "\n", files


def write(folder: Path, seed: int) -> Path:
    text, files = page(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(body, encoding="utf-8")
    spec = folder / "page.yaml"
    spec.write_text(text, encoding="utf-8")
    return spec


def blank_runs(layout, from_line: int = 1) -> dict[tuple[int, int], tuple[int, int]]:
    """The longest run of blank grid lines in each page column, from grid line `from_line` to
    the foot: a line is taken where a picture, chart, box, rule or display block stands, or
    where a line of text has glyphs in that column (so a story's short column and a frame the
    text does not fill count as blank). Each column's (length, first line) of its longest."""
    g = layout.grid
    taken: dict[tuple[int, int], set[int]] = {}
    texts = {b.block for b in layout.items if isinstance(b, GlyphRun) and b.role == "body"}

    def cover(x0: float, x1: float, y0: float, y1: float) -> None:
        l0 = max(1, int((y0 - g.y0) // g.leading) + 1)
        l1 = min(g.lines, int((y1 - g.y0 - 0.01) // g.leading) + 1)
        for p in range(g.pages):
            for c in range(1, g.columns + 1):
                x = g.col_x(p, c)
                if x0 < x + g.column_w - 0.01 and x1 > x + 0.01:
                    taken.setdefault((p, c), set()).update(range(l0, l1 + 1))

    for bb in layout.blocks:
        if bb.id not in texts:  # pictures, charts, display lines, rules: the whole block
            cover(bb.rect.x, bb.rect.x1, bb.rect.y, bb.rect.y1)
    for it in layout.items:
        if isinstance(it, GlyphRun) and it.glyphs:
            cover(it.x, it.x + max(it.width, 0.1), it.y - 0.5 * it.size, it.y)
        elif isinstance(it, Picture | Group | Box) or isinstance(it, VerticalRun | Stroke):
            continue
    out = {}
    for key in [(p, c) for p in range(g.pages) for c in range(1, g.columns + 1)]:
        lines = taken.get(key, set())
        run, worst = 0, (0, 0)
        for ln in range(from_line, g.lines + 1):
            run = 0 if ln in lines else run + 1
            worst = max(worst, (run, ln - run + 1))
        out[key] = worst
    return out
