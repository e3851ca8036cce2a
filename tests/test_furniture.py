"""Page furniture: labels, rules and boxes, headline decks, 报眉, text wrap, the fold, the proof
overlay and the double-width sheet, checked on their geometry."""

from __future__ import annotations

import io

import pytest

from conftest import TINY
from layout.cli import main
from layout.grid import Rect
from layout.pagemodel import Box, GlyphRun, Stroke
from layout.pipeline import build
from layout.place.furniture import box_strokes as _box_lines
from layout.spec import Rule
from layout.units import MM

SPREAD = TINY.replace("page: {preset: A3}", "page: {preset: A3, spread: true, folios: [2, 3]}")
STORY = "今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。"


def built(tiny, monkeypatch, text: str):
    p = tiny(text)
    monkeypatch.chdir(p.parent)
    b, _ = build(p)
    return b


def test_wenwu_border_is_a_thick_and_a_thin_stroke():
    r = Rect(100, 200, 300, 150)
    lines = _box_lines(Rule("wenwu", (0, 100, 100, 0)), r, 0)
    widths = sorted({ln.width for ln in lines})
    assert widths == [0.5, 2.0] and len(lines) == 8
    thick = [ln for ln in lines if ln.width == 2.0]
    thin = [ln for ln in lines if ln.width == 0.5]
    assert min(ln.y0 for ln in thick) == pytest.approx(201.0)  # thick stroke outermost
    assert min(ln.y0 for ln in thin) == pytest.approx(203.25)  # thin one inside it
    dotted = _box_lines(Rule("dotted", (0, 0, 0, 100)), r, 0)
    assert all(ln.dash for ln in dotted)


def labelled(shape: str) -> str:
    text = TINY.replace("    columns: 2\n", "    columns: 2\n    label: 亮点聚焦\n"
                        "    heading: 全区经济平稳增长\n    box: {fill: tint, border: red}\n")
    return text + f'labels:\n  亮点聚焦: {{text: "亮点聚焦：{{}}", shape: {shape}, fill: red}}\n'


def test_label_component_bar_and_tab(tiny, monkeypatch):
    b = built(tiny, monkeypatch, labelled("bar"))
    g = b.layout.grid
    head = next(t for t in b.layout.of(GlyphRun)
                if "".join(x.ch for x in t.glyphs).startswith("亮点聚焦："))
    assert "".join(x.ch for x in head.glyphs) == "亮点聚焦：全区经济平稳增长"
    story = next(x for x in b.layout.blocks if x.id == "story")
    bar = [r for r in b.layout.of(Box) if r.fill == (0, 100, 100, 0)]
    inset = 9.0  # the box's 1字 inset
    assert len(bar) == 1 and bar[0].rect.w == pytest.approx(story.rect.w - 2 * inset)
    assert bar[0].rect.y > story.rect.y and bar[0].rect.y1 < story.rect.y + 2 * g.leading
    b = built(tiny, monkeypatch, labelled("tab"))
    tab = [r for r in b.layout.of(Box) if r.fill == (0, 100, 100, 0)]
    label_w = 13 * 14.0  # 13 characters of 四号, the label style's size
    assert len(tab) == 1 and tab[0].rect.w == pytest.approx(label_w + 2 * 14.0)  # hugs the text
    under = [ln for ln in b.layout.of(Stroke) if ln.color == (0, 100, 100, 0) and ln.y0 == ln.y1]
    assert any(ln.x1 - ln.x0 == pytest.approx(story.rect.w - 2 * inset) for ln in under)
    # the text below the label stays on the page's baselines
    body = [t for t in b.layout.of(GlyphRun) if t.size == 9.0]
    assert all(abs((t.y - g.baseline(1)) / g.leading
                   - round((t.y - g.baseline(1)) / g.leading)) < 1e-6 for t in body)
    assert min(t.y for t in body) == pytest.approx(g.baseline(8))  # 6 + 2 label lines


def test_unknown_label_is_an_error(tiny, monkeypatch):
    p = tiny(labelled("bar").replace("label: 亮点聚焦", "label: 焦点"))
    monkeypatch.chdir(p.parent)
    err = io.StringIO()
    assert main(["check", p.name], stdout=io.StringIO(), stderr=err) == 2
    assert "unknown label '焦点'" in err.getvalue()


