"""破折号 and 省略号 are drawn with ink of their own: `——` one continuous rule across its 2 字,
`……` dots centred on the em box, whatever the face's glyphs; their characters stay in the text
(copy, search, extraction) but are not painted with the face."""

from __future__ import annotations

import pytest

from conftest import TINY, FakeMetrics
from layout.compose.lines import compose_paragraph
from layout.geometry import EM_BOX_TOP
from layout.pagemodel import GlyphRun

SIZE = 10.0


class WesternDashes(FakeMetrics):
    """A face with a short, low Western dash (0.89 em) and an ellipsis on the baseline."""

    def advance(self, ch: str) -> float:
        return 0.89 if ch == "—" else super().advance(ch)

    def ink(self, ch: str):
        if ch == "—":
            return (0.04, 0.24, 0.85, 0.29)
        if ch == "…":
            return (0.1, 0.0, 0.9, 0.11)  # dots sitting on the baseline
        return super().ink(ch)


def _line(text: str, m=None):
    return compose_paragraph(text, m or WesternDashes(), SIZE, 30 * SIZE, 0.0)[0]


def test_a_dash_run_is_one_rule_across_its_two_zi_at_the_em_box_middle():
    ln = _line("他说——我们走")
    dash = [g for g in ln.glyphs if g.ch == "—"]
    mk = dash[0].mark
    assert mk is not None and mk.shape == "rule" and mk.count == 2
    assert dash[1].mark is None  # one rule, not one a glyph
    x0 = dash[0].x + mk.x0
    assert (x0, x0 + mk.width) == (pytest.approx(ln.dashes[0][0]), pytest.approx(ln.dashes[0][1]))
    assert mk.width == pytest.approx(2 * SIZE)
    # the rule runs up to the characters on either side: no gap where two glyphs were
    after = next(g for g in ln.glyphs if g.ch == "我")
    assert x0 + mk.width == pytest.approx(after.x)
    assert mk.y == pytest.approx((EM_BOX_TOP - 0.5) * SIZE)  # the em box's middle, not 0.27 em
    assert 0.4 <= mk.weight <= 1.0  # the face's stroke, within what reads as a dash


def test_an_ellipsis_is_six_dots_centred_whatever_the_face_draws():
    ln = _line("发展势头良好……一批")
    first = next(g for g in ln.glyphs if g.ch == "…")
    mk = first.mark
    assert mk is not None and mk.shape == "dots" and mk.dots == 6
    centres = mk.boxes(first.x, 0.0)
    step = [b[0] - a[0] for a, b in zip(centres, centres[1:], strict=False)]
    assert step == pytest.approx([SIZE / 3] * 5)
    assert centres[0][0] == pytest.approx(first.x + mk.x0 + SIZE / 6)
    # centred on the em box although this face's dots sit on the baseline
    assert all(cy == pytest.approx(-(EM_BOX_TOP - 0.5) * SIZE) for _, cy, _ in centres)


def test_the_lead_in_dash_and_a_lone_two_em_dash_are_rules_too():
    assert _line("———着力抓好项目").glyphs[0].mark.width == pytest.approx(3 * SIZE)
    mk = _line("他说⸺我们").glyphs[2].mark
    assert mk is not None and mk.shape == "rule" and mk.width == pytest.approx(2 * SIZE)


def test_painted_leaves_out_only_the_glyphs_a_mark_draws():
    ln = _line("好——好……好")
    run = GlyphRun(page=0, block="b", role="body", font="song", size=SIZE,
                   color=(0, 0, 0, 100), x=0.0, y=0.0, glyphs=ln.glyphs)
    assert run.text == "好——好……好"
    assert run.painted == (True, False, False, True, False, False, True)


def test_a_display_line_keeps_its_marks_where_it_is_centred(fake):
    from layout.compose.headline import compose_display
    from layout.compose.lines import DEFAULT

    d = compose_display(["前进——再前进"], fake, 20.0, None, None, 400.0, 40.0, "center",
                        DEFAULT)
    ln = d.lines[0]
    first = next(g for g in ln.glyphs if g.ch == "—")
    assert first.mark is not None
    assert ln.dashes and first.x + first.mark.x0 == pytest.approx(ln.dashes[0][0])


@pytest.mark.slow
def test_the_pdf_draws_the_rule_and_dots_and_keeps_the_text(tiny, monkeypatch):
    """Through the whole pipeline: the rule's ink is continuous across 2 字 at the middle of
    the line, and text extraction still reads ——, …… where they were."""
    import io

    import pdfplumber

    from layout.pipeline import render
    from layout.raster import render_page

    text = "今年——全区经济平稳增长……同比增长5.4%。"
    p = tiny(TINY.replace("今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。", text))
    monkeypatch.chdir(p.parent)
    pdf, _ = render(p)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        assert "今年——全区经济平稳增长……同比" in "".join(page.extract_text().split())
        dash = [c for c in page.chars if c["text"] == "—"]
    assert len(dash) == 2
    x0, x1 = dash[0]["x0"], dash[0]["x0"] + 2 * dash[0]["size"]
    top, bottom = dash[0]["top"], dash[0]["bottom"]
    dpi = 300
    img = render_page(pdf, 0, dpi, box="media").convert("L")
    k = dpi / 72
    ys = range(int(top * k), int(bottom * k))
    row = max(ys, key=lambda y: sum(img.getpixel((x, y)) < 128
                                    for x in range(int(x0 * k), int(x1 * k))))
    dark = [img.getpixel((x, row)) < 128 for x in range(int(x0 * k) + 2, int(x1 * k) - 2)]
    assert all(dark), "the dash has a gap"
    mid = (top + bottom) / 2 * k  # the em box's middle, as the page shows it
    assert abs(row - mid) < 0.12 * dash[0]["size"] * k


def test_the_svg_keeps_the_characters_transparent_and_draws_the_ink():
    import xml.etree.ElementTree as ET

    from layout.export.svg import Face, Screen, render_svg
    from layout.geometry import Grid
    from layout.pagemodel import PageModel

    ln = _line("好——好……")
    run = GlyphRun(page=0, block="b", role="body", font="song", size=SIZE,
                   color=(0, 0, 0, 100), x=50.0, y=100.0, glyphs=ln.glyphs)
    grid = Grid(trim_w=400.0, trim_h=400.0, pages=1, zi=SIZE, leading=15.0, columns=1,
                column_zi=30, gutter_zi=1, lines=20, x0=(50.0,), y0=50.0)
    screen = Screen(lambda c: "#000000", lambda b: ("image/jpeg", b),
                    {"song": Face("Noto Serif SC", "serif")})
    svg = render_svg(PageModel(grid, (run,)), screen)[0].decode("utf-8")
    ns = "{http://www.w3.org/2000/svg}"
    root = ET.fromstring(svg)
    text = root.find(ns + "text")
    assert "".join(text.itertext()) == "好——好……"  # selects and copies as written
    hidden = [t.text for t in text.iter(ns + "tspan") if t.get("fill-opacity") == "0"]
    assert hidden == ["——", "……"]
    rects = [r for r in root.iter(ns + "rect") if r.get("x")]  # not the page's background
    assert len(rects) == 1 and float(rects[0].get("width")) == pytest.approx(2 * SIZE)
    assert len(list(root.iter(ns + "circle"))) == 6
