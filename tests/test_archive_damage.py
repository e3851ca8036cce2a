"""A damaged, read-only, full or newer archive: one clear line and exit 2, never an internal
error; `archive reindex` moves a damaged index aside and rebuilds it; nothing archived is
ever lost from search."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from test_archive_common import BACKENDS, PG_URL, make_loc, pg_url, run, tiny_spec

from conftest import ROOT
from layout.archive.store import Archive


@pytest.fixture
def two(tmp_path) -> tuple[Path, Path]:
    """An SQLite archive with two versions of a tiny spread; returns (archive, spec)."""
    spec = tiny_spec(tmp_path / "spec")
    root = tmp_path / "arc"
    for _ in range(2):
        code, _, err = run("archive", str(spec), "--archive", str(root))
        assert code == 0, err
    for suffix in ("-wal", "-shm"):  # all connections closed: the WAL is in the file
        assert not Path(f"{root}/index.sqlite{suffix}").exists()
    return root, spec


def zero_pages(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:4096] + bytes(len(data) - 4096))


def garbage_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = bytes((i * 37 + 11) % 256 for i in range(100))
    path.write_bytes(bytes(data))


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 3])


@pytest.mark.parametrize("damage", [zero_pages, garbage_header, truncate])
def test_damaged_index(two, damage):
    root, spec = two
    index = root / "index.sqlite"
    assert index.stat().st_size > 3 * 4096
    damage(index)
    code, _, err = run("search", "测试", "--archive", str(root))
    assert code == 2 and "damaged" in err and "archive reindex" in err, err
    assert len(err.strip().splitlines()) == 1 and "internal" not in err
    # archive stops before anything is moved into place
    before = Archive(root).ids()
    code, _, err = run("archive", str(spec), "--archive", str(root))
    assert code == 2 and "damaged" in err, err
    assert Archive(root).ids() == before and os.listdir(root / "tmp") == []
    code, out, err = run("archive", "reindex", "--archive", str(root))
    assert code == 0 and "2 entries indexed" in out, err
    assert "moved aside to index.sqlite.damaged-" in err
    aside = [p.name for p in root.glob("index.sqlite.damaged-*")]
    assert len([n for n in aside if not n.endswith(("-wal", "-shm"))]) == 1, aside
    code, out, _ = run("search", "测试", "--archive", str(root), "--json", "--all-versions")
    assert code == 0 and {h["id"] for h in json.loads(out)["hits"]} == set(before)
    code, out, _ = run("verify", "--all", "--archive", str(root))
    assert code == 0 and "2 entries, 0 failed" in out
    code, out, _ = run("archive", str(spec), "--archive", str(root))
    assert code == 0 and out.startswith("2024-05-06-B1-v3:")


def test_reindex_of_a_healthy_index_keeps_it_in_place(two):
    root, _ = two
    code, out, err = run("archive", "reindex", "--archive", str(root))
    assert code == 0 and "2 entries indexed" in out and err == ""
    assert not list(root.glob("index.sqlite.damaged-*"))


def in_namespace(script: str, *args: str) -> subprocess.CompletedProcess:
    """Run a shell script in a private mount namespace (unshare), where it may mount a
    read-only view or a small tmpfs that nothing outside sees and that goes with it."""
    if not shutil.which("unshare"):
        pytest.skip("unshare is not installed")
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    if probe.returncode:
        pytest.skip(f"no private mount namespace here: {probe.stderr.decode().strip()}")
    return subprocess.run(["unshare", "-rm", "sh", "-c", script, "sh", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


READ_ONLY = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'


def test_read_only_archive(two):
    """On a read-only file system (root cannot write there either): search works, archive
    and reindex say the archive is read-only."""
    root, spec = two
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    py = [sys.executable, "-m", "layout"]
    r = in_namespace(READ_ONLY, str(root), *py, "search", "测试", "--archive", str(root),
                     "--json")
    assert r.returncode == 0, r.stderr
    assert {h["id"] for h in json.loads(r.stdout)["hits"]} == {"2024-05-06-B1-v2"}
    r = in_namespace(READ_ONLY, str(root), *py, "archive", str(spec), "--archive", str(root))
    assert r.returncode == 2 and "read-only" in r.stderr and "internal" not in r.stderr, \
        r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = in_namespace(READ_ONLY, str(root), *py, "archive", "reindex", "--archive", str(root))
    assert r.returncode == 2 and "read-only" in r.stderr, r.stderr
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before


FULL = """mount -t tmpfs -o size=$2 tmpfs "$1" || exit 99
shift 2
"$@" 2>"$RESULT.err"; echo $? > "$RESULT.code"
ls "$ARC/entries" > "$RESULT.entries"; ls "$ARC/tmp" > "$RESULT.tmp"
"""


# with the tiny spec, these stop at: creating the index, writing the entry, the index commit
# after the rename (an entry in place that pending/ names), and none; any size must give one
# of the outcomes checked below
@pytest.mark.parametrize("size", ["40k", "100k", "140k", "180k", "260k"])
def test_full_disk(tmp_path, size):
    """A real full file system (a small tmpfs): exit 2 with one line, and either no entry or
    a whole one that the index catches up with; never a half entry."""
    spec = tiny_spec(tmp_path / "spec")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    arc, result = mnt / "arc", tmp_path / "result"
    r = in_namespace(f"export ARC={arc} RESULT={result}; " + FULL, str(mnt), size,
                     sys.executable, "-m", "layout", "archive", str(spec), "--archive",
                     str(arc))
    assert r.returncode == 0, r.stderr
    code = int((tmp_path / "result.code").read_text())
    # progress lines ("banmian: PDF written (1.3s)") appear when the run is slow: not errors
    err = "".join(line for line in (tmp_path / "result.err").read_text().splitlines(True)
                  if not re.match(r"banmian: [^:]* \(\d+(\.\d+)?s\)$", line.strip()))
    entries = (tmp_path / "result.entries").read_text().split()
    assert (tmp_path / "result.tmp").read_text().split() == []  # no half entry left
    if code == 0:
        assert entries == ["2024-05-06-B1-v1"]
    else:
        assert code == 2 and "internal" not in err and len(err.strip().splitlines()) == 1, err
        assert "space" in err or "full" in err, err
        assert entries == [] or "the next archive or search adds it" in err, err


def test_index_write_fails_after_the_rename(two, monkeypatch):
    """The entry is in place when the index write fails: exit 2 saying so, and the next
    search finds it (pending/ names it)."""
    from layout.archive.index import Staged
    from layout.archive.sqlite import describe

    root, spec = two

    def full(self):
        self.rollback()
        raise describe(sqlite3.OperationalError("database or disk is full"), "index.sqlite")

    monkeypatch.setattr(Staged, "commit", full)
    code, _, err = run("archive", str(spec), "--archive", str(root))
    assert code == 2 and "2024-05-06-B1-v3: archived in" in err and "disk is full" in err, err
    assert os.listdir(root / "pending") == ["2024-05-06-B1-v3"]
    monkeypatch.undo()
    code, out, _ = run("search", "测试", "--archive", str(root), "--json")
    assert {h["id"] for h in json.loads(out)["hits"]} == {"2024-05-06-B1-v3"}
    assert os.listdir(root / "pending") == []
    code, out, _ = run("archive", str(spec), "--archive", str(root))
    assert out.startswith("2024-05-06-B1-v4:")


@pytest.mark.parametrize("backend", BACKENDS)
def test_newer_schema_refused(backend, tmp_path):
    gen = make_loc(backend, tmp_path)
    loc = next(gen)
    try:
        spec = tiny_spec(tmp_path / "spec")
        code, _, err = run("archive", str(spec), *loc.args())
        assert code == 0, err
        if backend == "sqlite":
            with sqlite3.connect(loc.store / "index.sqlite") as c:
                c.execute("PRAGMA user_version = 99")
        else:
            import psycopg

            schema = loc.archive.rsplit("schema=", 1)[1]
            with psycopg.connect(PG_URL, autocommit=True) as c:
                c.execute(f"INSERT INTO {schema}.schema_version (version, what) "
                          "VALUES (99, 'from the future')")
        for argv in (("search", "测试"), ("archive", str(spec)), ("archive", "reindex")):
            code, _, err = run(*argv, *loc.args())
            assert code == 2 and "schema version 99" in err and "knows up to 1" in err, err
    finally:
        gen.close()


OLD_SCHEMA = """
CREATE TABLE entries (
  id TEXT PRIMARY KEY, edition TEXT NOT NULL, date TEXT NOT NULL, version INTEGER NOT NULL,
  supersedes TEXT, title TEXT, department TEXT, editors TEXT, keywords TEXT, path TEXT);
