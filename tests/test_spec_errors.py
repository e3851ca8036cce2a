"""Malformed specs: each gives one line `file:line:col: path: message`, exit code 2, no traceback.

Each case names the text at which the error must point (its first occurrence in the spec, or a
line:col pair where YAML itself decides) and words the message must contain.
"""

from __future__ import annotations

import io

import pytest

from conftest import TINY
from layout.cli import main

STORY = TINY.split("  - id: story")[1]


def spec_with(old: str, new: str) -> str:
    assert old in TINY, old
    return TINY.replace(old, new, 1)


CASES = [
    # name, spec text, where (marker text or (line, col)), words in the message, extra files
    ("yaml-syntax", TINY.replace("lines: 4}", "lines: 4", 1), (10, 9), "YAML syntax error", None),
    ("yaml-tab", TINY.replace("    type: headline", "\ttype: headline", 1), (7, 1),
     "YAML syntax error", None),
    ("empty-file", "", (1, 1), "empty", None),
    ("only-comments", "# nothing here\n", (1, 1), "empty", None),
    ("top-level-list", "- a\n- b\n", (1, 1), "mapping", None),
    ("unknown-top-key", TINY + "colour: red\n", "colour:", "unknown key 'colour'", None),
    ("unknown-block-key", spec_with("    columns: 2", "    colums: 2"), "colums",
     "did you mean 'columns'", None),
    ("wrong-type", spec_with("columns: 4,", "columns: eight,"), "eight", "whole number", None),
    ("bool-not-int", spec_with("span: 4, line: 1", "span: yes, line: 1"), "yes",
     "whole number", None),
    ("bad-zihao", spec_with("size: 小五", "size: 小九"), "小九", "unknown type size", None),
    ("bad-length", spec_with("leading: 13.5pt", "leading: 13.5px"), "13.5px",
     "expected a length", None),
    ("span-off-grid", spec_with("at: {col: 1, span: 2, line: 6", "at: {col: 3, span: 3, line: 6"),
     "3, line: 6", "3 columns from column 3 do not fit the 4-column grid", None),
    ("col-off-grid", spec_with("at: {col: 1, span: 2, line: 6", "at: {col: 9, span: 2, line: 6"),
     "9, span: 2", "outside the 4-column grid", None),
    ("zero-span", spec_with("at: {col: 1, span: 2, line: 6", "at: {col: 1, span: 0, line: 6"),
     "0, line: 6", "below the minimum 1", None),
    ("lines-past-grid", spec_with("line: 6, lines: 10", "line: 6, lines: 900"), "900",
     "run past the last grid line", None),
    ("overlap", spec_with("line: 6, lines: 10", "line: 3, lines: 10"), "{col: 1, span: 2, line: 3",
     "overlaps block 'title' (spread.yaml:9:9) on page 1 by 27.0字 × 2.0行", None),
    ("page-missing", spec_with("at: {col: 1, span: 2, line: 6",
                               "at: {page: 2, col: 1, span: 2, line: 6"), "2, col: 1, span: 2",
     "page 2 does not exist", None),
    ("spread-without-spread", spec_with("at: {col: 1, span: 2, line: 6",
                                        "at: {page: spread, col: 1, span: 2, line: 6"), "spread,",
     "page.spread: true", None),
    ("below-nowhere", spec_with("line: 6, lines: 10}", "below: nowhere, lines: 10}"), "nowhere",
     "no block with id 'nowhere'", None),
    ("below-a-later-block", spec_with("at: {col: 1, span: 4, line: 1, lines: 4}",
                                      "at: {below: story, lines: 4}"), "story, lines: 4}",
     "'story' comes after 'title' in the spec", None),
    ("below-and-line", spec_with("line: 6, lines: 10}", "line: 6, below: title, lines: 10}"),
     "title, lines: 10}", "either 'line' or 'below'", None),
    ("right-of-and-col", spec_with("at: {col: 1, span: 2, line: 6",
                                   "at: {col: 1, right_of: title, span: 2, line: 6"),
     "title, span: 2", "either 'col' or 'right_of'", None),
    ("span-all-too-many-columns", spec_with("at: {col: 1, span: 2, line: 6",
                                            "at: {col: 2, span: all, line: 6"),
     "all, line: 6", "do not fit the 4-column grid", None),
    ("bad-span-range", spec_with("    columns: 2", "    columns: 2\n    span_range: [3, 2]"),
     "[3, 2]", "more than the most", None),
    ("grid-and-mm", spec_with("line: 6, lines: 10}", "line: 6, lines: 10, x: 20mm}"),
     "{col: 1, span: 2, line: 6", "not both", None),
    ("mm-off-page", spec_with("at: {col: 1, span: 2, line: 6, lines: 10}",
                              "at: {x: 200mm, y: 20mm, width: 120mm, height: 50mm}"), "{x: 200mm",
     "runs off the 297×420mm page", None),
    ("missing-text-file", spec_with("    text: 今年", "    file: text/none.txt\n    # 今年"),
     "text/none.txt", "text file not found: text/none.txt", None),
    ("not-utf8-text", spec_with("    text: 今年", "    file: gbk.txt\n    # 今年"), "gbk.txt",
     "not UTF-8", {"gbk.txt": "今年".encode("gbk")}),
    ("not-utf8-spec", None, (1, 15), "not UTF-8", None),
    ("text-and-file", spec_with("    text: 今年", "    file: a.txt\n    text: 今年"), "file: a.txt",
     "either 'text' or 'file'", {"a.txt": "今年"}),
    ("duplicate-key", spec_with("    columns: 2", "    columns: 2\n    columns: 1"),
     (15, 5), "duplicate key 'columns'", None),
    ("duplicate-id", spec_with("  - id: story", "  - id: title"), "title\n    type: text",
     "duplicate block id 'title'", None),
    ("unknown-type", spec_with("type: text", "type: photograph"), "photograph", "not one of",
     None),
    ("key-of-another-kind", spec_with("    columns: 2", "    columns: 2\n    photo: a.jpg"),
     "photo: a.jpg", "a key of photo blocks, not of a text block", None),
    ("unknown-style", spec_with("    columns: 2", "    columns: 2\n    style: boddy"), "boddy",
     "unknown style 'boddy'", None),
    ("unknown-font", TINY + "styles:\n  body: {font: fangsong}\n", "fangsong}",
     "unknown font 'fangsong'", None),
    ("style-loop", TINY + "styles:\n  a: {based_on: b}\n  b: {based_on: a}\n", (18, 17),
     "inheritance loops", None),
    ("unknown-colour", TINY + "styles:\n  body: {color: purple}\n", "purple",
     "unknown colour 'purple'", None),
    ("cmyk-range", TINY + "styles:\n  body: {color: [0, 120, 0, 0]}\n", "[0, 120",
     "0 to 100", None),
    ("columns-wider-than-span", spec_with("    columns: 2", "    columns: 3"), "3\n    text",
     "3 text columns do not fit a 2-column block", None),
    ("next-missing", spec_with("    columns: 2", "    columns: 2\n    next: nowhere"), "nowhere",
     "no block with id 'nowhere'", None),
    ("font-file-missing", TINY + "fonts:\n  mine: {file: fonts/Mine.ttf}\n", "fonts/Mine",
     "font file not found", None),
    ("bad-date", spec_with("date: 2024-05-06", "date: 2024-13-45"), "2024-13-45",
     "expected a date", None),
    ("missing-glyph", spec_with("    text: 今年", "    text: 😀今年"), "😀",
     "U+1F600 is missing from font 'song'", None),
    # hostile input (issue: never a crash, a hang or a read outside the folder)
    ("nul-byte", spec_with("测试标题", "测试\x00标题"), "\x00", "U+0000 (NUL)", None),
    ("escape-byte", spec_with("测试标题", "测试\x1b[31m标题"), "\x1b", "U+001B (ESC)", None),
    ("recursive-alias", "x: &r [*r]\n" + TINY, (1, 4), "refers to the value that holds it",
     None),
    ("billion-laughs", "a: &a [1,2,3,4,5,6,7,8,9]\n" + "".join(
        f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi",
                                                                     strict=True)) + TINY,
     (6, 4), "more than 100,000 values", None),
    ("deep-nesting", "x: " + "[" * 80 + "]" * 80 + "\n" + TINY, (1, 67),
     "nests more than 64 levels", None),
    ("nan-gutter", spec_with("gutter: 1}", "gutter: .nan}"), ".nan", "not a length", None),
    ("huge-leading", spec_with("leading: 13.5pt", "leading: 1.0e+308"), "1.0e+308",
     "not a length", None),
    ("nan-text", spec_with("    text: 今年", "    text: .nan\n    # 今年"), ".nan",
     "got the number nan", None),
    ("file-outside", spec_with("    text: 今年", "    file: ../x.txt\n    # 今年"), "../x.txt",
     "outside the folder", None),
    ("absolute-file", spec_with("    text: 今年", "    file: /etc/passwd\n    # 今年"),
     "/etc/passwd", "outside the folder", None),
    ("file-is-a-folder", spec_with("    text: 今年", "    file: text\n    # 今年"), (15, 11),
     "is a folder", {"text/a.txt": "今年"}),
    ("colour-loop", TINY + "colors:\n  a: b\n  b: a\n", (17, 6), "refer to each other", None),
    ("headline-line-too-long", spec_with("text: 测试标题", "text: " + "长" * 201), "长",
     "at most 200", None),
]