def test_headline_decks_take_whole_lines(tiny, monkeypatch):
    text = TINY.replace("    style: subhead\n", "    style: subhead\n    kicker: 解放区热烈祝贺\n"
                        "    subtitle: 焦作市第十次党代会胜利召开\n").replace(
        "at: {col: 1, span: 4, line: 1, lines: 4}", "at: {col: 1, span: 4, line: 1, lines: 8}"
    ).replace("line: 6, lines: 10}", "line: 10, lines: 10}")
    b = built(tiny, monkeypatch, text)
    fit = next(f for f in b.report.fits if f.block == "title")
    assert fit.status == "fits" and "引题" in fit.detail and "副题" in fit.detail
    by = {"".join(g.ch for g in t.glyphs): t for t in b.layout.of(GlyphRun)}
    k, m, s = by["解放区热烈祝贺"], by["测试标题"], by["焦作市第十次党代会胜利召开"]
    assert k.y < m.y < s.y
    g = b.layout.grid
    assert s.y < g.row_y(9)  # all inside the block's 8 lines
    for t in (k, m, s):  # each deck centred in whole grid lines: its em box clear of the lines
        assert g.row_y(1) <= t.y - 0.88 * t.size


def test_header_mirrored_by_page_parity(tiny, monkeypatch):
    text = SPREAD.replace("meta: {title: 测试版, date: 2024-05-06}",
                          "meta: {title: 测试版, date: 2024-05-06, paper: 焦作日报, "
                          "section: 专版}") + "header: {rule: {style: wenwu, color: red}}\n"
    b = built(tiny, monkeypatch, text)
    g = b.layout.grid
    names = [t for t in b.layout.of(GlyphRun) if "".join(x.ch for x in t.glyphs) == "焦作日报"]
    assert [t.page for t in names] == [0, 1]
    left, right = names
    assert left.x == pytest.approx(g.col_x(0, 1))  # page 2 (even): outer edge is the left
    w = right.glyphs[-1].x + 9.0 * 7.5 / 9.0 * 1.0  # last glyph + one 六号 字
    assert right.x + w == pytest.approx(g.col_x(1, 4) + g.column_w, abs=0.5)  # page 3: right
    dates = [t for t in b.layout.of(GlyphRun) if t.text.startswith("2024年")]
    assert "星期一" in "".join(x.ch for x in dates[0].glyphs)
    assert all(t.y < g.y0 for t in names + dates)  # above the type area
    assert any(ln.width == 2.0 and ln.y0 < g.y0 for ln in b.layout.of(Stroke))  # the 眉线


def test_header_suppressed_on_a_masthead_page(tiny, monkeypatch):
    text = SPREAD.replace("meta: {title: 测试版, date: 2024-05-06}",
                          "meta: {title: 测试版, date: 2024-05-06, paper: 焦作日报}")
    b = built(tiny, monkeypatch, text + "header: {suppress: [3]}\n")
    assert [t.page for t in b.layout.of(GlyphRun)
            if "".join(x.ch for x in t.glyphs) == "焦作日报"] == [0]


WRAPPED = TINY.replace(STORY, "一二三四五六七八九十，" * 30).replace(
    "line: 6, lines: 10}", "line: 6, lines: 30}") + """  - id: pic
    type: photo
    placeholder: true
    wrap: 1字
    at: {x: 95mm, y: 80mm, width: 40mm, height: 30mm}
"""


def test_text_wraps_around_a_picture_in_whole_zi(tiny, monkeypatch):
    b = built(tiny, monkeypatch, WRAPPED)
    g = b.layout.grid
    pic = next(x for x in b.layout.blocks if x.id == "pic").rect
    body = [t for t in b.layout.of(GlyphRun) if t.size == 9.0]
    beside = [t for t in body if pic.y - 9 < t.y < pic.y1 + 9 + 13.5]
    assert beside, "no line beside the picture"
    for t in body:
        end = t.x + t.glyphs[-1].x + 9.0  # the last box's right edge, before line-end trim
        ends_mark = t.glyphs[-1].ch in "，。"
        right = end - (4.5 if ends_mark else 0.0)
        inside = not (right <= pic.x - 9 + 0.01 or t.x >= pic.x1 + 9 - 0.01)
        assert not inside or not (pic.y - 9 < t.y < pic.y1 + 9 + 13.5), t
    for t in beside:  # the narrowed lines are whole 字 and still flush at both edges
        first = t.glyphs[0].x
        width = t.glyphs[-1].x + 9.0 - first - (4.5 if t.glyphs[-1].ch in "，。" else 0)
        assert (width / 9.0) == pytest.approx(round(width / 9.0), abs=1e-6)
    fit = next(f for f in b.report.fits if f.block == "story")
    assert fit.status == "fits"
    assert all(abs((t.y - g.baseline(1)) / g.leading
                   - round((t.y - g.baseline(1)) / g.leading)) < 1e-6 for t in body)


