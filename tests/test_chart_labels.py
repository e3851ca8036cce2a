"""Chart labels never collide: every label box of a drawing, measured from the recorded items
(position, size, angle, text) with the same metrics the chart was laid out with, keeps ¼ em
from every other, stays inside the drawing and off the bars. Each rung of the ladder (one line,
two lines, 简称, 45°, 90°; value labels shrunk, unit printed once, staggered) is built here
from a case that needs it, and so is the case nothing fits."""

from __future__ import annotations

import math

import pytest

from conftest import TINY

PALETTE = {"chart": (75, 35, 0, 5), "red": (0, 100, 100, 0), "ink": (0, 0, 0, 100),
           "note": (0, 0, 0, 65), "track": (0, 0, 0, 15), "dark-red": (0, 100, 100, 30),
           "white": (0, 0, 0, 0)}
LONG = ["地区生产总值", "第二产业增加值", "社会消费品零售总额", "外贸进出口总额",
        "一般公共预算收入", "规模以上工业增加值"]
SHORT = ["GDP", "二产", "社零", "外贸", "预算收入", "规上工业"]
VALUES = ["86.4", "41.27", "35.8", "12.35", "6.92", "25.6"]
DIGITS = ["9", "8", "7", "6", "5", "4"]  # value labels narrow enough for any slot


def measure(text, size, font):
    """Han and marks 1 em, digits and Latin 0.55 em: proportional like the real faces."""
    return (sum(0.55 if ord(c) < 0x2000 else 1.0 for c in text) * size, size, 0.12 * size)


# -- geometry, worked out here independently of figures/ ------------------------------------
def corners(lab, measure=measure):
    w, h, d = measure(lab.text, lab.size, lab.font)
    a = math.radians(lab.angle)
    c, s = math.cos(a), math.sin(a)
    return [(lab.x + u * c - v * s, lab.y + u * s + v * c)
            for u, v in ((0, -d), (w, -d), (w, h - d), (0, h - d))]


def _seg_dist(p, q, r, s):
    def pt_seg(x, a, b):
        ax, ay = b[0] - a[0], b[1] - a[1]
        t = max(0.0, min(1.0, ((x[0] - a[0]) * ax + (x[1] - a[1]) * ay) / (ax * ax + ay * ay)))
        return math.hypot(x[0] - a[0] - t * ax, x[1] - a[1] - t * ay)
    return min(pt_seg(p, r, s), pt_seg(q, r, s), pt_seg(r, p, q), pt_seg(s, p, q))


def _overlap(p, q):
    for poly in (p, q):
        for i in range(len(poly)):
            (x0, y0), (x1, y1) = poly[i], poly[(i + 1) % len(poly)]
            nx, ny = y0 - y1, x1 - x0
            a = [x * nx + y * ny for x, y in p]
            b = [x * nx + y * ny for x, y in q]
            if max(a) <= min(b) or max(b) <= min(a):
                return False
    return True


def distance(p, q):
    """Between two convex polygons: 0 when they overlap, else the nearest edges' distance."""
    if _overlap(p, q):
        return 0.0
    return min(_seg_dist(p[i], p[(i + 1) % len(p)], q[j], q[(j + 1) % len(q)])
               for i in range(len(p)) for j in range(len(q)))


def labels_of(d):
    from figures.model import Label

    return [x for x in d.items if isinstance(x, Label)]


def bars_of(d):
    from figures.model import Shape

    out = []
    for s in d.items:
        if isinstance(s, Shape) and s.fill in ("chart", "red"):
            pts = [p for _, p in s.segments if p]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            out.append([(min(xs), min(ys)), (max(xs), min(ys)), (max(xs), max(ys)),
                        (min(xs), max(ys))])
    return out


