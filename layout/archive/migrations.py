"""Index schema versions, applied in order on first use; an index newer than this banmian is
refused (an older banmian must not write into a layout it does not know).

Each migration is (version, what it does, SQL). Never edit a released migration: add one.
"""

from __future__ import annotations

# SQLite keeps its version in PRAGMA user_version. The archive index before versioning (0 with
# tables) had no seq, no folded text and no gram table: version 1 drops it, and the archive
# fills the new one from the entries (the index is a cache; meta 'synced' is unset).
SQLITE: list[tuple[int, str, str]] = [
    (1, "entries, blocks, trigram and gram full-text tables", """
DROP TABLE IF EXISTS blocks_fts;
DROP TABLE IF EXISTS blocks_bi;
DROP TABLE IF EXISTS blocks;
DROP TABLE IF EXISTS entries;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (
  id TEXT PRIMARY KEY, edition TEXT NOT NULL, date TEXT NOT NULL, version INTEGER NOT NULL,
  supersedes TEXT, title TEXT NOT NULL DEFAULT '', department TEXT NOT NULL DEFAULT '',
  editors TEXT NOT NULL DEFAULT '', keywords TEXT NOT NULL DEFAULT '',
  archived TEXT NOT NULL DEFAULT '', UNIQUE (edition, date, version));
CREATE INDEX entries_recent ON entries (date DESC, edition, version DESC);
CREATE TABLE blocks (
  rowid INTEGER PRIMARY KEY, entry_id TEXT NOT NULL REFERENCES entries(id),
  seq INTEGER NOT NULL, page INTEGER NOT NULL, folio TEXT NOT NULL, block TEXT NOT NULL,
  text TEXT NOT NULL,
  ftext TEXT);  -- the folded text where it differs from text (query.fold)
CREATE INDEX blocks_entry ON blocks (entry_id, seq);
CREATE VIRTUAL TABLE blocks_tri USING fts5 (text, content='', tokenize='trigram');
CREATE VIRTUAL TABLE blocks_grams USING fts5 (grams, content='', tokenize='unicode61',
                                              detail='none');
"""),
]

# PostgreSQL keeps its version in the schema_version table of the archive's schema. The grams
# function makes every character and every pair of adjacent characters an element of a GIN
# index: it needs no extension and no locale (pg_trgm drops Han characters in a database whose
# LC_CTYPE is C), and it answers one- and two-character terms.
POSTGRES: list[tuple[int, str, str]] = [
    (1, "entries, blocks, the gram index", """
CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE entries (
  id text PRIMARY KEY, edition text NOT NULL, date date NOT NULL, version integer NOT NULL,
  supersedes text, title text NOT NULL DEFAULT '', department text NOT NULL DEFAULT '',
  editors text NOT NULL DEFAULT '', keywords text NOT NULL DEFAULT '',
  archived text NOT NULL DEFAULT '',
  UNIQUE (edition, date, version));  -- never two v3s, whoever writes
CREATE INDEX entries_recent ON entries (date DESC, edition, version DESC);
CREATE TABLE blocks (
  id bigserial PRIMARY KEY, entry_id text NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
  seq integer NOT NULL, page integer NOT NULL, folio text NOT NULL, block text NOT NULL,
  text text NOT NULL,
  ftext text);  -- the folded text where it differs from text (query.fold)
CREATE INDEX blocks_entry ON blocks (entry_id, seq);
CREATE FUNCTION grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}'::text[])
  FROM (SELECT c, lead(c) OVER (ORDER BY n) AS d
        FROM regexp_split_to_table(t, '') WITH ORDINALITY AS x(c, n)) s,
       LATERAL (VALUES (c), (c || d)) AS v(g)
  WHERE g IS NOT NULL
$$;
CREATE INDEX blocks_grams ON blocks USING gin (grams(coalesce(ftext, text)));
"""),
]

SQLITE_LATEST = SQLITE[-1][0]
POSTGRES_LATEST = POSTGRES[-1][0]


def newer_message(where: str, found: int, known: int) -> str:
    return (f"{where}: the index has schema version {found}, this banmian knows up to "
            f"{known}; use a newer banmian for this archive")
