"""Stories with structure: `## ` subheads (in the subhead style, kept with the next two lines,
never at a column's foot, on whole grid lines) and columns that end together by default."""

from __future__ import annotations

from collections import defaultdict

from layout.pagemodel import GlyphRun
from layout.pipeline import build

HEAD = """\
meta: {title: 测试版, date: 2024-05-06}
page: {preset: A3}
body: {size: 小五, leading: 13.5pt}
grid: {columns: 4, column: 13, gutter: 1}
blocks:
  - id: story
    type: text
    at: {col: 1, span: 3, line: 1, lines: LINES}
    columns: 3
    file: story.txt
"""
SENTENCE = "全区地区生产总值完成34.8亿元，同比增长5.4%，经济社会继续保持良好的发展态势。"


def story(tiny, text: str, lines: int | str = "auto", extra: str = ""):
    spec = tiny(HEAD.replace("LINES", str(lines)) + extra, files={"story.txt": text})
    built, _ = build(spec)
    return built


def columns_of(built, block: str = "story") -> dict[int, list[GlyphRun]]:
    """The block's runs by text column (their x), top to bottom."""
    cols: dict[int, list[GlyphRun]] = defaultdict(list)
    for r in built.layout.of(GlyphRun):
        if r.block == block:
            cols[round(r.x / 10)].append(r)
    return {k: sorted(v, key=lambda r: r.y) for k, v in sorted(cols.items())}


def row(built, r: GlyphRun) -> float:
    g = built.layout.grid
    return (r.y - g.baseline(1)) / g.leading + 1


def test_a_subhead_is_set_in_its_style_on_whole_lines(tiny):
    built = story(tiny, f"{SENTENCE * 3}\n\n## 小标题一\n\n{SENTENCE * 3}\n")
    subs = [r for r in built.layout.of(GlyphRun) if r.role == "subhead"]
    assert [r.text for r in subs] == ["小标题一"]
    st = built.spec.styles["subhead"]
    assert subs[0].font == st.font and subs[0].size == st.size
    body = [r for r in built.layout.of(GlyphRun) if r.role == "body"]
    for r in body:  # every body line still on a grid line
        assert abs(row(built, r) - round(row(built, r))) < 1e-6
    below = [r for r in body if r.x == subs[0].x and r.y > subs[0].y]
    assert below and round(row(built, below[0])) - row(built, subs[0]) >= 1


def test_a_subhead_never_stands_at_a_column_foot(tiny):
    """The first paragraph ends on each row of a 12-line column in turn: wherever the subhead
    falls, it has its next two lines under it in its column, so it never stands in the last
    two rows, and the body lines stay on the grid."""
    rows_seen = set()
    for k in range(60, 200, 13):  # about one line more each time
        text = (SENTENCE * 6)[:k] + "。\n\n## 小标题\n\n" + SENTENCE * 2 + "\n"
        built = story(tiny, text, 12)
        assert built.report.ok
        sub = next(r for r in built.layout.of(GlyphRun) if r.role == "subhead")
        under = [r for r in built.layout.of(GlyphRun) if r.role == "body"
                 and abs(r.x - sub.x) < 1 and r.y > sub.y]
        assert len(under) >= 2, (k, row(built, sub))  # kept with the next two lines
        assert row(built, sub) <= 12 - 2
        rows_seen.add(round(row(built, sub)))
    assert len(rows_seen) > 5  # the subhead did land on many rows, the first among them


def test_columns_end_together_and_share_what_they_lack(tiny):
    """A story of 3 columns balances by default: no column ends more than a line short of
    another, and the short ones are the last."""
    for n in range(6, 14):
        built = story(tiny, SENTENCE * n + "\n")
        counts = [len(v) for v in columns_of(built).values()]
        assert max(counts) - min(counts) <= 1, (n, counts)
        assert counts == sorted(counts, reverse=True), (n, counts)


def test_balance_false_fills_the_columns_in_turn(tiny):
    text = SENTENCE * 8 + "\n"
    spec = tiny(HEAD.replace("LINES", "30").replace("    columns: 3\n",
                                                     "    columns: 3\n    balance: false\n"),
                files={"story.txt": text})
    built, _ = build(spec)
    counts = [len(v) for v in columns_of(built).values()]
    assert counts[0] == 30 or len(counts) == 1  # the first column full before the next
