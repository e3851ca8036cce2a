"""Story markup (issue 15): run-ins, 着重号, quotes, lists, Chinese ordinals, subheads and the
分隔线, each checked on the page model; and what the parser cannot place, at its line and
column."""

from __future__ import annotations

import pytest

from layout.compose.cjk import is_han
from layout.diag import Diagnostics, SpecError
from layout.pagemodel import GlyphRun, Path, Stroke
from layout.pipeline import build
from layout.spec.markup import parse_story

HEAD = """\
meta: {title: 测试版, date: 2024-05-06}
page: {preset: A3}
body: {size: 小五, leading: 13.5pt}
grid: {columns: 4, column: 13, gutter: 1}
EXTRA
blocks:
  - id: story
    type: text
    at: {col: 1, span: 2, line: 1, lines: LINES}
    columns: 2
    file: story.md
"""


def story(tiny, text: str, lines: int = 40, extra: str = ""):
    spec = tiny(HEAD.replace("LINES", str(lines)).replace("EXTRA", extra),
                files={"story.md": text})
    built, _ = build(spec)
    return built


def parse(text: str):
    d = Diagnostics()
    paras = parse_story(text, "s.md", 1, 1, d)
    return paras, [x.line() for x in d.errors]


def runs(built, role: str | None = None) -> list[GlyphRun]:
    return [r for r in built.layout.of(GlyphRun) if r.block == "story"
            and (role is None or r.role == role)]


# -- parsing --------------------------------------------------------------------------------

def test_plain_text_reads_as_before():
    paras, errors = parse("　　第一段第一行\n第一段第二行\n\n## 小标题\n第二段")
    assert not errors
    assert [(p.text, p.role) for p in paras] == [
        ("第一段第一行第一段第二行", "body"), ("小标题", "subhead"), ("第二段", "body")]
    assert paras[0].pos(6).line == 2 and paras[0].pos(6).col == 1


def test_each_form_and_where_its_characters_are():
    src = ("> **编者按：**这是*引语*。\n\n**记者：**问。\n\n1. 第一\n2. 第二\n\n- 甲\n\n---\n\n"
           "一、条一\n\n二、条二\n\n（一）小条\n")
    paras, errors = parse(src)
    assert not errors
    quote, q, one, two, bullet, rule, a, b, c = paras
    assert quote.role == "quote" and quote.text == "编者按：这是引语。"
    assert quote.spans == ((0, 4, "strong"), (6, 8, "em"))
    assert (quote.pos(0).line, quote.pos(0).col) == (1, 5)  # 编, after "> **"
    assert (quote.pos(6).line, quote.pos(6).col) == (1, 14)  # 引, after "*"
    assert q.spans == ((0, 3, "strong"),)
    assert (one.role, one.text[:one.marker], one.group) == ("item", "1.", 1)
    assert two.text[:two.marker] == "2." and two.group == 1
    assert bullet.text[:bullet.marker] == "●" and bullet.group == 2
    assert rule.role == "divider"
    assert (a.role, a.text[:a.marker]) == ("item", "一、") and a.group == b.group
    assert c.text[:c.marker] == "（一）" and c.group != a.group


def test_a_literal_asterisk_stays():
    paras, errors = parse("5*8=40，3*4=12，\\*号照印。")
    assert not errors
    assert paras[0].text == "5*8=40，3*4=12，*号照印。" and not paras[0].spans


def test_emphasis_across_a_source_line_break():
    paras, errors = parse("前文*着重\n号跨行*后文")
    assert not errors and paras[0].text == "前文着重号跨行后文"
    assert paras[0].spans == ((2, 7, "em"),)
    assert (paras[0].pos(4).line, paras[0].pos(4).col) == (2, 1)


@pytest.mark.parametrize("src, where, words", [
    ("正文*没有收尾", "s.md:1:3", "partner is missing"),
    ("# 一级标题", "s.md:1:1", "heading of level 1"),
    ("### 三级", "s.md:1:1", "heading of level 3"),
    ("- 甲\n  - 乙", "s.md:2:", "list inside"),
    ("> 引\n> - 甲", "s.md:2:", "list inside"),
    ("| a | b |\n|---|---|\n| 1 | 2 |", "s.md:1:1", "type: table"),
    ("## **粗**标题", "s.md:1:", "own face"),
])
def test_what_a_story_cannot_place_is_an_error_at_its_place(src, where, words):
    _, errors = parse(src)
    assert errors and errors[0].startswith(where) and words in errors[0]


def test_a_bad_markup_file_stops_the_build_at_its_line(tiny):
    with pytest.raises(SpecError) as e:
        story(tiny, "第一段。\n\n第二段有*半个着重号。\n")
    assert "story.md:3:5:" in str(e.value)


# -- on the page ----------------------------------------------------------------------------

def test_a_run_in_is_set_in_the_heading_face(tiny):
    built = story(tiny, "**记者：**上半年全区经济运行稳中向好。\n\n**区长：**主要靠项目。")
    strong = [r for r in runs(built) if r.span == "strong"]
    assert [r.text for r in strong] == ["记者：", "区长："]
    assert {r.font for r in strong} == {built.spec.styles["runin"].font} != {
        built.spec.styles["body"].font}
    rest = [r for r in runs(built) if r.span == "" and r.para == strong[0].para][0]
    assert rest.x >= strong[0].x + strong[0].width - 1e-6  # no overlap with what follows


