"""Character classes of Chinese composition, as exact tables (GB/T 15834-2011 §5, W3C clreq).

Kept as data so each rule is auditable against the standard and testable on its own.
"""

from __future__ import annotations

import re

PAUSE_STOP = "、，。：；？！．"  # 点号
STOPS = "。？！．"  # 句末点号: compressed last
PAUSES = "、，：；"  # 句内点号: half width in 开明式
CLOSE_QUOTE = "”’」』"
CLOSE_BRACKET = "）〕】〗］｝》〉〙"
OPEN_QUOTE = "“‘「『"
OPEN_BRACKET = "（〔【〖［｛《〈〘"
CONNECTOR = "–～"  # 连接号; a lone — (一字线) is treated the same
INTERPUNCT = "·・‧"  # 间隔号
SOLIDUS = "／/"
ASCII_CLOSE = ",.;:?!)]}"
ASCII_OPEN = "([{"
DASH = "—⸺"
ELLIPSIS = "…⋯‥"

# R1: may not start a line (an ellipsis neither: clreq's strict level, and what a newspaper
# expects). R2: may not end a line (GB level: the solidus too).
NO_START = frozenset(PAUSE_STOP + CLOSE_QUOTE + CLOSE_BRACKET + CONNECTOR + INTERPUNCT
                     + SOLIDUS + ASCII_CLOSE + ELLIPSIS)
NO_END = frozenset(OPEN_QUOTE + OPEN_BRACKET + ASCII_OPEN + SOLIDUS)

# Full-width marks whose ink sits on one side of the em box; the other side may be compressed.
RIGHT_BLANK = frozenset(PAUSE_STOP + CLOSE_QUOTE + CLOSE_BRACKET)
LEFT_BLANK = frozenset(OPEN_QUOTE + OPEN_BRACKET)
BRACKETS = frozenset(CLOSE_QUOTE + CLOSE_BRACKET + OPEN_QUOTE + OPEN_BRACKET)
# Not counted as a line's characters by R15 (a 孤字 is one Han character, with or without these).
PUNCT = frozenset(PAUSE_STOP + CLOSE_QUOTE + CLOSE_BRACKET + OPEN_QUOTE + OPEN_BRACKET
                  + CONNECTOR + INTERPUNCT + SOLIDUS + DASH + ELLIPSIS + ASCII_CLOSE
                  + ASCII_OPEN + "\"'")

_ALNUM = "0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A"
# R9: a digit or Latin run never breaks: 34.8, 5.4%, 1,000, 1~6, ¥30, PC, ＰＣ.
RUN_RE = re.compile(
    rf"[$¥￥£€＄#＃№]?[{_ALNUM}]+(?:[.,:/~～\-–][{_ALNUM}]+)*[%‰℃°′″％]?")
# —— and …… (and longer runs such as the ——— lead-in, or one ⸺) are one unbreakable unit (R4).
DASH_RE = re.compile(r"[—⸺]{2,}|⸺|[…⋯‥]{2,}")

# Vertical presentation forms for 竖排 (GB/T 15834 §5.2): brackets and quotes turn, marks move.
VERTICAL_FORMS = {
    "【": "︻", "】": "︼", "《": "︽", "》": "︾", "（": "︵", "）": "︶", "〔": "︹", "〕": "︺",
    "〈": "︿", "〉": "﹀", "「": "﹁", "」": "﹂", "『": "﹃", "』": "﹄", "“": "﹃", "”": "﹄",
    "‘": "﹁", "’": "﹂", "，": "︐", "、": "︑", "。": "︒", "：": "︓", "；": "︔", "！": "︕",
    "？": "︖", "—": "︱", "…": "︙",
}


def is_wide(ch: str) -> bool:
    """Characters set in a 1-em box: Han, kana, full-width forms and CJK symbols."""
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F
            or 0xFF01 <= o <= 0xFF60 or 0xFFE0 <= o <= 0xFFE6 or 0x20000 <= o <= 0x3FFFF
            or 0xAC00 <= o <= 0xD7AF)


def is_kana(ch: str) -> bool:
    return 0x3040 <= ord(ch) <= 0x30FF


def is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF
