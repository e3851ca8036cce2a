"""Fit messages a designer can act on: each names the part that does not fit (the headline,
a deck, the label, the body), the room it had (in 字 and grid lines) and the fix (`lines: N`,
`heading_lines: 3`, a least size, cutting, a run-on), with sizes as a designer writes them;
and a photo's line keeps the source's pixels and resolution apart from what is embedded."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from layout.cli import main

SPEC = """\
meta: {title: 试, date: 2024-05-06}
page: {preset: A3}
body: {size: 小五, leading: 13.5pt}
grid: {columns: 4, column: 13, gutter: 1}
labels:
  亮点: {text: "亮点聚焦：{}", style: lab12, shape: tab, fill: red, lines: 2}
styles:
  big: {font: hei-black, size: 60pt, fit: [44pt, 60pt], color: red, align: center}
  huge: {font: hei, size: 96pt, align: center}
  mid: {font: hei, size: 40pt, fit: [28pt, 44pt], align: center}
  lab12: {font: hei, size: 12pt, align: center}
  kick: {font: hei, size: 30pt, align: center}
blocks:
  - id: wide
    type: headline
    style: big
    at: {col: 1, span: 4, line: 1, lines: 5}
    text: 克难攻坚亮点频现全区经济平稳增长项目建设进展顺利招商引资成效明显
  - id: tall
    type: headline
    style: huge
    kicker: 引题在这里
    subtitle: 副题在这里
    at: {col: 1, span: 4, line: 7, lines: 12}
    text: 解放区
  - id: decks
    type: headline
    style: mid
    kicker: 引题在这里说一说
    subtitle: 副题也在这里说一说
    at: {col: 1, span: 4, line: 20, lines: 5}
    text: 解放区上半年经济
  - id: kicker
    type: headline
    style: mid
    kicker: 引题在这里说一说再说一说还要说一说
    kicker_style: kick
    at: {col: 1, span: 2, line: 26, lines: 8}
    text: 解放区
  - id: own
    type: text
    heading: 全区经济平稳增长项目建设
    heading_style: lab12
    at: {col: 3, span: 1, line: 26, lines: 10}
    text: 今年年初以来。
  - id: comp
    type: text
    label: 亮点
    heading: 全区经济平稳增长
    at: {col: 4, span: 1, line: 26, lines: 10}
    text: 今年年初以来。
  - id: odd
    type: headline
    style: mid
    at: {col: 1, span: 3, line: 37, lines: 4}
    text: 解放区上半年经济运行
  - id: latin
    type: headline
    style: mid
    kicker: BANMIANNEWSPAPERLAYOUTENGINE
    kicker_style: kick
    at: {col: 4, span: 1, line: 37, lines: 8}
    text: 解放
  - id: story
    type: text
    at: {col: 1, span: 2, line: 46, lines: 3}
    columns: 2
    text: "今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。全区固定资产投资完成\\
      23.06亿元，同比增长36.6%；引进市外境内资金24.69亿元，占全年任务的56.01%，同比增长\\
      55.12%；社会消费品零售总额完成24.2亿元，同比增长17.4%。"
  - id: pic
    type: photo
    photo: p.jpg
    at: {col: 3, span: 2, line: 46, lines: 12}
"""


@pytest.fixture(scope="module")
def details(tmp_path_factory) -> dict[str, str]:
    """Each block's fit message, from `banmian check --json` on the spec above."""
    d = tmp_path_factory.mktemp("fit")
    (d / "s.yaml").write_text(SPEC, encoding="utf-8")
    Image.new("RGB", (1400, 1500), (90, 120, 200)).save(d / "p.jpg", quality=90)
    out = io.StringIO()
    assert main(["check", str(d / "s.yaml"), "--json"], stdout=out, stderr=io.StringIO()) == 1
    rep = json.loads(out.getvalue())
    return {f["block"]: f for f in rep["fits"]}


def test_a_headline_too_wide_says_how_many_lines_it_would_need_and_the_least_size(details):
    assert details["wide"]["detail"] == (
        "the headline does not fit its width: at 44pt, its least size, the widest line of its "
        "2, '克难攻坚亮点频现全区经济平稳增长', is 79字 and the block 55字 wide; on 4 lines it "
        "would need 16 lines, where it has 5: lines: 16 or fit: [28pt, 60pt]")


def test_a_headline_too_tall_counts_the_lines_the_decks_leave_it(details):
    assert details["tall"]["detail"] == (
        "the headline does not fit its height: its line at 96pt needs 8 lines, where it has 7 "
        "after the 引题's 2 and 副题's 3: lines: 13 or a smaller size (94.5pt fits, style huge)")


def test_decks_that_take_every_line_are_named(details):
    assert details["decks"]["detail"] == (
        "the 引题 and 副题 take all 5 lines of the block and leave the headline none; at 28pt "
        "it needs 3: lines: 8 or smaller decks")
    assert details["kicker"]["detail"] == (
        "the 引题 takes all 8 lines of the block and leaves the headline none; at 28pt it "
        "needs 3: lines: 12 or smaller decks")


def test_a_deck_that_does_not_fit_is_named(details):
    assert details["latin"]["detail"] == (
        "the 引题 (kicker) does not fit its width: at 30pt the widest line, "
        "'BANMIANNEWSPAPERLAYOUTENGINE', is 62字 and the block 13字 wide: a smaller size (6pt "
        "fits, style kick) or a wider block")


def test_a_label_that_wraps_asks_for_heading_lines_and_shows_its_lines(details):
    own = details["own"]
    assert own["detail"] == (
        "the label '全区经济平稳增长项目建设' does not fit its height: its 2 lines at 12pt need "
        "3 lines, where it has 2: heading_lines: 3 or a smaller size (11pt fits, style lab12)")
    assert (own["used"], own["capacity"]) == (3, 2)  # not 0/0
    assert details["comp"]["detail"] == (
        "the label '亮点聚焦：全区经济平稳增长' does not fit its height: its 2 lines at 12pt need "
        "3 lines, where it has 2: lines: 3 in its labels: entry or a smaller size (11pt fits, "
        "style lab12)")


def test_the_body_over_says_the_lines_it_needs(details):
    assert details["story"]["detail"] == (
        "the body runs 3 lines (46字) over the 6 lines of its 2 columns, from '56.01%，同比增…': "
        "give it 2 more lines (lines: 5), cut 46字, or run it on into another block (next:)")


def test_a_fitted_size_is_written_to_the_half_point(details):
    assert details["odd"]["detail"] == "37pt"  # set at 36.9…pt to fill the width


def test_the_photo_line_keeps_source_and_embedded_pixels_apart(details):
    assert details["pic"]["detail"] == (
        "p.jpg: 86×55 mm shows 1400×894 px of its 1400×1500, 415 ppi; embedded 1012×647 px "
        "CMYK, 300 ppi")
