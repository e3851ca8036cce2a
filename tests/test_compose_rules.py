"""Each typographic rule the composer claims, tested on the adversarial line that would break it.

Fake metrics (Han 1 em, Latin ½ em) keep these tests independent of font files; size 10 pt so
that 1 em = 10 pt.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from layout.compose import cjk
from layout.compose.lines import compose_paragraph

SIZE = 10.0
HAN = "一二三四五六七八九十百千万亿兆京垓秭穰沟涧正载极"


def setl(m, text: str, measure: float, indent: float = 0.0):
    return compose_paragraph(text, m, SIZE, measure * SIZE, indent)


def x_of(line, ch: str, nth: int = 0) -> float:
    return [g.x for g in line.glyphs if g.ch == ch][nth]


def test_r1_comma_never_starts_a_line_push_out(fake):
    # 13th character is '，' and nothing on the line can be compressed: push the 12th down
    text = HAN[:12] + "，" + HAN[12:20] + "。"
    lines = setl(fake, text, 12)
    assert all(ln.text[0] not in cjk.NO_START for ln in lines[1:])
    assert lines[0].text == HAN[:11]
    assert lines[1].text.startswith(HAN[11] + "，")
    assert lines[0].width == pytest.approx(12 * SIZE)  # justified by expansion


def test_r3_push_in_first(fake):
    # a 12-em line whose 13th character is '，' and which holds another '，' stays whole
    text = HAN[:5] + "，" + HAN[5:11] + "，" + HAN[11:19] + "。"
    lines = setl(fake, text, 12)
    assert lines[0].text == HAN[:5] + "，" + HAN[5:11] + "，"
    assert lines[0].width == pytest.approx(12 * SIZE)
    first, second = (g for g in lines[0].glyphs if g.ch == "，")
    nxt = lines[0].glyphs[lines[0].glyphs.index(first) + 1]
    assert nxt.x - first.x == pytest.approx(0.5 * SIZE)  # mid-line comma set half-width
    assert second.x + 0.5 * SIZE == pytest.approx(12 * SIZE)  # line-end comma half-width
    assert not lines[1].text.startswith("，")


def test_r2_opening_quote_never_ends_a_line(fake):
    for k in range(6, 14):
        text = HAN[:k] + "强力实施“2312”项目推进计划，提升项目对经济的支撑作用。"
        lines = setl(fake, text, 12)
        assert all(ln.text[-1] not in cjk.NO_END for ln in lines), [ln.text for ln in lines]


@pytest.mark.parametrize("run", ["34.8", "5.4%", "2312", "ＰＣ", "1~6", "102.04", "55.12%"])
def test_r9_runs_never_split(fake, run):
    for k in range(0, 14):
        text = HAN[:k] + run + "亿元，同比增长" + HAN[:10] + "。"
        lines = setl(fake, text, 12)
        assert any(run in ln.text for ln in lines), (k, [ln.text for ln in lines])


def test_r4_dash_and_ellipsis_never_split(fake):
    for k in range(0, 14):
        for mark in ("——", "……"):
            text = HAN[:k] + "改造项目" + mark + "民主中路综合开发项目。"
            lines = setl(fake, text, 12)
            assert any(mark in ln.text for ln in lines), (k, [ln.text for ln in lines])


def test_r7_flush_both_edges_and_no_expansion_inside_runs(fake):
    text = "全区地区生产总值完成34.8亿元，同比增长5.4%；全社会固定资产投资完成23.06亿元。" * 3
    for measure in (11, 12, 13, 14):
        lines = setl(fake, text, measure, indent=2)
        for ln in lines[:-1]:
            assert ln.width == pytest.approx(measure * SIZE, abs=0.01), ln.text
        for ln in lines:
            xs = [g.x for g in ln.glyphs]
            s = "".join(g.ch for g in ln.glyphs)
            for m in re.finditer(r"[0-9.%]+", s):
                gaps = [xs[i + 1] - xs[i] for i in range(m.start(), m.end() - 1)]
                assert all(g == pytest.approx(0.5 * SIZE) for g in gaps), (s, gaps)


def test_r6_adjacent_marks_take_one_and_a_half_em(fake):
    ln = setl(fake, "增长17.4%。”他说。", 30)[0]  # one line, nothing to justify
    assert x_of(ln, "”") - x_of(ln, "。") == pytest.approx(0.5 * SIZE)
    assert x_of(ln, "他") - x_of(ln, "。") == pytest.approx(1.5 * SIZE)


def test_r6_line_end_mark_takes_half_an_em_and_r8_no_hanging(fake):
    text = (HAN[:11] + "，") * 4 + "。"
    for ln in setl(fake, text, 12)[:-1]:
        assert ln.text.endswith("，")
        assert ln.width <= 12 * SIZE + 1e-6  # nothing hangs past the edge
        assert ln.glyphs[-1].x == pytest.approx(11.5 * SIZE)  # its box is half an em


def test_r10_quarter_em_between_han_and_latin(fake):
    ln = setl(fake, "完成34.8亿元。", 30)[0]
    assert x_of(ln, "3") - x_of(ln, "成") == pytest.approx(1.25 * SIZE)
    assert x_of(ln, "亿") - x_of(ln, "8") == pytest.approx(0.75 * SIZE)
    ln = setl(fake, "增长5.4%；全", 30)[0]  # none next to Chinese punctuation
    assert x_of(ln, "；") - x_of(ln, "%") == pytest.approx(0.5 * SIZE)


def test_r10_no_space_at_line_start(fake):
    for k in range(8, 14):
        lines = setl(fake, HAN[:k] + "2312项目" + HAN[:12] + "。", 12)
        for ln in lines[1:]:
            assert ln.glyphs[0].x == pytest.approx(0.0)


def test_r12_first_line_indent(fake):
    lines = setl(fake, HAN * 2, 12, indent=2)
    assert lines[0].glyphs[0].x == pytest.approx(2 * SIZE)
    assert lines[1].glyphs[0].x == pytest.approx(0.0)


def test_r15_no_single_han_on_last_line(fake):
    text = HAN[:23] + "。"  # 10 + 12 + '一字。' would leave a 孤字
    lines = setl(fake, text, 12, indent=2)
    core = [c for c in lines[-1].text if cjk.is_han(c)]
    assert len(core) >= 2, [ln.text for ln in lines]
    assert lines[-2].width == pytest.approx(12 * SIZE)  # the line above is still flush


def test_r14_no_ink_collides(fake):
    text = "“建设发展活力区、社会和谐区”，是（焦作）《规划》的目标。" * 4
    for measure in (9, 11, 12, 13):
        for ln in setl(fake, text, measure):
            g = ln.glyphs
            for a, b in zip(g, g[1:], strict=False):
                ia, ib = fake.ink(a.ch), fake.ink(b.ch)
                assert a.x + ia[2] * SIZE <= b.x + ib[0] * SIZE + 1e-6, (ln.text, a.ch, b.ch)


SAMPLE_TEXT = Path(__file__).resolve().parent.parent / "data" / "jiefang" / "text"


def _paragraphs() -> list[str]:
    out = []
    for f in sorted(SAMPLE_TEXT.glob("*.txt")):
        out += [p.strip() for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return out


@pytest.mark.parametrize("measure", [11, 12, 13, 25, 27])
def test_whole_sample_with_the_real_font(song, measure):
    """All rules at once, on every paragraph of the sample, with the real body face."""
    for para in _paragraphs():
        lines = compose_paragraph(para, song, SIZE, measure * SIZE, 2.0)
        assert "".join(ln.text for ln in lines) == para
        for i, ln in enumerate(lines):
            if i:
                assert ln.text[0] not in cjk.NO_START, ln.text
            assert ln.text[-1] not in cjk.NO_END, ln.text
            assert not ln.overfull
            if not ln.last:
                assert ln.width == pytest.approx(measure * SIZE, abs=0.01), ln.text
            assert ln.width <= measure * SIZE + 0.01
        if len(lines) > 1:
            assert sum(cjk.is_han(c) for c in lines[-1].text) != 1 or any(
                not cjk.is_han(c) and c not in cjk.RIGHT_BLANK for c in lines[-1].text)
        for a, b in zip(lines, lines[1:], strict=False):
            tail, head = a.text[-1], b.text[0]
            assert not (cjk.RUN_RE.fullmatch(tail + head) and tail.isalnum() and head.isalnum())
            assert not (tail in "—…" and head in "—…")
