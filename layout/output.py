"""Files banmian writes: atomically, and never over something it did not write unless asked."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .diag import OutputError

MAX_OURS = 1 << 30  # no PDF banmian writes is this large: a bigger file is someone else's


def is_ours(path: Path) -> bool:
    """A PDF or SVG that banmian wrote earlier may be replaced; anything else needs --force."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_OURS:
            return False
        data = path.read_bytes()
    except OSError:
        return False
    if data.startswith(b"%PDF"):
        return b"/Producer (banmian" in data
    return data.startswith(b"<svg") and b'data-generator="banmian"' in data[:4096]


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write beside the target and rename: no half-written file ever exists under its name.
    `durable` waits for the bytes to reach the disk first (for output; a cache need not).
    An OS error (permissions, a full disk) becomes an OutputError naming the file."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as e:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise OutputError.one(f"{path}: cannot write: {e.strerror or e}") from None
    except BaseException:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise


def target_path(spec: Path, given: str | None, force: bool, suffix: str = ".pdf") -> Path:
    out = Path(given) if given else Path("build") / (spec.stem + suffix)
    if out.exists() and out.resolve() == spec.resolve():
        raise OutputError.one(f"{out}: refusing to write the PDF over the spec")
    if out.exists() and not force and not is_ours(out):
        raise OutputError.one(f"{out}: exists and was not written by banmian; use --force to "
                              "overwrite it")
    return out
