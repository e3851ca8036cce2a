"""Archive entries on disk: append-only, atomic, safe for several processes and machines.

    STORE/                     the archive folder (SQLite), or --store for PostgreSQL
      .lock                    flock'ed by writers (SQLite archives only; PostgreSQL locks in
                               the database)
      index.sqlite             the search index (SQLite archives; a cache: `archive reindex`)
      tmp/<pid>+<host>+…/      entries being built; those of dead processes are removed
      pending/<ID>             written just before an entry is moved into place and removed
                               once it is indexed: what a crash in between left to index
      entries/<ID>/            one published spread, never changed once there
        manifest.json          metadata, SHA-256 of every stored file, fonts, supersedes
        <spec name>.pdf        the archived PDF (PDF/X-4 + PDF/A-2b with provenance XMP)
        blocks.json            composed text per block, for the index
        src/…                  the spec and every file it reads, relative to their common folder

An entry is built in tmp/ and renamed into entries/ in one step, so a crash leaves a whole
entry or none. The ID is `DATE-EDITION-vN`; N counts the archivings of that edition and date,
chosen under the writers' lock, and each version's manifest names the one it supersedes.
Entries are read-only for everyone who can reach the store (files 0444, folders 0555,
whatever the umask): access is granted or refused at the store folder itself.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..diag import ArchiveError, SpecError
from .index import Index, is_url, open_index

ICC_DIR = (Path(__file__).resolve().parent.parent / "icc").resolve()
FORMAT = 1
FILE_MODE, DIR_MODE = 0o444, 0o555  # entries: readable by all who reach the store, never written
STALE_TMP = 24 * 3600  # another machine's temp dir older than this is a leftover
CATCH_UP_WAIT = 2.0  # s a search waits for the writers' lock before it indexes what a crash left


def _err(msg: str) -> ArchiveError:
    return ArchiveError.one(msg)


class IndexLag(ArchiveError):
    """The entry is in place, but the index write failed: it is found by the next catch-up."""


def _overset_name(b: dict) -> str:
    part = f":{b['part']}" if b.get("part") else ""
    over = (f"{b['lines']}L {b['chars']}字 over" if b["lines"] or b["chars"]
            else b.get("detail", ""))
    return f"{b['block']}{part} ({over})"


class Overset(Exception):
    """The spread has text that does not fit; archiving it needs --allow-overset."""

    def __init__(self, blocks: list[dict]):
        self.blocks = blocks
        names = ", ".join(_overset_name(b) for b in blocks)
        super().__init__(f"not archived: overset text in {names}; fix it (banmian check shows "
                         "it) or archive as it is with --allow-overset")


def default_location() -> str | Path:
    """$BANMIAN_ARCHIVE (a folder or a postgresql:// URL), else $XDG_DATA_HOME/banmian/archive,
    else ~/.local/share/banmian/archive."""
    if os.environ.get("BANMIAN_ARCHIVE"):
        v = os.environ["BANMIAN_ARCHIVE"]
        return v if is_url(v) else Path(v)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "banmian" / "archive"


default_dir = default_location  # the name earlier versions exported


def sha256_file(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _slug(edition: str) -> str:
    s = re.sub(r"[^\w]+", "-", edition, flags=re.UNICODE).strip("-_")
    return s or "edition"


def parse_date(s: str, what: str = "--date") -> _dt.date:
    try:
        return _dt.date.fromisoformat(s)
    except ValueError:
        raise SpecError.one(f"{what} {s!r}: not a date (YYYY-MM-DD)") from None


def _split(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or ():
        out += [x.strip() for x in re.split(r"[,，、;；]", v) if x.strip()]
    return tuple(out)


def folio_edition(folios: tuple[int, ...]) -> str:
    """The edition when neither --edition nor meta.edition names one: the page numbers (版次),
    `2-3` for a spread of pages 2 and 3, `5` for page 5."""
    if not folios:
        return "1"
    return str(folios[0]) if len(folios) == 1 else f"{folios[0]}-{folios[-1]}"


def os_error(e: OSError, what: str, where: Path | str | None = None) -> ArchiveError:
    """An OS error while writing the archive, as one line that says what to do."""
    where = e.filename or where or "archive"
    if e.errno == errno.ENOSPC or e.errno == errno.EDQUOT:
        return _err(f"{where}: no space left on the device ({what})")
    if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return _err(f"{where}: the archive is read-only for you ({e.strerror}; {what})")
    return _err(f"{where}: {e.strerror or e} ({what})")


@contextlib.contextmanager
def _os_errors(what: str, where: Path | str | None = None) -> Iterator[None]:
    try:
        yield
    except OSError as e:
        raise os_error(e, what, where) from None


class Archive:
    """An archive: where its index is (a folder's index.sqlite or a PostgreSQL URL) and where
    its entries are (the folder itself, or the store folder of a PostgreSQL archive)."""

    def __init__(self, location: str | Path | None = None, store: str | Path | None = None):
        loc = location if location else default_location()
        if is_url(loc):
            self.location: str | Path = str(loc)
            store = store or os.environ.get("BANMIAN_STORE")
            self._root = Path(store) if store else None
        else:
            if store and Path(store).resolve() != Path(loc).resolve():
                raise _err(f"--store {store}: a folder archive keeps its entries in itself "
                           f"({loc}); --store goes with a postgresql:// archive")
            self.location = Path(loc)
            self._root = Path(loc)

    # -- where things are ----------------------------------------------------------------
    @property
    def shared(self) -> bool:
        return isinstance(self.location, str)

    @property
    def root(self) -> Path:
        if self._root is None:
            raise _err(f"{self.where}: a PostgreSQL archive keeps its files in a store folder: "
                       "give --store DIR or set BANMIAN_STORE")
        return self._root

    @property
    def where(self) -> str:
        if isinstance(self.location, str):
            from .postgres import redact

            return redact(self.location)
        return str(self.location)

    @property
    def entries(self) -> Path:
        return self.root / "entries"

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    @property
    def pending(self) -> Path:
        return self.root / "pending"

    def _ensure(self) -> None:
        """The store's folders, group-writable if the store folder is (see shared_modes)."""
        from .sqlite import shared_modes

        root = self.root
        with _os_errors("creating the archive folders"):
            if root.exists() and not root.is_dir():
                raise _err(f"{root}: not a folder")
            if not root.exists():
                root.mkdir(parents=True)
                os.chmod(root, 0o755)
            mode = shared_modes(root)[1]
            for d in (self.entries, self.tmp, self.pending):
                if not d.is_dir():
                    with contextlib.suppress(FileExistsError):
                        d.mkdir()
                        os.chmod(d, mode)

    def index(self, *, readonly: bool = False) -> Index:
        """The index, created or upgraded on first use (read-only opens do neither)."""
        if self.shared:
            return open_index(self.location, readonly=readonly)
        if not readonly:
            self._ensure()
        return open_index(self.root, readonly=readonly)

    # -- entries -------------------------------------------------------------------------
    def ids(self) -> list[str]:
        """Whole entries on disk (temp dirs live elsewhere and are never listed)."""
        try:
            names = os.listdir(self.entries)
        except FileNotFoundError:
            return []
        except OSError as e:
            raise os_error(e, "listing the entries") from None
        return sorted(n for n in names if not n.startswith(".")
                      and os.path.isfile(self.entries / n / "manifest.json"))

    def manifest(self, entry_id: str) -> dict:
        path = self.entries / entry_id / "manifest.json"
        if "/" in entry_id or entry_id.startswith(".") or not path.is_file():
            raise _err(f"{entry_id}: no such archive entry in {self.root}")
        try:
            return json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise _err(f"{path}: unreadable manifest ({e})") from None

    def _entry_record(self, eid: str) -> tuple[dict, list[dict]]:
        m = self.manifest(eid)
        path = self.entries / eid / "blocks.json"
        try:
            blocks = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise _err(f"{path}: unreadable ({e})") from None
        return m, blocks

    def _pending_ids(self) -> list[str]:
        try:
            return sorted(os.listdir(self.pending))
        except OSError:
            return []

    # -- keeping the index in step (callers hold the writers' lock) ------------------------
    def catch_up(self, idx: Index) -> int:
        """Index what a crash between the rename and the index write left (pending/), and,
        if this index was never filled from this store, every entry it lacks."""
        added = 0
        for eid in self._pending_ids():
            if (self.entries / eid / "manifest.json").is_file():
                added += idx.add([self._entry_record(eid)])
            # an entry never moved into place: its writer died, holding no lock any more
            with contextlib.suppress(OSError):
                os.unlink(self.pending / eid)
        if idx.get_meta("synced") is None:
            have = idx.indexed_ids()
            missing = [e for e in self.ids() if e not in have]
            added += idx.add(self._entry_record(e) for e in missing)
            idx.set_meta("synced", _now())
        return added

    def open_for_search(self, warn=None) -> Index:
        """The index opened read-only, after catching up when something is left to index and
        the archive can be written; a read-only archive is searched as it is."""
        from .index import IndexMissing, IndexOutdated

        store = self._root
        if not self.shared and not store.is_dir():
            raise _err(f"{store}: no archive here")
        if not (store is not None and self._pending_ids()):
            try:
                idx = self.index(readonly=True)
            except (IndexMissing, IndexOutdated):
                if store is None:
                    raise
            else:
                if store is None or idx.get_meta("synced") is not None:
                    return idx
                idx.close()
        try:  # entries left to index: add them if this archive can be written
            with self.index() as w:
                # a writer killed a moment ago may still hold the lock until its server-side
                # session notices: wait a little for it, never for a writer at work
                deadline = time.monotonic() + CATCH_UP_WAIT
                while True:
                    with w.lock(wait=False) as got:
                        if got:
                            self.catch_up(w)
                            break
                    if time.monotonic() >= deadline:
                        break
                    time.sleep(0.05)
        except ArchiveError as e:
            if warn:
                warn(f"banmian: warning: archived entries missing from the index could not be "
                     f"added ({e.diagnostics[0].message}); searching the index as it is")
        return self.index(readonly=True)

    def reindex(self, report=None) -> int:
        """Rebuild the index from the entries. A damaged SQLite index is moved aside first."""
        from .index import IndexDamaged

        report = report or (lambda _m: None)
        self._ensure()
        if not self.shared:
            from .sqlite import SqliteIndex, move_aside

            path = self.root / "index.sqlite"
            with _lock_file(self.root):
                try:
                    idx = SqliteIndex(path)
                    check = idx.quick_check()
                    if check != "ok":
                        idx.close()
                        raise IndexDamaged.one(check)
                except IndexDamaged as e:
                    with _os_errors("moving the damaged index aside"):
                        aside = move_aside(path)
                    report(f"{path}: damaged ({e.diagnostics[0].message}); moved aside to "
                           f"{aside.name}")
                    idx = SqliteIndex(path)
                try:
                    n = idx.replace_all(self._entry_record(e) for e in self.ids())
                    idx.set_meta("synced", _now())
                    for eid in self._pending_ids():
                        with contextlib.suppress(OSError):
                            os.unlink(self.pending / eid)
                    return n
                finally:
                    idx.close()
        with self.index() as idx, idx.lock():
            n = idx.replace_all(self._entry_record(e) for e in self.ids())
            idx.set_meta("synced", _now())
            for eid in self._pending_ids():
                with contextlib.suppress(OSError):
                    os.unlink(self.pending / eid)
            return n

    def _clean_tmp(self) -> None:
        """Remove temp dirs whose process is gone (called under the writers' lock)."""
        host = _host()
        now = time.time()
        try:
            names = os.listdir(self.tmp)
        except OSError:
            return
        for name in names:
            d = self.tmp / name
            parts = name.split("+")
            pid, where = (parts[0], parts[1]) if len(parts) >= 3 else (name.split("-")[0], host)
            try:
                old = now - d.lstat().st_mtime > STALE_TMP
            except OSError:
                continue
            if where == host and pid.isdigit() and not _alive(int(pid)) or where != host and old:
                _rmtree(d)

    def _choose_id(self, idx: Index, edition: str, iso: str) -> tuple[str, int, str | None]:
        version, prev = idx.latest_version(edition, iso)
        version += 1
        eid = f"{iso}-{_slug(edition)}-v{version}"
        while (self.entries / eid).exists():  # on disk though not indexed, or a slug clash
            try:
                m = self.manifest(eid)
            except ArchiveError:
                m = {}
            if m.get("edition") == edition and m.get("date") == iso:
                version, prev = m["version"] + 1, eid
                eid = f"{iso}-{_slug(edition)}-v{version}"
            else:
                eid += "x"
        return eid, version, prev

    # -- archiving -----------------------------------------------------------------------
    def add(self, spec_path: Path, *, edition: str | None, date: str | None,
            department: str | None = None, editors: list[str] | None = None,
            keywords: list[str] | None = None, allow_overset: bool = False,
            progress=None, root: Path | None = None, epaper: bool = False) -> dict:
        """Render the spec and store it as a new entry; returns the manifest. The spec reads
        files only under `root` (its own folder unless given)."""
        from .. import __version__
        from ..finish import Provenance
        from ..pipeline import Progress, build, render_built

        progress = progress or Progress(False)
        spec_path = Path(spec_path)
        if not spec_path.is_file():
            raise SpecError.one(f"{spec_path}: no such file")
        self.root  # noqa: B018 - a PostgreSQL archive without a store stops here
        if date:
            parse_date(date)
        idx = self.index()  # a damaged or newer index stops here, before anything is written
        try:
            built, faces = build(spec_path, progress, root)
            spec = built.spec
            overset = _overset(built.report)
            if overset and not allow_overset:
                raise Overset(overset)
            edition = edition or spec.meta.edition or folio_edition(spec.folios)
            if date:
                day = parse_date(date)
            elif spec.meta.date:
                day = spec.meta.date
            else:
                raise SpecError.one("--date is required (the spec's meta has no date)")
            department = department if department is not None else spec.meta.section
            eds = _split(editors) or ((spec.meta.editor,) if spec.meta.editor else ())
            kws = _split(keywords)
            self._ensure()
            with _os_errors("making a temp folder in the archive", self.tmp):
                work = Path(tempfile.mkdtemp(prefix=_tmp_prefix(), dir=self.tmp))
                os.chmod(work, _work_mode(self.root))  # others may clean it up if we die
            try:
                return self._add(idx, work, spec_path, built, faces, edition, day, department,
                                 eds, kws, overset, progress, __version__, Provenance,
                                 render_built, epaper)
            except BaseException:
                if work.exists():
                    _rmtree(work)
                raise
        finally:
            idx.close()

    def _add(self, idx, work, spec_path, built, faces, edition, day, department, eds, kws,
             overset, progress, version_str, Provenance, render_built, epaper=False) -> dict:
        import hashlib

        spec = built.spec
        with _os_errors("copying the sources into the archive", work):
            files, builtin, spec_rel = _copy_sources(built, work / "src")
            fonts = [{"name": n, "key": f.key, "file": Path(f.path).name,
                      "sha256": sha256_file(Path(f.path))}
                     for n, f in sorted(faces.items())]
            blocks = _blocks(built)
            _write(work / "blocks.json",
                   json.dumps(blocks, ensure_ascii=False, indent=1).encode("utf-8"))
            files["blocks.json"] = sha256_file(work / "blocks.json")
            if epaper:  # the spread as the web published it, beside the print file
                for rel, data in epaper_files(built, faces, version_str, progress).items():
                    _write(work / EPAPER_DIR / rel, data)
                    files[f"{EPAPER_DIR}/{rel}"] = hashlib.sha256(data).hexdigest()
        _test_hook("after-copy")
        spec_sha = files[spec_rel]
        with idx.lock():
            self._clean_tmp()
            self.catch_up(idx)
            iso = day.isoformat()
            eid, version, prev = self._choose_id(idx, edition, iso)
            prov = Provenance(eid, spec_sha, version_str, day, edition, department or "",
                              eds, kws)
            # an overset spread archived on request says so in its XMP, as render's
            # --allow-overset print file does (preflight then fails it)
            pdf, report = render_built(portable(built, sources_root(built)) if overset
                                       else built, faces, progress, provenance=prov,
                                       record_overset=bool(overset))
            pdf_name = spec_path.stem + ".pdf"
            manifest = {
                "format": FORMAT, "id": eid, "edition": edition, "date": iso,
                "version": version, "supersedes": prev, "title": spec.meta.title,
                "department": department or "", "editors": list(eds),
                "keywords": list(kws), "banmian": version_str,
                "archived": _now(),
                "spec": spec_rel, "spec_sha256": spec_sha, "pdf": pdf_name,
                "standard": spec.output.standard if spec.output else "none",
                "fits": report.ok, "overset": overset,
                "files": {}, "builtin": builtin, "fonts": fonts,
            }
            if epaper:
                manifest["epaper"] = f"{EPAPER_DIR}/index.html"
            with _os_errors("writing the entry", work):
                _write(work / pdf_name, pdf)
                files[pdf_name] = hashlib.sha256(pdf).hexdigest()
                manifest["files"] = dict(sorted(files.items()))
                _write(work / "manifest.json", json.dumps(
                    manifest, ensure_ascii=False, indent=1).encode("utf-8"))
                _test_hook("before-rename")
                _seal(work)
                _write(self.pending / eid, b"")
                _fsync_dir(self.pending)
            try:  # the index rows first, in a transaction: an index that cannot be written
                tx = idx.stage([(manifest, blocks)])  # stops here, before publishing
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(self.pending / eid)
                raise
            try:
                with _os_errors("moving the entry into place"):
                    os.rename(work, self.entries / eid)
            except BaseException:
                tx.rollback()
                with contextlib.suppress(OSError):
                    os.unlink(self.pending / eid)
                raise
            with contextlib.suppress(OSError):
                _fsync_dir(self.entries)
                os.chmod(self.entries / eid, DIR_MODE)
            _test_hook("before-index")
            try:
                tx.commit()
            except ArchiveError as e:
                with contextlib.suppress(ArchiveError):
                    tx.rollback()
                raise IndexLag.one(
                    f"{eid}: archived in {self.entries / eid}, but the index could not be "
                    f"updated ({e.diagnostics[0].message}); the next archive or search adds it "
                    "(or `banmian archive reindex`)") from None
            with contextlib.suppress(OSError):
                os.unlink(self.pending / eid)
        return manifest

    # -- moving an archive ---------------------------------------------------------------
    def import_from(self, src: Archive, report=None) -> tuple[int, int, int]:
        """Copy the entries of another archive into this one's store (unless it is the same
        folder) and index them. Returns (entries, copied, already there). Entries are checked
        against their manifests as they are copied; an entry of the same ID but other content
        stops the migration."""
        report = report or (lambda _m: None)
        ids = src.ids()
        same = src.root.resolve() == self.root.resolve()
        self._ensure()
        copied = there = 0
        with self.index() as idx, idx.lock():
            have = idx.indexed_ids()
            todo: list[str] = []
            for i, eid in enumerate(ids, 1):
                if not same:
                    target = self.entries / eid
                    if target.exists():
                        a = (src.entries / eid / "manifest.json").read_bytes()
                        b = (target / "manifest.json").read_bytes() \
                            if (target / "manifest.json").is_file() else b""
                        if a != b:
                            raise _err(f"{eid}: {target} exists with another manifest; "
                                       "nothing more migrated")
                        there += 1
                    else:
                        self._copy_entry(src, eid)
                        copied += 1
                if eid not in have:
                    todo.append(eid)
                if len(todo) >= 200 or (i == len(ids) and todo):
                    idx.add(self._entry_record(e) for e in todo)
                    for e in todo:
                        with contextlib.suppress(OSError):
                            os.unlink(self.pending / e)
                    todo = []
                if i % 100 == 0:
                    report(f"{i}/{len(ids)} entries")
            if idx.get_meta("synced") is None and same:
                idx.set_meta("synced", _now())
        return len(ids), copied, there

    def _copy_entry(self, src: Archive, eid: str) -> None:
        import hashlib

        m = src.manifest(eid)
        base = src.entries / eid
        work = Path(tempfile.mkdtemp(prefix=_tmp_prefix(), dir=self.tmp))
        try:
            with _os_errors(f"copying {eid}"):
                for rel in [*m["files"], "manifest.json"]:
                    data = (base / rel).read_bytes()
                    want = m["files"].get(rel)
                    if want and hashlib.sha256(data).hexdigest() != want:
                        raise _err(f"{base / rel}: does not match its manifest (sha256); "
                                   f"`banmian verify {eid}` shows more; nothing more migrated")
                    _write(work / rel, data)
                _seal(work)
                _write(self.pending / eid, b"")
                os.rename(work, self.entries / eid)
                os.chmod(self.entries / eid, DIR_MODE)
        except BaseException:
            if work.exists():
                _rmtree(work)
            raise


@contextlib.contextmanager
def _lock_file(root: Path) -> Iterator[None]:
    import fcntl

    from .sqlite import open_lock_file

    with _os_errors("locking the archive", root):
        fd = open_lock_file(root)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _host() -> str:
    import socket

    return socket.gethostname().replace("+", "-")


def _tmp_prefix() -> str:
    """tmp/<pid>+<host>+…: whose temp folder it is, so only a dead process's is removed."""
    return f"{os.getpid()}+{_host()}+"


def _work_mode(root: Path) -> int:
    from .sqlite import shared_modes

    return shared_modes(root)[1]


def _overset(report) -> list[dict]:
    """What does not fit, from the report's fit rows (block, the part of it, lines and
    characters over, and the report's words)."""
    if report.ok:
        return []
    return [{"block": f.block, "part": f.part, "lines": f.over_lines, "chars": f.over_chars,
             "detail": f.detail}
            for f in report.fits if not f.ok]


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _test_hook(stage: str) -> None:
    """BANMIAN_ARCHIVE_PAUSE=stage:seconds sleeps there: lets tests kill an archive mid-way."""
    spec = os.environ.get("BANMIAN_ARCHIVE_PAUSE", "")
    if spec.startswith(stage + ":"):
        time.sleep(float(spec.split(":", 1)[1]))


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _seal(work: Path) -> None:
    """Files 0444 and folders 0555 below `work` (the entry's own folder is sealed after the
    rename, which needs it writable), then everything flushed."""
    for p in sorted(work.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        os.chmod(p, DIR_MODE if p.is_dir() else FILE_MODE)
        if p.is_dir():
            _fsync_dir(p)
    _fsync_dir(work)


def _rmtree(path: Path) -> None:
    """Remove a temp entry whose folders may already be sealed read-only."""
    def unseal(func, p, _exc):
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(p), 0o755)
            os.chmod(p, 0o755 if os.path.isdir(p) else 0o644)
            func(p)

    with contextlib.suppress(OSError):
        os.chmod(path, 0o755)
    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=unseal)
    else:
        shutil.rmtree(path, onerror=unseal)


def copy_file(src: Path, dst: Path) -> str:
    """Copy and return the SHA-256 of the bytes written (with the archive's modes, not the
    original's: _write creates a new file, _seal sets 0444)."""
    import hashlib

    data = src.read_bytes()
    _write(dst, data)
    return hashlib.sha256(data).hexdigest()


def _copy_sources(built, dest: Path) -> tuple[dict[str, str], list[dict], str]:
    """The spec and every file it reads under dest, relative to their common folder, so the
    stored spec's relative paths (`../other/text.txt` too) still resolve. The built-in
    profile is recorded by name and SHA-256, not copied."""
    from ..spec import spec_inputs

    spec_file = Path(built.spec.path).resolve()
    inputs = spec_inputs(built.spec) | {spec_file}
    builtin = sorted(p for p in inputs if p.parent == ICC_DIR)
    copied = sorted(p for p in inputs if p.parent != ICC_DIR)
    root = Path(os.path.commonpath([str(p.parent) for p in copied]))
    files = {}
    for p in copied:
        rel = p.relative_to(root).as_posix()
        files[f"src/{rel}"] = copy_file(p, dest / rel)
    return (files, [{"name": p.name, "sha256": sha256_file(p)} for p in builtin],
            f"src/{spec_file.relative_to(root).as_posix()}")


def sources_root(built) -> Path:
    """The common folder of the spec and the files it reads (the entry's src/)."""
    from ..spec import spec_inputs

    spec_file = Path(built.spec.path).resolve()
    inputs = [p for p in spec_inputs(built.spec) | {spec_file} if p.parent != ICC_DIR]
    return Path(os.path.commonpath([str(p.parent) for p in inputs]))


def portable(built, root: Path):
    """The build with each fit's source position relative to the sources' folder (as
    `src/spread.yaml:12:5`): an overset spread's XMP names those positions, and the stored
    copy re-rendered by verify must name them the same way."""
    from dataclasses import replace

    def rel(pos):
        if pos is None:
            return pos
        try:
            name = "src/" + Path(pos.file).resolve().relative_to(root).as_posix()
        except ValueError:
            return pos
        return replace(pos, file=name)

    fits = tuple(replace(f, src=rel(f.src)) for f in built.report.fits)
    return replace(built, report=replace(built.report, fits=fits))


def _blocks(built) -> list[dict]:
    pages = {b.id: b.page for b in built.layout.blocks}
    folios = built.spec.folios
    out = []
    for bid, text in built.texts:
        if not text:
            continue
        page = pages.get(bid, 0)
        if page < 0:
            folio = "–".join(str(f) for f in (folios[0], folios[-1])) if folios else ""
        else:
            folio = str(folios[page]) if page < len(folios) else str(page + 1)
        out.append({"block": bid, "page": page, "folio": folio, "text": text})
    return out


@dataclass
class Problem:
    kind: str
    detail: str

    def line(self) -> str:
        return f"{self.kind}: {self.detail}"


EPAPER_DIR = "epaper"


def epaper_files(built, faces, version: str, progress=None) -> dict[str, bytes]:
    """The e-paper of one spread, as `banmian epaper` writes it."""
    from ..epaper.site import Source, edition_files

    return edition_files([Source(built, faces)], f"banmian {version}",
                         progress or (lambda m: None))


def _verify_epaper(m: dict, base: Path, built, faces, progress) -> list[Problem]:
    """The stored e-paper against one made again from the stored sources, file by file."""
    made = epaper_files(built, faces, m["banmian"], progress)
    stored = {rel[len(EPAPER_DIR) + 1:] for rel in m["files"] if rel.startswith(
        EPAPER_DIR + "/")}
    out = []
    for rel, data in made.items():
        p = base / EPAPER_DIR / rel
        if rel not in stored:
            out.append(Problem("e-paper differs", f"{EPAPER_DIR}/{rel} is made now but was "
                                                  "not archived"))
        elif not p.is_file() or p.read_bytes() != data:
            out.append(Problem("e-paper differs", f"{EPAPER_DIR}/{rel}: the stored file is not "
                                                  "what the stored sources make now"))
    for rel in sorted(stored - set(made)):
        out.append(Problem("e-paper differs", f"{EPAPER_DIR}/{rel} was archived but is not "
                                              "made now"))
    return out


def verify_entry(arch: Archive, eid: str, progress=None) -> list[Problem]:
    """Every stored file against the manifest, the fonts in use now against the recorded
    ones, and a re-render from the stored sources against the archived PDF, byte for byte."""
    from ..pipeline import Progress, build
    from ..spec import spec_inputs

    progress = progress or Progress(False)
    m = arch.manifest(eid)
    base = arch.entries / eid
    problems = _verify_files(m, base)
    spec = base / m["spec"]
    if not spec.is_file():
        return problems
    try:  # the stored sources keep their folders under src/, which they never leave
        built, faces = build(spec, progress, base / "src")
    except SpecError as e:
        problems.append(Problem("re-render failed", "; ".join(d.line() for d in
                                                                e.diagnostics)))
        return problems
    problems += _verify_fonts(m, faces)
    src = (base / "src").resolve()
    for p in sorted(spec_inputs(built.spec)):
        if p.parent != ICC_DIR and not p.is_relative_to(src):
            problems.append(Problem("reads outside the entry", str(p)))
    if m.get("overset"):
        built = portable(built, src)
    problems += _verify_pdf(m, base, built, faces, progress)
    if m.get("epaper"):
        problems += _verify_epaper(m, base, built, faces, progress)
    return problems


def _verify_files(m: dict, base: Path) -> list[Problem]:
    """The entry's files against its manifest (missing, changed, added) and the built-in
    files it used (the ICC profiles) against their recorded sums."""
    problems: list[Problem] = []
    listed = set(m["files"])
    for rel, want in m["files"].items():
        p = base / rel
        if not p.is_file():
            problems.append(Problem("file missing", f"{rel} (expected sha256 {want})"))
            continue
        got = sha256_file(p)
        if got != want:
            problems.append(Problem("file changed", f"{rel}: expected sha256 {want}, "
                                                    f"actual {got}"))
    for p in sorted(base.rglob("*")):
        rel = p.relative_to(base).as_posix()
        if p.is_file() and rel != "manifest.json" and rel not in listed:
            problems.append(Problem("file added", rel))
    for b in m.get("builtin", ()):
        p = ICC_DIR / b["name"]
        got = sha256_file(p) if p.is_file() else "missing"
        if got != b["sha256"]:
            problems.append(Problem("built-in file changed", f"{b['name']}: expected sha256 "
                                                             f"{b['sha256']}, actual {got}"))
    return problems


def _verify_fonts(m: dict, faces: dict) -> list[Problem]:
    """The fonts the re-render uses against those the manifest recorded."""
    problems: list[Problem] = []
    for f in m.get("fonts", ()):
        face = faces.get(f["name"])
        if face is None:
            problems.append(Problem("font not in use", f"{f['name']} ({f['key']})"))
            continue
        got = sha256_file(Path(face.path))
        if got != f["sha256"] or face.key != f["key"]:
            problems.append(Problem("font changed", f"{f['name']}: recorded {f['key']} sha256 "
                                    f"{f['sha256']}, now {face.key} sha256 {got} "
                                    f"({face.path})"))
    return problems


def _verify_pdf(m: dict, base: Path, built, faces: dict, progress) -> list[Problem]:
    """A re-render with the entry's provenance against the archived PDF, byte for byte; a
    difference is reported with both sizes and the first byte that differs."""
    from ..finish import Provenance
    from ..pipeline import render_built

    problems: list[Problem] = []
    prov = Provenance(m["id"], m["spec_sha256"], m["banmian"],
                      _dt.date.fromisoformat(m["date"]), m["edition"], m["department"],
                      tuple(m["editors"]), tuple(m["keywords"]))
    pdf, _ = render_built(built, faces, progress, provenance=prov,
                          record_overset=bool(m.get("overset")))
    stored = base / m["pdf"]
    old = stored.read_bytes() if stored.is_file() else b""
    if pdf != old:
        n = min(len(pdf), len(old))
        first = next((i for i in range(n) if pdf[i] != old[i]), n)
        problems.append(Problem("PDF differs", f"{m['pdf']}: archived {len(old)} bytes, "
                                f"re-rendered {len(pdf)} bytes, first difference at byte "
                                f"{first}"))
    return problems


def entry_modes_ok(path: Path) -> bool:
    """Every file 0444 and folder 0555 below an entry (for tests and verify)."""
    for p in [path, *path.rglob("*")]:
        want = DIR_MODE if p.is_dir() else FILE_MODE
        if stat.S_IMODE(p.stat().st_mode) != want:
            return False
    return True
