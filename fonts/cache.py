"""The per-user font cache: where it lives, and cheap proof that a cached file is intact."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

STAMP_SUFFIX = ".stamp.json"


def font_cache_dir() -> Path:
    """$BANMIAN_FONT_DIR, else $XDG_CACHE_HOME/banmian/fonts, else ~/.cache/banmian/fonts.

    Fonts are large and fetched on demand, so they live outside the source tree. A relative
    XDG_CACHE_HOME is ignored, as the XDG base directory spec requires.
    """
    explicit = os.environ.get("BANMIAN_FONT_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "banmian" / "fonts"
    return Path.home() / ".cache" / "banmian" / "fonts"


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, streamed."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


@dataclass(frozen=True)
class Stamp:
    """What a file looked like when its SHA-256 was last checked.

    If size, mtime and inode still match, the file is trusted without re-hashing, which keeps
    a warm start to a few stat calls instead of reading tens of megabytes.
    """

    path: str
    size: int
    mtime_ns: int
    inode: int
    sha256: str
    verified: str  # "manifest", "source" (converted from a verified member) or "system"
    origin: str  # where the file came from, for messages and render logs

    def matches(self, st: os.stat_result) -> bool:
        """True when the file on disk is the one that was hashed."""
        return (st.st_size, st.st_mtime_ns, st.st_ino) == (self.size, self.mtime_ns, self.inode)

    @classmethod
    def of(cls, path: Path, sha256: str, verified: str, origin: str) -> Stamp:
        """Stamp the file as it is now, with an already computed digest."""
        st = path.stat()
        return cls(str(path), st.st_size, st.st_mtime_ns, st.st_ino, sha256, verified, origin)


def stamp_path(cache_dir: Path, file_name: str) -> Path:
    """Stamp location for a cached file name."""
    return cache_dir / f"{file_name}{STAMP_SUFFIX}"


def read_stamp(path: Path) -> Stamp | None:
    """The stamp at path, or None if absent or unreadable (that only costs one re-hash)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Stamp(**raw)
    except (OSError, ValueError, TypeError):
        return None


def write_stamp(path: Path, stamp: Stamp) -> None:
    """Write a stamp atomically so concurrent readers never see half a file."""
    atomic_write_bytes(path, json.dumps(asdict(stamp), indent=1).encode("utf-8"))


def remove_quietly(path: Path) -> None:
    """Delete a file if it exists."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def temp_path(directory: Path, final_name: str) -> Path:
    """A fresh temporary file beside final_name: same filesystem, so os.replace is atomic."""
    fd, name = tempfile.mkstemp(dir=directory, prefix=f".{final_name}.", suffix=".part")
    try:
        os.chmod(name, 0o644)  # mkstemp's 0600 would make a shared cache unreadable to others
    finally:
        os.close(fd)
    return Path(name)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write data to path via a temporary file and os.replace."""
    tmp = temp_path(path.parent, path.name)
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        remove_quietly(tmp)
        raise


@contextlib.contextmanager
def cache_lock(cache_dir: Path) -> Iterator[None]:
    """Serialise downloads between processes sharing a cache.

    Correctness does not depend on it (every file lands by os.replace); it only stops two
    runs from fetching the same 60 MB package at once. Where fcntl is missing it is a no-op.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(cache_dir / ".lock", "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
