"""Whole-paragraph (total-fit) line breaking: slack spread over the paragraph instead of piled on
one line, R15 and the ellipsis rule kept, dash runs 2 em, per-line measures, and what cannot be
set well flagged on its line.

Looseness is measured here from the glyph positions, as an outside checker measures a PDF: a
Han–Han gap grown by more than ¼ em, or a Han–Latin gap past ¼ + ¼ em.
"""

from __future__ import annotations

import random
from functools import cache

import pytest

from layout.compose import cjk
from layout.compose.lines import Slots, compose_paragraph
from layout.compose.segment import clusters, units

LOOSE_EM = 0.25  # a gap grown past this is loose (what cjk_eval's `loose` counts)
SIZE = 10.0  # fake metrics: 1 em = 10 pt
HAN = "一二三四五六七八九十百千万亿兆京垓秭穰沟涧正载极"
BODY = 9.0  # the real face at 小五


def loosest(line, m, size: float) -> float:
    """How far, in em, the widest gap between two units of the line grew past its natural
    width: between characters, after a closing mark (past its full box), and between Han and
    Latin (past ¼ em). Gaps that justification never widens (inside a run, after an opening
    mark, before a closing one, around interpuncts and connectors) are not looked at."""
    us = [u for u in units(line.text) if u.kind != "space"]
    glyphs = list(line.glyphs)
    worst, k = 0.0, 0
    for u, v in zip(us, us[1:], strict=False):
        a = glyphs[k + len(u.text) - 1]
        k += len(u.text)
        b = glyphs[k]
        if u.kind in ("open", "middle") or v.kind in ("close", "middle"):
            continue
        if u.text[-1] in cjk.CONNECTOR + cjk.SOLIDUS or v.text[0] in cjk.CONNECTOR + cjk.SOLIDUS:
            continue
        end = a.x / size + (max(1.0, m.advance(a.ch)) if u.kind == "close" else m.advance(a.ch))
        start = b.x / size - (max(1.0, m.advance(b.ch)) - m.advance(b.ch) if v.kind == "open"
                              else 0.0)
        latin = {u.kind, v.kind} == {"han", "run"} and not (cjk.is_wide(u.text[0])
                                                            and cjk.is_wide(v.text[0]))
        worst = max(worst, start - end - (0.25 if latin else 0.0))
    return worst


def orphan(line) -> bool:
    core = [c for c in line.text if c not in cjk.PUNCT and not c.isspace()]
    return len(core) == 1 and cjk.is_han(core[0])


# ── total fit against breaking one line at a time ───────────────────────────────────────────

GREEDY_LOOSE = [
    # one line at a time, `总收入完成1204.72亿` took 0.32 em between characters
    ("今年以来，全区财政总收入完成1204.72亿元，增长12.3%，其中地方一般公共预算收入完成"
     "486.15亿元，增长9.8%，增幅居全市前列。", 11),
    # and `1204.72亿元，同比增长` 0.40 em
    ("今年以来，临河区坚持稳中求进工作总基调，扎实推进产业转型和项目建设，全区经济运行呈现"
     "“稳中有进、进中向好”的态势。上半年，全区地区生产总值完成1204.72亿元，同比增长6.8%，"
     "增速高于全市平均水平1.2个百分点。", 12),
    # `48.5亿元，带动社会投资超过` 0.30 em, two lines after 撬动社会资本参与项目
    ("临河区创新投融资机制，用好政府专项债券和PPP模式，以少量财政资金撬动社会资本参与项目建设。"
     "今年已发行专项债券48.5亿元，带动社会投资超过200亿元。滨河新城综合管廊、城北污水处理厂"
     "扩建、临河大道快速化改造等一批民生工程进展顺利。", 14),
]


