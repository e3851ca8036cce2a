"""A small declarative schema: one declaration validates the YAML, fills defaults and emits the
JSON Schema that editors use to complete and check specs.

Each node converts a plain YAML value into a checked Python value, reporting problems with the
position of the offending key or value; it never raises, so one run reports every error.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..diag import Diagnostics
from ..units import MM, ZIHAO, UnitError, parse_length, parse_size
from .limits import MAX_DISPLAY, MAX_LINE, MAX_MM
from .yamlpos import PathKey, PosMap

MISSING = object()


@dataclass
class Ctx:
    pm: PosMap
    diags: Diagnostics

    def err(self, path: PathKey, message: str, at_key: bool = False) -> None:
        pos = self.pm.key(path) if at_key else self.pm.value(path)
        self.diags.error(message, pos)

    def warn(self, path: PathKey, message: str) -> None:
        self.diags.warning(message, self.pm.value(path))


def _tname(v: Any) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a mapping", type(None): "nothing"}.get(type(v), type(v).__name__)


class Node:
    doc = ""

    def convert(self, v: Any, path: PathKey, ctx: Ctx) -> Any:  # pragma: no cover
        raise NotImplementedError

    def json(self) -> dict[str, Any]:  # pragma: no cover
        raise NotImplementedError

    def _j(self, d: dict[str, Any]) -> dict[str, Any]:
        if self.doc:
            d["description"] = self.doc
        return d


def _finite(v: Any) -> bool:
    return not isinstance(v, float) or math.isfinite(v)


@dataclass
class Str(Node):
    doc: str = ""
    nonempty: bool = True
    max_len: int | None = None  # characters; None: bounded only by the file's size

    def convert(self, v, path, ctx):
        if isinstance(v, int | float) and not isinstance(v, bool):
            if not _finite(v):  # .nan, .inf: YAML's words for numbers, not text to print
                ctx.err(path, f"expected text, got the number {v!r}; quote it if you mean "
                        "the word")
                return None
            return str(v)
        if not isinstance(v, str):
            ctx.err(path, f"expected text, got {_tname(v)}")
            return None
        if self.nonempty and not v.strip():
            ctx.err(path, "must not be empty")
            return None
        if self.max_len is not None and len(v) > self.max_len:
            ctx.err(path, f"{len(v):,} characters; this field holds at most {self.max_len:,}")
            return None
        return v

    def json(self):
        return self._j({"type": "string"})


def OneLine(doc: str = "", nonempty: bool = True) -> Str:  # noqa: N802 (reads as a node type)
    """A one-line field (a headline line, a label, a caption): bounded, so a runaway string
    is refused before anything is set."""
    return Str(doc=doc, nonempty=nonempty, max_len=MAX_LINE)


def DisplayLine(doc: str = "") -> Str:  # noqa: N802 (reads as a node type)
    """A display line (a deck, a label band's heading): sized to fill its width, so it is kept
    to a length a display line can have."""
    return Str(doc=doc, max_len=MAX_DISPLAY)


@dataclass
class Aspect(Node):
    """Width over height: a number (1.5) or a ratio written 4:3."""

    doc: str = ""

    def convert(self, v, path, ctx):
        written = ctx.pm.raw.get(path)
        if isinstance(v, int) and written and ":" in written:
            v = written  # YAML 1.1 reads an unquoted 3:4 as the sexagesimal number 184
        ratio = None
        if isinstance(v, int | float) and not isinstance(v, bool):
            ratio = float(v)
        elif isinstance(v, str) and v.count(":") == 1:
            a, b = v.split(":")
            try:
                ratio = float(a) / float(b)
            except (ValueError, ZeroDivisionError):
                ratio = None
        if ratio is None or not math.isfinite(ratio) or not 0.1 <= ratio <= 10:
            ctx.err(path, f"expected a width:height ratio such as 4:3 or 1.5 (0.1–10), "
                    f"got {v!r}")
            return None
        return ratio

    def json(self):
        return self._j({"anyOf": [{"type": "number"}, {"type": "string",
                                                       "pattern": r"^\d+(\.\d+)?:\d+(\.\d+)?$"}]})


INT_MAX = 1_000_000  # no count or index in a spec comes near it


@dataclass
class Int(Node):
    lo: int | None = None
    hi: int | None = INT_MAX
    doc: str = ""

    def convert(self, v, path, ctx):
        if isinstance(v, bool) or not isinstance(v, int):
            shown = repr(v) if not isinstance(v, str) or len(v) < 40 else repr(v[:40] + "…")
            ctx.err(path, f"expected a whole number, got {_tname(v)} {shown}")
            return None
        if self.lo is not None and v < self.lo:
            ctx.err(path, f"{v} is below the minimum {self.lo}")
            return None
        if self.hi is not None and v > self.hi:
            ctx.err(path, f"{v} is above the maximum {self.hi}")
            return None
        return v

    def json(self):
        d: dict[str, Any] = {"type": "integer"}
        if self.lo is not None:
            d["minimum"] = self.lo
        if self.hi is not None:
            d["maximum"] = self.hi
        return self._j(d)


@dataclass
class Num01(Node):
    """A number from 0 to 1 (a fraction of a picture)."""

    doc: str = ""

    def convert(self, v, path, ctx):
        if isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v <= 1:
            ctx.err(path, f"expected a number from 0 to 1, got {v!r}")
            return None
        return float(v)

    def json(self):
        return self._j({"type": "number", "minimum": 0, "maximum": 1})


@dataclass
class Bool(Node):
    doc: str = ""

    def convert(self, v, path, ctx):
        if not isinstance(v, bool):
            ctx.err(path, f"expected true or false, got {_tname(v)} {v!r}")
            return None
        return v

    def json(self):
        return self._j({"type": "boolean"})


@dataclass
class Enum(Node):
    choices: tuple[str, ...] = ()
    doc: str = ""

    def convert(self, v, path, ctx):
        if v not in self.choices:
            ctx.err(path, f"{v!r} is not one of: {', '.join(self.choices)}")
            return None
        return v

    def json(self):
        return self._j({"enum": list(self.choices)})


@dataclass
class LengthN(Node):
    """A length; bare numbers take `unit`."""

    unit: str = "字"
    positive: bool = True
    doc: str = ""

    def convert(self, v, path, ctx):
        try:
            ln = parse_length(v, self.unit)
        except UnitError as e:
            ctx.err(path, str(e))
            return None
        if not math.isfinite(ln.value) or abs(ln.pt(72, 72)) > MAX_MM * MM:  # 字, 行 ≤ 72pt
            ctx.err(path, f"{v!r} is not a length a page can hold (at most {MAX_MM:g}mm)")
            return None
        if self.positive and ln.value <= 0:
            ctx.err(path, f"must be greater than 0, got {v!r}")
            return None
        if ln.value < 0:
            ctx.err(path, f"must not be negative, got {v!r}")
            return None
        return ln

    def json(self):
        return self._j({"type": ["number", "string"],
                        "pattern": r"^\s*-?\d+(\.\d+)?\s*(字|行|mm|pt|em)?\s*$"})


@dataclass
class Size(Node):
    doc: str = ""

    def convert(self, v, path, ctx):
        try:
            size = parse_size(v)
        except UnitError as e:
            ctx.err(path, str(e))
            return None
        if not math.isfinite(size) or not 1 <= size <= 1000:
            ctx.err(path, f"type size {v!r} is outside 1–1000pt")
            return None
        return size

    def json(self):
        return self._j({"anyOf": [{"enum": list(ZIHAO)}, {"type": "number", "exclusiveMinimum": 0},
                                  {"type": "string", "pattern": r"^\d+(\.\d+)?\s*(pt|mm)$"}]})


@dataclass
class Date(Node):
    doc: str = ""

    def convert(self, v, path, ctx):
        if isinstance(v, _dt.datetime):
            return v.date()
        if isinstance(v, _dt.date):
            return v
        if isinstance(v, str):
            try:
                return _dt.date.fromisoformat(v.strip())
            except ValueError:
                pass
        ctx.err(path, f"expected a date like 2011-07-25, got {v!r}")
        return None

    def json(self):
        return self._j({"type": "string", "format": "date"})


@dataclass
class Color(Node):
    """CMYK in percent, [c, m, y, k], or the name of an entry in `colors`."""

    doc: str = ""

    def convert(self, v, path, ctx):
        if isinstance(v, str):
            return v  # a palette name; resolved by the validator
        if (isinstance(v, list) and len(v) == 4
                and all(isinstance(x, int | float) and not isinstance(x, bool) for x in v)):
            if all(0 <= x <= 100 for x in v):
                return tuple(float(x) for x in v)
            ctx.err(path, f"CMYK values are percentages from 0 to 100, got {v}")
            return None
        ctx.err(path, f"expected CMYK percentages [c, m, y, k] or a colour name, got {v!r}")
        return None

    def json(self):
        return self._j({"anyOf": [{"type": "string"}, {"type": "array", "minItems": 4,
                                  "maxItems": 4, "items": {"type": "number", "minimum": 0,
                                                           "maximum": 100}}]})


@dataclass
class AnyOf(Node):
    options: tuple[Node, ...] = ()
    pick: Callable[[Any], int] = lambda v: 0
    doc: str = ""

    def convert(self, v, path, ctx):
        return self.options[self.pick(v)].convert(v, path, ctx)

    def json(self):
        return self._j({"anyOf": [o.json() for o in self.options]})


@dataclass
class List(Node):
    item: Node = field(default_factory=Str)
    min_items: int = 0
    max_items: int | None = None
    doc: str = ""

    def convert(self, v, path, ctx):
        if not isinstance(v, list):
            ctx.err(path, f"expected a list, got {_tname(v)}")
            return None
        if len(v) < self.min_items or (self.max_items is not None and len(v) > self.max_items):
            want = (f"exactly {self.min_items}" if self.min_items == self.max_items
                    else f"at least {self.min_items}")
            ctx.err(path, f"expected {want} items, got {len(v)}")
            return None
        return [self.item.convert(x, path + (i,), ctx) for i, x in enumerate(v)]

    def json(self):
        d: dict[str, Any] = {"type": "array", "items": self.item.json()}
        if self.min_items:
            d["minItems"] = self.min_items
        if self.max_items is not None:
            d["maxItems"] = self.max_items
        return self._j(d)


@dataclass
class Obj(Node):
    """A mapping with known keys; unknown keys are errors at the key's position."""

    fields: dict[str, Node] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    defaults: dict[str, Any] = field(default_factory=dict)
    doc: str = ""

    def convert(self, v, path, ctx):
        if v is None and not self.required:
            v = {}
        if not isinstance(v, dict):
            ctx.err(path, f"expected a mapping, got {_tname(v)}")
            return None
        out: dict[str, Any] = {}
        for k, x in v.items():
            if k not in self.fields:
                near = _near(str(k), self.fields)
                hint = f" (did you mean '{near}'?)" if near else \
                    f" (known: {', '.join(self.fields)})"
                ctx.err(path + (k,), f"unknown key '{k}'{hint}", at_key=True)
                continue
            out[k] = self.fields[k].convert(x, path + (k,), ctx)
        for k in self.required:
            if k not in v:
                ctx.err(path, f"missing required key '{k}'")
        for k, d in self.defaults.items():
            out.setdefault(k, d)
        return out

    def json(self):
        d: dict[str, Any] = {"type": "object", "additionalProperties": False,
                             "properties": {k: n.json() for k, n in self.fields.items()}}
        if self.required:
            d["required"] = list(self.required)
        return self._j(d)


@dataclass
class Map(Node):
    """A mapping from user-chosen names to values of one kind (styles, fonts, colours)."""

    value: Node = field(default_factory=Str)
    doc: str = ""

    def convert(self, v, path, ctx):
        if v is None:
            return {}
        if not isinstance(v, dict):
            ctx.err(path, f"expected a mapping of names, got {_tname(v)}")
            return None
        return {str(k): self.value.convert(x, path + (k,), ctx) for k, x in v.items()}

    def json(self):
        return self._j({"type": "object", "additionalProperties": self.value.json()})


def _near(word: str, choices: dict[str, Any]) -> str | None:
    import difflib

    m = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.7)
    return m[0] if m else None


