"""No text in the fold-safe zone of a spread: a headline that crosses the fold has each deck
(引题, 主题, 副题) split around the zone, a caption under a picture that crosses it is set on
the picture's wider side, and any other text that still reaches the zone is a warning at its
block's place in the spec."""

from __future__ import annotations

from layout.pagemodel import GlyphRun, VerticalRun

SPREAD = """\
meta: {title: 跨版, date: 2024-05-06}
page: {preset: A3, spread: true, folios: [2, 3]}
body: {size: 小五, leading: 13.5pt}
grid: {columns: 4, column: 13, gutter: 1}
blocks:
  - id: headline
    type: headline
    at: {page: spread, col: 1, span: 8, line: 1, lines: 12}
    kicker: 从“臭水塘”到“城市绿肺”
    text: 克难攻坚亮点频现
    subtitle: 全区上半年经济社会发展综述
  - id: photo
    type: photo
    placeholder: true
    at: {page: spread, col: 3, span: 4, line: 14, lines: 20}
    caption: 临河湿地公园的白鹭在芦苇丛中起落，远处是新建的生态廊道
  - id: left
    type: text
    at: {page: 1, col: 1, span: 2, line: 14, lines: 20}
    text: 今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。
"""
TITLE = """\
  - id: title
    type: vertical
    at: {page: spread, col: 4, span: 2, line: 36, lines: 8}
    text: 【解放区赋】
"""


def _build(tiny, monkeypatch, text):
    from layout.pipeline import build

    p = tiny(text)
    monkeypatch.chdir(p.parent)
    built, _ = build(p)
    return built


def _in_zone(built) -> list[tuple[str, str, str]]:
    """(block, role, glyph) of every glyph box in the zone, measured with the real faces."""
    from fonts import ensure_fonts, load_face

    m, spec = built.layout, built.spec
    faces = {}
    z0, z1 = m.grid.trim_w - spec.fold_safe, m.grid.trim_w + spec.fold_safe
    out = []
    for t in m.of(GlyphRun):
        if t.role == "placeholder":
            continue  # a draft frame's note, not printed once the picture comes
        st = spec.fonts[t.font]
        face = faces.get(t.font) or faces.setdefault(
            t.font, load_face(ensure_fonts([st.role])[st.role]))
        for g in t.glyphs:
            x0 = t.x + g.x
            if (not g.ch.isspace() and x0 < z1 - 1e-6
                    and x0 + face.advance(g.ch) * t.size > z0 + 1e-6):
                out.append((t.block, t.role, g.ch))
    for t in m.of(VerticalRun):
        if t.x < z1 and t.x + t.size > z0:
            out.append((t.block, t.role, t.text))
    return out


def test_decks_and_captions_across_the_fold_stay_out_of_its_zone(tiny, monkeypatch):
    built = _build(tiny, monkeypatch, SPREAD)
    roles = {(t.block, t.role) for t in built.layout.of(GlyphRun)}
    assert {("headline", "kicker"), ("headline", "headline"), ("headline", "subtitle"),
            ("photo", "caption")} <= roles
    assert _in_zone(built) == []
    assert not [w for w in built.report.warnings if "fold" in w.message]
    # each deck still reads whole, in order, and stays inside the block
    for role, text in (("kicker", "从“臭水塘”到“城市绿肺”"), ("headline", "克难攻坚亮点频现"),
                       ("subtitle", "全区上半年经济社会发展综述")):
        runs = [t for t in built.layout.of(GlyphRun) if t.role == role]
        assert "".join(t.text for t in runs) == text
        xs = [t.x + g.x for t in runs for g in t.glyphs]
        assert xs == sorted(xs)
        fold = built.layout.grid.trim_w
        assert any(x < fold for x in xs) and any(x > fold for x in xs)  # it crosses the fold
    # the main deck breaks at a word: 克难攻坚 | 亮点频现
    main = next(t for t in built.layout.of(GlyphRun) if t.role == "headline")
    left = "".join(g.ch for g in main.glyphs if main.x + g.x < built.layout.grid.trim_w)
    assert left == "克难攻坚"
    # the caption sits on one side of the picture, whole
    cap = [t for t in built.layout.of(GlyphRun) if t.role == "caption"]
    assert "".join(t.text for t in cap).startswith("临河湿地公园")


def test_text_that_still_reaches_the_zone_is_a_located_warning(tiny, monkeypatch):
    built = _build(tiny, monkeypatch, SPREAD + TITLE)
    warns = [w for w in built.report.warnings if "fold-safe" in w.message]
    assert len(warns) == 1
    line = warns[0].line()
    assert line.startswith("spread.yaml:21:5: warning: blocks[3]: block 'title': its vertical "
                           "text runs into the 6mm fold-safe zone")
    assert ("title", "vertical", "︻解放区赋︼") in _in_zone(built)


def test_no_zone_when_the_spec_asks_for_none(tiny, monkeypatch):
    text = SPREAD.replace("folios: [2, 3]}", "folios: [2, 3], fold_safe: 0mm}")
    built = _build(tiny, monkeypatch, text)
    assert not [w for w in built.report.warnings if "fold-safe" in w.message]
    main = next(t for t in built.layout.of(GlyphRun) if t.role == "headline")
    steps = {round(b.x - a.x, 3) for a, b in zip(main.glyphs, main.glyphs[1:], strict=False)}
    assert len(steps) == 1  # set as it was composed: not split


def test_a_zone_the_decks_cannot_clear_inside_their_block_is_reported(tiny, monkeypatch):
    """A deck is never pushed out of its block to clear the zone: it stays as set, and the
    place stage names it."""
    text = SPREAD.replace("folios: [2, 3]}", "folios: [2, 3], fold_safe: 230mm}")
    text = text[:text.index("  - id: left")]  # body text would be refused in such a zone
    built = _build(tiny, monkeypatch, text)
    warned = {w.message.split("'")[1] + ":" + w.message.split("its ")[1].split(" ")[0]
              for w in built.report.warnings if "fold-safe" in w.message}
    assert {"headline:kicker", "headline:headline", "headline:subtitle",
            "photo:caption"} <= warned
    block = next(b for b in built.spec.blocks if b.id == "headline")
    r = built.layout.grid.rect(block.cell)
    for t in built.layout.of(GlyphRun):
        if t.block == "headline":
            assert all(r.x - 1e-6 <= t.x + g.x and t.x + g.x <= r.x1 for g in t.glyphs)


def test_a_deck_is_set_small_enough_for_the_fold_to_fall_between_words(monkeypatch):
    """临河湿地见证生态之变 filling its block would meet the fold inside 见证: the deck is set
    smaller, within its fit range, so the fold falls between 湿地 and 见证."""
    from pathlib import Path

    from layout.pipeline import build

    spec = Path(__file__).resolve().parent.parent / "data" / "fold" / "spread.yaml"
    built, _ = build(spec)
    fold = built.layout.grid.trim_w
    main = next(t for t in built.layout.of(GlyphRun) if t.role == "headline")
    assert main.text == "临河湿地见证生态之变"
    assert "".join(g.ch for g in main.glyphs if main.x + g.x < fold) == "临河湿地"
    style = built.spec.styles["headline"]
    assert style.fit[0] <= main.size < style.fit[1]
    assert _in_zone(built) == []
    assert not [w for w in built.report.warnings if "fold-safe" in w.message]
