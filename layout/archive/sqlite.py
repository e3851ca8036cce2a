"""The embedded index: ARCHIVE/index.sqlite (WAL), the default backend.

Terms of three or more characters are matched with FTS5's trigram tokenizer; terms of one or
two letters or digits with a second FTS5 table whose words are the single letters and pairs of
adjacent letters (query.word_grams). Both hold the folded text (query.fold) and keep no copy of
it (content=''): the blocks table has the text once.

Writers hold ARCHIVE/.lock (flock); readers never wait for them (WAL). `search` opens the file
read-only, and on a read-only archive folder with `immutable=1`, so it works there too.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..diag import ArchiveError
from . import migrations as mig
from .index import (
    PROBE,
    Index,
    IndexMissing,
    IndexOutdated,
    Staged,
    damaged,
    rows_to_hits,
    score_sql,
)
from .query import Query, fold, is_word_char, word_grams

# the newest version of its entry (a scalar subquery: checked per entry as the walk reaches it)
_LATEST = ("e.version = (SELECT max(n.version) FROM entries n WHERE n.edition = e.edition "
           "AND n.date = e.date)")
_DAMAGE = ("malformed", "not a database", "corrupt", "file is encrypted")


def shared_modes(folder: Path) -> tuple[int, int]:
    """(file mode, folder mode) for what the archive creates beside its entries: group-writable
    when the archive folder is (a shared set-up), whatever the umask."""
    try:
        group_w = folder.stat().st_mode & 0o020
    except OSError:
        group_w = 0
    return (0o664, 0o2775) if group_w else (0o644, 0o755)


def open_lock_file(folder: Path) -> int:
    """ARCHIVE/.lock, with the archive's file mode whatever the umask."""
    mode = shared_modes(folder)[0]
    fd = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT, mode)
    with contextlib.suppress(OSError):
        if os.fstat(fd).st_mode & 0o777 != mode:
            os.fchmod(fd, mode)  # only its owner can; for the others it is already right
    return fd


def describe(e: BaseException, where: str) -> ArchiveError:
    """An SQLite or OS error as one clear line."""
    msg = str(e)
    low = msg.lower()
    if any(d in low for d in _DAMAGE):
        return damaged(where, msg)
    if "readonly" in low or "read-only" in low or getattr(e, "errno", None) in (
            errno.EROFS, errno.EACCES, errno.EPERM):
        return ArchiveError.one(f"{where}: cannot write the search index ({msg}): the archive "
                                "is read-only for you")
    if "full" in low or getattr(e, "errno", None) == errno.ENOSPC:
        return ArchiveError.one(f"{where}: the disk is full ({msg})")
    if "disk i/o error" in low:  # what SQLite says when its shared memory file cannot grow
        return ArchiveError.one(f"{where}: cannot write the search index ({msg}; the disk may "
                                "be full or failing)")
    if "locked" in low or "busy" in low:
        return ArchiveError.one(f"{where}: the index stayed locked by another process ({msg})")
    if "unable to open" in low:
        return ArchiveError.one(f"{where}: cannot open the search index ({msg})")
    return ArchiveError.one(f"{where}: search index error ({msg})")


