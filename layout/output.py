"""Files banmian writes: atomically, and never over something it did not write unless asked."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .diag import Diagnostic, SpecError


def is_ours(path: Path) -> bool:
    """A PDF that banmian wrote earlier may be replaced; anything else needs --force."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return data.startswith(b"%PDF") and b"/Producer (banmian" in data


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target and rename: no half-written file ever exists under its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def target_path(spec: Path, given: str | None, force: bool, suffix: str = ".pdf") -> Path:
    out = Path(given) if given else Path("build") / (spec.stem + suffix)
    if out.exists() and out.resolve() == spec.resolve():
        raise SpecError([Diagnostic("error", f"{out}: refusing to write the PDF over the spec")])
    if out.exists() and not force and not is_ours(out):
        raise SpecError([Diagnostic("error", f"{out}: exists and was not written by banmian; "
                                             "use --force to overwrite it")])
    return out
