"""The banmian command: exit codes, outputs, and never losing what the user wrote."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from conftest import SAMPLE, TINY
from layout import __version__
from layout.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_version_in_a_fresh_process():
    r = subprocess.run([sys.executable, "-m", "layout", "--version"], capture_output=True,
                       text=True, check=False)
    assert r.returncode == 0 and r.stdout.strip() == f"banmian {__version__}"


def test_usage_error_is_one_line_exit_2():
    code, _, err = run("render")
    assert code == 2 and len(err.splitlines()) == 1 and "banmian:" in err


def test_schema_is_json_schema_of_the_spec():
    code, out, _ = run("schema")
    s = json.loads(out)
    assert code == 0 and s["type"] == "object" and "blocks" in s["properties"]
    block = s["properties"]["blocks"]["items"]
    assert block["additionalProperties"] is False
    assert {"id", "type", "at", "text", "file", "next"} <= set(block["properties"])


def test_check_fits_exit_0_and_prints_table(tiny, monkeypatch):
    p = tiny()
    monkeypatch.chdir(p.parent)
    code, out, _ = run("check", p.name)
    assert code == 0, out
    assert "story" in out and "0 not fitting" in out


def test_overflow_exit_1_names_block_and_amount(tiny, monkeypatch):
    long = "今年年初以来，全区地区生产总值完成34.8亿元。" * 40
    p = tiny(TINY.replace("今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。", long))
    monkeypatch.chdir(p.parent)
    code, out, _ = run("check", p.name)
    assert code == 1
    row = next(line for line in out.splitlines() if line.startswith("story"))
    assert "overflow" in row and "spread.yaml:11:5" in row and "lines" in row
    data = json.loads(run("check", p.name, "--json")[1])
    story = next(f for f in data["fits"] if f["block"] == "story")
    assert story["over_lines"] > 0 and story["over_chars"] > 0


def test_render_writes_pdf_atomically(tiny, monkeypatch):
    p = tiny()
    monkeypatch.chdir(p.parent)
    code, out, _ = run("render", p.name)
    pdf = p.parent / "build" / "spread.pdf"
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF")
    assert not list(pdf.parent.glob(".*.tmp"))  # no temporary file left behind
    # a second render replaces our own earlier output
    assert run("render", p.name)[0] == 0


def test_render_never_overwrites_a_foreign_file(tiny, monkeypatch):
    p = tiny()
    monkeypatch.chdir(p.parent)
    mine = p.parent / "notes.pdf"
    mine.write_text("the designer's own notes")
    code, _, err = run("render", p.name, "-o", str(mine))
    assert code == 2 and "--force" in err
    assert mine.read_text() == "the designer's own notes"
    code, _, err = run("render", p.name, "-o", p.name)
    assert code == 2 and p.read_text(encoding="utf-8") == TINY
    assert run("render", p.name, "-o", str(mine), "--force")[0] == 0


def test_bad_spec_leaves_no_output(tiny, monkeypatch):
    p = tiny(TINY.replace("columns: 4,", "columns: four,"))
    monkeypatch.chdir(p.parent)
    code, _, err = run("render", p.name)
    assert code == 2 and not (p.parent / "build").exists()


def test_preview_writes_one_png_per_page(tiny, monkeypatch):
    p = tiny()
    monkeypatch.chdir(p.parent)
    code, out, _ = run("preview", p.name, "--dpi", "20")
    pngs = out.split()
    assert code == 0 and len(pngs) == 1
    assert (p.parent / pngs[0]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_sample_checks_clean():
    code, out, _ = run("check", str(SAMPLE))
    assert code == 0, out
    assert "39 blocks, 0 not fitting, 0 photo placeholders" in out
    assert out.count("px CMYK") == 14


def test_photo_only_spec_has_no_unembedded_font(tiny, monkeypatch):
    text = TINY.split("blocks:")[0] + """blocks:
  - id: p
    type: photo
    placeholder: true
    at: {col: 1, span: 2, line: 1, lines: 8}
"""
    p = tiny(text)
    monkeypatch.chdir(p.parent)
    assert run("render", p.name)[0] == 0
    pdf = (p.parent / "build" / "spread.pdf").read_bytes()
    assert b"Helvetica" not in pdf


def test_a_font_named_by_path(tiny, monkeypatch, song):
    import shutil

    p = tiny(TINY + "fonts:\n  mine: {file: fonts/Mine.ttf}\nstyles:\n  body: {font: mine}\n")
    (p.parent / "fonts").mkdir()
    shutil.copy(song.path, p.parent / "fonts" / "Mine.ttf")
    monkeypatch.chdir(p.parent)
    code, out, err = run("render", p.name)
    assert code == 0, err
    assert b"/FontFile2" in (p.parent / "build" / "spread.pdf").read_bytes()


def test_cff_font_is_refused_in_one_line(tiny, monkeypatch):
    p = tiny(TINY + "fonts:\n  mine: {file: Mine.otf}\nstyles:\n  body: {font: mine}\n",
             files={"Mine.otf": b"OTTO" + b"\0" * 64})
    monkeypatch.chdir(p.parent)
    code, _, err = run("check", p.name)
    assert code == 2 and len(err.splitlines()) == 1 and "Mine.otf" in err, err
