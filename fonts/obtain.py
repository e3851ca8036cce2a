"""Getting the pinned default faces into the user cache, verified, on first use."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from fonts.cache import (
    Stamp,
    cache_lock,
    font_cache_dir,
    read_stamp,
    remove_quietly,
    sha256_file,
    stamp_path,
    temp_path,
    write_stamp,
)
from fonts.convert import woff_to_truetype
from fonts.errors import FontError
from fonts.manifest import FontSpec, font_spec
from fonts.system import build_fallback, cached_fallback, find_system_font

Progress = Callable[[str], None]

NPM_TIMEOUT_S = 1800  # the packages are 55-70 MB each
_CHUNK = 1 << 20


class _FetchFailed(Exception):
    """npm could not deliver a verified file; str() is a short reason."""

    def __init__(self, reason: str, *, npm_missing: bool = False) -> None:
        super().__init__(reason)
        self.npm_missing = npm_missing


def _say(progress: Progress | None, message: str) -> None:
    if progress is not None:
        progress(message)


def npm_origin(spec: FontSpec) -> str:
    """Stamp origin of a file taken from the pinned npm package."""
    return f"npm:{spec.package_spec}:{spec.member}"


def ensure_fonts(
    roles: Iterable[str],
    progress: Progress | None = None,
    *,
    cache_dir: Path | None = None,
    manifest: Mapping[str, FontSpec] | None = None,
    reuse_fallbacks: bool = True,
) -> dict[str, Path]:
    """Role -> path of a usable TrueType file, fetching and verifying what is missing.

    A warm call only stats each file and reads its stamp. Missing or damaged files are
    fetched with 'npm pack' (each package once), checked against the manifest and moved into
    place atomically. If npm cannot deliver, an installed system face stands in; if there is
    none either, FontError says what to install. reuse_fallbacks=False retries npm even when
    an earlier run settled for a stand-in (what 'fonts install' wants).
    """
    if isinstance(roles, str):  # a lone role name, not an iterable of characters
        roles = [roles]
    table = dict(manifest) if manifest is not None else None
    specs: dict[str, FontSpec] = {}
    for role in roles:
        specs.setdefault(role, font_spec(role, table))
    cache = font_cache_dir() if cache_dir is None else cache_dir

    found: dict[str, Path] = {}
    pending: list[FontSpec] = []
    for role, spec in specs.items():
        path = _cached_pinned(cache, spec)
        if path is None and reuse_fallbacks and not (cache / spec.file).exists():
            # A damaged pinned file is re-fetched rather than hidden behind a stand-in.
            path = cached_fallback(cache, spec)
        if path is None:
            pending.append(spec)
        else:
            found[role] = path

    if pending:
        cache.mkdir(parents=True, exist_ok=True)
        with cache_lock(cache):
            found.update(_obtain(pending, cache, progress))
    return {role: found[role] for role in specs}


def _cached_pinned(cache: Path, spec: FontSpec) -> Path | None:
    """The pinned file if it is present and verified (by stamp when unchanged, else by hash)."""
    path = cache / spec.file
    try:
        st = path.stat()
    except OSError:
        return None
    stamp_file = stamp_path(cache, spec.file)
    stamp = read_stamp(stamp_file)
    source_verified = (
        stamp is not None and stamp.verified == "source" and stamp.origin == npm_origin(spec)
    )
    if stamp is not None and stamp.path == str(path) and stamp.matches(st):
        if stamp.sha256 == spec.sha256 or source_verified:
            return path
    digest = sha256_file(path)
    if digest == spec.sha256:
        write_stamp(stamp_file, Stamp.of(path, digest, "manifest", npm_origin(spec)))
        return path
    if source_verified and stamp is not None and digest == stamp.sha256:
        write_stamp(stamp_file, Stamp.of(path, digest, "source", npm_origin(spec)))
        return path
    return None


def _obtain(pending: list[FontSpec], cache: Path, progress: Progress | None) -> dict[str, Path]:
    """Fetch (or stand in for) every pending role; runs under the cache lock."""
    result: dict[str, Path] = {}
    groups: dict[str, list[FontSpec]] = {}
    for spec in pending:
        # Another process may have finished while we waited for the lock.
        path = _cached_pinned(cache, spec)
        if path is not None:
            result[spec.role] = path
            continue
        if (cache / spec.file).exists():
            _say(progress, f"{spec.file} in {cache} failed its checksum; fetching it again")
            remove_quietly(cache / spec.file)
            remove_quietly(stamp_path(cache, spec.file))
        groups.setdefault(spec.package_spec, []).append(spec)

    failures: dict[str, _FetchFailed] = {}
    for group in groups.values():
        try:
            result.update(_fetch_package(group, cache, progress))
        except _FetchFailed as exc:
            _say(progress, f"could not fetch {group[0].package_spec} from npm: {exc}")
            for spec in group:
                failures[spec.role] = exc

    # Look for every stand-in before building any, so a missing one fails before a slow
    # conversion of another rather than after it.
    stand_ins = {}
    for role, failure in failures.items():
        spec = next(s for s in pending if s.role == role)
        earlier = cached_fallback(cache, spec)
        if earlier is not None:
            _say(progress, f"keeping the stand-in {earlier} for {role!r}")
            result[role] = earlier
            continue
        found = find_system_font(spec.system) if spec.system is not None else None
        if found is None:
            raise FontError(_unavailable_message(spec, failure))
        stand_ins[role] = (spec, found)
    for role, (spec, found) in stand_ins.items():
        path = build_fallback(spec, cache, progress, found)
        if path is None:  # pragma: no cover - found above
            raise FontError(_unavailable_message(spec, failures[role]))
        result[role] = path
    return result


def _unavailable_message(spec: FontSpec, failure: _FetchFailed) -> str:
    """One line naming the font and every way to make it available."""
    if failure.npm_missing:
        npm_part = f"install Node.js/npm so banmian can fetch {spec.package_spec}"
    else:
        npm_part = (
            f"npm could not fetch {spec.package_spec} ({failure}); fix npm's network/registry "
            "access and run 'banmian fonts install'"
        )
    apt_part = f", or 'apt-get install {spec.system.apt}'" if spec.system else ""
    return (
        f"font {spec.role!r} ({spec.family}) is not available: {npm_part}{apt_part}, "
        "or name a TrueType font in the spec"
    )


def _npm_failure(stdout: str, stderr: str, limit: int = 200) -> str:
    """A one-line reason from a failed 'npm pack --json' (its JSON error, else stderr)."""
    reason = ""
    try:
        error = json.loads(stdout)["error"]
        reason = f"{error.get('code', 'error')}: {error.get('summary', '')}".strip(": ")
    except (ValueError, KeyError, TypeError):
        lines = []
        for line in stderr.splitlines():
            text = line.removeprefix("npm error").removeprefix("npm ERR!").strip()
            if text and not text.startswith("A complete log"):
                lines.append(text)
        codes = [ln[5:] for ln in lines if ln.startswith("code ")]
        rest = [ln for ln in lines if not ln.startswith("code ")]
        reason = ": ".join(codes[:1] + rest[:1]) or "no error output"
    reason = " ".join(reason.split())
    return reason if len(reason) <= limit else reason[: limit - 1] + "…"


def _fetch_package(
    specs: list[FontSpec], cache: Path, progress: Progress | None
) -> dict[str, Path]:
    """Download one npm package, check it, and install every requested member from it."""
    first = specs[0]
    npm = shutil.which("npm")
    if npm is None:
        raise _FetchFailed("npm is not on PATH", npm_missing=True)
    _say(progress, f"fetching {first.family} {first.version} from npm ({first.package_spec}) …")
    with tempfile.TemporaryDirectory(prefix="banmian-npm-") as tmp:
        env = dict(os.environ, npm_config_fund="false", npm_config_audit="false")
        env["npm_config_update_notifier"] = "false"
        # npm's own cache in the temporary folder: the tarball is kept once, verified, in the
        # font cache; npm would otherwise leave 174 MB of it in ~/.npm/_cacache
        env["npm_config_cache"] = str(Path(tmp) / "npm-cache")
        command = [npm, "pack", first.package_spec, "--pack-destination", tmp, "--json"]
        try:
            proc = subprocess.run(
                command, cwd=tmp, env=env, capture_output=True, text=True, timeout=NPM_TIMEOUT_S
            )
        except FileNotFoundError as exc:
            raise _FetchFailed(f"cannot run npm: {exc}", npm_missing=True) from exc
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise _FetchFailed(f"cannot run npm: {exc}") from exc
        if proc.returncode != 0:
            reason = _npm_failure(proc.stdout, proc.stderr)
            raise _FetchFailed(f"'npm pack' exited with {proc.returncode}: {reason}")
        tarballs = sorted(Path(tmp).glob("*.tgz"))
        if len(tarballs) != 1:
            raise _FetchFailed(f"'npm pack' left {len(tarballs)} tarballs, expected one")
        integrity = _npm_integrity(tarballs[0])
        if integrity != first.integrity:
            raise _FetchFailed(
                f"tarball integrity {integrity[:24]}… differs from the pinned "
                f"{first.integrity[:24]}…"
            )
        members = _extract_members(tarballs[0], specs, cache)
    try:
        return {
            spec.role: _install_member(spec, members.pop(spec.role), cache, progress)
            for spec in specs
        }
    finally:
        for leftover in members.values():
            remove_quietly(leftover)


def _npm_integrity(tarball: Path) -> str:
    """npm's Subresource Integrity string (sha512, base64) of a tarball."""
    with open(tarball, "rb") as fh:
        digest = hashlib.file_digest(fh, "sha512").digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def _extract_members(tarball: Path, specs: list[FontSpec], cache: Path) -> dict[str, Path]:
    """Stream the tarball once, copying each wanted member to a checked temporary file in cache."""
    wanted = {spec.member: spec for spec in specs}
    out: dict[str, Path] = {}
    try:
        with tarfile.open(tarball, mode="r|gz") as archive:
            for member in archive:
                spec = wanted.get(member.name)
                if spec is None or not member.isfile() or spec.role in out:
                    continue
                source = archive.extractfile(member)
                if source is None:
                    continue
                tmp = temp_path(cache, spec.file)
                out[spec.role] = tmp
                digest = hashlib.sha256()
                with source, open(tmp, "wb") as sink:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        sink.write(chunk)
                if digest.hexdigest() != spec.member_sha256:
                    raise _FetchFailed(f"{member.name} does not match its pinned SHA-256")
                if len(out) == len(wanted):
                    break
        missing = [spec.member for spec in specs if spec.role not in out]
        if missing:
            raise _FetchFailed(f"{', '.join(missing)} not found in the package")
    except (tarfile.TarError, OSError, EOFError) as exc:
        for tmp in out.values():
            remove_quietly(tmp)
        raise _FetchFailed(f"cannot read the package tarball: {exc}") from exc
    except _FetchFailed:
        for tmp in out.values():
            remove_quietly(tmp)
        raise
    return out


