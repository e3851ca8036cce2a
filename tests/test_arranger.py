"""The arranger: blocks without `at:` laid out on the free ground. Its guarantees are checked
on the sample spread with its places removed and on seeded pages of random stories it has
never seen (tests/pages.py builds them so that a filling exists)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pages
import pytest

from conftest import ROOT, TINY
from layout.cli import main
from layout.pagemodel import GlyphRun, Picture
from layout.pipeline import arranged, build

AUTO = ROOT / "data" / "jiefang" / "auto.yaml"
HEADLINE = {"slogan-left", "headline", "headline-2", "slogan-right", "headline-rule"}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def blocks_of(path: Path) -> list[str]:
    """The spec's block entries, each as its lines without the `at:` line."""
    text = path.read_text(encoding="utf-8")
    body = text[text.index("\nblocks:"):]
    return [re.sub(r"\n    at: [^\n]*", "", b).rstrip() for b in body.split("\n  - id: ")[1:]]


def test_auto_is_the_sample_without_its_places():
    """data/jiefang/auto.yaml stays the sample spread with every `at:` removed but the
    headline's: the same blocks in the same order."""
    spread = ROOT / "data" / "jiefang" / "spread.yaml"
    assert blocks_of(AUTO) == blocks_of(spread)
    ats = re.findall(r"\n  - id: (\S+)[^-]*?\n    at: ", AUTO.read_text(encoding="utf-8"))
    assert set(ats) == HEADLINE


@pytest.fixture(scope="module")
def auto():
    built, _ = build(AUTO)
    return built


def test_sample_without_places_fills_the_spread(auto):
    assert auto.report.ok and not auto.spec.pushed  # nothing overset
    g = auto.layout.grid
    below = max(b.cell.line + b.cell.lines - 1 for b in auto.spec.blocks if b.id in HEADLINE)
    runs = pages.blank_runs(auto.layout, below + 2)
    assert max(n for n, _ in runs.values()) <= 2, runs
    assert all(b.cell.page in (0, 1) and b.cell.line + b.cell.lines - 1 <= g.lines
               for b in auto.spec.blocks if b.id not in HEADLINE)


def test_sample_without_places_keeps_the_designers_furniture(auto):
    """Photos above their captions, the vertical title set into 展望, the column rule in a
    gutter beside the block before it, the charts beside the highlights they illustrate."""
    by = {b.id: b for b in auto.spec.blocks}
    for pic in auto.layout.of(Picture):
        caps = [t for t in auto.layout.of(GlyphRun) if t.block == pic.block
                and t.role == "caption"]
        assert caps and all(t.y > pic.rect.y1 for t in caps), pic.block
    title, outlook = by["fu-title"].cell, by["outlook"].cell
    assert (title.page, title.col) == (outlook.page, outlook.col)
    assert outlook.line <= title.line < outlook.line + outlook.lines
    rule = by["column-rule"].cell
    assert rule.col > 1 and rule.col == outlook.col  # down the gutter left of 展望's stack
    for chart, story in (("bars", "h1"), ("ring-funds", "h8")):
        a, b = by[chart].cell, by[story].cell
        assert a.page == b.page and a.col >= b.col and a.line > b.line


def test_arranger_is_deterministic():
    first = [(b.id, b.cell) for b in arranged(AUTO)[0].blocks]
    again = [(b.id, b.cell) for b in arranged(AUTO)[0].blocks]
    assert first == again


