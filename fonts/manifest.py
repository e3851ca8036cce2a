"""The pinned default faces: where each comes from and how to check it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from fonts.errors import FontError


@dataclass(frozen=True)
class SystemFont:
    """An installed font that can stand in for a role when npm is unavailable."""

    apt: str  # Debian/Ubuntu package that ships it, quoted in error messages
    files: tuple[str, ...]  # file names to look for under the system font directories
    postscript_name: str  # picks the right face inside a .ttc collection
    family: str


@dataclass(frozen=True)
class FontSpec:
    """One role of the manifest: a font pinned to an npm package version and checksums."""

    role: str
    family: str
    style: str
    postscript_name: str
    package: str
    version: str
    integrity: str  # npm's sha512 of the package tarball
    member: str  # path of the font inside the tarball
    member_sha256: str
    convert: str | None  # None, or "woff-to-truetype"
    file: str  # name of the cached file
    size: int
    sha256: str  # of the cached file
    license_id: str
    license_file: str
    system: SystemFont | None = None

    @property
    def package_spec(self) -> str:
        """The argument given to 'npm pack'."""
        return f"{self.package}@{self.version}"

    @property
    def license_path(self) -> Path:
        """Licence text shipped inside this package."""
        return Path(__file__).with_name("licenses") / Path(self.license_file).name


def _spec(role: str, raw: dict) -> FontSpec:
    system = raw.get("system")
    return FontSpec(
        role=role,
        family=raw["family"],
        style=raw["style"],
        postscript_name=raw["postscript_name"],
        package=raw["package"],
        version=raw["version"],
        integrity=raw["integrity"],
        member=raw["member"],
        member_sha256=raw["member_sha256"],
        convert=raw.get("convert"),
        file=raw["file"],
        size=int(raw["size"]),
        sha256=raw["sha256"],
        license_id=raw["license_id"],
        license_file=raw["license_file"],
        system=None
        if system is None
        else SystemFont(
            apt=system["apt"],
            files=tuple(system["files"]),
            postscript_name=system["postscript_name"],
            family=system["family"],
        ),
    )


def read_manifest_json() -> dict:
    """The raw manifest.json shipped with the package."""
    text = resources.files("fonts").joinpath("manifest.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def load_manifest() -> dict[str, FontSpec]:
    """Role name -> spec, in manifest order; parsed once per process."""
    raw = read_manifest_json()
    return {role: _spec(role, entry) for role, entry in raw["roles"].items()}


def default_roles() -> tuple[str, ...]:
    """All roles the manifest defines."""
    return tuple(load_manifest())


def font_spec(role: str, manifest: dict[str, FontSpec] | None = None) -> FontSpec:
    """The spec for a role, or a FontError listing the known roles."""
    specs = load_manifest() if manifest is None else manifest
    try:
        return specs[role]
    except KeyError:
        known = ", ".join(specs)
        raise FontError(f"unknown font role {role!r}; known roles: {known}") from None
