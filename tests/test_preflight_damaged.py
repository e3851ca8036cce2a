"""`banmian preflight` on damaged PDFs: each damage is a failed check that names the object,
never an internal error (exit 3), a recursion error or a decompression bomb in memory."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import damaged_pdfs as dp
import pytest

from layout import preflight as pf
from layout.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["preflight", *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def checks(path: Path) -> tuple[int, dict[str, dict]]:
    code, out, err = run(str(path), "--standard", "none", "--json")
    assert err == "", err
    return code, {c["id"]: c for c in json.loads(out)["checks"]}


def failed(found: dict[str, dict]) -> dict[str, str]:
    return {k: c["detail"] for k, c in found.items() if c["status"] == "fail"}


def test_a_clean_page_passes(tmp_path):
    code, found = checks(dp.clean(tmp_path / "clean.pdf"))
    assert code == 0 and failed(found) == {}
    assert found["objects"]["detail"] == "1 pages, 0 forms, 4 operators read"


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.99])
def test_truncated_pdf_fails_its_structure(tmp_path, keep):
    bad = dp.truncated(dp.rich(tmp_path / "rich.pdf"), tmp_path / "cut.pdf", keep)
    code, out, err = run(str(bad), "--standard", "none")
    assert code == 1 and err == ""
    lines = {line.split()[0]: line for line in out.splitlines()}
    if "open" in lines:  # nothing left to repair from
        assert lines["open"].startswith("open  fail  not a readable PDF: ")
    else:  # qpdf rebuilt what it could: the repair is the failure, named first
        assert lines["file_structure"].startswith("file_structure    fail  file is damaged; ")


def test_not_a_pdf_at_all_fails_open(tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"\x00\xff" * 5000)
    code, found = checks(bad)
    assert code == 1 and list(failed(found)) == ["open"]


def test_flipped_bytes_are_failed_checks_never_a_crash(tmp_path):
    rich = dp.rich(tmp_path / "rich.pdf")
    assert checks(rich)[0] == 0  # the body itself is clean
    outcomes: dict[str, int] = {}
    for seed in range(120):
        bad = dp.flipped(rich, tmp_path / f"flip{seed}.pdf", seed)
        code, out, err = run(str(bad), "--standard", "none")
        assert code in (0, 1), (seed, err)
        assert err == "" and out.splitlines()[-1].startswith("preflight: "), seed
        for line in out.splitlines()[:-1]:
            if "  fail  " in line:
                outcomes[line.split()[0]] = outcomes.get(line.split()[0], 0) + 1
    # the damage was seen, and in more than one place: the test is not vacuous
    assert outcomes.get("objects", 0) > 0 and len(outcomes) >= 3, outcomes


def test_garbage_trimbox_fails_page_boxes(tmp_path):
    code, found = checks(dp.garbage_trim(tmp_path / "t.pdf"))
    assert code == 1
    assert failed(found) == {"page_boxes": "page 1: TrimBox is not 4 numbers ([ /x (abc) 1 ])"}


@pytest.mark.parametrize("box, shown", [([0, 0, 0, 0], "[0 0 0 0] is degenerate (width 0 pt"),
                                        ([0, 0, -300, -300], "[0 0 -300 -300] is degenerate"),
                                        ([0, 0, 300, 0], "[0 0 300 0] is degenerate")])
def test_degenerate_mediabox_fails_page_boxes(tmp_path, box, shown):
    code, found = checks(dp.media(tmp_path / "m.pdf", box))
    assert code == 1 and list(failed(found)) == ["page_boxes"]
    assert failed(found)["page_boxes"].startswith(f"page 1: MediaBox {shown}")


def test_image_without_width_fails_objects(tmp_path):
    code, found = checks(dp.image_without_width(tmp_path / "i.pdf"))
    assert code == 1
    assert list(failed(found)) == ["objects"]
    assert re.fullmatch(r"page 1: image /Im0 \(object \d+ 0\) has no /Width or /Height",
                        failed(found)["objects"])


def test_3000_nested_forms_are_walked_to_the_bottom(tmp_path):
    code, found = checks(dp.nested_forms(tmp_path / "n.pdf", 3000))
    # walked without recursion: the innermost form's 400 % ink is found
    assert code == 1 and failed(found) == {"ink_limit": "page 1: 100/100/100/100 = 400%"}
    assert found["objects"]["detail"].startswith("1 pages, 3000 forms, ")


def test_a_form_drawing_itself_is_walked_once(tmp_path):
    import pikepdf

    pdf = pikepdf.new()
    form = pdf.make_indirect(pikepdf.Stream(pdf, b"0 0 0 1 k /F Do", Type=pikepdf.Name.XObject,
                                            Subtype=pikepdf.Name.Form, BBox=dp.BOX))
    form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(F=form))
    dp.page(pdf, b"/F Do", pikepdf.Dictionary(XObject=pikepdf.Dictionary(F=form)))
    code, found = checks(dp.save(pdf, tmp_path / "loop.pdf"))
    assert code == 0 and found["objects"]["detail"] == "1 pages, 1 forms, 3 operators read"


def test_missing_xobject_and_bad_operands_fail_objects(tmp_path):
    import pikepdf

    pdf = pikepdf.new()
    dp.page(pdf, b"/Nope Do 1 2 k (x) 0 0 0 k 0 0 0 1 k 1 0 0 1 0 cm")
    code, found = checks(dp.save(pdf, tmp_path / "ops.pdf"))
    detail = failed(found)["objects"]
    assert code == 1 and "page 1: XObject /Nope is not in the resources" in detail
    assert "page 1: k takes 4 numbers, not 2" in detail
    assert "page 1: a k operand is not a number ((x))" in detail and "(and 1 more)" in detail


def test_content_bomb_is_refused_before_it_is_inflated(tmp_path, monkeypatch):
    monkeypatch.setattr(pf, "MAX_STREAM_BYTES", 2**20)
    code, found = checks(dp.content_bomb(tmp_path / "b.pdf", 8 * 2**20))
    assert code == 1
    assert re.fullmatch(r"page 1: page 1's content \(object \d+ 0\) decodes to more than 1 MB",
                        failed(found)["objects"])


def test_image_bomb_is_refused_before_it_is_inflated(tmp_path):
    # 100 × 100 CMYK is 40 kB; the data inflates to 16 MB
    code, found = checks(dp.image_bomb(tmp_path / "b.pdf", 16 * 2**20))
    assert code == 1
    assert list(failed(found)) == ["objects"]
    assert re.fullmatch(r"page 1: image /Im0 \(object \d+ 0\): its data decodes to more "
                        r"than 1 MB", failed(found)["objects"])


def test_huge_image_is_not_decoded_and_says_so(tmp_path):
    code, found = checks(dp.huge_image(tmp_path / "h.pdf"))
    assert code == 0 and found["ink_measured"]["status"] == "warn"
    assert re.fullmatch(r"page 1: image /Im0 \(object \d+ 0\) is 20000×20000 px, too large "
                        r"to measure its ink", found["ink_measured"]["detail"])


def test_operator_budget_bounds_the_walk(tmp_path, monkeypatch):
    monkeypatch.setattr(pf, "MAX_OPS", 100)
    code, found = checks(dp.many_operators(tmp_path / "ops.pdf", 1000))
    assert code == 1
    assert failed(found) == {"objects": "page 1: more than 100 content operators; not "
                                        "checked further"}


def test_bad_arguments_are_one_line_exit_2(tmp_path):
    clean = dp.clean(tmp_path / "c.pdf")
    for argv, said in (([str(tmp_path)], "not a regular file"),
                       ([str(tmp_path / "none.pdf")], "no such file"),
                       ([str(clean), "--tac-limit", "nan"], "--tac-limit nan: must be"),
                       ([str(clean), "--min-ppi", "-1"], "--min-ppi -1: must be")):
        code, out, err = run(*argv)
        assert code == 2 and out == "" and len(err.splitlines()) == 1 and said in err, argv