def test_text_may_not_enter_the_fold_zone(tiny, monkeypatch):
    text = SPREAD.replace("at: {col: 1, span: 2, line: 6, lines: 10}",
                          "at: {page: spread, col: 4, span: 2, line: 6, lines: 10}")
    p = tiny(text)
    monkeypatch.chdir(p.parent)
    err = io.StringIO()
    assert main(["check", p.name], stdout=io.StringIO(), stderr=err) == 2
    assert "fold-safe zone" in err.getvalue() and "spread.yaml:13:9" in err.getvalue()
    # headlines may cross it
    text = SPREAD.replace("at: {col: 1, span: 4, line: 1, lines: 4}",
                          "at: {page: spread, col: 3, span: 4, line: 1, lines: 4}")
    assert main(["check", tiny(text).name], stdout=io.StringIO(), stderr=io.StringIO()) == 0


def test_block_leaving_the_type_area(tiny, monkeypatch):
    text = TINY + """  - id: pic
    type: photo
    placeholder: true
    at: {x: 5mm, y: 100mm, width: 40mm, height: 30mm}
"""
    p = tiny(text)
    monkeypatch.chdir(p.parent)
    err = io.StringIO()
    assert main(["check", p.name], stdout=io.StringIO(), stderr=err) == 2
    assert "leaves the type area" in err.getvalue()


def test_rules_horizontal_and_vertical(tiny, monkeypatch):
    text = TINY.replace("line: 6, lines: 10}", "line: 7, lines: 10}") + """  - id: under
    type: rule
    at: {col: 1, span: 4, line: 5, lines: 1}
    rule: {style: double, color: red}
  - id: colrule
    type: rule
    vertical: true
    at: {col: 3, span: 1, line: 7, lines: 10}
    rule: black
"""
    b = built(tiny, monkeypatch, text)
    g = b.layout.grid
    h = [ln for ln in b.layout.of(Stroke) if ln.y0 == ln.y1]
    v = [ln for ln in b.layout.of(Stroke) if ln.x0 == ln.x1]
    assert len(h) == 2 and h[1].y0 - h[0].y0 == pytest.approx(1.5)
    assert g.row_y(5) < h[0].y0 < g.row_y(6)
    assert len(v) == 1 and g.col_x(0, 2) + g.column_w < v[0].x0 < g.col_x(0, 3)


def test_sheet_is_one_double_width_page(tiny, monkeypatch):
    p = tiny(SPREAD)
    monkeypatch.chdir(p.parent)
    assert main(["render", p.name, "--sheet"], stdout=io.StringIO(),
                stderr=io.StringIO()) == 0
    import pikepdf

    with pikepdf.open(p.parent / "build" / "spread.pdf") as pdf:
        assert len(pdf.pages) == 1
        trim = [float(v) for v in pdf.pages[0].TrimBox]
        assert trim[2] - trim[0] == pytest.approx(2 * 297 * MM, abs=0.01)  # 2 × 297 mm


def test_proof_overlay_marks_overflow_in_red(tiny, monkeypatch):
    from PIL import Image

    p = tiny(TINY.replace(STORY, STORY * 20))
    monkeypatch.chdir(p.parent)
    out = io.StringIO()
    assert main(["preview", p.name, "--proof", "--dpi", "30"], stdout=out,
                stderr=io.StringIO()) == 1
    img = Image.open(p.parent / out.getvalue().split()[0]).convert("RGB")
    reds = sum(1 for px in img.get_flattened_data() if px[0] > 200 and px[1] < 80 and px[2] < 80)
    cyans = sum(1 for px in img.get_flattened_data() if px[0] < 200 and px[1] > 200 and px[2] > 200
                and px != (255, 255, 255))
    assert reds > 50 and cyans > 50


def test_spread_placement_mm_sanity():
    assert round(297 * MM, 2) == 841.89