@pytest.mark.parametrize("text,zi", GREEDY_LOOSE)
def test_total_fit_spreads_the_slack_greedy_piles_on_one_line(song, text, zi):
    lines = compose_paragraph(text, song, BODY, zi * BODY, 2.0)
    assert "".join(ln.text for ln in lines) == text
    for ln in lines[:-1]:
        assert ln.width == pytest.approx(zi * BODY, abs=0.01), ln.text
        assert loosest(ln, song, BODY) <= LOOSE_EM, ln.text
        assert ln.loose <= LOOSE_EM
    assert not orphan(lines[-1])


@pytest.mark.parametrize("text,zi", [
    # pulling `以` down to save `上。` left `地安全利用率达到95%` at 0.31 em
    ("土壤污染防治同样不能放松。全区完成重点行业企业用地土壤污染状况调查，建立疑似污染地块名录"
     "和开发利用负面清单；对搬迁后的原化工厂、电镀厂等7个地块实施风险管控和修复，受污染耕地"
     "安全利用率达到95%以上。", 11),
    # and `次，参与人数超过3.5万` at 0.32 em
    ("守护生态，人人都是参与者。临河区组建了一支2000余人的生态环保志愿者队伍，他们活跃在河道"
     "沿岸、湿地公园和社区街巷，开展巡河护河、垃圾捡拾、环保宣讲等活动。今年以来，志愿者累计"
     "开展活动860余场次，参与人数超过3.5万人次。", 12),
])
def test_r15_kept_without_stretching_a_line_loose(song, text, zi):
    lines = compose_paragraph(text, song, BODY, zi * BODY, 2.0)
    assert not orphan(lines[-1])
    for ln in lines[:-1]:
        assert loosest(ln, song, BODY) <= LOOSE_EM, ln.text


def test_r15_in_the_same_optimisation_not_a_pull(fake):
    # 10 + 12 + `十。`: the last line keeps two characters, and no line is stretched loose
    text = HAN + "，" + HAN[:14] + "十。"
    for measure in (11, 12, 13):
        lines = compose_paragraph(text, fake, SIZE, measure * SIZE, 2.0)
        assert not orphan(lines[-1]), [ln.text for ln in lines]
        for ln in lines[:-1]:
            assert loosest(ln, fake, SIZE) <= LOOSE_EM, ln.text


# ── R1: an ellipsis never starts a line; R4/R5: a dash run is 2 em ──────────────────────────

@pytest.mark.parametrize("mark", ["……", "…", "‥‥", "⋯⋯"])
def test_ellipsis_never_starts_a_line(fake, mark):
    for k in range(0, 26):
        text = HAN[:k] + "让绿水青山" + mark + "成为金山银山。"
        for measure in (6, 8, 12):
            lines = compose_paragraph(text, fake, SIZE, measure * SIZE, 2.0)
            assert "".join(ln.text for ln in lines) == text
            for ln in lines[1:]:
                assert ln.text[0] not in "…‥⋯", (k, measure, [x.text for x in lines])


def test_dash_run_is_exactly_two_em_whatever_the_face(song):
    assert song.advance("—") < 0.95  # Noto Serif SC: 0.89 em, the case this guards
    ln = compose_paragraph("改造项目——民主中路", song, SIZE, 100 * SIZE, 0.0, justify=False)[0]
    d = [g for g in ln.glyphs if g.ch == "—"]
    after = next(g for g in ln.glyphs if g.ch == "民")
    assert after.x - d[0].x == pytest.approx(2 * SIZE)  # the run's box is 2 em
    assert d[-1].x + song.advance("—") * SIZE == pytest.approx(d[0].x + 2 * SIZE)  # spans it
    assert ln.dashes == ((pytest.approx(d[0].x), pytest.approx(d[0].x + 2 * SIZE), "——"),)
    ln = compose_paragraph("他说……好", song, SIZE, 100 * SIZE, 0.0, justify=False)[0]
    assert ln.dashes[0][1] - ln.dashes[0][0] == pytest.approx(2 * SIZE)


