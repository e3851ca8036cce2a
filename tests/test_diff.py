"""`banmian diff`: an approval round on the sample spread — a paragraph shortened and a photo
moved must be named in the text and marked in red on the PNG at both of its places."""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import damaged_pdfs as dp
import numpy as np
import pytest
from PIL import Image

from conftest import SAMPLE
from layout.cli import main
from layout.diff import MARKER, changed_pixels, changed_regions, text_changes
from layout.pipeline import Built, build, draft_photos, render_built

DPI = 50  # the command's default
CUT = ("组织招商小分队赴广州、深圳、东莞开展招商推介活动，积极参加河南焦作·珠三角地区经济合作暨项目"
       "洽谈会、中国（河南）-东盟合作交流洽谈会，成功签约了投资1.5亿元的平光商住楼项目，纺织工业园"
       "项目、工业品城项目正在积极洽谈中。")
MOVED, OTHER = "photo-02", "photo-08"  # the two photos change places
AT = {MOVED: "at: {page: 2, col: 3, span: 2, line: 35, lines: 22}",
      OTHER: "at: {page: 2, col: 5, span: 2, line: 81, lines: 22}"}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@dataclass(frozen=True)
class Round:
    """Two revisions of the sample, built, rendered to PDF, and diffed once by the CLI."""

    root: Path
    old: Path
    new: Path
    old_built: Built
    new_built: Built
    old_pdf: Path
    new_pdf: Path
    outdir: Path
    code: int
    out: str
    err: str


@pytest.fixture(scope="module")
def rnd(tmp_path_factory) -> Round:
    root = tmp_path_factory.mktemp("diff")
    old, new = root / "old", root / "new"
    shutil.copytree(SAMPLE.parent, old)
    shutil.copytree(SAMPLE.parent, new)
    h3 = new / "text" / "h3.txt"  # the last sentence of 招商引资成效明显 is cut
    text = h3.read_text(encoding="utf-8")
    assert CUT in text
    h3.write_text(text.replace(CUT, ""), encoding="utf-8")
    spec = new / "spread.yaml"
    y = spec.read_text(encoding="utf-8")
    assert y.count(AT[MOVED]) == 1 and y.count(AT[OTHER]) == 1
    y = y.replace(AT[MOVED], "@@").replace(AT[OTHER], AT[MOVED]).replace("@@", AT[OTHER])
    spec.write_text(y, encoding="utf-8")

    builts, pdfs = [], []
    for side in (old, new):
        built, faces = build(side / "spread.yaml")  # raises if the edit made the spec invalid
        assert built.report.ok  # and everything still fits
        # PDFs for the PDF mode, with photos at preview resolution: pdfium would spend
        # seconds decoding 300 ppi pictures that a 50 dpi comparison never sees
        pdf, _ = render_built(draft_photos(built, DPI, {}), faces, standard="none")
        target = root / f"{side.name}.pdf"
        target.write_bytes(pdf)
        builts.append(built)
        pdfs.append(target)

    outdir = root / "out"
    code, out, err = run("diff", str(old / "spread.yaml"), str(spec), "-o", str(outdir))
    return Round(root, old / "spread.yaml", spec, builts[0], builts[1], pdfs[0], pdfs[1],
                 outdir, code, out, err)


def red_marks(png: Path) -> np.ndarray:
    """The outline's strong red; the faded page never has such a pixel."""
    a = np.asarray(Image.open(png).convert("RGB")).astype(int)
    return (a[..., 0] > 180) & (a[..., 1] < 60) & (a[..., 2] < 60)


def placed(built: Built, block: str):
    return next(p for p in built.layout.blocks if p.id == block)


def marks_in(marks: np.ndarray, built: Built, block: str, slack: int = 0) -> int:
    """Red pixels on a block's placed rect, converted to the PNG of its page."""
    p = placed(built, block)
    s = DPI / 72
    x = (p.rect.x - p.page * built.layout.grid.trim_w) * s
    y0, y1 = int(p.rect.y * s) - slack, int(p.rect.y1 * s) + slack
    return int(marks[max(0, y0):y1, max(0, int(x) - slack):int(x + p.rect.w * s) + slack].sum())


