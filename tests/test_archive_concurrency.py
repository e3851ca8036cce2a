"""Many writers at once and writers killed at the worst moments, on both backends; overset
spreads; the shared (group-writable) set-up; `archive migrate` to PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import stat
import time

import pytest
from test_archive_common import BACKENDS, PG_URL, cli, make_loc, run, tiny_spec

from layout.archive.store import Archive, entry_modes_ok

pytestmark = pytest.mark.slow


@pytest.fixture(params=BACKENDS)
def loc(request, tmp_path):
    yield from make_loc(request.param, tmp_path)


def test_eight_writers_contiguous_versions(loc, tmp_path):
    spec = tiny_spec(tmp_path / "spec")
    procs = [cli("archive", str(spec), *loc.args()) for _ in range(8)]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    assert [r[0] for r in results] == [0] * 8, results
    ids = sorted((r[1].split(":")[0] for r in results), key=lambda i: int(i.rsplit("v", 1)[1]))
    assert ids == [f"2024-05-06-B1-v{n}" for n in range(1, 9)]
    arch = Archive(loc.archive, loc.store)
    assert arch.ids() == sorted(ids)
    for prev, eid in zip([None, *ids], ids, strict=False):
        assert arch.manifest(eid)["supersedes"] == prev
    code, out, _ = run("search", "测试", *loc.args(), "--json", "--all-versions")
    assert sorted(h["id"] for h in json.loads(out)["hits"] if h["block"] == "title") == \
        sorted(ids)
    assert os.listdir(loc.store / "tmp") == [] and os.listdir(loc.store / "pending") == []


def test_killed_after_the_rename_is_found(loc, tmp_path):
    """SIGKILL with the entry in place and the index transaction not committed: the entry is
    searchable at the next search, and the next version follows it."""
    spec = tiny_spec(tmp_path / "spec")
    env = dict(os.environ, BANMIAN_ARCHIVE_PAUSE="before-index:60")
    p = cli("archive", str(spec), *loc.args(), env=env)
    try:
        deadline = time.monotonic() + 60
        while not (loc.store / "entries" / "2024-05-06-B1-v1").exists():
            assert p.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait()
    assert os.listdir(loc.store / "pending") == ["2024-05-06-B1-v1"]
    code, out, err = run("search", "测试", *loc.args(), "--json")
    assert code == 0, err
    assert {h["id"] for h in json.loads(out)["hits"]} == {"2024-05-06-B1-v1"}
    assert os.listdir(loc.store / "pending") == []
    code, out, err = run("archive", str(spec), *loc.args())
    assert code == 0 and out.startswith("2024-05-06-B1-v2:"), err
    assert Archive(loc.archive, loc.store).manifest("2024-05-06-B1-v2")["supersedes"] == \
        "2024-05-06-B1-v1"


OVERSET = "今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。" * 40


def test_overset_refused_unless_allowed(loc, tmp_path):
    spec = tiny_spec(tmp_path / "spec", text=OVERSET)
    code, out, err = run("archive", str(spec), *loc.args())
    assert code == 1 and out == "", err
    assert "not archived: overset text in story (" in err and "--allow-overset" in err
    assert not (loc.store / "entries").exists() or os.listdir(loc.store / "entries") == []
    code, out, err = run("archive", str(spec), *loc.args(), "--allow-overset")
    assert code == 0 and "archived with overset text (--allow-overset): story" in err
    m = Archive(loc.archive, loc.store).manifest(out.split(":")[0])
    assert m["fits"] is False and [b["block"] for b in m["overset"]] == ["story"]
    assert m["overset"][0]["lines"] > 0 and m["overset"][0]["chars"] > 0
    code, out, _ = run("archive", "show", m["id"], *loc.args())
    assert "overset  story (" in out
    code, out, _ = run("verify", m["id"], *loc.args())  # re-rendered the same way
    assert code == 0 and "ok" in out, out


def test_group_writable_store(tmp_path):
    """A store folder made group-writable (and setgid) is the shared set-up: what banmian
    creates in it is group-writable too, whatever the umask; entries stay read-only."""
    root = tmp_path / "arc"
    root.mkdir()
    os.chmod(root, 0o2775)
    spec = tiny_spec(tmp_path / "spec")
    old = os.umask(0o077)
    try:
        code, out, err = run("archive", str(spec), "--archive", str(root))
    finally:
        os.umask(old)
    assert code == 0, err
    for d in ("entries", "tmp", "pending"):
        assert stat.S_IMODE((root / d).stat().st_mode) == 0o2775, d
    for f in ("index.sqlite", ".lock"):
        assert stat.S_IMODE((root / f).stat().st_mode) == 0o664, f
    assert entry_modes_ok(root / "entries" / out.split(":")[0])


def test_private_store_is_not_group_writable(tmp_path):
    root = tmp_path / "arc"
    spec = tiny_spec(tmp_path / "spec")
    old = os.umask(0)
    try:
        code, _, err = run("archive", str(spec), "--archive", str(root))
    finally:
        os.umask(old)
    assert code == 0, err
    assert stat.S_IMODE(root.stat().st_mode) == 0o755
    assert stat.S_IMODE((root / "entries").stat().st_mode) == 0o755
    assert stat.S_IMODE((root / "index.sqlite").stat().st_mode) == 0o644


def test_migrate_to_postgresql(tmp_path):
    """An SQLite archive moved to PostgreSQL, first keeping the files where they are, then
    into another store: search and `verify --all` on the result."""
    if not PG_URL:
        pytest.skip("no PostgreSQL server given (BANMIAN_TEST_PG); .ci/run starts one")
    src = tmp_path / "arc"
    for edition, n in (("B1", 2), ("B2", 1)):
        spec = tiny_spec(tmp_path / f"spec-{edition}", edition=edition)
        for _ in range(n):
            assert run("archive", str(spec), "--archive", str(src))[0] == 0
    gen = make_loc("postgresql", tmp_path)
    pg = next(gen)
    try:
        code, out, err = run("archive", "migrate", "--from", str(src), "--to", pg.archive)
        assert code == 0 and "3 entries indexed (0 copied" in out, err
        code, out, _ = run("verify", "--all", "--archive", pg.archive, "--store", str(src))
        assert code == 0 and "3 entries, 0 failed" in out
        code, out, _ = run("search", "测试", "--archive", pg.archive, "--json")
        assert {h["id"] for h in json.loads(out)["hits"]} == {"2024-05-06-B1-v2",
                                                              "2024-05-06-B2-v1"}
        # into a store of its own: copied, checked, sealed; a second run copies nothing
        store = tmp_path / "shared-store"
        args = ["archive", "migrate", "--from", str(src), "--to", pg.archive, "--store",
                str(store)]
        code, out, err = run(*args)
        assert code == 0 and "3 entries indexed (3 copied" in out, err
        code, out, err = run(*args)
        assert code == 0 and "(0 copied" in out and "3 already there" in out, err
        assert all(entry_modes_ok(p) for p in (store / "entries").iterdir())
        code, out, _ = run("verify", "--all", "--archive", pg.archive, "--store", str(store))
        assert code == 0 and "3 entries, 0 failed" in out
        code, out, err = run("archive", str(tmp_path / "spec-B1" / "spread.yaml"),
                             "--archive", pg.archive, "--store", str(store))
        assert code == 0 and out.startswith("2024-05-06-B1-v3:"), err
    finally:
        gen.close()


def test_overset_archive_is_marked_in_its_pdf(tmp_path):
    """A finished (PDF/X) overset spread archived with --allow-overset records the overset in
    its XMP, so preflight fails the archived file; verify still re-renders it byte for byte."""
    from layout.preflight import preflight

    spec = tiny_spec(tmp_path / "spec", text=OVERSET)
    spec.write_text(spec.read_text("utf-8").replace("output: {standard: none}\n", ""), "utf-8")
    root = tmp_path / "arc"
    code, out, err = run("archive", str(spec), "--archive", str(root), "--allow-overset")
    assert code == 0, err
    eid = out.split(":")[0]
    res = preflight(root / "entries" / eid / "spread.pdf", standard="x4+a2b")
    assert res.failures and "story" in json.dumps(res.as_json(), ensure_ascii=False)
    code, out, _ = run("verify", eid, "--archive", str(root))
    assert code == 0 and "ok" in out, out
