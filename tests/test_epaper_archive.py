"""`banmian archive --epaper`: the entry holds the spread's e-paper beside its PDF, sealed and
listed in the manifest, and `verify` makes it again from the stored sources and compares."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_archive_common import run
from test_epaper import EDITION, STORY, _jpeg

from layout.archive.store import entry_modes_ok

pytestmark = pytest.mark.slow


def _entry(tmp_path: Path, tiny, *extra: str) -> tuple[Path, str]:
    spec = tiny(EDITION.replace("FOLIO", "2"), files={"story.txt": STORY, "pic.jpg": _jpeg()})
    arch = tmp_path / "arch"
    code, out, err = run("archive", str(spec), "--archive", str(arch), *extra)
    assert code == 0, err
    return arch, out.split(":")[0]


def test_the_entry_holds_the_epaper_and_verify_covers_it(tmp_path, tiny):
    arch, eid = _entry(tmp_path, tiny, "--epaper")
    base = arch / "entries" / eid
    m = json.loads((base / "manifest.json").read_text("utf-8"))
    assert m["epaper"] == "epaper/index.html"
    web = sorted(f for f in m["files"] if f.startswith("epaper/"))
    assert {"epaper/index.html", "epaper/p2.html", "epaper/a/2-story.html"} <= set(web)
    assert all((base / f).is_file() for f in web)
    assert entry_modes_ok(base)
    # the same bytes as `banmian epaper` of the stored spec writes
    site = tmp_path / "site"
    code, _, err = run("epaper", str(base / m["spec"]), "-o", str(site), "--quiet",
                       "--root", str(base / "src"))
    assert code == 0, err
    for f in web:
        assert (site / f[len("epaper/"):]).read_bytes() == (base / f).read_bytes(), f
    code, out, err = run("verify", eid, "--archive", str(arch))
    assert code == 0 and "ok" in out, out + err
    code, out, _ = run("archive", "show", eid, "--archive", str(arch))
    assert "e-paper" in out and "epaper/index.html" in out

    # a changed page of the e-paper: the file's hash and the re-made page both say so
    page = base / "epaper" / "a" / "2-story.html"
    os.chmod(page.parent, 0o755)
    os.chmod(page, 0o644)
    page.write_text(page.read_text("utf-8").replace("南水北调", "北水南调"), "utf-8")
    code, out, _ = run("verify", eid, "--archive", str(arch))
    assert code == 1
    assert "file changed: epaper/a/2-story.html" in out
    assert "e-paper differs: epaper/a/2-story.html" in out

    # a page of the e-paper removed from the manifest's view: missing, and made again
    page.unlink()
    code, out, _ = run("verify", eid, "--archive", str(arch))
    assert code == 1 and "file missing: epaper/a/2-story.html" in out


def test_without_the_flag_no_epaper(tmp_path, tiny):
    arch, eid = _entry(tmp_path, tiny)
    base = arch / "entries" / eid
    m = json.loads((base / "manifest.json").read_text("utf-8"))
    assert "epaper" not in m and not (base / "epaper").exists()