def test_dash_run_at_a_line_end_is_flush(song):
    text = "改造项目" * 2 + "——民主中路综合开发项目进展顺利，" * 3
    for zi in (9, 10, 11, 12, 13):
        for ln in compose_paragraph(text, song, BODY, zi * BODY, 0.0)[:-1]:
            assert ln.width == pytest.approx(zi * BODY, abs=0.01), ln.text


# ── per-line measures: text around a picture ───────────────────────────────────────────────

def test_per_line_measures_each_line_on_its_own_measure(fake):
    # three slots narrowed to 6 字 by a picture, then the full 12 字 again; one line at a time,
    # `作总基调、` was stretched to 0.5 em between characters on its 6-字 slot
    slots = Slots(tuple(s * SIZE for s in (12, 12, 6, 6, 6, 12, 12, 12, 12)))
    text = "临河老街全长约1.6公里、临河区坚持稳中求进工作总基调、“一窗受理、并联审批、限时办结”。"
    lines = compose_paragraph(text, fake, SIZE, 12 * SIZE, 2.0, measures=slots)
    assert "".join(ln.text for ln in lines) == text
    for n, ln in enumerate(lines):
        own = slots(n) - (2 * SIZE if n == 0 else 0.0)
        assert ln.measure == pytest.approx(own)
        assert ln.width - ln.indent <= own + 0.01
        if not ln.last:
            assert ln.width - ln.indent == pytest.approx(own, abs=0.01), ln.text
            assert loosest(ln, fake, SIZE) <= LOOSE_EM, ln.text


def test_per_line_measures_break_where_the_measure_changes(fake):
    # line 1 is 4 字 narrower: the breaking must know it, not set line 1 on line 0's measure
    slots = Slots((12 * SIZE, 8 * SIZE, 12 * SIZE))
    text = "一二三四五六七八九十" * 4
    lines = compose_paragraph(text, fake, SIZE, 12 * SIZE, 0.0, measures=slots)
    assert [len(ln.text) for ln in lines] == [12, 8, 12, 8]


# ── measures that are not a whole number of 字 ─────────────────────────────────────────────

def test_measure_fit_reports_what_the_size_leaves_over():
    from layout.compose.lines import measure_fit

    whole, rest = measure_fit(13 * 9.0, 10.5)  # a 五号 lead in a 13-字 小五 column
    assert whole == pytest.approx(11 * 10.5) and rest == pytest.approx(1.5)
    assert measure_fit(12 * 10.5, 10.5) == (pytest.approx(12 * 10.5), 0.0)
    assert measure_fit(29 * 9.0, 9.0)[1] == 0.0


# ── what cannot be set well is set as well as possible, and flagged ────────────────────────

def test_unavoidable_loose_line_is_flagged(song):
    url = "www.linhequ.gov.cn/zx"  # 21 characters, wider than an 8-字 column
    text = "详情请登录区政府网站" + url + "查询。"
    lines = compose_paragraph(text, song, BODY, 8 * BODY, 2.0)
    assert "".join(ln.text for ln in lines) == text
    assert not any(ln.overfull for ln in lines)  # nothing runs into the next column
    assert all(ln.width <= 8 * BODY + 0.01 for ln in lines)
    flagged = [ln for ln in lines[:-1] if ln.loose > LOOSE_EM]
    assert flagged  # the line that holds the URL's pieces says how loose it is
    for ln in lines[:-1]:
        assert ln.loose >= loosest(ln, song, BODY) - 1e-6


def test_a_line_with_nothing_to_widen_reports_its_slack(fake):
    lines = compose_paragraph("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij", fake, SIZE, 8 * SIZE, 0.0)
    assert len(lines) > 1 and not any(ln.overfull for ln in lines)
    short = [ln for ln in lines[:-1] if ln.width < 8 * SIZE - 0.01]
    assert all(ln.loose == pytest.approx((8 * SIZE - ln.width) / SIZE) for ln in short)


# ── property test: generated paragraphs, checked against an exhaustive search ──────────────

