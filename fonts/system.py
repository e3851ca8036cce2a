"""Stand-in faces from the operating system, used when npm cannot supply the pinned ones."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from fonts.bar import Bar
from fonts.cache import (
    Stamp,
    read_stamp,
    remove_quietly,
    sha256_file,
    stamp_path,
    temp_path,
    write_stamp,
)
from fonts.convert import convert_cff_to_truetype, fallback_unicodes
from fonts.manifest import FontSpec, SystemFont

# Searched in order. A module attribute so a deployment (or a test) can change it.
SEARCH_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local" / "share" / "fonts",
    Path.home() / ".fonts",
    Path("/Library/Fonts"),
    Path.home() / "Library" / "Fonts",
)


def fallback_name(spec: FontSpec) -> str:
    """Cache name for a stand-in, distinct from the pinned file so the two are never confused."""
    return f"fallback-{spec.file}"


def find_system_font(system: SystemFont) -> tuple[Path, int, bool] | None:
    """(file, face index, outlines are CFF) of an installed face matching the PostScript name."""
    wanted = set(system.files)
    for root in SEARCH_DIRS:
        if not root.is_dir():
            continue
        hits = sorted(
            Path(dirpath) / name
            for dirpath, _dirs, names in os.walk(root)
            for name in names
            if name in wanted
        )
        for path in hits:
            found = _face_in_file(path, system.postscript_name)
            if found is not None:
                return path, found[0], found[1]
    return None


def _face_in_file(path: Path, postscript_name: str) -> tuple[int, bool] | None:
    from fontTools.ttLib import TTCollection, TTFont

    try:
        with open(path, "rb") as fh:
            is_collection = fh.read(4) == b"ttcf"
        if is_collection:
            collection = TTCollection(path, lazy=True)
            try:
                faces = list(collection.fonts)
                for index, face in enumerate(faces):
                    if face["name"].getDebugName(6) == postscript_name:
                        return index, face.sfntVersion == "OTTO"
            finally:
                collection.close()
            return None
        face = TTFont(path, lazy=True)
        try:
            if face["name"].getDebugName(6) == postscript_name:
                return 0, face.sfntVersion == "OTTO"
        finally:
            face.close()
    except Exception:  # noqa: BLE001 - an unreadable system file is simply not a candidate
        return None
    return None


def cached_fallback(cache_dir: Path, spec: FontSpec) -> Path | None:
    """A stand-in prepared by an earlier run, if it is still exactly what was stamped."""
    stamp = read_stamp(stamp_path(cache_dir, fallback_name(spec)))
    if stamp is None:
        return None
    path = Path(stamp.path)
    try:
        st = path.stat()
    except OSError:
        return None
    return path if stamp.matches(st) else None


def build_fallback(
    spec: FontSpec,
    cache_dir: Path,
    progress: Callable[[str], None] | None,
    found: tuple[Path, int, bool] | None = None,
) -> Path | None:
    """Find a system face for the role and make it usable; None if none is installed.

    A plain TrueType file is used in place. A CFF face (Noto CJK as packaged by Debian) is
    subset and converted to TrueType into the cache. Stand-ins cannot be checked against the
    manifest, so their SHA-256 is only recorded in the stamp.
    """
    say = progress or (lambda _msg: None)
    if spec.system is None:
        return None
    if found is None:
        found = find_system_font(spec.system)
    if found is None:
        return None
    source, index, is_cff = found
    name = fallback_name(spec)
    stamp_file = stamp_path(cache_dir, name)
    if not is_cff and index == 0:
        say(f"using system font {source} for {spec.role!r} instead of {spec.family}")
        stamp = Stamp.of(source, sha256_file(source), "system", f"system:{source}")
        write_stamp(stamp_file, stamp)
        return source

    target = cache_dir / name
    tmp = temp_path(cache_dir, name)
    try:
        if is_cff:
            say(
                f"converting {spec.system.family} ({source}, face {index}) to TrueType "
                f"for {spec.role!r}, once; about 20 s …"
            )
            bar = Bar(spec.system.family, 1, tty=None if progress is not None else False)
            bar.update(0)  # on screen while the face is subset, before its outlines convert
            try:
                convert_cff_to_truetype(source, tmp, font_number=index,
                                        unicodes=fallback_unicodes(), on_glyphs=bar.tell)
            except BaseException:
                bar.abandon()
                raise
            bar.close()
        else:
            from fontTools.ttLib import TTFont

            say(f"extracting {spec.system.family} from {source} (face {index}) for {spec.role!r}")
            face = TTFont(source, fontNumber=index)
            try:
                face.save(tmp)
            finally:
                face.close()
        os.replace(tmp, target)
    except BaseException:
        remove_quietly(tmp)
        raise
    origin = f"system:{source}#{index}" + (" (converted from CFF)" if is_cff else "")
    write_stamp(stamp_file, Stamp.of(target, sha256_file(target), "system", origin))
    say(f"built {name}")
    return target