def assert_clear(d, measure=measure):
    """No two labels closer than ¼ em (of the smaller), none outside the drawing, none on a
    bar."""
    labs = labels_of(d)
    boxes = [corners(lab, measure) for lab in labs]
    for i in range(len(labs)):
        for x, y in boxes[i]:
            assert -1e-6 <= x <= d.width + 1e-6 and -1e-6 <= y <= d.height + 1e-6, \
                f"{labs[i].text} leaves the drawing at ({x:.1f}, {y:.1f})"
        for j in range(i + 1, len(labs)):
            need = 0.25 * min(labs[i].size, labs[j].size)
            got = distance(boxes[i], boxes[j])
            assert got >= need - 1e-6, \
                f"{labs[i].text!r} and {labs[j].text!r} are {got:.2f}pt apart, need {need:.2f}"
        for bar in bars_of(d):
            assert distance(boxes[i], bar) > 0, f"{labs[i].text} lies on a bar"


def chart(labels, width, *, shorts=None, values=VALUES, height=200.0, growth=False,
          unit="亿元", horizontal=False, **kw):
    from figures.charts import Bar, Palette, bar_chart

    shorts = shorts or [""] * len(labels)
    bars = [Bar(lab, v, "5.4" if growth else None, s)
            for lab, v, s in zip(labels, values, shorts, strict=False)]
    return bar_chart(bars, unit, width, height, Palette(PALETTE), measure,
                     horizontal=horizontal, label_size=8.0, value_size=10.0, **kw)


def how(d) -> str:
    return next(k.split(":", 1)[1] for k, _ in d.facts if k.startswith("categories:"))


def categories(d):
    return [lab for lab in labels_of(d) if lab.font == "label" and not lab.text.startswith("单位")]


def printed(d) -> list[str]:
    return [lab.text for lab in categories(d)]


# -- category labels --------------------------------------------------------------------------
def test_where_a_label_breaks():
    from figures.breaks import two_lines

    assert two_lines("规模以上工业增加值", 8, "label", measure) == ("规模以上", "工业增加值")
    assert two_lines("社会消费品零售总额", 8, "label", measure) == ("社会消费品", "零售总额")
    assert two_lines("第二产业增加值", 8, "label", measure) == ("第二产业", "增加值")
    # never inside a number with its unit, never after an opening bracket
    assert two_lines("增长5.4个百分点的项目", 8, "label", measure) == ("增长5.4个百分点", "的项目")
    assert two_lines("财政收入（万元）", 8, "label", measure) == ("财政收入", "（万元）")
    assert two_lines("2025年全市GDP", 8, "label", measure) == ("2025年", "全市GDP")
    assert two_lines("地税", 8, "label", measure) is None  # one word: no place to break
    # unknown words still break evenly
    assert two_lines("中心城区建设", 8, "label", measure) == ("中心城", "区建设")


def test_wide_enough_labels_stay_on_one_line():
    d = chart(LONG, 600)
    assert how(d) == "line" and printed(d) == LONG
    assert_clear(d)


def test_labels_wrap_to_two_lines_before_running_together():
    d = chart(LONG[:5], 240, shorts=SHORT[:5])
    assert how(d) == "wrap"
    got = printed(d)
    assert "第二产业" in got and "增加值" in got and "第二产业增加值" not in got
    assert "".join(got) == "".join(LONG[:5])  # every character printed, nothing abbreviated
    assert_clear(d)


def test_the_short_name_comes_before_rotation():
    d = chart(LONG, 220, shorts=SHORT)
    assert how(d) == "short" and printed(d) == SHORT
    assert_clear(d)


def test_short_names_wrap_too():
    d = chart(LONG, 160, shorts=SHORT[:3] + ["外贸总额", "一般预算收入", "规上工业"],
              values=DIGITS)
    assert how(d) == "short-wrap" and "一般预算" in printed(d)
    assert_clear(d)


def test_labels_turn_45_degrees_when_nothing_else_fits():
    d = chart(LONG, 180)
    assert how(d) == "rotate45"
    cats = categories(d)
    assert {lab.angle for lab in cats} == {45.0} and [c.text for c in cats] == LONG
    assert_clear(d)


def test_labels_turn_90_degrees_when_45_would_leave_the_chart():
    d = chart(LONG, 72, height=320, values=DIGITS)
    assert how(d) == "rotate90"
    assert {lab.angle for lab in categories(d)} == {270.0}
    assert_clear(d)