CREATE TABLE blocks (
  rowid INTEGER PRIMARY KEY, entry_id TEXT NOT NULL REFERENCES entries(id), page INTEGER,
  folio TEXT, block TEXT NOT NULL, text TEXT NOT NULL);
CREATE VIRTUAL TABLE blocks_fts USING fts5(
  text, content='blocks', content_rowid='rowid', tokenize='trigram');
CREATE VIRTUAL TABLE blocks_bi USING fts5(grams, content='', tokenize='unicode61');
"""


def test_unversioned_index_is_upgraded(two):
    """An index written before schema versions (user_version 0) is replaced on first use and
    filled from the entries."""
    root, _ = two
    (root / "index.sqlite").unlink()
    with sqlite3.connect(root / "index.sqlite") as c:
        c.executescript(OLD_SCHEMA)
        c.execute("INSERT INTO entries (id, edition, date, version) VALUES "
                  "('2024-05-06-B1-v1', 'B1', '2024-05-06', 1)")
    code, out, err = run("search", "测试", "--archive", str(root), "--json")
    assert code == 0, err
    assert {h["id"] for h in json.loads(out)["hits"]} == {"2024-05-06-B1-v2"}
    with sqlite3.connect(root / "index.sqlite") as c:
        assert c.execute("PRAGMA user_version").fetchone()[0] == 1


def test_pg_unreachable_and_read_only_role(tmp_path):
    if not PG_URL:
        pytest.skip("no PostgreSQL server given (BANMIAN_TEST_PG); .ci/run starts one")
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    code, _, err = run("search", "x", "--archive",
                       "postgresql://nobody@/none?host=/nonexistent-socket-dir")
    assert code == 2 and "cannot connect" in err and "internal" not in err, err
    gen = make_loc("postgresql", tmp_path)
    loc = next(gen)
    role = "ro_" + uuid.uuid4().hex[:12]
    schema = loc.archive.rsplit("schema=", 1)[1]
    try:
        spec = tiny_spec(tmp_path / "spec")
        assert run("archive", str(spec), *loc.args())[0] == 0
        with psycopg.connect(PG_URL, autocommit=True) as c:
            c.execute(f"CREATE ROLE {role} LOGIN")
            c.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
            c.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")
        parts = urlsplit(pg_url(schema))
        host = parts.netloc.split("@", 1)[-1]
        ro = urlunsplit(parts._replace(netloc=f"{role}@{host}"))
        code, out, err = run("search", "测试", "--archive", ro, "--json")
        assert code == 0 and len(json.loads(out)["hits"]) == 1, err
        code, _, err = run("archive", str(spec), "--archive", ro, "--store", str(loc.store))
        assert code == 2 and "not allowed to write" in err, err
        # refused before the entry was moved into place
        assert Archive(loc.archive, loc.store).ids() == ["2024-05-06-B1-v1"]
        assert os.listdir(loc.store / "pending") == [] and os.listdir(loc.store / "tmp") == []
    finally:
        gen.close()
        with psycopg.connect(PG_URL, autocommit=True) as c:
            c.execute(f"DROP ROLE IF EXISTS {role}")


@pytest.mark.parametrize("backend", BACKENDS)
def test_reindex_rebuilds_from_the_entries(backend, tmp_path):
    """An index that lost its rows (a restored backup, a dropped table) is rebuilt from the
    entries; on PostgreSQL the gram index is built again at the end."""
    gen = make_loc(backend, tmp_path)
    loc = next(gen)
    try:
        spec = tiny_spec(tmp_path / "spec")
        for _ in range(2):
            assert run("archive", str(spec), *loc.args())[0] == 0
        if backend == "sqlite":
            with sqlite3.connect(loc.store / "index.sqlite") as c:
                c.execute("DELETE FROM blocks")
                c.execute("DELETE FROM entries")
        else:
            import psycopg

            schema = loc.archive.rsplit("schema=", 1)[1]
            with psycopg.connect(PG_URL, autocommit=True) as c:
                c.execute(f"TRUNCATE {schema}.entries, {schema}.blocks")
        code, out, _ = run("search", "测试", *loc.args(), "--json")
        assert json.loads(out)["hits"] == []
        code, out, err = run("archive", "reindex", *loc.args())
        assert code == 0 and "2 entries indexed" in out, err
        code, out, _ = run("search", "测试", *loc.args(), "--json", "--all-versions")
        assert {h["id"] for h in json.loads(out)["hits"]} == {"2024-05-06-B1-v1",
                                                              "2024-05-06-B1-v2"}
        if backend == "postgresql":
            with psycopg.connect(PG_URL, autocommit=True) as c:
                assert c.execute("SELECT count(*) FROM pg_indexes WHERE schemaname = %s AND "
                                 "indexname = 'blocks_grams'", (schema,)).fetchone()[0] == 1
    finally:
        gen.close()


def test_deleted_index_is_rebuilt_on_first_use(two):
    """The index is a cache: without index.sqlite, the next search fills a new one from the
    entries."""
    root, _ = two
    (root / "index.sqlite").unlink()
    code, out, err = run("search", "测试", "--archive", str(root), "--json", "--all-versions")
    assert code == 0, err
    assert {h["id"] for h in json.loads(out)["hits"]} == {"2024-05-06-B1-v1",
                                                          "2024-05-06-B1-v2"}
