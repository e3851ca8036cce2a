"""Underset: a frame whose text ends more than 2 lines above its foot, a box that ends on an empty
line, a story whose columns end unevenly. Each is a located warning with its number of lines, in
the text report, the fit table, `check --json` and the preview's state; none changes the exit
code. Each case is built here, with the case next to it that must stay silent."""

from __future__ import annotations

import io
import json

from conftest import SAMPLE
from layout.cli import main
from layout.pipeline import build
from layout.watch import Snapshot

HEAD = """\
meta: {title: 测试版, date: 2024-05-06}
page: {preset: A3}
body: {size: 小五, leading: 13.5pt}
grid: {columns: 4, column: 13, gutter: 1}
colors: {tint: [0, 5, 15, 0]}
blocks:
"""
LINE = "一二三四五六七八九十一二三"  # exactly one 13字 line
PARA = "　　" + LINE * 3  # a 2字 indent: 41 characters, four lines, the last of 2 characters


def story(lines: str, text: str, *, span: int = 1, columns: int = 1, extra: str = "",
          bid: str = "story", line: int = 1) -> str:
    return (f"  - id: {bid}\n    type: text\n"
            f"    at: {{col: 1, span: {span}, line: {line}, lines: {lines}}}\n"
            f"    columns: {columns}\n{extra}    text: {text}\n")


def lines_of(n: int) -> str:
    """A text that sets exactly n full 13字 lines: one paragraph with no indent."""
    return LINE * n


NOINDENT = "styles:\n  body: {indent: 0}\n"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def check(tiny, monkeypatch, blocks: str, styles: str = NOINDENT):
    p = tiny(HEAD + blocks + styles)
    monkeypatch.chdir(p.parent)
    built, _ = build(p)
    under = [d.line() for d in built.report.warnings if "underset" in d.message]
    return built, under, {f.block: f for f in built.report.fits}


def test_a_fixed_frame_5_lines_too_tall_is_reported_with_its_place_and_lines(tiny, monkeypatch):
    built, under, fits = check(tiny, monkeypatch, story("15", lines_of(10)))
    assert under == ["spread.yaml:7:5: warning: block 'story': underset: its text ends 5 lines "
                     "short of its frame's foot (lines: 15)"]
    (s,) = fits["story"].underset
    assert (s.what, s.lines, s.ends) == ("frame", 5, (10,))
    assert "5L short" in built.report.table()
    assert "1 underset" in built.report.table().splitlines()[-1]


def test_a_frame_exactly_filled_or_up_to_2_lines_short_is_silent(tiny, monkeypatch):
    for lines in (10, 11, 12):
        _, under, fits = check(tiny, monkeypatch, story(str(lines), lines_of(10)))
        assert under == [] and fits["story"].underset == (), lines
    _, under, _ = check(tiny, monkeypatch, story("13", lines_of(10)))
    assert len(under) == 1 and "3 lines short" in under[0]


def test_a_frame_sized_from_its_content_is_silent(tiny, monkeypatch):
    _, under, fits = check(tiny, monkeypatch, story("auto", lines_of(7)))
    assert under == [] and fits["story"].capacity == 7


def test_a_fill_story_that_ends_well_short_is_reported(tiny, monkeypatch):
    below = ("  - id: under\n    type: headline\n    style: subhead\n"
             "    at: {col: 1, span: 1, below: story, gap: 0, lines: 4}\n    text: 下方\n")
    built, under, fits = check(tiny, monkeypatch, story("fill", lines_of(6)) + below)
    rows = fits["story"].capacity
    assert rows > 20  # fill took the page less the block below it
    assert under == [f"spread.yaml:7:5: warning: block 'story': underset: its text ends "
                     f"{rows - 6} lines short of its frame's foot (lines: fill)"]


def test_a_box_ending_on_an_empty_line(tiny, monkeypatch):
    box = "    box: {fill: tint, border: {style: thin, color: red}, inset: 0}\n"
    _, under, fits = check(tiny, monkeypatch, story("6", lines_of(5), extra=box))
    assert under == ["spread.yaml:7:5: warning: block 'story': underset: its box ends on 1 "
                     "empty line (lines: 6)"]
    assert [(s.what, s.lines) for s in fits["story"].underset] == [("box", 1)]
    # filled to its last line: silent; the same frame without a visible box: 1 line is fine
    _, under, _ = check(tiny, monkeypatch, story("5", lines_of(5), extra=box))
    assert under == []
    _, under, _ = check(tiny, monkeypatch, story("6", lines_of(5), extra="    box: {inset: 0}\n"))
    assert under == []


def test_a_box_ending_on_3_empty_lines_is_one_warning(tiny, monkeypatch):
    box = "    box: {border: {style: thin, color: red}, inset: 0}\n"
    _, under, _ = check(tiny, monkeypatch, story("8", lines_of(5), extra=box))
    assert under == ["spread.yaml:7:5: warning: block 'story': underset: its box ends on 3 "
                     "empty lines (lines: 8)"]


def test_three_columns_ending_unevenly_without_balance(tiny, monkeypatch):
    # 3 columns of 10 lines, 23 lines of text: filled in turn, they end at 10, 10 and 3
    blocks = story("10", lines_of(23), span=3, columns=3, extra="    balance: false\n")
    built, under, fits = check(tiny, monkeypatch, blocks)
    assert under == ["spread.yaml:7:5: warning: block 'story': underset: its 3 columns end 7 "
                     "lines apart (10/10/3 lines; balance: false)"]
    (s,) = fits["story"].underset
    assert (s.what, s.lines, s.ends) == ("uneven", 7, (10, 10, 3))
    assert "ends 7L apart" in built.report.table()


