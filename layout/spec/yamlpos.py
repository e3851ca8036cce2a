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
from .limits import (
    MAX_ALIASES,
    MAX_DEPTH,
    MAX_NODES,
    MAX_SPEC_BYTES,
    Refused,
    char_name,
    control_char,
    line_col,
    read_bounded,
)

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
        raw = read_bounded(path, MAX_SPEC_BYTES, "spec")
    except Refused as e:
        msg = "no such file" if str(e).startswith("cannot be read (No such") else str(e)
        raise _fail(name, 1, 1, msg) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        before = raw[: e.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        raise _fail(name, line, col, "not UTF-8 text (save the spec as UTF-8)") from None
    bad = control_char(text)
    if bad is not None:
        line, col = line_col(text, bad)
        raise _fail(name, line, col, f"control character {char_name(text[bad])} in the spec; "
                    "a spec is plain text")
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


def _prescan(name: str, text: str) -> None:
    """Nesting and aliases are counted on the parser's events, before any node is built:
    deep nesting would exhaust the composer's recursion, and aliases can multiply a small file
    into billions of values (the billion laughs)."""
    depth = aliases = 0
    for ev in yaml.parse(text, Loader=_Base):
        if isinstance(ev, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                m = ev.start_mark
                raise _fail(name, m.line + 1, m.column + 1, f"the spec nests more than "
                            f"{MAX_DEPTH} levels deep")
        elif isinstance(ev, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(ev, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                m = ev.start_mark
                raise _fail(name, m.line + 1, m.column + 1, f"more than {MAX_ALIASES} YAML "
                            "aliases (*name)")


def _expansion(name: str, root: yaml.Node) -> None:
    """How many values the document holds once aliases are expanded; an alias inside the
    value it names (x: &r [*r]) would expand forever."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_:
            m = node.start_mark
            raise _fail(name, m.line + 1, m.column + 1, "an alias refers to the value that "
                        "holds it, so it would never end")
        open_.add(key)
        if isinstance(node, yaml.MappingNode):
            n = 1 + sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            n = 1 + sum(size(v) for v in node.value)
        else:
            n = 1
        open_.discard(key)
        if n > MAX_NODES:
            m = node.start_mark
            raise _fail(name, m.line + 1, m.column + 1, f"aliases expand the spec to more than "
                        f"{MAX_NODES:,} values")
        sizes[key] = n
        return n

    size(root)


def _parse(name: str, text: str) -> tuple[Any, PosMap]:
    loader = _Loader(text)
    try:
        _prescan(name, text)
        node = loader.get_single_node()
        if node is None:
            raise _fail(name, 1, 1, "the spec is empty")
        _expansion(name, node)
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
        if node.style in ('"', "'") and "\n" not in node.value:  # the text after the quote
            pos = pm.values[path]
            pm.values[path] = Pos(pos.file, pos.line, pos.col + 1, pos.path)
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
