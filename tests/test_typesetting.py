"""R5, R6 styles, R10 setting, R11, R13, R16, R17, R18, R19: the rules beyond line breaking."""

from __future__ import annotations

import pytest

from conftest import TINY, FakeMetrics
from layout.compose import cjk
from layout.compose.headline import compose_display, words
from layout.compose.lines import DEFAULT, Typesetting, compose_paragraph
from layout.compose.normalize import half_width
from layout.compose.vertical import vertical_cells, vertical_glyphs
from layout.pagemodel import GlyphRun

SIZE = 10.0


def one_line(m, text, ts=DEFAULT):
    return compose_paragraph(text, m, SIZE, 100 * SIZE, 0.0, justify=False, ts=ts)[0]


def x_of(line, ch, nth=0):
    return [g.x for g in line.glyphs if g.ch == ch][nth]


class ProportionalQuotes(FakeMetrics):
    """Like LXGW WenKai: “ and ” are 0.35 em wide."""

    def advance(self, ch):
        return 0.35 if ch in "“”" else super().advance(ch)

    def ink(self, ch):
        if ch in "“”":
            return (0.05, 0.5, 0.30, 0.8)
        return super().ink(ch)


def test_r5_proportional_quote_is_set_in_a_one_em_box():
    m = ProportionalQuotes()
    ln = one_line(m, "实施“2312”项目")
    assert x_of(ln, "2") - x_of(ln, "施") == pytest.approx(2 * SIZE)  # “ takes a full 字
    assert x_of(ln, "“") - x_of(ln, "施") == pytest.approx((1 + 0.65) * SIZE)  # ink on the right
    assert x_of(ln, "项") - x_of(ln, "”") == pytest.approx(1 * SIZE)


@pytest.mark.parametrize("style,comma,stop", [
    ("quanjiao", 1.0, 1.0), ("kaiming", 0.5, 1.0), ("banjiao", 0.5, 0.5),
    ("hangmobanjiao", 1.0, 1.0)])
def test_r6_punctuation_styles(fake, style, comma, stop):
    ln = one_line(fake, "甲，乙。丙", Typesetting(punct=style))
    assert x_of(ln, "乙") - x_of(ln, "，") == pytest.approx(comma * SIZE)
    assert x_of(ln, "丙") - x_of(ln, "。") == pytest.approx(stop * SIZE)


def test_r6_hangmobanjiao_keeps_pairs_full_but_halves_the_line_end(fake):
    ln = one_line(fake, "增长。”他", Typesetting(punct="hangmobanjiao"))
    assert x_of(ln, "他") - x_of(ln, "。") == pytest.approx(2 * SIZE)
    lines = compose_paragraph("一二三四五，" * 3, fake, SIZE, 5.5 * SIZE, 0.0,
                              ts=Typesetting(punct="hangmobanjiao"))
    assert lines[0].text == "一二三四五，" and lines[0].width == pytest.approx(5.5 * SIZE)


def test_r10_autospace_is_a_setting(fake):
    ln = one_line(fake, "完成34.8亿元", Typesetting(autospace=0.0))
    assert x_of(ln, "3") - x_of(ln, "成") == pytest.approx(1.0 * SIZE)
    ln = one_line(fake, "完成34.8亿元", Typesetting(autospace=0.125))
    assert x_of(ln, "3") - x_of(ln, "成") == pytest.approx(1.125 * SIZE)


def test_r11_full_width_alnum_set_half_width_with_a_warning(tiny, monkeypatch):
    from layout.pipeline import build

    assert half_width("同兴计时ＰＣ机芯，截至６月底") == "同兴计时PC机芯，截至6月底"
    p = tiny(TINY.replace("今年年初以来，", "截至６月底，ＰＣ机芯"))
    monkeypatch.chdir(p.parent)
    built, _ = build(p)
    warns = [d.line() for d in built.report.warnings if "underset" not in d.message]
    assert warns == ["spread.yaml:15:13: warning: block 'story': full-width '６' set as '6' (R11)",
                     "spread.yaml:15:17: warning: block 'story': full-width 'ＰＣ' set as 'PC' "
                     "(R11)"]
    text = "".join(g.ch for t in built.layout.of(GlyphRun) for g in t.glyphs)
    assert "6月底" in text and "PC机芯" in text and "６" not in text


def test_r13_every_body_line_on_one_grid_across_the_spread():
    from conftest import SAMPLE
    from layout.pipeline import build

    built, _ = build(SAMPLE)
    g = built.layout.grid
    body = [t for t in built.layout.of(GlyphRun) if t.size == g.zi]
    assert len(body) > 150
    offsets = [(t.y - g.baseline(1)) / g.leading for t in body]
    assert all(abs(o - round(o)) < 1e-6 for o in offsets)
    assert {t.page for t in body} == {0, 1}