@pytest.mark.slow
def test_acceptance_names_the_changes_and_exits_1(rnd: Round):
    assert rnd.code == 1, rnd.err
    assert rnd.err == ""
    lines = rnd.out.splitlines()
    h3 = [line for line in lines if "block h3:" in line]
    where = next(b.src for b in rnd.new_built.spec.blocks if b.id == "h3")  # NEW's spec line
    assert h3 and h3[0].startswith(f"{where}: block h3: cut 「")
    assert "组织招商小分队" in h3[0] and "正在积极洽谈中。" in h3[0]
    moved = next(line for line in lines if f"block {MOVED}:" in line)
    assert "moved from page 2 col 3 line 35" in moved and "to page 2 col 5 line 81" in moved
    assert lines[-1].startswith("2 pages, ") and "blocks changed" in lines[-1]
    assert "removed" not in rnd.out and "added" not in rnd.out


@pytest.mark.slow
def test_acceptance_png_marks_the_paragraph_and_both_photo_places(rnd: Round):
    pngs = [rnd.outdir / f"spread-diff-p{n}.png" for n in (1, 2)]
    assert all(p.is_file() for p in pngs)
    assert [str(p) for p in pngs] == [line for line in rnd.out.splitlines()
                                      if line.endswith(".png")]
    assert (rnd.outdir / MARKER).is_file()
    size = Image.open(pngs[0]).size
    g = rnd.new_built.layout.grid
    assert abs(size[0] - g.trim_w * DPI / 72) <= 1 and abs(size[1] - g.trim_h * DPI / 72) <= 1

    p1, p2 = red_marks(pngs[0]), red_marks(pngs[1])
    assert placed(rnd.new_built, "h3").page == 0
    assert marks_in(p1, rnd.new_built, "h3") > 0  # the shortened paragraph
    old_place, new_place = placed(rnd.old_built, MOVED), placed(rnd.new_built, MOVED)
    assert old_place.page == new_place.page == 1 and old_place.rect != new_place.rect
    assert marks_in(p2, rnd.old_built, MOVED) > 0  # where the photo was
    assert marks_in(p2, rnd.new_built, MOVED) > 0  # where it is now
    # and nowhere near what did not change
    for block, marks in (("h1", p1), ("photo-12", p1), ("photo-05", p2), ("review", p2)):
        assert marks_in(marks, rnd.new_built, block, slack=-6) == 0, block


@pytest.mark.slow
def test_identical_specs_exit_0_no_regions(rnd: Round):
    same = rnd.root / "same"
    shutil.copytree(SAMPLE.parent, same)
    outdir = rnd.root / "same-out"
    code, out, err = run("diff", str(rnd.old), str(same / "spread.yaml"), "-o", str(outdir))
    assert code == 0, err
    assert out.splitlines()[-1] == "2 pages, 0 regions changed, 0 blocks changed"
    assert "block" not in "".join(out.splitlines()[:-1])
    for png in outdir.glob("*.png"):
        assert not red_marks(png).any()


@pytest.mark.slow
def test_pdfs_page_text_shows_the_cut(rnd: Round):
    outdir = rnd.root / "pdf-out"
    code, out, err = run("diff", str(rnd.old_pdf), str(rnd.new_pdf), "-o", str(outdir))
    assert code == 1, err
    cut = [line for line in out.splitlines() if line.startswith("page 1: cut 「")]
    assert cut and "组织招商小分队" in cut[0] and "正在积极洽谈中" in cut[0]
    assert (outdir / "new-diff-p1.png").is_file() and (outdir / "new-diff-p2.png").is_file()
    assert "regions changed" in out.splitlines()[-1]


@pytest.mark.slow
def test_spec_and_pdf_mixed_is_one_line_exit_2(rnd: Round, tmp_path: Path):
    code, out, err = run("diff", str(rnd.old_pdf), str(rnd.new), "-o", str(tmp_path / "o"))
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert "spec" in err and "PDF" in err
    assert not (tmp_path / "o").exists()


