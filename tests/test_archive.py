"""The archive on the sample, on both backends: append-only versions, provenance XMP, search,
verify of a tampered entry, file modes, a crash and a kill mid-archive."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from test_archive_common import BACKENDS, cli, make_loc, run

from conftest import SAMPLE
from layout.archive.index import open_index
from layout.archive.query import Query
from layout.archive.store import Archive, entry_modes_ok

pytestmark = pytest.mark.slow


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
    os.chmod(shared / "review.txt", 0o600)  # stored with the archive's mode, not this one
    spec = spec_dir / "spread.yaml"
    text = spec.read_text("utf-8")
    assert "text/review.txt" in text
    spec.write_text(text.replace("text/review.txt", "../shared/review.txt"), "utf-8")
    return spec


@pytest.fixture(scope="module", params=BACKENDS)
def arch(request, tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("archive")
    gen = make_loc(request.param, tmp)
    loc = next(gen)
    ids = []
    old = os.umask(0o077)  # entries are readable by the group whatever the umask
    try:
        for _ in range(2):
            code, out, err = run("archive", str(SAMPLE), "--edition", "A2", "--date",
                                 "2011-07-25", *loc.args(), "--department", "专版部",
                                 "--editor", "张军,李岩", "--keywords", "解放区、招商")
            assert code == 0, err
            ids.append(out.split(":")[0])
    finally:
        os.umask(old)
    first = tree(loc.store / "entries" / ids[0])
    code, out, err = run("archive", str(nanshui_spec(tmp)), "--edition", "A3",
                         "--date", "2012-03-01", *loc.args(), "--root", str(tmp / "nanshui"))
    assert code == 0, err
    ids.append(out.split(":")[0])
    yield {"loc": loc, "root": loc.store, "ids": ids, "first_tree": first, "tmp": tmp}
    gen.close()


def test_versions_append_only(arch):
    root, (v1, v2, ns) = arch["root"], arch["ids"]
    assert (v1, v2) == ("2011-07-25-A2-v1", "2011-07-25-A2-v2")
    assert tree(root / "entries" / v1) == arch["first_tree"]  # untouched by v2
    m1 = json.loads((root / "entries" / v1 / "manifest.json").read_text("utf-8"))
    m2 = json.loads((root / "entries" / v2 / "manifest.json").read_text("utf-8"))
    assert m1["supersedes"] is None and m2["supersedes"] == v1 and m2["version"] == 2
    assert m1["editors"] == ["张军", "李岩"] and m1["keywords"] == ["解放区", "招商"]
    assert m1["spec"] == "src/spread.yaml" and "src/text/h2.txt" in m1["files"]
    assert m1["overset"] == [] and m1["fits"] is True
    assert [b["name"] for b in m1["builtin"]] == ["banmian-newsprint-tr002.icc"]
    assert not any("icc" in f for f in m1["files"])
    assert {f["name"] for f in m1["fonts"]} >= {"song", "hei", "kai"}
    # every stored file is in the manifest with its hash
    for rel, sha in m1["files"].items():
        assert hashlib.sha256((root / "entries" / v1 / rel).read_bytes()).hexdigest() == sha
    # the text read through ../shared/ is stored so the stored spec still finds it
    m3 = json.loads((root / "entries" / ns / "manifest.json").read_text("utf-8"))
    assert m3["spec"] == "src/spread/spread.yaml" and "src/shared/review.txt" in m3["files"]
    code, out, _ = run("archive", "list", *arch["loc"].args())
    assert code == 0 and [line.split("\t")[0] for line in out.splitlines()] == sorted(
        [v1, v2, ns])
    code, out, _ = run("archive", "show", v1, *arch["loc"].args())
    assert code == 0 and f"superseded by  {v2}" in out


def test_entry_modes(arch):
    """Files 0444 and folders 0555 though the archive ran under umask 077; a source that was
    0600 is stored with the archive's mode, not its own."""
    root, v1 = arch["root"], arch["ids"][0]
    assert entry_modes_ok(root / "entries" / v1)
    assert entry_modes_ok(root / "entries" / arch["ids"][2])  # nanshui: review.txt was 0600
    assert list((root / "pending").iterdir()) == []


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
    ("南水北调", "2011-07-25-A2-v2", "2", "h7"),  # the sample has it too, in h7 among others
    ("南水北调中线工程移民", "2012-03-01-A3-v1", "3", "review"),
    ("红星美凯龙", "2011-07-25-A2-v2", "2", "h2"),
    ("招商", "2011-07-25-A2-v2", "2", "h3"),
])
def test_search(arch, query, entry, folio, block):
    code, out, _ = run("search", query, *arch["loc"].args(), "--json", "--limit", "100")
    assert code == 0
    hits = json.loads(out)["hits"]
    assert any(h["id"] == entry and h["folio"] == folio and h["block"] == block
               and query in [h["snippet"][a:b] for a, b in h["matches"]] for h in hits), hits
    assert "2011-07-25-A2-v1" not in {h["id"] for h in hits}  # superseded by v2
    code, out, _ = run("search", query, *arch["loc"].args(), "--limit", "100")
    assert f"⟦{query}⟧" in out