class SqliteIndex(Index):
    kind = "sqlite"

    def __init__(self, path: Path, *, readonly: bool = False):
        self.path = Path(path)
        self.where = str(self.path)
        self.readonly = readonly
        self.conn: sqlite3.Connection | None = None
        try:
            with self._guard():
                if readonly:
                    self.conn = self._open_ro()
                    self._check_version()
                else:
                    self.conn = self._open_rw()
                    self._migrate()
        except BaseException:
            self.close()
            raise

    # -- opening --------------------------------------------------------------------------
    def _open_ro(self) -> sqlite3.Connection:
        if not self.path.is_file():
            raise IndexMissing.one(f"{self.path}: no search index yet (`banmian archive "
                                   "reindex` builds it from the entries)")
        uri = self.path.resolve().as_uri()
        try:
            conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
            conn.execute("PRAGMA user_version").fetchone()
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as e:
            # a WAL database on a read-only folder: its -shm cannot be made; nobody can write
            # there either, so read the file as it is
            if "unable to open" not in str(e) and "readonly" not in str(e):
                raise
            conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True,
                                   isolation_level=None)
        return conn

    def _open_rw(self) -> sqlite3.Connection:
        folder = self.path.parent
        if not os.access(folder, os.W_OK):  # EROFS or permissions: root is refused there too
            raise ArchiveError.one(f"{folder}: the archive is read-only for you (cannot write "
                                   "its index)")
        new = not self.path.exists()
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 30000")
        if new:  # -wal and -shm take the file's mode
            with contextlib.suppress(OSError):
                os.chmod(self.path, shared_modes(folder)[0])
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        return conn

    def _version(self) -> int:
        assert self.conn is not None
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _check_version(self) -> None:
        v = self._version()
        if v > mig.SQLITE_LATEST:
            raise ArchiveError.one(mig.newer_message(self.where, v, mig.SQLITE_LATEST))
        if v < mig.SQLITE_LATEST:
            raise IndexOutdated.one(f"{self.where}: the index has schema version {v}, and "
                                   f"this banmian uses {mig.SQLITE_LATEST}: any archive command "
                                   "that writes (e.g. `banmian archive reindex`) upgrades it")

    def _migrate(self) -> None:
        assert self.conn is not None
        v = self._version()
        if v > mig.SQLITE_LATEST:
            raise ArchiveError.one(mig.newer_message(self.where, v, mig.SQLITE_LATEST))
        if v == mig.SQLITE_LATEST:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            v = self._version()  # another process may have done it meanwhile
            for version, _what, sql in mig.SQLITE:
                if version > v:
                    for stmt in _statements(sql):
                        self.conn.execute(stmt)
                    self.conn.execute(f"PRAGMA user_version = {version}")
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except (sqlite3.Error, OSError) as e:
            raise describe(e, self.where) from None

    # -- writing --------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self, wait: bool = True) -> Iterator[bool]:
        folder = self.path.parent
        with self._guard():
            fd = open_lock_file(folder)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _insert(self, entries: Iterable[tuple[dict, list[dict]]]) -> int:
        assert self.conn is not None
        c = self.conn
        added = 0
        for e, blocks in entries:
            cur = c.execute(
                "INSERT OR IGNORE INTO entries (id, edition, date, version, supersedes, title, "
                "department, editors, keywords, archived) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (e["id"], e["edition"], e["date"], e["version"], e.get("supersedes"),
                 e.get("title") or "", e.get("department") or "",
                 ", ".join(e.get("editors", ())), ", ".join(e.get("keywords", ())),
                 e.get("archived", "")))
            if not cur.rowcount:
                continue
            added += 1
            for seq, b in enumerate(blocks):
                text = b["text"]
                f = fold(text)
                rid = c.execute(
                    "INSERT INTO blocks (entry_id, seq, page, folio, block, text, ftext) "
                    "VALUES (?,?,?,?,?,?,?)",
                    (e["id"], seq, b["page"], b.get("folio", ""), b["block"], text,
                     f if f != text else None)).lastrowid
                c.execute("INSERT INTO blocks_tri (rowid, text) VALUES (?, ?)", (rid, f))
                c.execute("INSERT INTO blocks_grams (rowid, grams) VALUES (?, ?)",
                          (rid, " ".join(word_grams(f))))
        return added

    def _transaction(self, fn):
        assert self.conn is not None
        with self._guard():
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                out = fn()
                self.conn.execute("COMMIT")
                return out
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def stage(self, entries: Iterable[tuple[dict, list[dict]]]) -> Staged:
        assert self.conn is not None
        conn = self.conn
        with self._guard():
            conn.execute("BEGIN IMMEDIATE")
            try:
                added = self._insert(entries)
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

        def commit() -> None:
            with self._guard():
                conn.execute("COMMIT")

        def rollback() -> None:
            with self._guard():
                if conn.in_transaction:
                    conn.execute("ROLLBACK")

        return Staged(added, commit, rollback)

    def replace_all(self, entries: Iterable[tuple[dict, list[dict]]]) -> int:
        def run() -> int:
            c = self.conn
            c.execute("DELETE FROM blocks")
            c.execute("DELETE FROM entries")
            c.execute("INSERT INTO blocks_tri (blocks_tri) VALUES ('delete-all')")
            c.execute("INSERT INTO blocks_grams (blocks_grams) VALUES ('delete-all')")
            return self._insert(entries)
        return self._transaction(run)

    def get_meta(self, key: str) -> str | None:
        with self._guard():
            row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._guard():
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                              (key, value))

    # -- reading --------------------------------------------------------------------------
    def indexed_ids(self) -> set[str]:
        with self._guard():
            return {r[0] for r in self.conn.execute("SELECT id FROM entries")}

    def latest_version(self, edition: str, date: str) -> tuple[int, str | None]:
        with self._guard():
            row = self.conn.execute(
                "SELECT version, id FROM entries WHERE edition = ? AND date = ? "
                "ORDER BY version DESC LIMIT 1", (edition, date)).fetchone()
        return (row[0], row[1]) if row else (0, None)

    def counts(self) -> tuple[int, int]:
        with self._guard():
            return (self.conn.execute("SELECT count(*) FROM entries").fetchone()[0],
                    self.conn.execute("SELECT count(*) FROM blocks").fetchone()[0])

    def size(self) -> int:
        """The file's size once the write-ahead log is folded into it."""
        if not self.readonly:
            with self._guard():
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return self.path.stat().st_size

    def quick_check(self) -> str:
        with self._guard():
            return self.conn.execute("PRAGMA quick_check").fetchone()[0]

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _filters(self, q: Query) -> tuple[list[str], list]:
        where, args = ["instr(coalesce(b.ftext, b.text), ?) > 0" for _ in q.terms], \
            list(q.terms)
        return where, args

    def _entry_filters(self, q: Query) -> tuple[list[str], list]:
        where, args = [], []
        if not q.all_versions:
            where.append(_LATEST)
        if q.date_from:
            where.append("e.date >= ?")
            args.append(q.date_from)
        if q.date_to:
            where.append("e.date <= ?")
            args.append(q.date_to)
        return where, args

    _COLS = ("e.id, e.edition, e.date, e.version, e.title, b.page, b.folio, b.block, b.text, "
             "{score} AS score, " + _LATEST)
    _ORDER = " ORDER BY e.date DESC, score DESC, e.edition, e.version DESC, b.seq LIMIT ?"

    def _select(self, q: Query) -> tuple[str, list]:
        score = score_sql(len(q.terms), "coalesce(b.ftext, b.text)", "?")
        return self._COLS.format(score=score), [t for t in q.terms for _ in (0, 1)]

    def _cut(self, q: Query) -> str | None:
        ew, eargs = self._entry_filters(q)
        where = (" WHERE " + " AND ".join(ew)) if ew else ""
        with self._guard():
            row = self.conn.execute(
                f"SELECT e.date FROM entries e{where} ORDER BY e.date DESC, e.edition, "
                "e.version DESC LIMIT 1 OFFSET ?", (*eargs, PROBE - 1)).fetchone()
        return row[0] if row else None

    def _ordered(self, q: Query, since: str | None, want: int):
        cols, cargs = self._select(q)
        ew, eargs = self._entry_filters(q)
        if since is not None:
            ew.append("e.date >= ?")
            eargs.append(since)
        bw, bargs = self._filters(q)
        # entries newest first (entries_recent), each one's blocks (blocks_entry): the sort
        # only orders the hits of one date by score, so the walk stops at the limit
        sql = (f"SELECT {cols} FROM entries e CROSS JOIN blocks b ON b.entry_id = e.id WHERE "
               + " AND ".join([*ew, *bw]) + self._ORDER)
        with self._guard():
            rows = self.conn.execute(sql, (*cargs, *eargs, *bargs, want)).fetchall()
        return rows_to_hits(rows)

    def _indexed(self, q: Query, want: int):
        tri = [t for t in q.terms if len(t) >= 3]
        grams = [t for t in q.terms if len(t) < 3 and all(is_word_char(c) for c in t)]
        if not tri and not grams:
            return None
        src = []
        if tri:
            src.append("b.rowid IN (SELECT rowid FROM blocks_tri WHERE blocks_tri MATCH ?)")
        if grams:
            src.append("b.rowid IN (SELECT rowid FROM blocks_grams WHERE blocks_grams MATCH ?)")
        iargs = [" AND ".join(_phrase(t) for t in group) for group in (tri, grams) if group]
        cols, cargs = self._select(q)
        ew, eargs = self._entry_filters(q)
        bw, bargs = self._filters(q)
        # the matches first (blocks drives the join), then only they are sorted
        sql = (f"SELECT {cols} FROM blocks b CROSS JOIN entries e ON e.id = b.entry_id WHERE "
               + " AND ".join([*src, *bw, *ew]) + self._ORDER)
        with self._guard():
            rows = self.conn.execute(sql, (*cargs, *iargs, *bargs, *eargs, want)).fetchall()
        return rows_to_hits(rows)


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (sqlite3 runs one at a time inside a transaction)."""
    out, cur = [], ""
    for line in sql.splitlines(keepends=True):
        cur += line
        if sqlite3.complete_statement(cur):
            out.append(cur.strip())
            cur = ""
    if cur.strip():
        out.append(cur.strip())
    return out


def move_aside(path: Path) -> Path:
    """Rename a damaged index (and its -wal, -shm) to index.sqlite.damaged-<time>: kept for
    inspection, out of the way of the new one."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    dest = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while dest.exists():
        n += 1
        dest = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(path) + suffix)
        if p.exists():
            os.replace(p, Path(str(dest) + suffix))
    return dest