@pytest.mark.slow
def test_bad_inputs_are_one_line_exit_2(rnd: Round, tmp_path: Path):
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a pdf")
    for argv in ([str(tmp_path / "missing.yaml"), str(rnd.new)],
                 [str(bad), str(rnd.new_pdf)],
                 [str(rnd.old), str(rnd.new), "--dpi", "0"],
                 [str(rnd.old / "text" / "h3.txt"), str(rnd.new / "text" / "h3.txt")]):
        code, out, err = run("diff", *argv, "-o", str(tmp_path / "o"))
        assert code == 2 and len(err.splitlines()) == 1 and "Traceback" not in err, argv


@pytest.mark.slow
def test_refuses_to_overwrite_pngs_banmian_did_not_write(rnd: Round, tmp_path: Path):
    theirs = tmp_path / "spread-diff-p1.png"
    theirs.write_bytes(b"someone's picture")
    code, _, err = run("diff", str(rnd.old), str(rnd.new), "-o", str(tmp_path))
    assert code == 2 and len(err.splitlines()) == 1 and "--force" in err
    assert theirs.read_bytes() == b"someone's picture"


def test_text_changes_cut_added_changed():
    assert text_changes("甲。乙丙。丁", "甲。丁") == ["cut 「乙丙。」"]
    assert text_changes("今天下雨", "今天下大雨") == ["added 「大」"]
    assert text_changes("今天下雨", "今天下雪") == ["changed 「雨」 → 「雪」"]
    long = "长" * 200
    shown = text_changes("甲" + long + "乙", "甲乙")[0]
    assert "…" in shown and len(shown) < 100


def test_regions_merge_a_paragraph_and_drop_specks():
    old = np.full((200, 200, 3), 255, dtype=np.uint8)
    new = old.copy()
    for y in range(40, 80, 9):  # five changed "lines" of text: one region
        new[y:y + 6, 30:150] = 0
    new[180, 180] = 0  # a speck
    regions = changed_regions(changed_pixels(old, new), DPI)
    assert len(regions) == 1
    r = regions[0]
    assert r.x0 <= 30 and r.x1 >= 150 and r.y0 <= 40 and r.y1 >= 78 and r.y1 < 180
    assert changed_regions(changed_pixels(old, old), DPI) == ()


# ── damaged and oversized PDFs: one line, exit 2, before any drawing ─────────


def diff_pdfs(old: Path, new: Path, tmp_path: Path, *extra: str) -> tuple[int, str, str]:
    return run("diff", str(old), str(new), "-o", str(tmp_path / "out"), *extra)


def one_line_exit_2(code: int, out: str, err: str, tmp_path: Path) -> str:
    assert code == 2 and out == "" and len(err.splitlines()) == 1, (code, err)
    assert not list((tmp_path / "out").glob("*.png"))  # refused before anything was drawn
    return err.strip()


def test_truncated_pdf_is_one_line(tmp_path):
    clean = dp.clean(tmp_path / "a.pdf")
    cut = dp.truncated(dp.rich(tmp_path / "rich.pdf"), tmp_path / "cut.pdf", 0.3)
    line = one_line_exit_2(*diff_pdfs(clean, cut, tmp_path), tmp_path)
    assert line == f"{cut}: not a readable PDF (Data format error)"


def test_flipped_bytes_never_crash(tmp_path):
    rich = dp.rich(tmp_path / "rich.pdf")
    codes = set()
    for seed in range(60):
        bad = dp.flipped(rich, tmp_path / "flip.pdf", seed)
        code, out, err = diff_pdfs(rich, bad, tmp_path, "--force")
        assert code in (0, 1, 2) and "internal error" not in err, (seed, err)
        assert code != 2 or len(err.splitlines()) == 1, (seed, err)
        codes.add(code)
    assert codes >= {1, 2}  # some flips change the page, some make it unreadable


