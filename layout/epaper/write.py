"""The e-paper folder written whole or not at all: built in a temp folder beside the target,
then swapped into place, so a reader never sees half an edition or two editions mixed."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

from ..diag import OutputError

MARK = b'<meta name="generator" content="banmian'
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def is_ours(folder: Path) -> bool:
    """An e-paper folder banmian wrote: its index.html says so."""
    index = folder / "index.html"
    try:
        if not index.is_file() or index.stat().st_size > 1 << 20:
            return False
        return MARK in index.read_bytes()[:4096]
    except OSError:
        return False


def check_target(folder: Path, force: bool) -> None:
    """Refuse a file, or a folder with something in it that banmian did not write."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise OutputError.one(f"{folder}: exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force and not is_ours(folder):
        raise OutputError.one(f"{folder}: exists and was not written by banmian; use --force "
                              "to replace it")


def write_site(files: dict[str, bytes], folder: Path, *, force: bool = False) -> None:
    """Write every file under a temp folder beside `folder`, then put it in its place."""
    check_target(folder, force)
    tmp = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp",
                                    dir=folder.parent))
        umask = os.umask(0)
        os.umask(umask)
        for rel, data in files.items():
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(path, 0o666 & ~umask)
        for d in [tmp, *(p for p in tmp.rglob("*") if p.is_dir())]:
            os.chmod(d, 0o777 & ~umask)
        _swap(tmp, folder)
    except OSError as e:
        raise OutputError.one(f"{folder}: cannot write: {e.strerror or e}") from None
    finally:
        if tmp is not None and tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _swap(new: Path, folder: Path) -> None:
    """`new` becomes `folder`; an old folder ends up at `new` (removed by the caller). On
    Linux the two folders trade places in one step (renameat2 RENAME_EXCHANGE); elsewhere
    the old one is moved aside first."""
    if not folder.exists():
        os.rename(new, folder)
        return
    if _exchange(new, folder):
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=folder.parent))
    os.rmdir(aside)
    os.rename(folder, aside)
    os.rename(new, folder)
    os.rename(aside, new)


def _exchange(a: Path, b: Path) -> bool:
    with contextlib.suppress(OSError, AttributeError, TypeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        fn = libc.renameat2
        fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                       ctypes.c_uint]
        return fn(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0
    return False