def test_labels_that_fit_nowhere_are_an_error():
    from figures.recorder import ChartError

    with pytest.raises(ChartError, match="category labels do not fit under 6 bars"):
        chart(LONG, 40, height=320)
    with pytest.raises(ChartError, match="category labels do not fit"):
        chart(LONG, 180, height=60)  # rotated, they would take more than half the height


# -- value labels -----------------------------------------------------------------------------
def _value_size(d) -> float:
    return dict(d.facts)["value-size"]


def test_value_labels_shrink_before_they_touch():
    d = chart(["甲", "乙", "丙", "丁"], 170, values=["41.27", "41.26", "41.25", "41.24"])
    assert 8.0 <= _value_size(d) < 10.0 and dict(d.facts)["unit-once"] == 0
    assert_clear(d)


def test_value_labels_print_their_unit_once_when_shrinking_is_not_enough():
    d = chart(LONG[:5], 160, shorts=SHORT[:5], growth=True)
    facts = dict(d.facts)
    assert facts["unit-once"] == 1 and facts["value-levels"] == 1
    texts = [lab.text for lab in labels_of(d)]
    assert "单位：亿元" in texts and "86.4" in texts and "86.4亿元" not in texts
    assert "▲5.4%" in texts  # growth labels keep their %
    assert_clear(d)


def test_value_labels_stagger_as_a_last_resort():
    d = chart(["甲", "乙", "丙", "丁", "戊", "己"], 100, unit="%",
              values=["36.60", "36.50", "36.40", "36.30", "36.20", "36.10"])
    assert dict(d.facts)["value-levels"] == 2
    assert_clear(d)


def test_value_labels_that_fit_nowhere_are_an_error():
    from figures.recorder import ChartError

    with pytest.raises(ChartError, match="value labels do not fit over 6 bars"):
        chart(["甲", "乙", "丙", "丁", "戊", "己"], 60, unit="%",
              values=["136.60", "136.50", "136.40", "136.30", "136.20", "136.10"])


def test_growth_labels_keep_clear_of_the_neighbours_bars():
    d = chart(["甲", "乙", "丙"], 120, values=["2", "90", "3"], growth=True)
    assert_clear(d)


# -- horizontal bars --------------------------------------------------------------------------
def test_horizontal_bars_wrap_their_labels_then_use_the_short_names():
    d = chart(LONG[:4], 160, horizontal=True, height=120)
    assert how(d) == "wrap" and printed(d)[2:4] == ["社会消费品", "零售总额"]
    assert_clear(d)
    d = chart(LONG[:4], 160, horizontal=True, height=60, shorts=SHORT[:4])
    assert how(d) == "short" and printed(d) == SHORT[:4]
    assert_clear(d)


def test_horizontal_rows_too_low_for_their_labels_are_an_error():
    from figures.recorder import ChartError

    with pytest.raises(ChartError, match="do not fit beside 6 bars"):
        chart(LONG, 200, horizontal=True, height=40)


# -- the colliding case, through a page spec with the page's own fonts ------------------------
COLLIDING = """data:
  gdp: {label: 地区生产总值, value: 86.4, unit: 亿元, change: 6.1}
  second: {label: 第二产业增加值, value: 41.27, unit: 亿元, change: 7.2}
  retail: {label: 社会消费品零售总额, value: 35.8, unit: 亿元, change: 9.6}
  trade: {label: 外贸进出口总额, short: 外贸, value: 12.35, unit: 亿元, change: -3.4}
  budget: {label: 一般公共预算收入, value: 6.92, unit: 亿元, change: 4.8}
  industry: {label: 规模以上工业增加值, value: 25.6, unit: 亿元, change: 8.3}
"""


def _spec_chart(tiny, block: str):
    """The chart block's drawing as the page prints it, and the page's measure."""
    from fonts import ensure_fonts, load_face
    from layout.pagemodel import Group, Text
    from layout.pipeline import build

    text = TINY.replace("    text: 今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。\n",
                        "    text: 今年年初以来。\n") + block + COLLIDING
    built, _ = build(tiny(text))
    group = next(it for it in built.layout.items if isinstance(it, Group))
    faces = {}

    def page_measure(s, size, font):
        if font not in faces:
            faces[font] = load_face(ensure_fonts([font])[font])
        return (sum(faces[font].advance(c) for c in s) * size, size, 0.12 * size)

    from figures.model import Drawing, Label

    labels = tuple(Label(t.x, t.y, t.text, t.size, t.font, "ink", t.angle)
                   for t in group.items if isinstance(t, Text))
    return Drawing(group.rect.w, group.rect.h, labels), page_measure


