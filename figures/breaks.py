"""Where a chart label may break into two lines: between words, never inside a number, a unit
or a Latin word, and never where kinsoku forbids (no closing mark at a line start, no opening
mark at a line end).

Chinese has no spaces between words, so a small lexicon of the words statistical labels are
made of (产业, 增加值, 进出口, 固定资产 …) keeps them whole: 规模以上 / 工业增加值, not
规模以上工 / 业增加值. A break inside an unknown run of Han characters is allowed at the cost
of one character's width, so a label made of words the lexicon lacks still breaks evenly.
"""

from __future__ import annotations

import re

from .model import Measure
from .numbers import UNITS

# words of statistical labels, longest match first; a break inside one costs one em
WORDS = frozenset("""
地区 生产 总值 生产总值 产业 第一产业 第二产业 第三产业 增加值 社会
全社会 消费品 零售 总额 外贸 进出口 出口 进口 一般 公共 预算 收入
规模 以上 工业 固定资产 投资 城镇 农村 居民 人均 可支配 财政 累计
完成 引进 市外 境内 资金 税收 国税 地税 利润 实际 利用 外资 金融机构
存款 贷款 余额 用电量 房地产 开发 商品房 销售 面积 营业 服务业 农业
粮食 产量 建筑业 交通 运输 旅游 人次 就业 新增 重点 项目 计划 民营
经济 高新技术 企业 主营业务 年度 全年 任务 同比 增长 下降 招商 引资
进度
""".split())
_LONGEST = max(len(w) for w in WORDS)
# a number with its unit, or a Latin word: one token (2025年, 36.6%, 5.4个百分点, PM2.5)
_TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.,%·/\-]*(?:" + "|".join(
    sorted((re.escape(u) for u in (*UNITS, "年", "月", "日", "季度")), key=len, reverse=True))
    + ")?")
NO_START = set("，。、：；！？）》」』】〕〉”’%·…—")  # never at a line start
NO_END = set("（《「『【〔〈“‘")  # never at a line end


def tokens(text: str) -> list[tuple[str, bool]]:
    """The label as unbreakable pieces, each flagged if it is a lexicon word (or a number or a
    unit): a break between two pieces is free, inside a piece it is not offered at all, and
    between two lone Han characters it costs an em."""
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(text):
        m = _TOKEN.match(text, i)
        if m:
            out.append((m.group(), True))
            i = m.end()
            continue
        unit = next((u for u in sorted(UNITS, key=len, reverse=True)
                     if len(u) > 1 and text.startswith(u, i)), None)
        word = next((text[i:i + n] for n in range(min(_LONGEST, len(text) - i), 1, -1)
                     if text[i:i + n] in WORDS), None)
        piece = max((p for p in (unit, word) if p), key=len, default=None)
        if piece:
            out.append((piece, True))
            i += len(piece)
        else:
            out.append((text[i], False))
            i += 1
    return out


def two_lines(text: str, size: float, font: str, measure: Measure) -> tuple[str, str] | None:
    """The label broken into two lines as evenly as its words allow: the widest line, plus one
    em for a break between two characters of no known word, is as short as it can be; ties go
    to the longer first line. None when the label has no place to break."""
    toks = tokens(text)
    best: tuple[float, int, tuple[str, str]] | None = None
    for k in range(1, len(toks)):
        left, right = toks[k - 1][0], toks[k][0]
        if right[0] in NO_START or left[-1] in NO_END:
            continue
        first = "".join(t for t, _ in toks[:k]).rstrip()
        second = "".join(t for t, _ in toks[k:]).lstrip()
        if not first or not second:
            continue
        loose = not toks[k - 1][1] and not toks[k][1] and not left.isspace() \
            and not right.isspace() and right[0] not in NO_END and left[-1] not in NO_START
        cost = max(measure(first, size, font)[0], measure(second, size, font)[0]) \
            + (size if loose else 0.0)
        key = (round(cost, 6), -len(first), (first, second))
        if best is None or key[:2] < best[:2]:
            best = key
    return best[2] if best else None
