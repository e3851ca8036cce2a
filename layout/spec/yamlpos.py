"""YAML with a position for every key and value.

PyYAML builds plain data and forgets where it came from; we compose the node tree first, build
the data from it, and walk the same tree to remember the line and column of every path.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from ..diag import Diagnostic, Pos, SpecError

PathKey = tuple[str | int, ...]


def dotted(path: PathKey) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


class PosMap:
    """Path → (position of the key, position of the value)."""

    def __init__(self, file: str):
        self.file = file
        self.keys: dict[PathKey, Pos] = {}
        self.values: dict[PathKey, Pos] = {}
        self.raw: dict[PathKey, str] = {}  # scalars as written: 36.60 keeps its digits

    def _mk(self, mark: yaml.Mark, path: PathKey) -> Pos:
        return Pos(self.file, mark.line + 1, mark.column + 1, dotted(path))

    def key(self, path: PathKey) -> Pos:
        """Where the key of `path` is written (for unknown keys); falls back to the value."""
        if path in self.keys:
            return self.keys[path]
        return self.value(path)

    def value(self, path: PathKey) -> Pos:
        """Where the value at `path` is written; a missing path falls back to its parent."""
        p = path
        while p and p not in self.values:
            p = p[:-1]
        base = self.values.get(p) or Pos(self.file, 1, 1)
        return Pos(base.file, base.line, base.col, dotted(path))


# libyaml's parser when PyYAML has it (several times faster), with the same marks and nodes
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader that keeps an impossible date (2024-13-45) as text, so the validator can point
    at it instead of PyYAML raising without a position."""

    def construct_yaml_timestamp(self, node):  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _fail(file: str, line: int, col: int, message: str) -> SpecError:
    return SpecError([Diagnostic("error", message, Pos(file, line, col))])


def load_yaml(path: Path, shown: str | None = None) -> tuple[Any, PosMap]:
    """Read a spec; any problem becomes a SpecError with the file, line and column."""
    name = shown or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _fail(name, 1, 1, "no such file") from None
    except OSError as e:
        raise _fail(name, 1, 1, f"cannot read: {e.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        before = raw[: e.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        raise _fail(name, line, col, "not UTF-8 text (save the spec as UTF-8)") from None
    if not text.strip():
        raise _fail(name, 1, 1, "the spec is empty")
    hit = _PARSED.get((name, text))
    if hit is not None:  # a watching process re-reads an unchanged spec after a text edit
        return copy.deepcopy(hit[0]), hit[1]
    data, pm = _parse(name, text)
    _PARSED.clear()
    _PARSED[(name, text)] = (copy.deepcopy(data), pm)
    return data, pm


_PARSED: dict[tuple[str, str], tuple[Any, PosMap]] = {}


def _parse(name: str, text: str) -> tuple[Any, PosMap]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise _fail(name, 1, 1, "the spec is empty")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = (e.problem or e.context or "YAML syntax error").strip()
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise _fail(name, line, col, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as e:
        raise _fail(name, 1, 1, f"YAML error: {e}") from None
    finally:
        loader.dispose()
    pm = PosMap(name)
    _walk(node, (), pm)
    return data, pm


def _walk(node: yaml.Node, path: PathKey, pm: PosMap) -> None:
    pm.values[path] = pm._mk(node.start_mark, path)
    if isinstance(node, yaml.ScalarNode):
        pm.raw[path] = node.value
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, yaml.Mark] = {}
        for knode, vnode in node.value:
            key = knode.value if isinstance(knode, yaml.ScalarNode) else str(knode.value)
            if key in seen and key != "<<":
                raise _fail(pm.file, knode.start_mark.line + 1, knode.start_mark.column + 1,
                            f"{dotted(path + (key,))}: duplicate key '{key}' (first at line "
                            f"{seen[key].line + 1})")
            seen[key] = knode.start_mark
            pm.keys[path + (key,)] = pm._mk(knode.start_mark, path + (key,))
            _walk(vnode, path + (key,), pm)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), pm)