CORPUS = [
    "临河区坚持稳中求进工作总基调", "全区地区生产总值完成1204.72亿元", "同比增长6.8%",
    "高技术制造业增加值增长17.6%", "研发经费投入强度达到3.12%", "新增5G基站3260个",
    "以少量财政资金撬动社会资本参与项目建设", "空气质量优良天数达到219天", "PM2.5平均浓度下降10.5%",
    "城市生活污水集中收集率提高到81.7%", "“河长制”从“有名”走向“有实”", "（化学需氧量）",
    "《临河日报》", "“一窗受理、并联审批、限时办结”", "让绿水青山成为金山银山",
    "夜间经济成为消费新亮点",
    "截至6月底", "全区新开工亿元以上项目63个", "临河老街全长约1.6公里", "大型原创舞剧《河灯》",
    "数字经济核心产业增加值占GDP比重达到11.4%", "企业开办时间压缩至0.5个工作日", "AR导览和云展览",
]
JOINERS = ["，", "，", "，", "、", "；", "。", "——", "……", "：", ""]


def paragraph(rng: random.Random, parts: int) -> str:
    out = []
    for i in range(parts):
        out.append(rng.choice(CORPUS))
        if i < parts - 1:
            out.append(rng.choice(JOINERS))
    return "".join(out) + "。"


def _fewest_clean_lines(n: int, line_ok) -> int | None:
    """Over every way to cut clusters [0, n) into lines: the fewest lines of one whose every line
    passes `line_ok(i, j, line_number, last)`, or None if there is none."""
    @cache
    def rest(i: int, line: int) -> int | None:
        if i == n:
            return 0
        counts = [r + 1 for j in range(i + 1, n + 1)
                  if line_ok(i, j, line, j == n) and (r := rest(j, line + 1)) is not None]
        return min(counts, default=None)
    return rest(0, 0)


def _runs(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in cjk.RUN_RE.finditer(text)] + [
        m.span() for m in cjk.DASH_RE.finditer(text)]


@pytest.mark.parametrize("seed", range(40))
def test_generated_paragraphs_keep_every_rule(fake, seed):
    rng = random.Random(seed)
    for _ in range(6):
        text = paragraph(rng, rng.randint(2, 6))
        measure = rng.choice((8, 9, 10, 11, 12, 13, 14))
        lines = compose_paragraph(text, fake, SIZE, measure * SIZE, 2.0)
        assert "".join(ln.text for ln in lines) == text
        cuts = []
        pos = 0
        for ln in lines:
            pos += len(ln.text)
            cuts.append(pos)
        for a, b in _runs(text):
            assert not any(a < c < b for c in cuts), (text, text[a:b])
        for i, ln in enumerate(lines):
            if i:
                assert ln.text[0] not in cjk.NO_START, (text, ln.text)
            assert ln.text[-1] not in cjk.NO_END, (text, ln.text)
            assert ln.width <= measure * SIZE + 0.01
            if not ln.last:
                assert ln.width == pytest.approx(measure * SIZE, abs=0.01), (text, ln.text)
                # a loose line is set only when it must be, and then it says so
                assert loosest(ln, fake, SIZE) <= LOOSE_EM or ln.loose > LOOSE_EM, ln.text


