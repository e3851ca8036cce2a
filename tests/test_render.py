"""The sample spread as a PDF: two pages, every font embedded, deterministic bytes, and the
composition rules measured on the text extracted back from the PDF."""

from __future__ import annotations

import io
import re

import pytest

from conftest import SAMPLE
from layout import render
from layout.compose import cjk
from layout.pagemodel import GlyphRun


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    pdf, report = render(SAMPLE)
    assert report.ok, report.table()
    return pdf


def test_two_pages(sample_pdf):
    assert len(re.findall(rb"/Type /Page\b", sample_pdf)) == 2


def test_every_font_embedded_and_no_base14(sample_pdf):
    fonts = re.findall(rb"/BaseFont /([A-Za-z0-9+\-]+)", sample_pdf)
    assert fonts, "no fonts"
    assert not [f for f in fonts if b"Helvetica" in f or b"Times" in f or b"Courier" in f]
    assert sample_pdf.count(b"/FontFile2") == len(set(fonts))


def test_deterministic_bytes(sample_pdf):
    again, _ = render(SAMPLE)
    assert again == sample_pdf


def _content_streams(pdf: bytes) -> list[bytes]:
    import pikepdf

    out = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for c in page.as_form_xobject().get("/Contents", []) or []:
                out.append(c.read_bytes())
            out.append(pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page)))
    return out


def test_only_cmyk_colour_operators(sample_pdf):
    content = b"\n".join(s for s in _content_streams(sample_pdf) if b" Tf" in s)
    content = re.sub(rb"\((?:\\.|[^\\)])*\)", b"()", content)  # drop string operands
    assert content
    assert not re.search(rb"\b(rg|RG|g|G)\b", content)
    assert re.search(rb"\bk\b", content)


def test_pdf_holds_every_character_of_the_spec_once(sample_pdf, tmp_path):
    """Nothing dropped, nothing doubled: the PDF's characters are the spec's characters."""
    from collections import Counter

    from layout.compose import header_fields
    from layout.compose.normalize import half_width
    from layout.spec import load_spec

    pdfplumber = pytest.importorskip("pdfplumber")
    path = tmp_path / "s.pdf"
    path.write_bytes(sample_pdf)
    with pdfplumber.open(path) as pdf:
        got = Counter(c["text"] for page in pdf.pages for c in page.chars
                      if not c["text"].isspace())
    spec = load_spec(SAMPLE)
    want: Counter[str] = Counter()
    for b in spec.blocks:
        for para, _ in b.texts():
            text = "".join(b.shown(ch) for ch in para.text)  # vertical forms
            if b.flows_text:
                text = half_width(text)  # R11
            want.update(ch for ch in text if not ch.isspace())
        if b.heading:  # the label's own words around the heading
            want.update(ch for ch in b.heading.template.replace("{}", "") if not ch.isspace())
    h = spec.header
    for folio in spec.folios:  # 报眉 and the staff line
        fields = header_fields(spec, folio)
        for role, t in (("o", h.outer), ("i", h.inner), ("c", h.center), ("s", h.staff)):
            if role == "s" and h.staff_folios and folio not in h.staff_folios:
                continue
            want.update(ch for ch in t.format(**fields) if not ch.isspace())
    assert got == want


def test_placed_lines_keep_the_line_rules():
    from layout.pipeline import build

    built, _ = build(SAMPLE)
    body = [t for t in built.layout.of(GlyphRun) if t.size == 9.0]
    assert len(body) > 150
    for t in body:
        s = "".join(g.ch for g in t.glyphs)
        assert s[-1] not in cjk.NO_END, s
    starts = [("".join(g.ch for g in t.glyphs))[0] for t in body]
    assert not [c for c in starts if c in cjk.NO_START]