def _install_member(
    spec: FontSpec, member_file: Path, cache: Path, progress: Progress | None
) -> Path:
    """Convert if needed, then move the verified file into place and stamp it."""
    target = cache / spec.file
    verified = "manifest"
    if spec.convert is None:
        if spec.member_sha256 != spec.sha256:
            raise FontError(
                f"manifest entry {spec.role!r} pins different checksums for an unconverted file"
            )
        ready, digest = member_file, spec.sha256
    elif spec.convert == "woff-to-truetype":
        ready = temp_path(cache, spec.file)
        try:
            woff_to_truetype(member_file, ready)
        except Exception as exc:
            remove_quietly(ready)
            raise _FetchFailed(f"cannot convert {spec.member} to TrueType: {exc}") from exc
        finally:
            remove_quietly(member_file)
        digest = sha256_file(ready)
        if digest != spec.sha256:
            # The WOFF was verified; only the container writer differs (another fontTools).
            verified = "source"
            import fontTools

            _say(
                progress,
                f"note: {spec.file} converted with fontTools {fontTools.version} differs from the "
                "pinned checksum; its .woff source matched, so it is used",
            )
    else:
        remove_quietly(member_file)
        raise FontError(
            f"manifest entry {spec.role!r} asks for unknown conversion {spec.convert!r}"
        )
    try:
        os.replace(ready, target)
    except BaseException:
        remove_quietly(ready)
        raise
    write_stamp(stamp_path(cache, spec.file), Stamp.of(target, digest, verified, npm_origin(spec)))
    _say(progress, f"verified {spec.file}")
    return target
