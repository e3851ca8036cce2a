"""layout.raster: the one place pages become pictures. The trim is cut out whatever the
page's origin and rotation; bytes and paths draw alike; bad files, boxes and budgets are one
InputError each."""

from __future__ import annotations

import os

import damaged_pdfs as dp
import numpy as np
import pikepdf
import pytest

from layout import raster
from layout.diag import InputError
from layout.raster import Pages, render_page

# a black 40 pt square in the trim's lower left corner; the trim cuts 10/20/30/10 pt
SQUARE = b"0 0 0 1 k 10 20 40 40 re f"


def marked(tmp_path, rotate: int = 0, origin: float = 0):
    pdf = pikepdf.new()
    o = origin
    dp.page(pdf, f"1 0 0 1 {o} {o} cm ".encode() + SQUARE,
            MediaBox=[o, o, o + 400, o + 300], TrimBox=[o + 10, o + 20, o + 370, o + 290],
            BleedBox=None)
    pdf.pages[0].obj.Rotate = rotate
    return dp.save(pdf, tmp_path / f"r{rotate}-{origin}.pdf")


def black(img) -> tuple[int, int, int, int]:
    a = np.asarray(img.convert("L")) < 128
    ys, xs = np.nonzero(a)
    return int(xs.min()), int(xs.max()), int(ys.min()), int(ys.max())


@pytest.mark.parametrize("origin", [0, -500, 1000])
def test_the_trim_is_cut_out_wherever_the_page_sits(tmp_path, origin):
    img = render_page(marked(tmp_path, origin=origin), 0, 72)
    assert img.size == (360, 270) and img.mode == "RGB"
    x0, x1, y0, y1 = black(img)
    assert (x0, y1) == (0, 269) and x1 in (39, 40) and y0 in (229, 230)  # lower left


@pytest.mark.parametrize("rotate, size, corner", [(90, (270, 360), "top left"),
                                                  (180, (360, 270), "top right"),
                                                  (270, (270, 360), "bottom right")])
def test_the_trim_turns_with_the_page(tmp_path, rotate, size, corner):
    img = render_page(marked(tmp_path, rotate), 0, 72)
    assert img.size == size
    x0, x1, y0, y1 = black(img)
    w, h = size
    at = {"top left": x0 == 0 and y0 == 0, "top right": x1 == w - 1 and y0 == 0,
          "bottom right": x1 == w - 1 and y1 == h - 1}
    assert at[corner], (x0, x1, y0, y1)


def test_bytes_and_path_draw_alike_and_grey_is_one_channel(tmp_path):
    path = marked(tmp_path)
    a = render_page(path, 0, 50)
    b = render_page(path.read_bytes(), 0, 50)
    assert a.tobytes() == b.tobytes()
    grey = render_page(path, 0, 50, grey=True)
    assert grey.mode == "L" and grey.size == a.size
    assert render_page(path, 0, 50, box="page").size == (278, 209)  # 400 × 300 pt


def test_bad_sources_are_one_input_error(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    garbage = tmp_path / "g.pdf"
    garbage.write_bytes(b"%PDF-1.4\n" + b"\xff" * 100)
    for source, said in ((fifo, "not a regular file"), (tmp_path / "no.pdf", "cannot read"),
                         (garbage, "not a readable PDF (Data format error)"),
                         (b"", "not a readable PDF")):
        with pytest.raises(InputError) as e:
            Pages(source)
        assert len(e.value.diagnostics) == 1 and said in str(e.value), source


def test_budgets(tmp_path, monkeypatch):
    path = dp.many_pages(tmp_path / "p.pdf", 4, size=720)  # 10 in square
    with Pages(path) as doc:
        assert doc.check_budget(100) == 4 * 1000 * 1000
        with pytest.raises(InputError, match="4 pages at 100 dpi are 4 megapixels; banmian "
                                             "draws at most 3 of one PDF"):
            doc.check_budget(100, budget=3_000_000)
        monkeypatch.setattr(raster, "MAX_PAGE_PIXELS", 999_999)
        with pytest.raises(InputError, match="page 1 is 254×254 mm: at 100 dpi that is 1 "
                                             "megapixels; banmian draws at most 1 for one page"):
            doc.render(0, 100)  # each render checks its own page, budget or not
        for dpi in (0, -5, float("nan"), 1e6):
            with pytest.raises(InputError, match="dpi: a page is drawn at 1 to 2400 dpi"):
                doc.render(0, dpi)
    with pytest.raises(InputError, match="4 pages; banmian draws at most 3 pages"):
        Pages(path, max_pages=3)
