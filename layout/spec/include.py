"""Shared furniture: `include: PATH` (or a list of paths) at a spec's top level merges other YAML
files — the edition's styles, labels, colours, 报眉, fonts — in before the spec's own keys.

- Mappings merge key by key at every depth; the spec's value wins, and a later include wins
  over an earlier one. A list or a single value is taken whole from whoever wins.
- An included file holds furniture only (the keys in INCLUDABLE); its blocks stay in the spec.
  It may include others; an include cycle is an error at the include that closes it.
- An included file is read like any input: under the spec's root, a regular file within the
  spec's size limit. Every value keeps its own file, line and column, so a bad style in the
  shared file is reported there. Font files and the profile it names are relative to it.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

from ..diag import Diagnostic, Pos, SpecError
from .limits import MAX_SPEC_BYTES, Refused, regular, resolve_input
from .yamlpos import PathKey, PosMap, load_yaml

INCLUDABLE = ("meta", "colors", "fonts", "styles", "labels", "header", "output", "story")
MAX_INCLUDES = 32  # files one spec may pull in, all levels together


def _fail(pos: Pos, message: str) -> SpecError:
    return SpecError([Diagnostic("error", message, pos)])


def merge_includes(tree: Any, pm: PosMap, path: Path, root: Path | None
                   ) -> tuple[Any, PosMap, tuple[Path, ...]]:
    """The spec's tree with its includes merged in, the positions of every value, and the
    files included."""
    if not isinstance(tree, dict) or "include" not in tree:
        return tree, pm, ()
    top = (root or path.parent).resolve()
    seen: list[Path] = []
    merged, out_pm = _merge_file(tree, pm, path.resolve(), top, [path.resolve()], seen)
    return merged, out_pm, tuple(seen)


def _names(tree: dict, pm: PosMap) -> list[tuple[str, Pos]]:
    raw = tree.get("include")
    if isinstance(raw, str):
        return [(raw, pm.value(("include",)))]
    if isinstance(raw, list) and all(isinstance(x, str) for x in raw):
        return [(x, pm.value(("include", i))) for i, x in enumerate(raw)]
    raise _fail(pm.value(("include",)), "include: a file name, or a list of them")


def _merge_file(tree: dict, pm: PosMap, real: Path, top: Path, chain: list[Path],
                seen: list[Path]) -> tuple[dict, PosMap]:
    base: dict = {}
    base_pm = PosMap(pm.file)
    for name, where in _names(tree, pm):
        try:
            inc = resolve_input(name, real.parent, top)
            regular(inc, MAX_SPEC_BYTES, "included file")
        except Refused as e:
            raise _fail(where, f"include {name}: {e}" if str(e) != "not found"
                        else f"included file not found: {name}") from None
        if inc in chain:
            loop = " → ".join(p.name for p in [*chain[chain.index(inc):], inc])
            raise _fail(where, f"include cycle: {loop}")
        if len(seen) >= MAX_INCLUDES:
            raise _fail(where, f"more than {MAX_INCLUDES} included files")
        seen.append(inc)
        shown = os.path.normpath(Path(pm.file).parent / name)
        data, ipm = load_yaml(inc, shown)
        data = copy.deepcopy(data)
        if not isinstance(data, dict):
            raise _fail(ipm.value(()), "an included file is a mapping of furniture: "
                        + ", ".join(INCLUDABLE))
        for key in data:
            if key not in (*INCLUDABLE, "include"):
                raise _fail(ipm.key((key,)), f"'{key}' cannot come from an included file; it "
                            "holds " + ", ".join(INCLUDABLE))
        if "include" in data:
            data, ipm = _merge_file(data, ipm, inc, top, [*chain, inc], seen)
        _relocate(data, inc.parent, chain[0].parent)
        base, base_pm = _over(base, base_pm, data, ipm)
    own = {k: v for k, v in tree.items() if k != "include"}
    merged, merged_pm = _over(base, base_pm, own, pm)
    if "include" in tree:
        merged["include"] = tree["include"]
    return merged, merged_pm


def _relocate(data: dict, at: Path, spec_dir: Path) -> None:
    """Files an included file names are relative to it: rewritten relative to the spec."""
    def rel(v: Any) -> Any:
        if not isinstance(v, str) or os.path.isabs(v):
            return v
        return os.path.relpath(at / v, spec_dir)

    for f in (data.get("fonts") or {}).values():
        if isinstance(f, dict) and "file" in f:
            f["file"] = rel(f["file"])
    out = data.get("output")
    if isinstance(out, dict) and "profile" in out:
        out["profile"] = rel(out["profile"])


def _over(low: dict, low_pm: PosMap, high: dict, high_pm: PosMap) -> tuple[dict, PosMap]:
    """`high` merged over `low`, with each value's position from the file it came from."""
    pm = PosMap(high_pm.file)
    taken_low: list[PathKey] = []

    def merge(a: Any, b: Any, path: PathKey) -> Any:
        if isinstance(a, dict) and isinstance(b, dict):
            out = dict(a)
            for k, v in b.items():
                out[k] = merge(a[k], v, (*path, k)) if k in a else v
            for k in a:
                if k not in b:
                    taken_low.append((*path, k))
            return out
        return b

    merged = merge(low, high, ())
    for src in (high_pm,):
        pm.keys.update(src.keys)
        pm.values.update(src.values)
        pm.raw.update(src.raw)
    for p in taken_low:
        n = len(p)
        for d_src, d_dst in ((low_pm.keys, pm.keys), (low_pm.values, pm.values),
                             (low_pm.raw, pm.raw)):
            for k, v in d_src.items():
                if k[:n] == p:
                    d_dst[k] = v
    return merged, pm