def test_the_colliding_case_no_longer_collides(tiny):
    """Six long labels under bars in a 2-column block: they ran together
    (第二产业增加值社会消费品零售总额外贸进出口总额) and the values touched."""
    block = """  - id: bars
    type: chart
    chart: bar
    data: [gdp, second, retail, trade, budget, industry]
    growth: true
    at: {col: 3, span: 2, line: 6, lines: 16}
"""
    d, page_measure = _spec_chart(tiny, block)
    texts = [lab.text for lab in d.items]
    assert "外贸" not in texts or "外贸进出口总额" not in texts
    assert_clear(d, page_measure)
    # and the labels are what the data say, wrapped or abbreviated, never run together
    assert not any(len(t) > 9 for t in texts)


def test_a_callout_sits_at_the_top_of_its_block(tiny):
    for align, where in ((None, "top"), ("bottom", "bottom"), ("middle", "middle")):
        block = """  - id: big
    type: chart
    chart: callout
    data: gdp
    growth: true
    at: {col: 3, span: 1, line: 6, lines: 20}
""" + (f"    align: {align}\n" if align else "")
        d, page_measure = _spec_chart(tiny, block)
        ys = [y for lab in d.items for _, y in corners(lab, page_measure)]
        lo, hi = min(ys), max(ys)
        assert hi - lo < d.height / 2  # the callout is much shorter than its block
        if where == "top":
            assert hi == pytest.approx(d.height, abs=0.01)
        elif where == "bottom":
            assert lo == pytest.approx(0.0, abs=0.01)
        else:
            assert d.height - hi == pytest.approx(lo, abs=0.01)


def test_align_takes_only_top_middle_or_bottom(tiny, monkeypatch):
    import io

    from layout.cli import main

    block = """  - id: big
    type: chart
    chart: callout
    data: gdp
    align: centre
    at: {col: 3, span: 1, line: 6, lines: 20}
"""
    text = TINY.replace("    text: 今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。\n",
                        "    text: 今年年初以来。\n") + block + COLLIDING
    p = tiny(text)
    monkeypatch.chdir(p.parent)
    err = io.StringIO()
    assert main(["check", p.name], stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue().startswith("spread.yaml:") and "align" in err.getvalue()


def test_short_names_come_from_the_csv_and_the_yaml(tiny):
    from layout.spec import load_spec

    csv = "id,label,short,value,unit\nsecond,第二产业增加值,二产,41.27,亿元\n"
    p = tiny(TINY + "data_file: figures.csv\ndata:\n  gdp: {label: 地区生产总值, short: GDP, "
             "value: 86.4, unit: 亿元}\n", files={"figures.csv": csv})
    data = load_spec(p).data
    assert data["second"].short == "二产" and data["second"].label == "第二产业增加值"
    assert data["gdp"].short == "GDP"


def test_a_chart_that_cannot_fit_its_labels_is_a_located_error(tiny, monkeypatch):
    import io

    from layout.cli import main

    block = """  - id: bars
    type: chart
    chart: bar
    data: [gdp, second, retail, trade, budget, industry]
    at: {col: 3, span: 1, line: 6, lines: 16}
"""
    text = TINY.replace("    text: 今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。\n",
                        "    text: 今年年初以来。\n") + block + COLLIDING
    p = tiny(text)
    monkeypatch.chdir(p.parent)
    err = io.StringIO()
    assert main(["check", p.name], stdout=io.StringIO(), stderr=err) == 2
    line = err.getvalue().strip()
    assert line.count("\n") == 0 and line.startswith("spread.yaml:16:5: ")  # the block
    assert "block 'bars'" in line and "do not fit" in line and "widen the block" in line
