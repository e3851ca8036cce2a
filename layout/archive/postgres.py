"""The shared index: PostgreSQL through psycopg 3 (`--archive postgresql://…`).

The tables live in one schema (default `banmian`; `?schema=NAME` in the URL picks another, so
several archives can share a database). Searching uses a GIN index over every character and
every pair of adjacent characters of the folded text (migrations.POSTGRES: `grams`), so one-
and two-character terms and Han text work whatever the database's locale; each hit is checked
with strpos, so the result is exact.

Writers serialise on a session advisory lock (released by the server if a writer dies), and
UNIQUE (edition, date, version) refuses a second v3 from any machine. This module is imported
only for a postgresql:// archive: a spec render never loads psycopg.
"""

from __future__ import annotations

import contextlib
import re
import zlib
from collections.abc import Iterable, Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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
from .query import Query, fold

LOCK_SPACE = 0x62616E6D  # "banm": the first key of banmian's advisory locks
_SCHEMA = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_CHUNK = 500  # entries per bulk step


def split_url(url: str) -> tuple[str, str]:
    """(the URL libpq gets, the schema): `schema=` is banmian's, not a libpq parameter."""
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in params if k == "schema"), "banmian")
    if not _SCHEMA.match(schema):
        raise ArchiveError.one(f"{redact(url)}: schema {schema!r} is not a plain lower-case "
                               "SQL name")
    rest = urlencode([(k, v) for k, v in params if k != "schema"])
    return urlunsplit(parts._replace(query=rest)), schema


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(":" + parts.password + "@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def query_grams(term: str) -> list[str]:
    """The index elements a term must have: itself if one character, else its pairs."""
    if len(term) == 1:
        return [term]
    return sorted({term[i:i + 2] for i in range(len(term) - 1)})


class PgIndex(Index):
    kind = "postgresql"

    def __init__(self, url: str, *, readonly: bool = False):
        try:
            import psycopg
        except ImportError:
            raise ArchiveError.one("a PostgreSQL archive needs psycopg 3: pip install "
                                   "'psycopg[binary]'") from None
        self._pg = psycopg
        self.url, self.schema = split_url(url)
        self.where = redact(url)
        self.readonly = readonly
        self.key = (LOCK_SPACE, zlib.crc32(self.schema.encode()) - 2**31)
        # JIT: the planner's cost of a rare term's candidates can pass jit_above_cost, and
        # compiling then takes ten times as long as the query
        opts = f"-c search_path={self.schema} -c jit=off"
        if readonly:
            opts += " -c default_transaction_read_only=on"
        self.conn = None
        try:
            self.conn = psycopg.connect(self.url, autocommit=True, connect_timeout=10,
                                        options=opts, application_name="banmian")
        except psycopg.Error as e:
            raise ArchiveError.one(f"{self.where}: cannot connect to the archive index "
                                   f"({_first_line(e)})") from None
        with self._guard():
            v = self._version()
            if v is not None and v > mig.POSTGRES_LATEST:
                raise ArchiveError.one(mig.newer_message(self.where, v, mig.POSTGRES_LATEST))
            if readonly and v is None:
                raise IndexMissing.one(f"{self.where}: no archive index in schema "
                                       f"{self.schema!r} (`banmian archive migrate` or "
                                       "`archive reindex --store DIR` makes one)")
            if readonly and v < mig.POSTGRES_LATEST:
                raise IndexOutdated.one(f"{self.where}: the index has schema version {v}; an "
                                       "archive command that writes upgrades it")
            if v != mig.POSTGRES_LATEST:
                self._migrate()

    # -- errors and schema --------------------------------------------------------------
    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        pg = self._pg
        try:
            yield
        except pg.errors.DiskFull as e:
            raise ArchiveError.one(f"{self.where}: the database server's disk is full "
                                   f"({_first_line(e)})") from None
        except (pg.errors.InsufficientPrivilege, pg.errors.ReadOnlySqlTransaction) as e:
            raise ArchiveError.one(f"{self.where}: not allowed to write the archive index "
                                   f"({_first_line(e)})") from None
        except pg.errors.DataCorrupted as e:
            raise damaged(self.where, _first_line(e)) from None
        except pg.errors.UniqueViolation as e:
            raise ArchiveError.one(f"{self.where}: an entry with that edition, date and "
                                   f"version is already indexed ({_first_line(e)})") from None
        except pg.OperationalError as e:
            raise ArchiveError.one(f"{self.where}: lost the archive index "
                                   f"({_first_line(e)})") from None
        except pg.Error as e:
            raise ArchiveError.one(f"{self.where}: archive index error "
                                   f"({_first_line(e)})") from None

    def _version(self) -> int | None:
        row = self.conn.execute("SELECT to_regclass(%s)",
                                (f"{self.schema}.schema_version",)).fetchone()
        if row[0] is None:
            return None
        return self.conn.execute("SELECT coalesce(max(version), 0) FROM schema_version"
                                 ).fetchone()[0]

    def _migrate(self) -> None:
        from psycopg import sql

        c = self.conn
        with c.transaction():
            # one migrator at a time, across machines; the others wait and find it done
            c.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_SPACE + 1, self.key[1]))
            c.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
                sql.Identifier(self.schema)))
            c.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL, "
                      "applied timestamptz NOT NULL DEFAULT now(), what text NOT NULL)")
            v = self._version() or 0
            if v > mig.POSTGRES_LATEST:
                raise ArchiveError.one(mig.newer_message(self.where, v, mig.POSTGRES_LATEST))
            for version, what, ddl in mig.POSTGRES:
                if version > v:
                    c.execute(ddl)
                    c.execute("INSERT INTO schema_version (version, what) VALUES (%s, %s)",
                              (version, what))

    # -- writing --------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self, wait: bool = True) -> Iterator[bool]:
        with self._guard():
            if wait:
                self.conn.execute("SELECT pg_advisory_lock(%s, %s)", self.key)
                got = True
            else:
                got = self.conn.execute("SELECT pg_try_advisory_lock(%s, %s)",
                                        self.key).fetchone()[0]
        try:
            yield got
        finally:
            if got and self.conn is not None and not self.conn.closed:
                with contextlib.suppress(self._pg.Error):
                    self.conn.execute("SELECT pg_advisory_unlock(%s, %s)", self.key)

    def _stage(self) -> None:
        self.conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS new_entries (LIKE entries) ON COMMIT DELETE ROWS")
        self.conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS new_blocks (entry_id text, seq integer, "
            "page integer, folio text, block text, text text, ftext text) "
            "ON COMMIT DELETE ROWS")

    def _insert(self, entries: Iterable[tuple[dict, list[dict]]]) -> int:
        """COPY into temp tables, then insert the entries not there yet and their blocks:
        a few statements per 500 entries."""
        self._stage()
        added = 0
        batch: list[tuple[dict, list[dict]]] = []
        for item in entries:
            batch.append(item)
            if len(batch) >= _CHUNK:
                added += self._insert_batch(batch)
                batch = []
        if batch:
            added += self._insert_batch(batch)
        return added

    def _insert_batch(self, batch: list[tuple[dict, list[dict]]]) -> int:
        c = self.conn
        with c.cursor() as cur:
            with cur.copy("COPY new_entries (id, edition, date, version, supersedes, title, "
                          "department, editors, keywords, archived) FROM STDIN") as cp:
                for e, _ in batch:
                    cp.write_row((e["id"], e["edition"], e["date"], e["version"],
                                  e.get("supersedes"), e.get("title") or "",
                                  e.get("department") or "", ", ".join(e.get("editors", ())),
                                  ", ".join(e.get("keywords", ())), e.get("archived", "")))
            with cur.copy("COPY new_blocks (entry_id, seq, page, folio, block, text, ftext) "
                          "FROM STDIN") as cp:
                for e, blocks in batch:
                    for seq, b in enumerate(blocks):
                        text = b["text"]
                        f = fold(text)
                        cp.write_row((e["id"], seq, b["page"], b.get("folio", ""), b["block"],
                                      text, f if f != text else None))
            cur.execute("CREATE TEMP TABLE IF NOT EXISTS added_ids (id text) "
                        "ON COMMIT DELETE ROWS")
            cur.execute("WITH a AS (INSERT INTO entries SELECT DISTINCT ON (id) * "
                        "FROM new_entries ON CONFLICT (id) DO NOTHING RETURNING id) "
                        "INSERT INTO added_ids SELECT id FROM a")
            cur.execute("INSERT INTO blocks (entry_id, seq, page, folio, block, text, ftext) "
                        "SELECT n.entry_id, n.seq, n.page, n.folio, n.block, n.text, n.ftext "
                        "FROM new_blocks n JOIN added_ids a ON a.id = n.entry_id "
                        "ORDER BY n.entry_id, n.seq")
            added = cur.execute("SELECT count(*) FROM added_ids").fetchone()[0]
            cur.execute("TRUNCATE new_entries, new_blocks, added_ids")
        return added

    def stage(self, entries: Iterable[tuple[dict, list[dict]]]) -> Staged:
        c = self.conn
        with self._guard():
            c.execute("BEGIN")
            try:
                added = self._insert(entries)
            except BaseException:
                with contextlib.suppress(self._pg.Error):
                    c.execute("ROLLBACK")
                raise

        def commit() -> None:
            with self._guard():
                c.execute("COMMIT")

        def rollback() -> None:
            with self._guard():
                c.execute("ROLLBACK")

        return Staged(added, commit, rollback)

    def replace_all(self, entries: Iterable[tuple[dict, list[dict]]]) -> int:
        """In one transaction: empty the tables, load, and build the gram index once at the
        end (much faster than updating it row by row). Searches wait for the commit."""
        c = self.conn
        with self._guard(), c.transaction():
            c.execute("SET LOCAL maintenance_work_mem = '512MB'")
            row = c.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = %s AND "
                            "indexname = 'blocks_grams'", (self.schema,)).fetchone()
            c.execute("TRUNCATE entries, blocks")
            if row:
                c.execute("DROP INDEX blocks_grams")
            n = self._insert(entries)
            if row:
                c.execute(row[0])
            c.execute("ANALYZE blocks")
        with self._guard():  # outside the transaction: sets the visibility map, so the
            c.execute("VACUUM (ANALYZE) entries")  # latest-version check reads no heap
        return n

    def get_meta(self, key: str) -> str | None:
        with self._guard():
            row = self.conn.execute("SELECT value FROM meta WHERE key = %s", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._guard():
            self.conn.execute("INSERT INTO meta (key, value) VALUES (%s, %s) ON CONFLICT (key) "
                              "DO UPDATE SET value = excluded.value", (key, value))

    # -- reading --------------------------------------------------------------------------
    def indexed_ids(self) -> set[str]:
        with self._guard():
            return {r[0] for r in self.conn.execute("SELECT id FROM entries")}

    def latest_version(self, edition: str, date: str) -> tuple[int, str | None]:
        with self._guard():
            row = self.conn.execute(
                "SELECT version, id FROM entries WHERE edition = %s AND date = %s "
                "ORDER BY version DESC LIMIT 1", (edition, date)).fetchone()
        return (row[0], row[1]) if row else (0, None)

    def counts(self) -> tuple[int, int]:
        with self._guard():
            return (self.conn.execute("SELECT count(*) FROM entries").fetchone()[0],
                    self.conn.execute("SELECT count(*) FROM blocks").fetchone()[0])

    def size(self) -> int:
        with self._guard():
            return self.conn.execute(
                "SELECT pg_total_relation_size('entries') + pg_total_relation_size('blocks')"
            ).fetchone()[0]

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(Exception):
                self.conn.close()
            self.conn = None

    # a scalar subquery, not NOT EXISTS: the planner would make that an anti-join over every
    # entry, while this is checked per entry as the ordered walk reaches it
    _LATEST = ("e.version = (SELECT max(n.version) FROM entries n WHERE n.edition = e.edition "
               "AND n.date = e.date)")
    _ORDER = " ORDER BY e.date DESC, score DESC, e.edition, e.version DESC, b.seq LIMIT %s"

    def _entry_filters(self, q: Query) -> tuple[list[str], list]:
        where, args = [], []
        if not q.all_versions:
            where.append(self._LATEST)
        if q.date_from:
            where.append("e.date >= %s::date")
            args.append(q.date_from)
        if q.date_to:
            where.append("e.date <= %s::date")
            args.append(q.date_to)
        return where, args

    def _block_parts(self, q: Query) -> tuple[str, list, list[str], list]:
        score = score_sql(len(q.terms), "coalesce(b.ftext, b.text)", "%s")
        return (score, [t for t in q.terms for _ in (0, 1)],
                ["strpos(coalesce(b.ftext, b.text), %s) > 0" for _ in q.terms],
                list(q.terms))

    def _cut(self, q: Query) -> str | None:
        ew, eargs = self._entry_filters(q)
        where = (" WHERE " + " AND ".join(ew)) if ew else ""
        with self._guard():
            row = self.conn.execute(
                f"SELECT e.date FROM entries e{where} ORDER BY e.date DESC, e.edition, "
                "e.version DESC LIMIT 1 OFFSET %s", (*eargs, PROBE - 1)).fetchone()
        return str(row[0]) if row else None

    def _ordered(self, q: Query, since: str | None, want: int):
        score, sargs, bw, bargs = self._block_parts(q)
        ew, eargs = self._entry_filters(q)
        if since is not None:
            ew.append("e.date >= %s::date")
            eargs.append(since)
        ewhere = (" WHERE " + " AND ".join(ew)) if ew else ""
        # entries newest first (entries_recent); each one's blocks through blocks_entry; the
        # incremental sort orders one date's hits by score, so the walk stops at the limit
        sql = (f"SELECT e.id, e.edition, e.date, e.version, e.title, b.page, b.folio, "
               f"b.block, b.text, b.score, {self._LATEST} "
               f"FROM (SELECT * FROM entries e{ewhere}) e "
               f"CROSS JOIN LATERAL (SELECT b.*, {score} AS score FROM blocks b "
               f"WHERE b.entry_id = e.id AND {' AND '.join(bw)}) b "
               + self._ORDER)
        args = [*eargs, *sargs, *bargs, want]
        with self._guard():
            return rows_to_hits(self.conn.execute(sql, args).fetchall())

    def _indexed(self, q: Query, want: int):
        grams = sorted({g for t in q.terms for g in query_grams(t)})
        score, sargs, bw, bargs = self._block_parts(q)
        ew, eargs = self._entry_filters(q)
        # the gram index finds the candidate blocks (MATERIALIZED: always through the index),
        # strpos keeps the exact matches, and only they are sorted
        sql = (f"WITH m AS MATERIALIZED (SELECT id FROM blocks "
               f"WHERE grams(coalesce(ftext, text)) @> %s::text[]) "
               f"SELECT e.id, e.edition, e.date, e.version, e.title, b.page, b.folio, "
               f"b.block, b.text, {score} AS score, {self._LATEST} "
               f"FROM m JOIN blocks b ON b.id = m.id JOIN entries e ON e.id = b.entry_id "
               f"WHERE {' AND '.join([*bw, *ew])}" + self._ORDER)
        args = [grams, *sargs, *bargs, *eargs, want]
        with self._guard():
            return rows_to_hits(self.conn.execute(sql, args).fetchall())


def _first_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]