def test_garbage_trimbox_is_refused(tmp_path):
    bad = dp.garbage_trim(tmp_path / "t.pdf")
    line = one_line_exit_2(*diff_pdfs(dp.clean(tmp_path / "a.pdf"), bad, tmp_path), tmp_path)
    # pdfium reads [/x (abc) 1] as [0 0 1 0]
    assert line == f"{bad}: page 1: TrimBox [0 0 1 0] is degenerate (width 1 pt, height 0 pt)"


@pytest.mark.parametrize("box", [[0, 0, 0, 0], [0, 0, -300, -300], [0, 0, 300, 0]])
def test_degenerate_mediabox_is_refused(tmp_path, box):
    bad = dp.media(tmp_path / "m.pdf", box)
    line = one_line_exit_2(*diff_pdfs(dp.clean(tmp_path / "a.pdf"), bad, tmp_path), tmp_path)
    shown = " ".join(str(v) for v in box)
    assert line.startswith(f"{bad}: page 1: MediaBox [{shown}] is degenerate (width ")


def test_2000_pages_are_refused_at_once(tmp_path):
    many = dp.many_pages(tmp_path / "many.pdf", 2000)
    line = one_line_exit_2(*diff_pdfs(many, many, tmp_path), tmp_path)
    assert line == f"{many}: 2000 pages; banmian draws at most 500 pages of one PDF"


def test_a_huge_page_is_refused(tmp_path):
    huge = dp.media(tmp_path / "huge.pdf", [0, 0, 14400, 14400], trim=False)  # 5 m square
    line = one_line_exit_2(*diff_pdfs(dp.clean(tmp_path / "a.pdf"), huge, tmp_path), tmp_path)
    assert line == (f"{huge}: page 1 is 5,080×5,080 mm: at 50 dpi that is 100 megapixels; "
                    "banmian draws at most 64 for one page (a lower dpi)")


def test_pages_times_pixels_are_capped(tmp_path):
    # 60 pages of 1000 pt at 300 dpi: 17 megapixels each, 1,042 in all
    big = dp.many_pages(tmp_path / "big.pdf", 60, size=1000)
    line = one_line_exit_2(*diff_pdfs(big, big, tmp_path, "--dpi", "300"), tmp_path)
    assert line == (f"{big}: 60 pages at 300 dpi are 1,042 megapixels; banmian draws at most "
                    "1,000 of one PDF (a lower dpi or fewer pages)")


def test_odd_but_readable_pdfs_are_compared(tmp_path):
    clean = dp.clean(tmp_path / "a.pdf")
    for bad in (dp.image_without_width(tmp_path / "w.pdf"),
                dp.nested_forms(tmp_path / "n.pdf", 3000)):
        code, out, err = diff_pdfs(clean, bad, tmp_path, "--force")
        assert code in (0, 1) and err == "", (bad, err)
        assert out.splitlines()[-1].startswith("1 page, ")


def test_a_stream_bomb_is_refused_before_pdfium_inflates_it(tmp_path, monkeypatch):
    from layout import raster

    monkeypatch.setattr(raster, "MAX_STREAM_BYTES", 2**20)
    bomb = dp.content_bomb(tmp_path / "bomb.pdf", 4 * 2**20)
    line = one_line_exit_2(*diff_pdfs(dp.clean(tmp_path / "a.pdf"), bomb, tmp_path), tmp_path)
    assert re.fullmatch(rf"{re.escape(str(bomb))}: object \d+ 0 inflates to more than 1 MB; "
                        "banmian draws no PDF with such a stream", line)
    monkeypatch.setattr(raster, "MAX_STREAM_BYTES", 8 * 2**20)
    monkeypatch.setattr(raster, "MAX_INFLATED_BYTES", 2**20)  # all streams together
    line = one_line_exit_2(*diff_pdfs(dp.clean(tmp_path / "a.pdf"), bomb, tmp_path), tmp_path)
    assert line == (f"{bomb}: the compressed streams inflate to more than 1 MB; banmian draws "
                    "no PDF that large")