def _where(text: str, marker) -> tuple[int, int]:
    if isinstance(marker, tuple):
        return marker
    i = text.index(marker)
    line = text.count("\n", 0, i) + 1
    return line, i - (text.rfind("\n", 0, i) + 1) + 1


@pytest.mark.parametrize("name,text,marker,words,files", CASES, ids=[c[0] for c in CASES])
def test_bad_spec_gives_one_line(tiny, name, text, marker, words, files, monkeypatch):
    if text is None:  # a spec saved in a legacy encoding
        path = tiny("x")
        path.write_bytes(TINY.replace("测试标题", "测试").encode("gbk"))
        text = ""
    else:
        path = tiny(text, files=files)
    monkeypatch.chdir(path.parent)
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", path.name], stdout=out, stderr=err)
    lines = err.getvalue().splitlines()
    assert code == 2, (name, out.getvalue(), err.getvalue())
    assert len(lines) == 1, lines
    assert "Traceback" not in err.getvalue()
    line, col = _where(text, marker)
    assert lines[0].startswith(f"spread.yaml:{line}:{col}: "), (lines[0], line, col)
    assert words in lines[0], lines[0]


def test_every_error_is_reported_at_once(tiny, monkeypatch):
    text = spec_with("columns: 4,", "columns: eight,").replace("type: text", "type: photograph")
    path = tiny(text)
    monkeypatch.chdir(path.parent)
    err = io.StringIO()
    assert main(["check", path.name], stdout=io.StringIO(), stderr=err) == 2
    assert len(err.getvalue().splitlines()) == 2


def test_a_figure_defined_twice_is_an_error_at_its_second_row(tiny, monkeypatch):
    path = tiny(TINY + "data_file: d.csv\n",
                files={"d.csv": "id,label,value\ng,产值,1\ng,产值,2\n"})
    monkeypatch.chdir(path.parent)
    err = io.StringIO()
    assert main(["check", path.name], stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue().splitlines() == ["d.csv:3:1: data 'g' is defined twice (first at "
                                           "d.csv:2:1)"]