def test_columns_may_end_1_line_apart_not_2(tiny, monkeypatch):
    for text_lines, apart in ((29, None), (28, 2)):
        blocks = story("10", lines_of(text_lines), span=3, columns=3,
                       extra="    balance: false\n")
        _, under, fits = check(tiny, monkeypatch, blocks)
        got = [(s.what, s.lines) for s in fits["story"].underset]
        assert got == ([("uneven", apart)] if apart else []), text_lines
        assert len(under) == len(got)


def test_rows_a_picture_takes_are_not_empty(tiny, monkeypatch):
    # a 12-line frame whose rows 7-12 a picture set into the text takes (its gap included)
    pic = ("  - id: pic\n    type: photo\n    placeholder: true\n    wrap: 1字\n"
           "    at: {col: 1, span: 1, line: 8, lines: 5}\n")
    _, under, fits = check(tiny, monkeypatch, story("12", lines_of(6)) + pic)
    assert fits["story"].status == "fits" and under == []  # the text reaches the picture
    _, under, fits = check(tiny, monkeypatch, story("12", lines_of(2)) + pic)
    assert [(s.what, s.lines) for s in fits["story"].underset] == [("frame", 4)]


def test_a_balanced_story_is_silent(tiny, monkeypatch):
    # the same text balanced: 8, 8 and 7 lines in a frame sized from it
    _, under, fits = check(tiny, monkeypatch, story("auto", lines_of(23), span=3, columns=3))
    assert under == []
    assert fits["story"].capacity == 3 * 8


def test_balanced_in_a_fixed_frame_reports_the_frame_not_the_columns(tiny, monkeypatch):
    _, under, fits = check(tiny, monkeypatch, story("12", lines_of(23), span=3, columns=3))
    assert [(s.what, s.lines, s.ends) for s in fits["story"].underset] == [
        ("frame", 4, (8, 8, 7))]
    assert len(under) == 1


def test_a_continuation_left_empty_is_reported_at_its_own_line(tiny, monkeypatch):
    blocks = (story("5", lines_of(3), extra="    next: more\n")
              + "  - id: more\n    type: text\n    at: {col: 2, span: 1, line: 1, lines: 6}\n")
    _, under, fits = check(tiny, monkeypatch, blocks)
    # 'story' ends 2 lines short (allowed); 'more' takes nothing
    assert under == ["spread.yaml:13:5: warning: block 'more': underset: it holds no text, 6 "
                     "lines empty (lines: 6)"]
    assert [s.block for s in fits["story"].underset] == ["more"]


def test_an_overset_story_is_not_underset(tiny, monkeypatch):
    blocks = story("10", lines_of(35), span=3, columns=3, extra="    balance: false\n")
    _, under, fits = check(tiny, monkeypatch, blocks)
    assert fits["story"].status == "overflow" and under == []


def test_check_exit_code_json_and_text(tiny, monkeypatch):
    p = tiny(HEAD + story("15", lines_of(10)) + NOINDENT)
    monkeypatch.chdir(p.parent)
    code, out, _ = run("check", p.name)
    assert code == 0  # a warning, not a failure
    assert "spread.yaml:7:5: warning: block 'story': underset: its text ends 5 lines" in out
    assert "5L short" in out
    code, out, _ = run("check", p.name, "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"]
    fit = next(f for f in report["fits"] if f["block"] == "story")
    assert fit["underset"] == [{
        "block": "story", "what": "frame", "lines": 5, "ends": [10], "sizing": "lines: 15",
        "at": "spread.yaml:7:5",
        "message": "underset: its text ends 5 lines short of its frame's foot (lines: 15)"}]
    assert any("underset" in w for w in report["warnings"])


def test_render_writes_the_print_file_and_warns(tiny, monkeypatch):
    box = "    box: {fill: tint, border: {style: thin, color: red}, inset: 0}\n"
    p = tiny(HEAD + story("6", lines_of(5), extra=box) + NOINDENT)
    monkeypatch.chdir(p.parent)
    code, out, err = run("render", p.name, "-o", "out.pdf")
    assert code == 0 and (p.parent / "out.pdf").exists()  # ready for print, with a warning
    assert ("spread.yaml:7:5: warning: block 'story': underset: its box ends on 1 empty line "
            "(lines: 6)") in err.splitlines()


def test_the_preview_state_carries_underset_per_block(tiny, monkeypatch):
    from layout.serve import _state

    p = tiny(HEAD + story("10", lines_of(23), span=3, columns=3, extra="    balance: false\n")
             + NOINDENT)
    monkeypatch.chdir(p.parent)
    built, _ = build(p)
    state = _state(Snapshot(1, True, (), None, built, 1.0))
    fit = next(f for f in state["fits"] if f["block"] == "story")
    assert fit["under"] == "ends 7L apart" and fit["loose"] == ""
    assert any("underset" in w for w in state["warnings"])


def test_the_sample_spread_has_no_underset_and_no_loose_line():
    built, _ = build(SAMPLE)
    found = [d.line() for d in built.report.warnings
             if "underset" in d.message or "loose line" in d.message]
    assert found == []
    assert all(not f.underset and not f.loose for f in built.report.fits)
