"""`body.size` is 1 字, and the built-in styles that follow the body are set at it: a page with a
五号 body sets its text at 10.5 pt, its 小标题 one 字号 larger and its captions one smaller."""

from __future__ import annotations

import pytest

from conftest import TINY
from layout.pagemodel import GlyphRun
from layout.spec.styles import zihao_step

WUHAO = TINY.replace("body: {size: 小五, leading: 13.5pt}", "body: {size: 五号, leading: 15pt}")


def test_zihao_steps_walk_the_ladder():
    assert zihao_step(9.0, 0) == 9.0
    assert zihao_step(9.0, 1) == 10.5  # 小五 → 五号
    assert zihao_step(10.5, -1) == 9.0  # 五号 → 小五
    assert zihao_step(9.0, -1) == 7.5  # 小五 → 六号
    assert zihao_step(10.0, 1) == 10.5  # off the ladder: the next name up
    assert zihao_step(42.0, 1) == 42.0  # 初号 is the top


def test_a_wuhao_body_sets_its_text_at_wuhao(tiny, monkeypatch):
    from layout.pipeline import build

    p = tiny(WUHAO)
    monkeypatch.chdir(p.parent)
    built, _ = build(p)
    st = built.spec.styles
    assert built.spec.body_size == 10.5
    assert st["body"].size == 10.5
    assert st["subhead"].size == 12.0 and st["caption"].size == 9.0
    body = [t for t in built.layout.of(GlyphRun) if t.block == "story"]
    assert body and {t.size for t in body} == {10.5}
    # one 字 of the grid is one character of the text: a 13-字 column holds 13 of them
    assert all(t.width <= 13 * 10.5 + 1e-6 for t in body)


def test_a_style_of_its_own_takes_the_body_size_unless_it_names_one(tiny, monkeypatch):
    from layout.pipeline import build

    p = tiny(WUHAO + "styles:\n  plain: {font: kai}\n  lead: {font: kai, size: 小四}\n")
    monkeypatch.chdir(p.parent)
    built, _ = build(p)
    assert built.spec.styles["plain"].size == 10.5
    assert built.spec.styles["lead"].size == 12.0


@pytest.mark.parametrize("body, size", [("小五", 9.0), ("小四", 12.0)])
def test_the_body_style_follows_any_body_size(tiny, monkeypatch, body, size):
    from layout.pipeline import build

    p = tiny(TINY.replace("size: 小五, leading: 13.5pt", f"size: {body}, leading: 18pt"))
    monkeypatch.chdir(p.parent)
    built, _ = build(p)
    assert built.spec.styles["body"].size == size