@pytest.mark.parametrize("seed", range(24))
def test_generated_pages_fill_without_overset(seed, tmp_path):
    """Pages of random stories, titles and photos on random grids: nothing overset, no column
    with more than 2 blank lines, every story under its title and every picture above its
    caption, and the same cells twice."""
    spec = pages.write(tmp_path / f"p{seed}", seed)
    built, _ = build(spec)
    assert built.report.ok, [(f.block, f.detail) for f in built.report.fits if not f.ok]
    assert not built.spec.pushed
    head = next(b for b in built.spec.blocks if b.id == "headline").cell
    runs = pages.blank_runs(built.layout, head.line + head.lines + 1)
    assert max(n for n, _ in runs.values()) <= 2, runs
    by = {b.id: b.cell for b in built.spec.blocks}
    for bid, cell in by.items():
        if bid.endswith("-title"):
            story = by[bid[:-len("-title")]]
            assert (story.page, story.col, story.span) == (cell.page, cell.col, cell.span)
            assert story.line == cell.line + cell.lines
    for pic in built.layout.of(Picture):
        assert all(t.y > pic.rect.y1 for t in built.layout.of(GlyphRun)
                   if t.block == pic.block and t.role == "caption")
    assert [(b.id, b.cell) for b in arranged(spec)[0].blocks] == list(by.items())


PRIORITY = TINY.replace("""  - id: story
    type: text
    at: {col: 1, span: 2, line: 6, lines: 10}
    columns: 2
    text: 今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。
""", """  - id: brief
    type: text
    text: 全区社会消费品零售总额完成24.2亿元，同比增长17.4%。
  - id: lead
    type: text
    priority: 1
    text: {lead}
  - id: photo
    type: photo
    placeholder: true
    aspect: 4:3
    caption: 新建成的滨河路街景
""")


def test_priority_one_is_placed_first_and_wide(tiny):
    lead = "今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。" * 12
    spec, _, _ = arranged(tiny(PRIORITY.replace("{lead}", lead)))
    by = {b.id: b.cell for b in spec.blocks}
    assert by["lead"].line <= min(c.line for k, c in by.items() if k != "title")
    assert by["lead"].span >= 2 and by["lead"].span >= by["brief"].span


def test_span_range_is_kept(tiny):
    text = PRIORITY.replace("{lead}", "全区经济平稳增长。" * 20).replace(
        "    aspect: 4:3\n", "    aspect: 4:3\n    span_range: [3, 4]\n")
    spec, _, _ = arranged(tiny(text))
    assert next(b for b in spec.blocks if b.id == "photo").cell.span in (3, 4)


def test_a_span_range_wider_than_the_grid_is_one_located_line(tiny, monkeypatch):
    text = PRIORITY.replace("{lead}", "全区经济平稳增长。").replace(
        "    aspect: 4:3\n", "    aspect: 4:3\n    span_range: [5, 6]\n")
    path = tiny(text)
    monkeypatch.chdir(path.parent)
    code, out, err = run("check", path.name)
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert re.match(r"spread\.yaml:\d+:\d+: .*span_range.*fewest columns 5 are more than the "
                    r"grid's 4", err)


def test_a_column_rule_with_nothing_before_it_is_one_located_line(tiny, monkeypatch):
    """The arranger sets a column rule down the gutter left of the block before it; first in
    the spec, it has none."""
    text = TINY.replace("""  - id: story
    type: text
    at: {col: 1, span: 2, line: 6, lines: 10}
""", """  - id: first-rule
    type: rule
    vertical: true
    rule: {style: thin}
  - id: story
    type: text
""")
    path = tiny(text)
    monkeypatch.chdir(path.parent)
    code, out, err = run("check", path.name)
    assert code == 2 and len(err.splitlines()) == 1 and "first-rule" in err, err


def test_too_little_to_fill_the_page_is_said(tiny, monkeypatch):
    """One short story on an A3 page: placed, and a warning names the empty ground."""
    text = TINY.replace("    at: {col: 1, span: 2, line: 6, lines: 10}\n", "")
    path = tiny(text)
    monkeypatch.chdir(path.parent)
    code, out, err = run("check", path.name)
    assert code == 0, err
    assert re.search(r"spread\.yaml:\d+:\d+: warning: .*the arranger left lines \d+–\d+ of "
                     r"columns? [\d–]+ on page 1 empty", out + err)
