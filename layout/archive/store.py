"""Archive entries on disk: append-only, atomic, safe for several processes at once.

    ARCHIVE/
      .lock                    flock'ed while an ID is allocated and an entry moved into place
      index.sqlite             the search index (a cache; `archive reindex` rebuilds it)
      tmp/<pid>-…/             entries being built; those of dead processes are ignored
      entries/<ID>/            one published spread, never changed once there
        manifest.json          metadata, SHA-256 of every stored file, fonts, supersedes
        <spec name>.pdf        the archived PDF (PDF/X-4 + PDF/A-2b with provenance XMP)
        blocks.json            composed text per block, for the index
        src/…                  the spec and every file it reads, relative to their common folder

An entry is built in tmp/ and renamed into entries/ in one step, so a crash leaves a whole
entry or none. The ID is `DATE-EDITION-vN`; N counts the archivings of that edition and date,
and each version's manifest names the one it supersedes.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..diag import Diagnostic, SpecError
from . import index as ix

ICC_DIR = (Path(__file__).resolve().parent.parent / "icc").resolve()
FORMAT = 1


def _err(msg: str) -> SpecError:
    return SpecError([Diagnostic("error", msg)])


def default_dir() -> Path:
    """$BANMIAN_ARCHIVE, else $XDG_DATA_HOME/banmian/archive, else ~/.local/share/…"""
    if os.environ.get("BANMIAN_ARCHIVE"):
        return Path(os.environ["BANMIAN_ARCHIVE"])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "banmian" / "archive"


def sha256_file(path: Path) -> str:
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
        raise _err(f"{what} {s!r}: not a date (YYYY-MM-DD)") from None


def _split(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or ():
        out += [x.strip() for x in re.split(r"[,，、;；]", v) if x.strip()]
    return tuple(out)


class Archive:
    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root else default_dir()
        self.entries = self.root / "entries"
        self.tmp = self.root / "tmp"

    # -- layout and locking --------------------------------------------------------------
    def _ensure(self) -> None:
        if self.root.exists() and not self.root.is_dir():
            raise _err(f"{self.root}: not a folder")
        for d in (self.entries, self.tmp):
            d.mkdir(parents=True, exist_ok=True)

    @contextlib.contextmanager
    def locked(self):
        self._ensure()
        with open(self.root / ".lock", "a+b") as f:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)

    def index(self):
        self._ensure()
        return ix.connect(self.root / "index.sqlite")

    def ids(self) -> list[str]:
        """Whole entries on disk (temp dirs live elsewhere and are never listed)."""
        if not self.entries.is_dir():
            return []
        return sorted(p.name for p in self.entries.iterdir()
                      if not p.name.startswith(".") and (p / "manifest.json").is_file())

    def manifest(self, entry_id: str) -> dict:
        path = self.entries / entry_id / "manifest.json"
        if "/" in entry_id or entry_id.startswith(".") or not path.is_file():
            raise _err(f"{entry_id}: no such archive entry in {self.root}")
        try:
            return json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise _err(f"{path}: unreadable manifest ({e})") from None

    def sync_index(self, conn=None) -> int:
        """Index entries on disk that the index lacks (a crash between the rename and the
        index write leaves one); returns how many were added."""
        conn = conn or self.index()
        have = ix.indexed_ids(conn)
        added = 0
        for eid in self.ids():
            if eid not in have:
                self._index_entry(conn, eid)
                added += 1
        return added

    def _index_entry(self, conn, eid: str) -> None:
        m = self.manifest(eid)
        blocks = json.loads((self.entries / eid / "blocks.json").read_text("utf-8"))
        ix.write_entry(conn, _index_row(m, self.entries / eid), blocks)

    def reindex(self) -> int:
        conn = self.index()
        with self.locked():
            ix.clear(conn)
            return self.sync_index(conn)

    def _clean_tmp(self) -> None:
        """Remove temp dirs whose process is gone (called under the lock)."""
        for d in self.tmp.iterdir():
            pid = d.name.split("-", 1)[0]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(d, ignore_errors=True)

    def _next_version(self, edition: str, date: str) -> tuple[int, str | None]:
        best, prev = 0, None
        for eid in self.ids():
            if not eid.startswith(date + "-"):
                continue
            m = self.manifest(eid)
            if m["edition"] == edition and m["date"] == date and m["version"] > best:
                best, prev = m["version"], eid
        return best + 1, prev

    # -- archiving -----------------------------------------------------------------------
    def add(self, spec_path: Path, *, edition: str | None, date: str | None,
            department: str | None = None, editors: list[str] | None = None,
            keywords: list[str] | None = None, progress=None, root: Path | None = None
            ) -> dict:
        """Render the spec and store it as a new entry; returns the manifest. The spec reads
        files only under `root` (its own folder unless given)."""
        from .. import __version__
        from ..finish import Provenance
        from ..pipeline import Progress, build, render_built

        progress = progress or Progress(False)
        spec_path = Path(spec_path)
        if not spec_path.is_file():
            raise _err(f"{spec_path}: no such file")
        built, faces = build(spec_path, progress, root)
        spec = built.spec
        edition = edition or spec.meta.edition
        if not edition:
            raise _err("--edition is required (the spec's meta has no edition)")
        if date:
            day = parse_date(date)
        elif spec.meta.date:
            day = spec.meta.date
        else:
            raise _err("--date is required (the spec's meta has no date)")
        department = department if department is not None else spec.meta.section
        eds = _split(editors) or ((spec.meta.editor,) if spec.meta.editor else ())
        kws = _split(keywords)
        if spec.output is None or spec.output.standard == "none":
            pass  # archived as the spec says; verify re-renders the same way

        self._ensure()
        work = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=self.tmp))
        try:
            files, builtin, spec_rel = _copy_sources(built, work / "src")
            fonts = [{"name": n, "key": f.key, "file": Path(f.path).name,
                      "sha256": sha256_file(Path(f.path))}
                     for n, f in sorted(faces.items())]
            blocks = _blocks(built)
            _write(work / "blocks.json",
                   json.dumps(blocks, ensure_ascii=False, indent=1).encode("utf-8"))
            files["blocks.json"] = sha256_file(work / "blocks.json")
            _test_hook("after-copy")
            spec_sha = files[spec_rel]
            conn = self.index()
            with self.locked():
                self._clean_tmp()
                iso = day.isoformat()
                version, prev = self._next_version(edition, iso)
                eid = f"{iso}-{_slug(edition)}-v{version}"
                while (self.entries / eid).exists():  # two editions with the same slug
                    eid += "x"
                prov = Provenance(eid, spec_sha, __version__, day, edition, department or "",
                                  eds, kws)
                pdf, report = render_built(built, faces, progress, provenance=prov)
                pdf_name = spec_path.stem + ".pdf"
                _write(work / pdf_name, pdf)
                files[pdf_name] = hashlib.sha256(pdf).hexdigest()
                manifest = {
                    "format": FORMAT, "id": eid, "edition": edition, "date": iso,
                    "version": version, "supersedes": prev, "title": spec.meta.title,
                    "department": department or "", "editors": list(eds),
                    "keywords": list(kws), "banmian": __version__,
                    "archived": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "spec": spec_rel, "spec_sha256": spec_sha, "pdf": pdf_name,
                    "standard": spec.output.standard if spec.output else "none",
                    "fits": report.ok, "files": dict(sorted(files.items())),
                    "builtin": builtin, "fonts": fonts,
                }
                _write(work / "manifest.json", json.dumps(
                    manifest, ensure_ascii=False, indent=1).encode("utf-8"))
                _test_hook("before-rename")
                for p in sorted(work.rglob("*"), reverse=True):
                    if p.is_file():
                        os.chmod(p, 0o444)  # entries are never changed
                _fsync_dir(work)
                os.rename(work, self.entries / eid)
                _fsync_dir(self.entries)
                ix.write_entry(conn, _index_row(manifest, self.entries / eid), blocks)
            return manifest
        except BaseException:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)
            raise


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


def copy_file(src: Path, dst: Path) -> str:
    """Copy and return the SHA-256 of the bytes written."""
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


def _index_row(m: dict, path: Path) -> dict:
    return {**m, "path": str(path)}


@dataclass
class Problem:
    kind: str
    detail: str

    def line(self) -> str:
        return f"{self.kind}: {self.detail}"


def verify_entry(arch: Archive, eid: str, progress=None) -> list[Problem]:
    """Every stored file against the manifest, the fonts in use now against the recorded
    ones, and a re-render from the stored sources against the archived PDF, byte for byte."""
    from ..finish import Provenance
    from ..pipeline import Progress, build, render_built
    from ..spec import spec_inputs

    progress = progress or Progress(False)
    m = arch.manifest(eid)
    base = arch.entries / eid
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
    spec = base / m["spec"]
    if not spec.is_file():
        return problems
    try:  # the stored sources keep their folders under src/, which they never leave
        built, faces = build(spec, progress, base / "src")
    except SpecError as e:
        problems.append(Problem("re-render failed", "; ".join(d.line() for d in
                                                                e.diagnostics)))
        return problems
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
    src = (base / "src").resolve()
    for p in sorted(spec_inputs(built.spec)):
        if p.parent != ICC_DIR and not p.is_relative_to(src):
            problems.append(Problem("reads outside the entry", str(p)))
    prov = Provenance(m["id"], m["spec_sha256"], m["banmian"],
                      _dt.date.fromisoformat(m["date"]), m["edition"], m["department"],
                      tuple(m["editors"]), tuple(m["keywords"]))
    pdf, _ = render_built(built, faces, progress, provenance=prov)
    stored = base / m["pdf"]
    old = stored.read_bytes() if stored.is_file() else b""
    if pdf != old:
        n = min(len(pdf), len(old))
        first = next((i for i in range(n) if pdf[i] != old[i]), n)
        problems.append(Problem("PDF differs", f"{m['pdf']}: archived {len(old)} bytes, "
                                f"re-rendered {len(pdf)} bytes, first difference at byte "
                                f"{first}"))
    return problems