def test_a_run_in_at_a_column_top(tiny):
    """The second paragraph's run-in opens the second column: it is still its own face."""
    first = "经济" * 40  # 82 字 with its indent: exactly the 7 lines of column 1
    spec = tiny(HEAD.replace("LINES", "7").replace("EXTRA", "").replace(
        "    columns: 2\n", "    columns: 2\n    balance: false\n"),
        files={"story.md": first + "\n\n**区长：**主要靠项目。"})
    built, _ = build(spec)
    strong = [r for r in runs(built) if r.span == "strong"]
    assert len(strong) == 1 and strong[0].text == "区长："
    g = built.layout.grid
    col2 = g.x0[0] + g.pitch
    assert abs(strong[0].x - col2 - 2 * g.zi) < 0.01  # indented 2 字
    assert min(r.y for r in runs(built) if r.x >= col2) == strong[0].y


def test_each_emphasised_han_character_has_one_dot_and_punctuation_none(tiny):
    built = story(tiny, "一段文字，*着重号、标点（不加）*，完。")
    em = [r for r in runs(built) if "em" in r.span.split()]
    chars = [(r.x + g.x, r.size, g.ch) for r in em for g in r.glyphs]
    han = [c for c in chars if is_han(c[2])]
    assert [c[2] for c in han] == list("着重号标点不加")
    centres = sorted(round(x, 2) for x, _, _ in _dot_centres(built))
    assert len(centres) == len(han)  # punctuation none
    for (x, size, _), cx in zip(sorted(han), centres, strict=True):
        assert abs(cx - (x + size / 2)) < 0.01  # one under each character's middle


def _dot_centres(built):
    out = []
    for p in built.layout.of(Path):
        if p.role != "emphasis":
            continue
        segs = p.segments
        for k, (op, pts) in enumerate(segs):
            if op == "M":  # at (cx + r, cy); the second quarter ends at (cx − r, cy)
                r = (pts[0] - segs[k + 2][1][4]) / 2
                out.append((pts[0] - r, pts[1], r))
    return out


def test_emphasis_across_a_line_break_dots_both_lines_clear_of_the_next(tiny):
    text = "上半年全区经济运行稳中向好，" + "*抓项目就是抓发展，抓发展就是抓项目*" + "。"
    built = story(tiny, text)
    em = [r for r in runs(built) if "em" in r.span.split()]
    assert len({r.y for r in em}) >= 2  # the emphasis is broken across lines
    dots = _dot_centres(built)
    han = sum(1 for r in em for g in r.glyphs if is_han(g.ch))
    assert len(dots) == han
    g = built.layout.grid
    lines = sorted({r.y for r in runs(built)})
    for _cx, cy, r in dots:
        base = max(y for y in lines if y <= cy)
        nxt = base + g.leading
        assert cy - r > base  # under its own line's baseline
        assert cy + r < nxt - 0.88 * 9.0  # above the next line's em box


def test_a_quote_is_set_in_the_quote_style(tiny):
    built = story(tiny, "> 编者按：这是一段引语。\n\n正文。")
    quote = runs(built, "quote")
    assert quote and {r.font for r in quote} == {built.spec.styles["quote"].font} == {"kai"}
    assert runs(built, "body")[0].font == "song"


def test_items_hang_on_their_marker(tiny):
    built = story(tiny, "1. " + "要素跟着项目走，服务围着企业转。" * 3 + "\n2. 短项。\n\n"
                  "一、" + "做强新能源电池产业链，力争形成百亿级产业集群。" * 2)
    g = built.layout.grid
    items = runs(built, "item")

    def indent(r: GlyphRun) -> float:  # from its column's left edge, in 字
        col = g.x0[0] + g.pitch * int((r.x - g.x0[0] + 0.01) // g.pitch)
        return round((r.x - col) / g.zi, 3)

    first = [r for r in items if r.text.startswith(("1.", "2.", "一、"))]
    rest = [r for r in items if r not in first]
    assert len(first) == 3 and {indent(r) for r in first} == {2.0}  # at the paragraph indent
    assert rest and {indent(r) for r in rest} == {4.0}  # hung after its marker


def test_the_divider_draws_a_rule_or_the_ornament(tiny):
    built = story(tiny, "上段。\n\n---\n\n下段。")
    assert [s for s in built.layout.of(Stroke) if s.role == "divider"]
    built = story(tiny, "上段。\n\n---\n\n下段。", extra="story: {divider: ◆　◆　◆}")
    assert [r.text for r in runs(built, "divider")] == ["◆◆◆"]  # spaced, not glyphs


def test_the_epaper_and_tags_read_the_forms(tiny):
    from layout.epaper.content import content_of

    built = story(tiny, "> **编者按：**引语。\n\n**记者：**问*重点*。\n\n1. 甲\n2. 乙")
    art = next(a for a in built.layout.articles if "story" in a.blocks)
    kinds = [p.kind for p in content_of(built.layout, art).paras]
    assert kinds == ["blockquote", "p", "li", "li"]
    spans = content_of(built.layout, art).paras[1].spans
    assert ("记者：", "strong") in spans and ("重点", "em") in spans
