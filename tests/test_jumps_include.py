"""Jump lines where a thread changes pages (下转第N版 / 上接第N版), and shared furniture by
`include:` (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.diag import SpecError
from layout.pagemodel import GlyphRun
from layout.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
SPREAD = """\
meta: {title: 转版, date: 2024-05-06, paper: 测试报}
page: {preset: A3, spread: true, folios: [2, 3]}
body: {size: 小五, leading: 13.5pt}
grid: {columns: 4, column: 13, gutter: 1}
EXTRA
blocks:
  - id: story
    type: text
    at: {page: 1, col: 1, span: 1, line: 1, lines: 6}
    next: more
    file: story.txt
  - id: more
    type: text
    at: {page: PAGE, col: 3, span: 1, line: 10, lines: 20}
"""
TEXT = "今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。" * 6


def thread(tiny, page: int = 2, extra: str = "", text: str = TEXT):
    spec = tiny(SPREAD.replace("PAGE", str(page)).replace("EXTRA", extra),
                files={"story.txt": text})
    built, _ = build(spec)
    return built


def jumps(built) -> list[GlyphRun]:
    return [r for r in built.layout.of(GlyphRun) if r.role == "jump"]


def test_a_thread_that_changes_pages_carries_both_jump_lines(tiny):
    built = thread(tiny)
    j = {r.block: r for r in jumps(built)}
    assert j["story"].text == "（下转第3版）" and j["story"].page == 0
    assert j["more"].text == "（上接第2版）" and j["more"].page == 1
    g = built.layout.grid
    body = [r for r in built.layout.of(GlyphRun) if r.role == "body"]
    first = [r for r in body if r.block == "story"]
    assert max(r.y for r in first) < j["story"].y  # the story's frame's last line
    assert j["story"].y < g.baseline(7)  # inside its 6 lines
    rest = [r for r in body if r.block == "more"]
    assert j["more"].y < min(r.y for r in rest)  # the continuation's first line
    st = built.spec.styles["jump"]
    assert {r.font for r in j.values()} == {st.font}
    assert built.report.fits and all(f.ok for f in built.report.fits)


def test_no_jump_line_on_the_same_page_or_when_the_text_stays(tiny):
    assert not jumps(thread(tiny, page=1))
    assert not jumps(thread(tiny, text="短短一段。"))


def test_the_spellings_are_the_spec_s(tiny):
    extra = 'story: {jump_to: "转第{folio}版", jump_from: "接第{folio}版"}'
    assert sorted(r.text for r in jumps(thread(tiny, extra=extra))) == ["接第2版", "转第3版"]


def test_a_spelling_without_the_folio_is_an_error(tiny):
    with pytest.raises(SpecError) as e:
        thread(tiny, extra="story: {jump_to: 下转}")
    assert "spread.yaml:5:" in str(e.value) and "{folio}" in str(e.value)


# -- include --------------------------------------------------------------------------------

PAGE = """\
include: FILE
meta: {title: 本版, date: 2024-05-06}
page: {preset: A3, folios: [4]}
body: {size: 小五, leading: 13.5pt}
grid: {columns: 4, column: 13, gutter: 1}
styles:
  body: {punct: kaiming}
blocks:
  - id: story
    type: text
    label: 要闻
    heading: 标题
    at: {col: 1, span: 2, line: 5, lines: 10}
    text: 今年年初以来，全区经济平稳增长。
"""
SHARED = """\
meta: {paper: 共用日报, section: 要闻}
colors: {accent: [0, 90, 80, 0]}
styles:
  body: {widows: true, punct: banjiao}
labels:
  要闻: {text: "要闻：{}", style: label, shape: bar, fill: accent, lines: 2}
header:
  outer: "{paper}"
  inner: "第{folio}版"
"""


def test_an_include_comes_before_the_spec_s_own_keys(tiny):
    spec = tiny(PAGE.replace("FILE", "shared.yaml"), files={"shared.yaml": SHARED})
    built, _ = build(spec)
    s = built.spec
    assert s.meta.paper == "共用日报" and s.meta.title == "本版"
    assert s.styles["body"].widows is True  # from the shared file …
    assert s.styles["body"].punct == "kaiming"  # … the spec wins where both say
    assert s.labels["要闻"].fill == (0, 90, 80, 0)
    assert any(r.role.startswith("header") and r.text == "共用日报"
               for r in built.layout.of(GlyphRun))
    assert (spec.parent / "shared.yaml").resolve() in s.included


def test_an_error_in_an_included_file_points_into_it(tiny):
    bad = SHARED.replace("shape: bar", "shape: blob")
    spec = tiny(PAGE.replace("FILE", "furniture/shared.yaml"),
                files={"furniture/shared.yaml": bad})
    with pytest.raises(SpecError) as e:
        build(spec)
    assert "furniture/shared.yaml:6:" in str(e.value) and "shape" in str(e.value)


def test_an_include_cycle_is_an_error(tiny):
    a = SHARED + "include: b.yaml\n"
    spec = tiny(PAGE.replace("FILE", "a.yaml"), files={"a.yaml": a, "b.yaml": "include: a.yaml\n"})
    with pytest.raises(SpecError) as e:
        build(spec)
    msg = str(e.value)
    assert "b.yaml:1:10:" in msg and "include cycle: a.yaml → b.yaml → a.yaml" in msg


def test_a_spec_including_itself_is_a_cycle(tiny):
    spec = tiny(PAGE.replace("FILE", "spread.yaml"))
    with pytest.raises(SpecError, match="include cycle"):
        build(spec)


@pytest.mark.parametrize("name, words", [
    ("../outside.yaml", "outside the folder"),
    ("missing.yaml", "not found"),
])
def test_an_include_outside_the_root_or_missing_is_refused(tiny, name, words):
    spec = tiny(PAGE.replace("FILE", name))
    (spec.parent.parent / "outside.yaml").write_text(SHARED, encoding="utf-8")
    with pytest.raises(SpecError) as e:
        build(spec)
    assert "spread.yaml:1:10:" in str(e.value) and words in str(e.value)


def test_an_included_file_holds_furniture_only(tiny):
    spec = tiny(PAGE.replace("FILE", "s.yaml"), files={"s.yaml": "blocks: []\n"})
    with pytest.raises(SpecError) as e:
        build(spec)
    assert "s.yaml:1:1:" in str(e.value) and "cannot come from an included file" in str(e.value)


@pytest.mark.slow
def test_the_interview_spread_renders_with_every_form(tmp_path):
    """data/interview: every markup form, a CSV table and a pipe table, a jump from page 2 to
    page 3, its furniture included; exit 0 and the forms in the PDF's text."""
    import io

    import pdfplumber

    from layout.cli import main

    out = tmp_path / "iv.pdf"
    err = io.StringIO()
    code = main(["render", str(ROOT / "data" / "interview" / "spread.yaml"), "-o", str(out),
                 "--quiet"], stdout=io.StringIO(), stderr=err)
    assert code == 0, err.getvalue()

    with pdfplumber.open(out) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages).replace(" ", "")
    assert "下转第3版" in text and "上接第2版" in text and "编者按" in text
    built, _ = build(ROOT / "data" / "interview" / "spread.yaml")
    roles = {(r.role, r.span) for r in built.layout.of(GlyphRun)}
    for want in [("quote", "strong"), ("body", "strong"), ("body", "em"), ("item", ""),
                 ("subhead", ""), ("divider", ""), ("table-cell", ""), ("jump", "")]:
        assert want in roles, want