@pytest.mark.parametrize("seed", range(60))
def test_no_loose_line_when_a_breaking_without_one_exists(fake, seed):
    """Exhaustive search over every breaking of short paragraphs: if one exists without a loose
    line and without a 孤字, the composer's has neither, and no more lines than the shortest."""
    from layout.compose.glue import Glue
    from layout.compose.lines import DEFAULT, _lines

    rng = random.Random(1000 + seed)
    text = paragraph(rng, rng.randint(2, 3))
    measure = rng.choice((7, 8, 9, 10, 11))
    us = units(text)
    g = Glue(us, fake, DEFAULT)
    cl = clusters(us)
    bounds = [a for a, _ in cl] + [len(us)]

    def avail(line: int) -> float:
        return measure - (2.0 if line == 0 else 0.0)

    def line_ok(i: int, j: int, line: int, last: bool) -> bool:
        """The line [i, j) set on its own: it fits, and unless last it is flush and not loose;
        a last line (not also the first) holds more than one Han character."""
        a, b = bounds[i], bounds[j]
        if g.natural(a, b) - g.shrink(a, b) > avail(line) + 1e-6:
            return False
        ln = _lines(g, [(a, b, avail(line))], SIZE, 0, True, "justify", [measure], ends=last)[0]
        if last:
            return line == 0 or not orphan(ln)
        return (loosest(ln, fake, SIZE) <= LOOSE_EM + 1e-6
                and ln.width == pytest.approx(measure * SIZE, abs=0.01))

    def well_set(lines) -> bool:
        if len(lines) > 1 and orphan(lines[-1]):
            return False
        return all(loosest(ln, fake, SIZE) <= LOOSE_EM + 1e-6
                   and ln.width == pytest.approx(measure * SIZE, abs=0.01) for ln in lines[:-1])

    fewest = _fewest_clean_lines(len(cl), line_ok)
    lines = compose_paragraph(text, fake, SIZE, measure * SIZE, 2.0)
    if fewest is not None:  # (fewer lines only where Han–Latin spaces closed up instead)
        assert well_set(lines), (text, measure, [ln.text for ln in lines])
        assert len(lines) <= fewest, (text, measure, [ln.text for ln in lines])
    for ln in lines[:-1]:  # whatever happens, the line says how loose it is
        assert ln.loose >= loosest(ln, fake, SIZE) - 1e-6


# ── the last resort before a loose line: Han–Latin spaces may give up their ⅛ em ────────────

NUMBERS_AT_11 = ("上半年，全区引进市外境内资金24.69亿元，占市定目标的56.01%，其中引进省外资金"
                 "10.94亿元，占市定目标的68.4%。组织招商小分队赴广州、深圳、东莞开展招商推介"
                 "活动。")


def han_latin_gaps(line, m, size: float) -> list[float]:
    """Each Han–Latin space of the line, in em (the gap past the glyphs' own advances)."""
    us = [u for u in units(line.text) if u.kind != "space"]
    glyphs, out, k = list(line.glyphs), [], 0
    for u, v in zip(us, us[1:], strict=False):
        a = glyphs[k + len(u.text) - 1]
        k += len(u.text)
        if {u.kind, v.kind} == {"han", "run"}:
            out.append(glyphs[k].x / size - a.x / size - m.advance(a.ch))
    return out


def test_han_latin_space_gives_way_before_a_line_goes_loose(song):
    """Four numbers in five lines of 11 字 at 五号: within R10 (⅛–½ em Han–Latin) every
    breaking leaves a line loose, so the spaces beside a number may close up instead."""
    size = 10.5
    lines = compose_paragraph(NUMBERS_AT_11, song, size, 11 * size, 2.0)
    assert all(ln.loose <= LOOSE_EM for ln in lines), [(ln.text, ln.loose) for ln in lines]
    assert all(loosest(ln, song, size) <= LOOSE_EM + 1e-6 for ln in lines)
    gaps = [g for ln in lines[:-1] for g in han_latin_gaps(ln, song, size)]
    assert min(gaps) < 0.125 - 1e-6  # the last resort was taken …


def test_han_latin_space_keeps_its_eighth_when_nothing_would_go_loose(song):
    """… and only then: at 13 字 the same words set with every Han–Latin space ≥ ⅛ em."""
    size = 9.0
    lines = compose_paragraph(NUMBERS_AT_11, song, size, 13 * size, 2.0)
    gaps = [g for ln in lines[:-1] for g in han_latin_gaps(ln, song, size)]
    assert gaps and min(gaps) >= 0.125 - 1e-6
