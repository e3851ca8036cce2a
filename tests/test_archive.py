"""The archive: append-only versions, provenance XMP, search, verify, crashes and concurrency."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE
from layout.archive import index as ix
from layout.archive.store import Archive
from layout.cli import main

pytestmark = pytest.mark.slow


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def cli(*argv: str, env=None, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "layout", *argv], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def nanshui_spec(tmp: Path) -> Path:
    """The sample copied, with one text moved beside the folder (read as ../shared/…) and a
    sentence about 南水北调 added to it."""
    spec_dir = tmp / "nanshui" / "spread"
    shutil.copytree(SAMPLE.parent, spec_dir)
    shared = tmp / "nanshui" / "shared"
    shared.mkdir()
    review = (spec_dir / "text" / "review.txt").read_text("utf-8")
    (spec_dir / "text" / "review.txt").unlink()
    (shared / "review.txt").write_text(
        "南水北调中线工程移民安置全部完成，搬迁群众住进新居。\n\n" + review, "utf-8")
    spec = spec_dir / "spread.yaml"
    text = spec.read_text("utf-8")
    assert "text/review.txt" in text
    spec.write_text(text.replace("text/review.txt", "../shared/review.txt"), "utf-8")
    return spec


@pytest.fixture(scope="module")
def arch(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("archive")
    root = tmp / "arc"
    ids = []
    for _ in range(2):
        code, out, err = run("archive", str(SAMPLE), "--edition", "A2", "--date", "2011-07-25",
                             "--archive", str(root), "--department", "专版部",
                             "--editor", "张军,李岩", "--keywords", "解放区、招商")
        assert code == 0, err
        ids.append(out.split(":")[0])
    first = tree(root / "entries" / ids[0])
    code, out, err = run("archive", str(nanshui_spec(tmp)), "--edition", "A3",
                         "--date", "2012-03-01", "--archive", str(root),
                         "--root", str(tmp / "nanshui"))
    assert code == 0, err
    ids.append(out.split(":")[0])
    return {"root": root, "ids": ids, "first_tree": first, "tmp": tmp}


def test_versions_append_only(arch):
    root, (v1, v2, ns) = arch["root"], arch["ids"]
    assert (v1, v2) == ("2011-07-25-A2-v1", "2011-07-25-A2-v2")
    assert tree(root / "entries" / v1) == arch["first_tree"]  # untouched by v2
    m1 = json.loads((root / "entries" / v1 / "manifest.json").read_text("utf-8"))
    m2 = json.loads((root / "entries" / v2 / "manifest.json").read_text("utf-8"))
    assert m1["supersedes"] is None and m2["supersedes"] == v1 and m2["version"] == 2
    assert m1["editors"] == ["张军", "李岩"] and m1["keywords"] == ["解放区", "招商"]
    assert m1["spec"] == "src/spread.yaml" and "src/text/h2.txt" in m1["files"]
    assert [b["name"] for b in m1["builtin"]] == ["banmian-newsprint-tr002.icc"]
    assert not any("icc" in f for f in m1["files"])
    assert {f["name"] for f in m1["fonts"]} >= {"song", "hei", "kai"}
    # every stored file is in the manifest with its hash
    for rel, sha in m1["files"].items():
        assert hashlib.sha256((root / "entries" / v1 / rel).read_bytes()).hexdigest() == sha
    # the text read through ../shared/ is stored so the stored spec still finds it
    m3 = json.loads((root / "entries" / ns / "manifest.json").read_text("utf-8"))
    assert m3["spec"] == "src/spread/spread.yaml" and "src/shared/review.txt" in m3["files"]
    code, out, _ = run("archive", "list", "--archive", str(root))
    assert code == 0 and [line.split("\t")[0] for line in out.splitlines()] == sorted(
        [v1, v2, ns])


def test_provenance_in_xmp(arch):
    import pikepdf

    root, v1 = arch["root"], arch["ids"][0]
    m = json.loads((root / "entries" / v1 / "manifest.json").read_text("utf-8"))
    with pikepdf.open(root / "entries" / v1 / "spread.pdf") as pdf:
        meta = pdf.open_metadata()
        ns = "{http://banmian.invalid/ns/archive/1.0/}"
        assert meta[ns + "archiveID"] == v1
        assert meta[ns + "specSHA256"] == m["spec_sha256"]
        assert meta[ns + "edition"] == "A2" and meta[ns + "department"] == "专版部"
        assert meta["dc:subject"] == {"解放区", "招商"}
        xmp = bytes(pdf.Root.Metadata.read_bytes()).decode()
        assert "<pdfaSchema:prefix>banmian</pdfaSchema:prefix>" in xmp
    from layout.preflight import preflight

    assert preflight(root / "entries" / v1 / "spread.pdf", standard="x4+a2b").failures == 0


@pytest.mark.parametrize("query, entry, folio, block", [
    ("南水北调", "2011-07-25-A2-v1", "2", "h7"),  # the sample has it too, in h7 among others
    ("南水北调中线工程移民", "2012-03-01-A3-v1", "3", "review"),
    ("红星美凯龙", "2011-07-25-A2-v2", "2", "h2"),
    ("招商", "2011-07-25-A2-v2", "2", "h3"),
])
def test_search(arch, query, entry, folio, block):
    code, out, _ = run("search", query, "--archive", str(arch["root"]), "--json")
    assert code == 0
    hits = json.loads(out)
    assert any(h["id"] == entry and h["folio"] == folio and h["block"] == block
               and f"【{query}】" in h["snippet"] for h in hits), hits
    code, out, _ = run("search", query, "--archive", str(arch["root"]))
    assert f"【{query}】" in out


def test_search_dates_and_bad_input(arch):
    root = str(arch["root"])
    code, out, _ = run("search", "移民安置", "--archive", root, "--to", "2011-12-31", "--json")
    assert code == 0 and json.loads(out) == []
    code, out, _ = run("search", "红星美凯龙", "--archive", root, "--to", "2011-12-31",
                       "--json")
    assert {h["id"] for h in json.loads(out)} == set(arch["ids"][:2])
    code, out, _ = run("search", "南水北调", "--archive", root, "--from", "2012-01-01",
                       "--json")
    assert {h["id"] for h in json.loads(out)} == {"2012-03-01-A3-v1"}
    code, out, _ = run("search", "南水北调", "--archive", root, "--json")
    assert {h["id"] for h in json.loads(out)} == set(arch["ids"])
    code, _, err = run("search", "x", "--archive", root, "--from", "2012-13-01")
    assert code == 2 and len(err.splitlines()) == 1
    code, _, err = run("verify", "no-such-id", "--archive", root)
    assert code == 2 and "no such archive entry" in err and "Traceback" not in err
    code, _, err = run("archive", "show", "nope", "--archive", root)
    assert code == 2
    code, _, err = run("archive", str(SAMPLE), "--archive", root, "--date", "2011-07-25")
    assert code == 2 and "--edition" in err


def test_verify_ok_and_tampered(arch):
    root, v1, ns = arch["root"], arch["ids"][0], arch["ids"][2]
    code, out, _ = run("verify", ns, "--archive", str(root))
    assert code == 0 and "ok" in out, out
    # tamper with a copy, so the other tests keep a clean archive
    for rel in ("src/text/h2.txt", "spread.pdf"):
        bad = arch["tmp"] / f"bad-{rel.replace('/', '-')}"
        shutil.copytree(root, bad)
        f = bad / "entries" / v1 / rel
        os.chmod(f, 0o644)
        data = bytearray(f.read_bytes())
        at = len(data) // 2 if rel.endswith(".pdf") else len(data) - 1
        data[at] ^= 0x01
        f.write_bytes(bytes(data))
        code, out, _ = run("verify", v1, "--archive", str(bad))
        assert code == 1, out
        assert f"file changed: {rel}: expected sha256" in out
        if rel.endswith(".pdf"):
            assert f"first difference at byte {at}" in out


def test_crash_mid_archive_leaves_nothing(tmp_path, monkeypatch):
    from layout.archive import store

    root = tmp_path / "arc"
    calls = []
    real = store.copy_file

    def failing(src, dst):
        calls.append(src)
        if len(calls) == 5:
            raise OSError("disk full (simulated)")
        return real(src, dst)

    monkeypatch.setattr(store, "copy_file", failing)
    code, _, err = run("archive", str(SAMPLE), "--edition", "A2", "--date", "2011-07-25",
                       "--archive", str(root))
    assert code == 3 and "disk full" in err
    assert Archive(root).ids() == [] and list((root / "tmp").iterdir()) == []
    monkeypatch.setattr(store, "copy_file", real)
    code, out, _ = run("archive", str(SAMPLE), "--edition", "A2", "--date", "2011-07-25",
                       "--archive", str(root))
    assert code == 0 and out.startswith("2011-07-25-A2-v1:")


def test_killed_mid_archive_and_concurrent(arch, tmp_path):
    root = tmp_path / "arc"
    shutil.copytree(arch["root"], root)
    before = Archive(root).ids()
    env = dict(os.environ, BANMIAN_ARCHIVE_PAUSE="before-rename:60")
    p = cli("archive", str(SAMPLE), "--edition", "A2", "--date", "2011-07-25",
            "--archive", str(root), env=env)
    try:  # wait until the entry is complete in tmp/, then kill it before the rename
        deadline = time.monotonic() + 60
        while not list((root / "tmp").glob("*/manifest.json")):
            assert p.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait()
    assert len(list((root / "tmp").iterdir())) == 1  # the dead process's work is left…
    assert Archive(root).ids() == before  # …and nobody sees it
    code, out, _ = run("archive", "list", "--archive", str(root))
    assert len(out.splitlines()) == len(before)
    code, out, _ = run("search", "红星美凯龙", "--archive", str(root), "--json")
    assert "2011-07-25-A2-v3" not in out
    # two archives at once, after the crash: both succeed with distinct versions
    procs = [cli("archive", str(SAMPLE), "--edition", "A2", "--date", "2011-07-25",
                 "--archive", str(root)) for _ in range(2)]
    results = [(q.wait(), *q.communicate()) for q in procs]
    assert [r[0] for r in results] == [0, 0], results
    new = sorted(r[1].split(":")[0] for r in results)
    assert new == ["2011-07-25-A2-v3", "2011-07-25-A2-v4"]
    m4 = json.loads((root / "entries" / new[1] / "manifest.json").read_text("utf-8"))
    assert m4["supersedes"] == new[0]
    conn = ix.connect(root / "index.sqlite")
    assert ix.indexed_ids(conn) >= set(new)
    assert {h.entry_id for h in ix.search(conn, "红星美凯龙")} >= set(new)
    assert list((root / "tmp").iterdir()) == []  # the dead process's temp dir was cleaned


def test_index_catches_up_after_crash_before_index_write(arch, tmp_path):
    """An entry renamed into place whose index write never happened is indexed on next use."""
    root = tmp_path / "arc"
    shutil.copytree(arch["root"], root)
    (root / "index.sqlite").unlink()
    for f in root.glob("index.sqlite-*"):
        f.unlink()
    code, out, _ = run("search", "南水北调中线", "--archive", str(root), "--json")
    assert {h["id"] for h in json.loads(out)} == {"2012-03-01-A3-v1"}
    code, out, _ = run("archive", "reindex", "--archive", str(root))
    assert code == 0 and "3 entries" in out
