"""Print-ready output: the finished file claims PDF/X-4 and PDF/A-2b correctly, and
`banmian preflight` catches what a printing house would reject."""

from __future__ import annotations

import io

import pikepdf
import pytest
from reportlab.lib.colors import CMYKColor
from reportlab.pdfgen.canvas import Canvas

from conftest import SAMPLE, TINY
from layout import render
from layout.cli import main
from layout.preflight import preflight


@pytest.fixture(scope="module")
def finished() -> bytes:
    pdf, _ = render(SAMPLE)
    return pdf


def test_claims_pdfx4_and_pdfa2b_with_one_profile(finished):
    with pikepdf.open(io.BytesIO(finished)) as pdf:
        assert pdf.pdf_version == "1.6"
        intents = list(pdf.Root.OutputIntents)
        assert {str(i.S) for i in intents} == {"/GTS_PDFX", "/GTS_PDFA1"}
        assert len({i.DestOutputProfile.objgen for i in intents}) == 1  # one shared ICC
        assert int(intents[0].DestOutputProfile.N) == 4
        assert str(intents[0].OutputConditionIdentifier) == "CGATS TR 002"
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
        assert "<pdfaid:part>2</pdfaid:part>" in xmp and "pdfaExtension:schemas" in xmp
        assert "/Filter" not in pdf.Root.Metadata.stream_dict  # uncompressed, as PDF/A-1 wants
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-4"
        assert str(pdf.docinfo.Trapped) == "/False"
        for page in pdf.pages:
            trim = [float(v) for v in page.TrimBox]
            bleed = [float(v) for v in page.BleedBox]
            assert trim[0] - bleed[0] == pytest.approx(3 * 72 / 25.4, abs=0.01)


def test_the_sample_passes_its_own_preflight(finished, tmp_path):
    f = tmp_path / "s.pdf"
    f.write_bytes(finished)
    res = preflight(f, tac_limit=240, min_ppi=200)
    assert res.failures == 0 and res.warnings == 0, res.table()


def test_marks_are_in_registration_colour(finished):
    with pikepdf.open(io.BytesIO(finished)) as pdf:
        spaces = pdf.pages[0].Resources.ColorSpace
        seps = [cs for cs in spaces.values() if cs[0] == "/Separation"]
        assert any(str(cs[1]) == "/All" for cs in seps)


def _pdf(tmp_path, draw, boxes=True) -> str:
    f = tmp_path / "x.pdf"
    c = Canvas(str(f), pagesize=(300, 300))
    if boxes:
        c.setTrimBox((20, 20, 280, 280))
        c.setBleedBox((11, 11, 289, 289))
    draw(c)
    c.showPage()
    c.save()
    return str(f)


def check(path: str) -> tuple[int, dict]:
    out = io.StringIO()
    code = main(["preflight", path, "--standard", "none", "--json"], stdout=out,
                stderr=io.StringIO())
    import json

    return code, {c["id"]: c for c in json.loads(out.getvalue())["checks"]}


def test_preflight_catches_rgb(tmp_path):
    def draw(c):
        c.setFillColorRGB(1, 0, 0)
        c.rect(50, 50, 100, 100, fill=1)

    code, checks = check(_pdf(tmp_path, draw))
    assert code == 1 and checks["colour_spaces"]["status"] == "fail"
    assert "DeviceRGB" in checks["colour_spaces"]["detail"]


def test_preflight_catches_an_unembedded_font(tmp_path):
    def draw(c):
        c.setFillColor(CMYKColor(0, 0, 0, 1))
        c.setFont("Helvetica", 12)
        c.drawString(50, 50, "Helvetica is not embedded")

    code, checks = check(_pdf(tmp_path, draw))
    assert code == 1 and "Helvetica" in checks["fonts_embedded"]["detail"]


def test_preflight_catches_missing_bleed(tmp_path):
    def draw(c):
        c.setFillColor(CMYKColor(0, 0, 0, 0.5))
        c.rect(50, 50, 100, 100, fill=1)

    code, checks = check(_pdf(tmp_path, draw, boxes=False))
    assert code == 1 and "no TrimBox" in checks["page_boxes"]["detail"]


def test_preflight_catches_too_much_ink(tmp_path):
    def draw(c):
        c.setFillColor(CMYKColor(1, 1, 1, 1))  # 400 %
        c.rect(50, 50, 100, 100, fill=1)

    code, checks = check(_pdf(tmp_path, draw))
    assert code == 1 and "400%" in checks["ink_limit"]["detail"]


def test_colour_over_the_ink_limit_is_a_spec_error(tiny, monkeypatch):
    p = tiny(TINY + "colors:\n  muddy: [80, 80, 80, 90]\n")
    monkeypatch.chdir(p.parent)
    err = io.StringIO()
    assert main(["check", p.name], stdout=io.StringIO(), stderr=err) == 2
    assert "330% ink" in err.getvalue() and "limit is 240%" in err.getvalue()


def test_standard_none_leaves_a_plain_pdf(tiny, monkeypatch):
    p = tiny(TINY + "output: {standard: none, marks: false, bleed: 0mm}\n")
    monkeypatch.chdir(p.parent)
    assert main(["render", p.name], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    with pikepdf.open(p.parent / "build" / "spread.pdf") as pdf:
        assert "/OutputIntents" not in pdf.Root
        page = pdf.pages[0]
        assert [float(v) for v in page.MediaBox] == [float(v) for v in page.TrimBox]


def test_rich_black_small_type_is_a_warning(tiny, monkeypatch):
    from layout.pipeline import build

    p = tiny(TINY + "styles:\n  body: {color: [40, 30, 30, 100]}\n")
    monkeypatch.chdir(p.parent)
    built, _ = build(p)
    warns = [d.line() for d in built.report.warnings if "underset" not in d.message]
    assert len(warns) == 1 and "rich black" in warns[0] and warns[0].startswith("spread.yaml:17:")
