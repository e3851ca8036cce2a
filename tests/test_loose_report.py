"""Loose lines that no breaking avoids are reported like overset: one warning per line at its
first character in the source, with the gap, and per block in the fit table, `check --json`
and the preview's state. A size that does not divide its measure is a warning too."""

from __future__ import annotations

import io
import json

from layout.cli import main
from layout.compose.glue import LOOSE_EM, LOOSE_LIMIT
from layout.compose.lines import Line
from layout.pipeline import build
from layout.place.underset import is_loose
from layout.watch import Snapshot

URL = "http://abc.example/x"  # 20 characters, no Han: wider than an 8字 line
SPEC = """\
meta: {title: 测试版, date: 2024-05-06}
page: {preset: A3}
body: {size: 小五, leading: 13.5pt}
grid: {columns: 6, column: 8, gutter: 1}
blocks:
  - id: story
    type: text
    at: {col: 1, span: 1, line: 1, lines: auto}
    file: text/story.txt
"""
STORY = "全区地区生产总值完成了亿元。\n\n详见网站" + URL + "查询。\n"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def built_of(tiny, monkeypatch, story: str, spec: str = SPEC):
    p = tiny(spec, files={"text/story.txt": story})
    monkeypatch.chdir(p.parent)
    built, _ = build(p)
    return p, built


def test_a_url_in_an_8zi_column_is_reported_at_its_place_with_the_gap(tiny, monkeypatch):
    _, built = built_of(tiny, monkeypatch, STORY)
    fit = next(f for f in built.report.fits if f.block == "story")
    assert fit.status == "fits" and fit.loose  # set, as well as it can be, and said so
    lines = built.report.warnings
    loose = [d for d in lines if "loose line" in d.message]
    assert len(loose) == len(fit.loose) >= 1
    for d, x in zip(loose, fit.loose, strict=True):
        assert x.gap >= LOOSE_EM
        # the line's first character, in the text file: paragraph 2 starts on line 3
        assert d.pos.file == "text/story.txt" and d.pos.line == 3
        assert STORY.splitlines()[2][d.pos.col - 1] == x.text[0]
        assert f"widened by {x.gap:.2f} em" in d.message and d.severity == "warning"
    # the first paragraph is set tight and even: nothing from it
    assert all(d.pos.line == 3 for d in loose)


def test_the_fit_table_json_and_preview_show_the_loose_lines(tiny, monkeypatch):
    from layout.serve import _state

    p, built = built_of(tiny, monkeypatch, STORY)
    fit = next(f for f in built.report.fits if f.block == "story")
    n, worst = len(fit.loose), max(x.gap for x in fit.loose)
    cell = f"{n}, ≤{worst:.2f}em"
    assert cell in built.report.table()
    assert built.report.table().splitlines()[-1].endswith(f"{n} loose line{'s' * (n != 1)}")
    code, out, _ = run("check", p.name, "--json")
    assert code == 0  # warnings do not change the exit code
    js = next(f for f in json.loads(out)["fits"] if f["block"] == "story")
    assert [x["at"] for x in js["loose"]] == [str(x.src) for x in fit.loose]
    assert js["loose"][0]["gap"] == fit.loose[0].gap and js["loose"][0]["text"]
    state = _state(Snapshot(1, True, (), None, built, 1.0))
    assert next(f for f in state["fits"] if f["block"] == "story")["loose"] == cell


def test_ordinary_text_in_a_13zi_column_has_no_loose_line(tiny, monkeypatch):
    spec = SPEC.replace("column: 8", "column: 13")
    text = ("今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%，固定资产投资完成"
            "21.6亿元，同比增长26.3%。社会消费品零售总额完成11.2亿元。\n")
    _, built = built_of(tiny, monkeypatch, text, spec)
    assert [d for d in built.report.warnings if "loose" in d.message] == []
    assert all(not f.loose for f in built.report.fits)


def test_inline_text_is_located_in_the_spec(tiny, monkeypatch):
    spec = SPEC.replace("    file: text/story.txt\n", f"    text: 详见网站{URL}查询。\n")
    _, built = built_of(tiny, monkeypatch, "", spec)
    loose = [d for d in built.report.warnings if "loose line" in d.message]
    assert loose and all(d.pos.file == "spread.yaml" and d.pos.line == 9 for d in loose)
    line = spec.splitlines()[8]
    fit = next(f for f in built.report.fits if f.block == "story")
    assert [line[d.pos.col - 1] for d in loose] == [x.text[0] for x in fit.loose]


def test_the_limit_is_the_composers():
    def line(loose: float) -> Line:
        return Line((), 0.0, 0.0, 0.0, 0, False, False, False, "一二", loose)

    assert not is_loose(line(LOOSE_LIMIT)) and not is_loose(line(0.0))
    assert is_loose(line(LOOSE_EM)) and is_loose(line(0.73))


def test_a_measure_that_is_not_whole_zi_is_a_warning(tiny, monkeypatch):
    """Grid-字 text in a box inset in mm spreads the remainder over its lines: a warning. Text
    in another size (a 五号 body style in 小五 columns) is set on whole 字 of its own size
    (tests/test_measure_snap.py) and needs none."""
    spec = SPEC.replace("column: 8", "column: 13").replace(
        "    file: text/story.txt\n", "    file: text/story.txt\n    box: {inset: 2mm}\n")
    _, built = built_of(tiny, monkeypatch, "全区地区生产总值完成了亿元。\n", spec)
    (w,) = [d for d in built.report.warnings if "divide" in d.message]
    assert w.line() == ("spread.yaml:6:5: warning: block 'story': its 9pt text does not "
                        "divide its 105.661pt measure: 11 characters a line and 6.66142pt "
                        "spread over each line's gaps (give it a measure of whole characters, "
                        "or a size that divides it)")
    spec = SPEC.replace("column: 8", "column: 13") + "styles:\n  body: {size: 五号}\n"
    _, built = built_of(tiny, monkeypatch, "全区地区生产总值完成了亿元。\n", spec)
    assert [d for d in built.report.warnings if "divide" in d.message] == []
    _, built = built_of(tiny, monkeypatch, "今年年初以来。\n",
                        SPEC.replace("column: 8", "column: 13"))
    assert [d for d in built.report.warnings if "divide" in d.message] == []
