"""Which files a spec reads, and how a path is shown in messages."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..diag import Pos


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def spec_inputs(spec: object) -> set[Path]:
    """Every file a validated spec reads: the spec, texts, data, photos, fonts, the profile.

    Found by walking the model, so a new kind of input file is watched without a change here."""
    found: set[Path] = set()
    seen: set[int] = set()

    def walk(v: object) -> None:
        if id(v) in seen:
            return
        seen.add(id(v))
        if isinstance(v, Path):
            found.add(v)
        elif isinstance(v, Pos):
            if v.file:
                found.add(Path(v.file))
        elif dataclasses.is_dataclass(v) and not isinstance(v, type):
            for f in dataclasses.fields(v):
                if f.name == "file" and isinstance(getattr(v, f.name), str):
                    found.add(Path(getattr(v, f.name)))
                else:
                    walk(getattr(v, f.name))
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, (list, tuple, set, frozenset)):
            for x in v:
                walk(x)

    walk(spec)
    return {p.resolve() for p in found if p.is_file()}
