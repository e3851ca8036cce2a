"""Places the engine works out: `below`/`right_of` with `gap`, `span: all`, `col: auto`,
`lines: auto` (as tall as the content) and `lines: fill` (the room that is left), in spec
order; and what no longer fits the page is overset (exit 1), never a geometry error."""

from __future__ import annotations

import io
import math

from conftest import TINY
from layout.cli import main
from layout.pipeline import arranged, build

HEAD = """\
meta: {title: 测试版, date: 2024-05-06}
page: {preset: A3}
body: {size: 小五, leading: 13.5pt}
grid: {columns: 4, column: 13, gutter: 1}
blocks:
  - id: title
    type: headline
    style: subtitle
    at: {col: 1, span: 4, line: 1, lines: 4}
    text: 测试标题
"""
STORY = "今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。"


def cells(tiny, blocks: str, text: str = HEAD) -> dict:
    spec, grid, _ = arranged(tiny(text + blocks))
    return {b.id: b.cell for b in spec.blocks} | {"_grid": grid, "_pushed": dict(spec.pushed)}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_below_starts_a_gap_under_the_block(tiny):
    c = cells(tiny, f"""  - id: a
    type: text
    at: {{below: title, span: 2, lines: 5}}
    text: {STORY}
  - id: b
    type: text
    at: {{below: a, lines: 3}}
    text: {STORY}
  - id: c
    type: text
    at: {{below: b, gap: 0, lines: 3}}
    text: {STORY}
  - id: d
    type: text
    at: {{below: c, gap: 3, col: 2, span: 1, lines: 2}}
    text: {STORY}
""")
    assert (c["a"].col, c["a"].span, c["a"].line) == (1, 2, 6)  # title ends on 4, a gap of 1
    assert (c["b"].col, c["b"].span, c["b"].line) == (1, 2, 12)  # col and span from 'a'
    assert c["c"].line == 15  # gap: 0
    assert (c["d"].col, c["d"].span, c["d"].line) == (2, 1, 21)


def test_right_of_starts_in_the_next_column_on_the_same_line(tiny):
    c = cells(tiny, f"""  - id: a
    type: text
    at: {{col: 1, span: 2, line: 8, lines: 5}}
    text: {STORY}
  - id: b
    type: text
    at: {{right_of: a, lines: 5}}
    text: {STORY}
""")
    assert (c["b"].col, c["b"].span, c["b"].line) == (3, 2, 8)  # the rest of the columns


def test_span_all_and_page_spread(tiny):
    text = HEAD.replace("page: {preset: A3}", "page: {preset: A3, spread: true}")
    c = cells(tiny, f"""  - id: across
    type: rule
    at: {{page: spread, span: all, below: title, gap: 0, lines: 1}}
    rule: {{style: thin}}
  - id: page
    type: text
    at: {{page: 2, span: all, line: 10, lines: 4}}
    text: {STORY}
""", text)
    assert (c["across"].page, c["across"].col, c["across"].span) == (-1, 1, 8)
    assert (c["page"].page, c["page"].col, c["page"].span) == (1, 1, 4)


def test_col_auto_takes_the_column_where_it_starts_highest(tiny):
    c = cells(tiny, f"""  - id: left
    type: text
    at: {{col: 1, span: 1, line: 6, lines: 30}}
    text: {STORY}
  - id: right
    type: text
    at: {{col: 3, span: 2, line: 6, lines: 10}}
    text: {STORY}
  - id: next
    type: text
    at: {{col: auto, span: 2, lines: 3}}
    text: {STORY}
""")
    # columns 1–2 are taken to line 35 by 'left'; 2–3 and 3–4 to line 15 by 'right': both
    # start on line 17, and the one further left wins
    assert (c["next"].col, c["next"].line) == (2, 17)


