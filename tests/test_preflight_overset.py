"""A banmian PDF rendered with --allow-overset records its overset blocks in the XMP
(banmian:overset); `banmian preflight` fails such a file and names the blocks."""

from __future__ import annotations

import io
import json
import re

import pikepdf
import pytest

from conftest import TINY
from layout import render
from layout.cli import main
from layout.finish import BANMIAN_NS
from layout.preflight import OVERSET

ENTRIES = ("story (spread.yaml:13:5): 7 lines, 102 字 over",
           "title (spread.yaml:7:5): 1 lines, 4 字 over")


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    folder = tmp_path_factory.mktemp("overset")
    spec = folder / "spread.yaml"
    spec.write_text(TINY, encoding="utf-8")
    pdf, _ = render(spec)
    clean = folder / "clean.pdf"
    clean.write_bytes(pdf)
    return clean


def plant(src, dst, value: str):
    """The finisher's record, written the way any XMP tool would."""
    with pikepdf.open(src) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta.register_xml_namespace(BANMIAN_NS, "banmian")
            meta[OVERSET] = value
        pdf.save(dst)
    return dst


def checks(path) -> tuple[int, dict[str, dict]]:
    out = io.StringIO()
    code = main(["preflight", str(path), "--json"], stdout=out, stderr=io.StringIO())
    return code, {c["id"]: c for c in json.loads(out.getvalue())["checks"]}


def test_the_clean_render_passes(finished):
    code, found = checks(finished)
    assert code == 0, found
    assert found["overset"] == {"id": "overset", "status": "pass",
                                "detail": "no overset recorded"}


def test_recorded_overset_fails_naming_the_blocks(finished, tmp_path):
    flagged = plant(finished, tmp_path / "flagged.pdf", "; ".join(ENTRIES))
    code, found = checks(flagged)
    assert code == 1
    assert {k for k, c in found.items() if c["status"] == "fail"} == {"overset"}
    assert found["overset"]["detail"] == ("2 overset blocks recorded (rendered with "
                                          f"--allow-overset): {ENTRIES[0]}; {ENTRIES[1]}")
    out = io.StringIO()
    assert main(["preflight", str(flagged)], stdout=out, stderr=io.StringIO()) == 1
    assert re.search(r"^overset +fail  2 overset blocks recorded \(rendered with "
                     r"--allow-overset\): story \(spread.yaml:13:5\)", out.getvalue(), re.M)


def test_an_empty_record_is_no_overset(finished, tmp_path):
    code, found = checks(plant(finished, tmp_path / "empty.pdf", " "))
    assert code == 0 and found["overset"]["status"] == "pass"


def test_any_prefix_for_the_namespace_counts(finished, tmp_path):
    """XMP is namespaced: a tool that rewrote the packet with another prefix still says it."""
    flagged = plant(finished, tmp_path / "f.pdf", ENTRIES[0])
    with pikepdf.open(flagged) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().replace(b"banmian:", b"bm:").replace(
            b"xmlns:banmian=", b"xmlns:bm=")
        pdf.Root.Metadata.write(xmp)
        pdf.save(tmp_path / "bm.pdf", fix_metadata_version=False)
    code, found = checks(tmp_path / "bm.pdf")
    assert code == 1 and found["overset"]["detail"].endswith(ENTRIES[0])


def test_broken_xmp_is_a_failed_check(finished, tmp_path):
    with pikepdf.open(finished) as pdf:
        pdf.Root.Metadata.write(f'<x:xmpmeta xmlns:banmian="{BANMIAN_NS}"><unclosed'.encode())
        pdf.save(tmp_path / "bad.pdf", fix_metadata_version=False)  # as written, unrepaired
    code, found = checks(tmp_path / "bad.pdf")
    assert code == 1 and found["overset"]["status"] == "fail"
    assert found["overset"]["detail"].startswith("the XMP cannot be parsed")
