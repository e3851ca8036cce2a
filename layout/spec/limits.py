"""What banmian will read, and how much: every input is checked against these before any work
is done on it, so hostile or broken input gets one clear message, never a hang, a huge
allocation or a file read from outside the spec's folder. README lists the same numbers."""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path

MAX_SPEC_BYTES = 1 << 20  # the spec itself (a broadsheet spread's is about 10 KiB)
MAX_TEXT_BYTES = 1 << 20  # a text, CSV or included file (about 300,000 Chinese characters)
MAX_PICTURE_BYTES = 200 << 20
MAX_FONT_BYTES = 64 << 20
MAX_PROFILE_BYTES = 16 << 20
MAX_DEPTH = 64  # nesting of mappings and lists in the YAML
MAX_ALIASES = 200  # YAML aliases (*name)
MAX_NODES = 100_000  # values in the YAML once every alias is expanded
MAX_LINE = 1_000  # characters in a one-line field (a caption, a credit, a data label)
MAX_DISPLAY = 200  # characters in a display line (a headline line, a deck, a label band)
MAX_PATH = 1_024  # characters in a path the spec names; each part at most 255 bytes
MAX_MM = 5_000.0  # no length on a page is longer than 5 m


class Refused(Exception):
    """An input banmian will not read; the message says why and what would be accepted."""


def control_char(text: str) -> int | None:
    """Index of the first control character a text file must not hold (tab, line feed and
    carriage return are text; NUL, other C0/C1 controls, DEL and noncharacters are not)."""
    for i, ch in enumerate(text):
        o = ord(ch)
        if o < 0x20 and ch not in "\t\n\r":
            return i
        if 0x7F <= o <= 0x9F or o in (0xFFFE, 0xFFFF):
            return i
    return None


def char_name(ch: str) -> str:
    names = {"\0": "NUL", "\x1b": "ESC", "\x7f": "DEL", "\x85": "NEL"}
    kind = "a noncharacter" if ord(ch) in (0xFFFE, 0xFFFF) else "a control character"
    return f"U+{ord(ch):04X} ({names.get(ch) or unicodedata.name(ch, kind)})"


def line_col(text: str, i: int) -> tuple[int, int]:
    """1-based line and column of index `i` in `text`."""
    line = text.count("\n", 0, i) + 1
    return line, i - (text.rfind("\n", 0, i) + 1) + 1


def resolve_input(name: str, base: Path, root: Path) -> Path:
    """The file a spec names, resolved (symlinks followed) and confined to `root`."""
    if "\0" in name:
        raise Refused("a path cannot hold a NUL byte")
    if len(name) > MAX_PATH or any(len(p.encode("utf-8", "replace")) > 255
                                   for p in Path(name).parts):
        raise Refused(f"the path is longer than banmian reads ({MAX_PATH} characters, 255 "
                      "bytes a part)")
    top = root.resolve()
    try:  # where it leads first, so a path out of the folder is refused whether it exists
        where = (base / name).resolve(strict=False)
        if not where.is_relative_to(top):
            raise Refused(f"is outside the folder banmian reads from ({top}); keep the spec's "
                          "files under its folder, or widen it with --root")
        real = (base / name).resolve(strict=True)
    except FileNotFoundError:
        raise Refused("not found") from None
    except (OSError, RuntimeError) as e:  # a symlink loop, a part that is not a folder
        raise Refused(f"cannot be opened ({getattr(e, 'strerror', None) or e})") from None
    if not real.is_relative_to(top):
        raise Refused(f"is outside the folder banmian reads from ({top}); keep the spec's "
                      "files under its folder, or widen it with --root")
    return real


def regular(path: Path, limit: int, what: str) -> int:
    """The size of `path` if it is a regular file no larger than `limit`; a FIFO, a device
    or a folder is refused before it is opened (opening a FIFO would wait forever)."""
    try:
        st = os.stat(path)
    except OSError as e:
        raise Refused(f"cannot be read ({e.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise Refused("is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise Refused("is not a regular file (a device, FIFO or socket)")
    if st.st_size > limit:
        raise Refused(f"is {st.st_size / 1048576:.1f} MiB; a {what} may be at most "
                      f"{limit / 1048576:g} MiB")
    return st.st_size


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file, never more than `limit` of them."""
    regular(path, limit, what)
    try:
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise Refused(f"cannot be read ({e.strerror})") from None
    if len(data) > limit:  # it grew since it was looked at
        raise Refused(f"is larger than the {limit / 1048576:g} MiB a {what} may be")
    return data