@dataclass
class Tagged(Node):
    """A mapping whose `tag` key chooses which further keys it may have: a block's `type`
    chooses its kind's fields (a tagged union). Keys of another kind are errors that say whose
    they are."""

    tag: str = "type"
    common: dict[str, Node] = field(default_factory=dict)
    variants: dict[str, dict[str, Node]] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    doc: str = ""

    def convert(self, v, path, ctx):
        if not isinstance(v, dict):
            ctx.err(path, f"expected a mapping, got {_tname(v)}")
            return None
        kind = v.get(self.tag)
        known = isinstance(kind, str) and kind in self.variants
        if self.tag in v and not known:
            shown = repr(kind) if isinstance(kind, str | int | float | None) else _tname(kind)
            ctx.err(path + (self.tag,), f"{shown} is not one of: {', '.join(self.variants)}")
        fields = {**self.common, **(self.variants[kind] if known else {})}
        out: dict[str, Any] = {}
        for k, x in v.items():
            if k == self.tag:
                out[k] = kind if known else None
                continue
            if k not in fields:
                if not known:
                    continue  # the kind is missing or wrong: its keys cannot be judged
                owners = [n for n, f in self.variants.items() if k in f]
                if owners:
                    hint = (f" (a key of {' and '.join(owners)} blocks, not of a {kind} "
                            "block)")
                else:
                    near = _near(str(k), fields)
                    hint = f" (did you mean '{near}'?)" if near else \
                        f" (known: {', '.join(fields)})"
                ctx.err(path + (k,), f"unknown key '{k}'{hint}", at_key=True)
                continue
            out[k] = fields[k].convert(x, path + (k,), ctx)
        for k in self.required:
            if k not in v:
                ctx.err(path, f"missing required key '{k}'")
        return out

    def json(self):
        props: dict[str, Any] = {self.tag: {"enum": list(self.variants)}}
        props.update({k: n.json() for k, n in self.common.items()})
        for fields in self.variants.values():
            props.update({k: n.json() for k, n in fields.items()})
        rules = [{"if": {"properties": {self.tag: {"const": name}}},
                  "then": {"propertyNames": {"enum": [self.tag, *self.common, *fields]}}}
                 for name, fields in self.variants.items()]
        d: dict[str, Any] = {"type": "object", "additionalProperties": False,
                             "properties": props, "allOf": rules}
        if self.required:
            d["required"] = list(self.required)
        return self._j(d)