def test_r16_widow_moves_the_line_before_it(tiny, monkeypatch):
    from layout.pipeline import build

    # 2 columns of 3 lines; 4 lines of text: the 4th (last) line would stand alone in column 2
    text = TINY.replace("line: 6, lines: 10}", "line: 6, lines: 3}").replace(
        "今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。", "一二三四五六七八九十" * 5
    ).replace("    columns: 2", "    columns: 2\n    balance: false")  # columns filled in turn
    for widows, col2 in ((False, 1), (True, 2)):
        style = "styles:\n  body: {widows: true}\n" if widows else ""
        p = tiny(text + style)
        monkeypatch.chdir(p.parent)
        built, _ = build(p)
        story = [t for t in built.layout.of(GlyphRun) if t.size == 9.0]
        xs = sorted({t.x for t in story})
        assert len(story) == 4 and sum(t.x == xs[1] for t in story) == col2


def test_r17_headline_breaks_at_word_boundaries_balanced(song):
    title = "解放区热烈祝贺焦作市第十次党代会胜利召开"
    assert "焦作市" in words(title) and "党代会" in words(title)
    d = compose_display([title], song, 40, (40, 40), None, 12 * 40, 3 * 40 * 1.2, "center",
                        Typesetting())
    assert len(d.lines) == 2 and d.problem is None
    a, b = (ln.text for ln in d.lines)
    assert a + b == title
    for word in ("焦作市", "党代会", "解放区"):
        assert word in a or word in b
    assert abs(len(a) - len(b)) <= 2  # balanced


def test_r17_marks_stay_with_their_words(song):
    t = "市委副书记、市长孙立坤（前中）在解放区调研"
    for w in words(t):
        assert w[0] not in cjk.NO_START and w[-1] not in cjk.NO_END


def test_r17_tongnan_headline_fills_its_width(song):
    d = compose_display(["克难攻坚　亮点频现"], song, 72, (60, 200), None, 900, 200, "center",
                        Typesetting())
    assert d.size == pytest.approx(100)  # 9 字 fill 900 pt
    assert d.lines[0].width == pytest.approx(900, abs=0.5)
    d = compose_display(["克难攻坚　亮点频现"], song, 72, (60, 80), None, 900, 200, "center",
                        Typesetting())
    assert d.size == 80  # never above the style's largest size


def test_r17_too_long_for_the_block_is_reported(song):
    d = compose_display(["解放区热烈祝贺焦作市第十次党代会胜利召开"], song, 40, (40, 40), None,
                        12 * 40, 70, "center", Typesetting())
    m = d.misfit
    assert (m.lines, m.least, m.tall, m.height) == (2, 40, 96, 70) and not m.too_wide
    assert m.say("the headline", 10, 14, key="lines", now=5) == (
        "the headline does not fit its height: its 2 lines at 40pt need 7 lines, where it "
        "has 5: lines: 7 or a smaller size (29pt fits)")
    d = compose_display(["解放区热烈祝贺焦作市第十次党代会胜利召开"], song, 40, (40, 40), None,
                        3 * 40, 400, "center", Typesetting(), zi=10)
    m = d.misfit
    assert m.too_wide and (m.lines, m.widest, m.wide, m.more) == (3, "解放区热烈祝贺", 280, None)
    assert m.say("the headline", 10, 14, key="lines", now=29, fit=(40, 40)) == (
        "the headline does not fit its width: at 40pt, its least size, the widest line of its "
        "3, '解放区热烈祝贺', is 28字 and the block 12字 wide: fit: [17pt, 40pt] or a wider "
        "block")


def test_r18_vertical_title_forms_and_one_zi_per_glyph():
    assert "".join(vertical_cells("【解放区赋】")) == "︻解放区赋︼"
    g = vertical_glyphs("【解放区赋】", 26.0)
    assert [x.y for x in g] == [k * 26.0 for k in range(6)]
    assert "".join(vertical_cells("一，二。三、")) == "一︐二︒三︑"


def test_r18_short_numbers_set_across_the_column():
    assert vertical_cells("建党90周年") == ["建", "党", "90", "周", "年"]
    assert vertical_cells("第7届") == ["第", "7", "届"]
    assert vertical_cells("2010年") == ["2", "0", "1", "0", "年"]


def test_r19_vertical_quotes():
    assert "".join(vertical_cells("“两基”‘三新’")) == "﹃两基﹄﹁三新﹂"


def test_r19_corner_brackets_are_pointed_out(tiny, monkeypatch):
    from layout.pipeline import build

    p = tiny(TINY.replace("今年年初以来，", "「今年」年初以来，"))
    monkeypatch.chdir(p.parent)
    built, _ = build(p)
    warns = [d.line() for d in built.report.warnings if "underset" not in d.message]
    assert len(warns) == 2 and all("(R19)" in w for w in warns)
    assert warns[0].startswith("spread.yaml:15:11: ")