def test_search_dates_and_bad_input(arch):
    args = arch["loc"].args()

    def found(*argv):
        code, out, err = run("search", *argv, *args, "--json", "--limit", "100")
        assert code == 0, err
        return {h["id"] for h in json.loads(out)["hits"]}

    assert found("移民安置", "--to", "2011-12-31") == set()
    assert found("红星美凯龙", "--to", "2011-12-31") == {arch["ids"][1]}
    assert found("红星美凯龙", "--to", "2011-12-31", "--all-versions") == set(arch["ids"][:2])
    assert found("南水北调", "--from", "2012-01-01") == {"2012-03-01-A3-v1"}
    assert found("南水北调") == set(arch["ids"][1:])
    code, _, err = run("search", "x", *args, "--from", "2012-13-01")
    assert code == 2 and len(err.splitlines()) == 1
    code, _, err = run("verify", "no-such-id", *args)
    assert code == 2 and "no such archive entry" in err and "Traceback" not in err
    code, _, err = run("archive", "show", "nope", *args)
    assert code == 2


def test_verify_ok_and_tampered(arch):
    loc, v1, ns = arch["loc"], arch["ids"][0], arch["ids"][2]
    code, out, _ = run("verify", ns, *loc.args())
    assert code == 0 and "ok" in out, out
    # tamper with a copy of the store, so the other tests keep a clean archive
    for rel in ("src/text/h2.txt", "spread.pdf"):
        bad = arch["tmp"] / f"bad-{rel.replace('/', '-')}"
        shutil.copytree(loc.store, bad)
        f = bad / "entries" / v1 / rel
        os.chmod(f.parent, 0o755)
        os.chmod(f, 0o644)
        data = bytearray(f.read_bytes())
        at = len(data) // 2 if rel.endswith(".pdf") else len(data) - 1
        data[at] ^= 0x01
        f.write_bytes(bytes(data))
        store = ["--archive", str(bad)] if loc.backend == "sqlite" else \
            ["--archive", loc.archive, "--store", str(bad)]
        code, out, _ = run("verify", v1, *store)
        assert code == 1, out
        assert f"file changed: {rel}: expected sha256" in out
        if rel.endswith(".pdf"):
            assert f"first difference at byte {at}" in out


def test_killed_mid_archive(arch, tmp_path):
    """SIGKILL after the entry is complete in tmp/, before the rename: nobody sees it, and
    the next archive cleans it up and takes the version it would have had. On a copy of the
    store with an index of its own (PostgreSQL: a new schema, filled from the store on first
    use)."""
    gen = make_loc(arch["loc"].backend, tmp_path)
    loc = next(gen)
    shutil.copytree(arch["root"], loc.store)
    root, args = loc.store, loc.args()
    before = Archive(root).ids()
    env = dict(os.environ, BANMIAN_ARCHIVE_PAUSE="before-rename:60")
    p = cli("archive", str(SAMPLE), "--edition", "A2", "--date", "2011-07-25", *args, env=env)
    try:
        deadline = time.monotonic() + 60
        while not list((root / "tmp").glob("*/manifest.json")):
            assert p.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait()
    assert len(list((root / "tmp").iterdir())) == 1  # the dead process's work is left…
    assert Archive(root).ids() == before  # …and nobody sees it
    code, out, _ = run("archive", "list", *args)
    assert len(out.splitlines()) == len(before)
    code, out, _ = run("search", "红星美凯龙", *args, "--json", "--all-versions")
    assert {h["id"] for h in json.loads(out)["hits"]} == set(arch["ids"])
    code, out, err = run("archive", str(SAMPLE), "--edition", "A2", "--date", "2011-07-25",
                         *args)
    assert code == 0 and out.startswith("2011-07-25-A2-v3:"), err
    assert list((root / "tmp").iterdir()) == []  # the dead process's temp dir was cleaned
    gen.close()


def test_crash_mid_archive_leaves_nothing(tmp_path, monkeypatch):
    from layout.archive import store

    root = tmp_path / "arc"
    calls = []
    real = store.copy_file

    def failing(src, dst):
        calls.append(src)
        if len(calls) == 5:
            raise OSError(28, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(store, "copy_file", failing)
    code, _, err = run("archive", str(SAMPLE), "--edition", "A2", "--date", "2011-07-25",
                       "--archive", str(root))
    assert code == 2 and "no space left on the device" in err and "internal" not in err, err
    assert len(err.strip().splitlines()) == 1
    assert Archive(root).ids() == [] and list((root / "tmp").iterdir()) == []
    monkeypatch.setattr(store, "copy_file", real)
    code, out, _ = run("archive", str(SAMPLE), "--edition", "A2", "--date", "2011-07-25",
                       "--archive", str(root))
    assert code == 0 and out.startswith("2011-07-25-A2-v1:")


def test_readme_command_without_edition(tmp_path):
    """`banmian archive data/jiefang/spread.yaml --archive DIR` as README shows it: the sample
    has no meta.edition, so the edition is its pages, 2-3."""
    code, out, err = run("archive", str(SAMPLE), "--archive", str(tmp_path / "arc"))
    assert code == 0, err
    assert out.startswith("2011-07-25-2-3-v1: archived spread.pdf")
    m = Archive(tmp_path / "arc").manifest("2011-07-25-2-3-v1")
    assert m["edition"] == "2-3" and m["department"] == "专版"
    with open_index(tmp_path / "arc", readonly=True) as idx:
        hits, _ = idx.search(Query.parse("红星美凯龙"))
    assert {h.edition for h in hits} == {"2-3"}
