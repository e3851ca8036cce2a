"""Overset never reaches the printer by accident: the print file is not written for a page
with something that does not fit, unless asked, and then the file says so and fails
preflight."""

from __future__ import annotations

import io

import pikepdf

from conftest import TINY
from layout.cli import main

LONG = TINY.replace("今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。",
                    "今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。" * 40)


def _run(*argv):
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def test_an_overset_page_is_written_only_as_a_marked_proof(tiny, monkeypatch):
    p = tiny(LONG)
    monkeypatch.chdir(p.parent)
    code, out, err = _run("render", p.name, "-o", "page.pdf")
    assert code == 1
    assert not (p.parent / "page.pdf").exists()
    proof = p.parent / "page.overset.pdf"
    assert proof.exists()
    assert "NOT READY" in out and "story:" in out and "lines" in out
    with pikepdf.open(proof) as pdf:  # a proof, not a print file
        assert "/OutputIntents" not in pdf.Root
        content = pdf.pages[0].Contents.read_bytes()
    assert b"0 1 1 0 K" in content  # the red frame


def test_the_proof_marks_each_overset_frame(tiny, monkeypatch):
    from layout.pagemodel import Box, Stroke, Text
    from layout.pipeline import build
    from layout.proof import PROOF_OVER, overset_items

    p = tiny(LONG)
    monkeypatch.chdir(p.parent)
    built, _ = build(p)
    items = overset_items(built.layout, built.report.fits, "song")
    assert {it.block for it in items} == {"story"}
    frame = next(b for b in built.layout.blocks if b.id == "story")
    boxes = [it for it in items if isinstance(it, Box)]
    assert boxes[0].rect == frame.rect and boxes[0].stroke == PROOF_OVER
    sign = boxes[1].rect  # ⊞ inside the frame's last corner
    assert frame.rect.x < sign.x and sign.x1 < frame.rect.x1 and sign.y1 < frame.rect.y1
    assert len([it for it in items if isinstance(it, Stroke)]) == 2  # its plus
    fit = next(f for f in built.report.fits if f.block == "story")
    note = next(it.text for it in items if isinstance(it, Text))
    assert note == f"超{fit.over_lines}行{fit.over_chars}字"


def test_an_earlier_good_render_is_left_as_it_was(tiny, monkeypatch):
    p = tiny()
    monkeypatch.chdir(p.parent)
    assert _run("render", p.name, "-o", "page.pdf")[0] == 0
    good = (p.parent / "page.pdf").read_bytes()
    p.write_text(LONG, encoding="utf-8")
    code, out, _ = _run("render", p.name, "-o", "page.pdf")
    assert code == 1 and "earlier render" in out
    assert (p.parent / "page.pdf").read_bytes() == good


def test_allow_overset_writes_it_and_preflight_names_the_block(tiny, monkeypatch):
    p = tiny(LONG)
    monkeypatch.chdir(p.parent)
    code, out, err = _run("render", p.name, "-o", "page.pdf", "--allow-overset")
    assert code == 1 and "NOT READY" in out
    pdf = p.parent / "page.pdf"
    with pikepdf.open(pdf) as doc:
        xmp = str(doc.open_metadata())
    assert "overset" in xmp and "story" in xmp
    code, out, err = _run("preflight", str(pdf))
    assert code == 1
    line = next(x for x in out.splitlines() if "overset" in x)
    assert "story" in line


def test_a_page_that_fits_records_nothing(tiny, monkeypatch):
    p = tiny()
    monkeypatch.chdir(p.parent)
    assert _run("render", p.name, "-o", "page.pdf", "--allow-overset")[0] == 0
    with pikepdf.open(p.parent / "page.pdf") as doc:
        assert "overset" not in str(doc.open_metadata())
    assert _run("preflight", str(p.parent / "page.pdf"))[0] == 0


def test_check_says_the_same_without_writing(tiny, monkeypatch):
    p = tiny(LONG)
    monkeypatch.chdir(p.parent)
    code, out, _ = _run("check", p.name)
    assert code == 1 and "overflow" in out
    assert not list(p.parent.glob("*.pdf"))