def test_lines_auto_is_as_tall_as_the_content(tiny):
    c = cells(tiny, f"""  - id: one
    type: text
    at: {{below: title, span: 1, lines: auto}}
    text: {STORY * 4}
  - id: two
    type: text
    at: {{right_of: one, span: 2, lines: auto}}
    text: {STORY * 4}
  - id: pic
    type: photo
    placeholder: true
    aspect: 2:1
    at: {{right_of: two, span: 1}}
    caption: 一行图片说明
""")
    g = c["_grid"]
    assert c["two"].lines == math.ceil(c["one"].lines / 2)  # the same lines, balanced in two
    built_rows = c["pic"].lines  # the frame at 2:1 on the column's width, then the caption
    frame = g.column_w / 2 / g.leading
    assert built_rows == math.ceil(frame + 0.5 - 0.25) + 1


def test_lines_auto_text_ends_on_its_last_line(tiny, monkeypatch):
    path = tiny(HEAD + f"""  - id: s
    type: text
    at: {{below: title, span: 2, lines: auto}}
    text: {STORY * 6}
""")
    built, _ = build(path)
    fit = next(f for f in built.report.fits if f.block == "s")
    assert fit.ok and fit.empty == 0 and fit.used == fit.capacity


def test_lines_fill_leaves_room_for_the_blocks_below(tiny):
    c = cells(tiny, f"""  - id: story
    type: text
    at: {{below: title, span: 2, lines: fill}}
    text: {STORY}
  - id: under
    type: text
    at: {{below: story, lines: 6}}
    text: {STORY}
""")
    g = c["_grid"]
    assert c["under"].line + c["under"].lines - 1 == g.lines  # down to the foot
    assert c["story"].line == 6 and c["under"].line == c["story"].line + c["story"].lines + 1


def test_a_taller_headline_moves_what_follows(tiny):
    """The acceptance's edit in small: 4 → 12 lines of headline, everything below follows."""
    blocks = f"""  - id: a
    type: text
    at: {{below: title, span: 2}}
    text: {STORY * 3}
  - id: b
    type: text
    at: {{right_of: a}}
    text: {STORY * 3}
  - id: c
    type: text
    at: {{below: a, span: all}}
    text: {STORY}
"""
    before = cells(tiny, blocks)
    after = cells(tiny, blocks, HEAD.replace("line: 1, lines: 4}", "line: 1, lines: 12}"))
    for k in "abc":
        assert after[k].line == before[k].line + 8, k


def test_content_past_the_foot_is_overset_not_a_geometry_error(tiny, monkeypatch):
    path = tiny(HEAD + f"""  - id: long
    type: text
    at: {{below: title, span: 1}}
    text: {STORY * 60}
  - id: after
    type: text
    at: {{below: long}}
    text: {STORY}
""")
    monkeypatch.chdir(path.parent)
    code, out, err = run("check", path.name)
    assert code == 1, err
    assert "long" in out and "after" in out and "no room on the page" in out


def test_a_narrower_grid_takes_the_columns_there_are(tiny, monkeypatch):
    """A spec written for 4 columns on a 3-column grid: the relative span is cut to the page
    (an absolute col and span that do not fit stay an error at the key)."""
    text = HEAD.replace("columns: 4", "columns: 3").replace("span: 4", "span: all")
    c = cells(tiny, f"""  - id: a
    type: text
    at: {{below: title, col: 2, span: 3, lines: 4}}
    text: {STORY}
""", text)
    assert (c["a"].col, c["a"].span) == (2, 2)


def test_relative_places_resolve_in_spec_order(tiny, monkeypatch):
    """Following a later block is an error at the key: there are no cycles to resolve."""
    path = tiny(TINY.replace("at: {col: 1, span: 4, line: 1, lines: 4}",
                             "at: {below: story, lines: 4}"))
    monkeypatch.chdir(path.parent)
    code, out, err = run("check", path.name)
    assert code == 2 and len(err.splitlines()) == 1
    assert "comes after 'title'" in err and "spec order" in err
