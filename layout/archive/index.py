"""The archive's search index: one interface, two backends.

- `sqlite.py`: a file in the archive folder (the default; nothing to set up).
- `postgres.py`: a PostgreSQL database a department shares (`--archive postgresql://…`), with
  the entries' files in a shared store folder.

The index is a cache of what the entries hold (manifest and blocks.json): `archive reindex`
rebuilds it from them. Both backends answer a search the same way (`Index.search`):

1. The entries of the newest dates (PROBE entries or more: whole dates, since hits of one
   date are ranked by relevance) are searched block by block in recency order. A common term
   is found there, and then the same ordered walk goes on until the page is full: it stops
   at the limit instead of collecting and sorting every match.
2. A term that is not among the newest entries is looked up in the full-text index, and only
   its matches are sorted: a rare term costs as much as its few matches.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path

from ..diag import ArchiveError
from .query import Hit, Query

PROBE = 12  # entries read in order before the full-text index is asked


def is_url(location: str | Path | None) -> bool:
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


class Staged:
    """An index transaction with its rows written, waiting for commit() or rollback()."""

    def __init__(self, added: int, commit, rollback):
        self.added = added
        self._commit, self._rollback = commit, rollback

    def commit(self) -> None:
        self._commit()

    def rollback(self) -> None:
        self._rollback()


class Index:
    """What the archive needs from an index. Entries are added, never changed; `latest` is
    worked out at query time, so entries may be indexed in any order (catch-up, migrate)."""

    kind = ""
    where = ""  # the file or the URL without its password, for messages

    # -- writing (callers hold lock()) --------------------------------------------------------
    def lock(self, wait: bool = True) -> contextlib.AbstractContextManager[bool]:
        """The writers' lock: yields False if `wait` is False and someone else holds it."""
        raise NotImplementedError

    def stage(self, entries: Iterable[tuple[dict, list[dict]]]) -> Staged:
        """Index entries (manifest, blocks) in a transaction left open: the archive moves the
        entry into place and then commits, so an index that cannot be written (a read-only
        role, a full disk, a damaged file) stops it before anything is published. Entries
        already indexed are left as they are."""
        raise NotImplementedError

    def add(self, entries: Iterable[tuple[dict, list[dict]]]) -> int:
        """Index entries in one transaction; returns how many were new."""
        tx = self.stage(entries)
        tx.commit()
        return tx.added

    def replace_all(self, entries: Iterable[tuple[dict, list[dict]]]) -> int:
        """Empty the index and fill it from `entries`, in one transaction where the backend
        can (searches see the old index until it is done)."""
        raise NotImplementedError

    def get_meta(self, key: str) -> str | None:
        raise NotImplementedError

    def set_meta(self, key: str, value: str) -> None:
        raise NotImplementedError

    # -- reading ------------------------------------------------------------------------------
    def indexed_ids(self) -> set[str]:
        raise NotImplementedError

    def latest_version(self, edition: str, date: str) -> tuple[int, str | None]:
        """The highest version indexed for an edition and date, and its ID (0, None if none)."""
        raise NotImplementedError

    def counts(self) -> tuple[int, int]:
        """(entries, blocks) indexed."""
        raise NotImplementedError

    def size(self) -> int:
        """Bytes on disk, for the bench."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def _cut(self, q: Query) -> str | None:
        """The date of the PROBE-th newest entry the query may find; None if there are fewer
        (then the probe reads everything)."""
        raise NotImplementedError

    def _ordered(self, q: Query, since: str | None, want: int) -> list[Hit]:
        """Hits walking entries newest first (only those dated `since` or later if given)."""
        raise NotImplementedError

    def _indexed(self, q: Query, want: int) -> list[Hit] | None:
        """Hits found through the full-text index; None if no term can use it."""
        raise NotImplementedError

    def search(self, q: Query) -> tuple[list[Hit], bool]:
        """One page of hits (recency, then relevance) and whether more follow it."""
        if not q.terms:
            return [], False
        want = q.offset + q.limit + 1  # one more than the page: are there more?
        cut = self._cut(q)
        hits = self._ordered(q, cut, want)
        if len(hits) < want and cut is not None:  # the probe did not read everything
            found = None if hits else self._indexed(q, want)
            hits = found if found is not None else self._ordered(q, None, want)
        page = hits[q.offset:q.offset + q.limit]
        return page, len(hits) > q.offset + q.limit

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_index(location: str | Path, *, readonly: bool = False) -> Index:
    """The index at `location`: a postgresql:// URL or an archive folder (index.sqlite in it).
    Read-only opens never create or upgrade anything."""
    if is_url(location):
        from .postgres import PgIndex

        return PgIndex(str(location), readonly=readonly)
    from .sqlite import SqliteIndex

    return SqliteIndex(Path(location) / "index.sqlite", readonly=readonly)


def rows_to_hits(rows: Iterable[tuple]) -> list[Hit]:
    return [Hit(str(r[0]), r[1], str(r[2]), r[3], r[4] or "", r[5], r[6], r[7], r[8],
                int(r[9]), bool(r[10])) for r in rows]


def score_sql(n: int, text: str, param: str) -> str:
    """SQL for the occurrences of n terms (2n parameters: each term twice) in `text`: the
    rank within one date."""
    one = f"((length({text}) - length(replace({text}, {param}, ''))) / length({param}))"
    return " + ".join([one] * n) or "0"


class IndexDamaged(ArchiveError):
    """The index file or its pages cannot be read: `archive reindex` replaces it."""


class IndexMissing(ArchiveError):
    """No index there yet (an archive never indexed, or a new database)."""


class IndexOutdated(ArchiveError):
    """The index has an older schema, which only a writer may upgrade."""


def damaged(where: str, detail: str) -> IndexDamaged:
    return IndexDamaged.one(f"{where}: the search index is damaged ({detail}); "
                            "`banmian archive reindex` moves it aside and rebuilds it from "
                            "the entries")
