"""The archive's index: SQLite (WAL) with one row per entry and one per block of composed text.

Full-text search uses FTS5's trigram tokenizer, which matches any substring of three or more
characters: right for Chinese, which has no spaces between words. A term of one or two
characters cannot use trigrams and is matched with instr() over the text table.

The index is a cache: every entry holds its own manifest and block texts, and `reindex`
rebuilds the database from them.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
  id TEXT PRIMARY KEY, edition TEXT NOT NULL, date TEXT NOT NULL, version INTEGER NOT NULL,
  supersedes TEXT, title TEXT, department TEXT, editors TEXT, keywords TEXT, path TEXT);
CREATE INDEX IF NOT EXISTS entries_order ON entries(date DESC, edition, version DESC);
CREATE TABLE IF NOT EXISTS blocks (
  rowid INTEGER PRIMARY KEY, entry_id TEXT NOT NULL REFERENCES entries(id), page INTEGER,
  folio TEXT, block TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS blocks_entry ON blocks(entry_id);
CREATE VIRTUAL TABLE IF NOT EXISTS blocks_fts USING fts5(
  text, content='blocks', content_rowid='rowid', tokenize='trigram');
CREATE VIRTUAL TABLE IF NOT EXISTS blocks_bi USING fts5(grams, content='', tokenize='unicode61');
"""


def bigrams(text: str) -> str:
    """Every pair of adjacent letters or digits as a word: the index for two-character terms,
    which trigrams cannot match (后扶, 招商)."""
    ok = [unicodedata.category(ch)[0] in "LN" for ch in text]
    return " ".join(text[i:i + 2] for i in range(len(text) - 1) if ok[i] and ok[i + 1])


def _is_bigram(term: str) -> bool:
    return len(term) == 2 and all(unicodedata.category(ch)[0] in "LN" for ch in term)


def connect(path: Path) -> sqlite3.Connection:
    """The index database, created on first use; WAL so that searches never wait for writers."""
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'blocks_bi'").fetchone():
        try:  # IF NOT EXISTS: two processes creating it at once both succeed
            conn.executescript("BEGIN IMMEDIATE;" + SCHEMA + "COMMIT;")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return conn


def write_entry(conn: sqlite3.Connection, entry: dict, blocks: list[dict]) -> None:
    """One entry and its blocks in a single transaction; an entry already indexed is left as
    it is (entries never change)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        cur = conn.execute(
            "INSERT OR IGNORE INTO entries (id, edition, date, version, supersedes, title, "
            "department, editors, keywords, path) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (entry["id"], entry["edition"], entry["date"], entry["version"],
             entry.get("supersedes"), entry.get("title", ""), entry.get("department", ""),
             ", ".join(entry.get("editors", ())), ", ".join(entry.get("keywords", ())),
             entry.get("path", "")))
        if cur.rowcount:
            for b in blocks:
                c = conn.execute(
                    "INSERT INTO blocks (entry_id, page, folio, block, text) VALUES (?,?,?,?,?)",
                    (entry["id"], b["page"], b.get("folio", ""), b["block"], b["text"]))
                conn.execute("INSERT INTO blocks_fts (rowid, text) VALUES (?, ?)",
                             (c.lastrowid, b["text"]))
                conn.execute("INSERT INTO blocks_bi (rowid, grams) VALUES (?, ?)",
                             (c.lastrowid, bigrams(b["text"])))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def indexed_ids(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT id FROM entries")}


def clear(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("DELETE FROM blocks")
    conn.execute("DELETE FROM entries")
    conn.execute("INSERT INTO blocks_fts (blocks_fts) VALUES ('delete-all')")
    conn.execute("INSERT INTO blocks_bi (blocks_bi) VALUES ('delete-all')")
    conn.execute("COMMIT")


@dataclass(frozen=True)
class Hit:
    entry_id: str
    edition: str
    date: str
    version: int
    title: str
    page: int
    folio: str
    block: str
    text: str
    start: int  # where the first term matches in text
    length: int

    def snippet(self, before: str = "【", after: str = "】", width: int = 18) -> str:
        a = max(0, self.start - width)
        b = min(len(self.text), self.start + self.length + width)
        s = (("…" if a else "") + self.text[a:self.start] + before
             + self.text[self.start:self.start + self.length] + after
             + self.text[self.start + self.length:b] + ("…" if b < len(self.text) else ""))
        return s.replace("\n", " ")


def search(conn: sqlite3.Connection, query: str, date_from: str | None = None,
           date_to: str | None = None, limit: int = 100) -> list[Hit]:
    """Blocks containing every whitespace-separated term of `query`, newest edition first,
    blocks in the order the spec lists them."""
    terms = query.split()
    if not terms:
        return []
    where, args = [], []
    for t in terms:
        if len(t) >= 3:  # a trigram phrase: any substring of three or more characters
            where.append("b.rowid IN (SELECT rowid FROM blocks_fts WHERE blocks_fts MATCH ?)")
            args.append('"' + t.replace('"', '""') + '"')
        elif _is_bigram(t):  # two letters or digits: one word of the bigram index
            where.append("b.rowid IN (SELECT rowid FROM blocks_bi WHERE blocks_bi MATCH ?)")
            args.append('"' + t + '"')
        else:
            where.append("instr(b.text, ?) > 0")
            args.append(t)
    if date_from:
        where.append("e.date >= ?")
        args.append(date_from)
    if date_to:
        where.append("e.date <= ?")
        args.append(date_to)
    # with a trigram term, the full-text index finds the few blocks and they are sorted; with
    # only short terms every block is read anyway, so read them newest first and stop at the
    # limit (entries_order, then blocks_entry: no sort)
    join = (" FROM blocks b JOIN entries e ON e.id = b.entry_id WHERE "
            if any(len(t) >= 3 or _is_bigram(t) for t in terms)
            else " FROM entries e CROSS JOIN blocks b ON b.entry_id = e.id WHERE ")
    rows = conn.execute(
        "SELECT e.id, e.edition, e.date, e.version, e.title, b.page, b.folio, b.block, b.text "
        + join + " AND ".join(where)
        # the order of the entries_order and blocks_entry indexes: no sort, so a common word
        # stops at the limit instead of collecting every match first
        + " ORDER BY e.date DESC, e.edition, e.version DESC, b.entry_id, b.rowid LIMIT ?",
        (*args, limit)).fetchall()
    first = terms[0]
    return [Hit(*r[:8], r[8], r[8].find(first), len(first)) for r in rows]
