"""`banmian arrange`: the spec written back with every block's place spelled out, so a designer
can start from the engine's page and nudge it.

Each block whose place the engine worked out (relative to another block, sized from its
content, or chosen by the arranger) gets an absolute `at: {page, col, span, line, lines}`;
places already absolute on the grid and places in mm stay as written. ruamel.yaml reads the
spec as a round-trip document, node by node with the exact span of each; only the text of
those `at:` values is replaced (or a new `at:` line added after `type:`), so every other byte
(comments, key order, blank lines, a flow mapping wrapped over two lines) stays as it was. A
dump of the whole document would re-flow such lines, so the document is never dumped. The
result is read back and checked: apart from the places, it holds the same data as the spec."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..diag import OutputError, Pos, SpecError
from ..geometry import Grid
from ..report import Report
from ..spec.model import BlockBase, Cell, Spec

KEPT = "kept"  # absolute on the grid, or in mm: the text as written
SPELLED = "spelled"  # relative or sized by the engine: now absolute
ADDED = "added"  # no `at:`: the arranger's place, added
PUSHED = "pushed"  # no room on the page (overset): the text as written, with a note


@dataclass(frozen=True, slots=True)
class Spelled:
    """What `arrange` writes for one block."""

    block: str
    how: str  # KEPT | SPELLED | ADDED | PUSHED
    at: tuple[tuple[str, int | str], ...] | None = None  # the place to write (None: keep)
    columns: int | None = None  # a `columns:` to add: an arranged story's text columns
    note: str = ""  # a comment line above `at:` (why a block has no place)


def spelled(spec: Spec, grid: Grid) -> tuple[Spelled, ...]:
    """What to write for each block of the arranged spec, in spec order."""
    return tuple(_spelled(b, grid, dict(spec.pushed)) for b in spec.blocks)


def _spelled(b: BlockBase, grid: Grid, pushed: dict[str, str]) -> Spelled:
    pl, cell = b.place, b.cell
    if b.id in pushed or (cell.rect is None and cell.lines < 1):
        return Spelled(b.id, PUSHED, note=f"banmian arrange: {pushed.get(b.id, 'no room')}; "
                       "overset, so its place is left as written")
    if pl.rect is not None or pl.fixed:
        return Spelled(b.id, KEPT)
    if cell.line_end > grid.lines:  # no spec can say this place: leave the block unplaced
        return Spelled(b.id, PUSHED, note=f"banmian arrange: no room on the page (lines "
                       f"{cell.line}–{cell.line_end} of {grid.lines}); overset, so its place "
                       "is left as written")
    at = place_of(cell, grid)
    # an arranged story without `columns:` took one text column per grid column: say so
    # (written only where the spec has no `columns:`; 1 is what a placed story has anyway)
    cols = getattr(b, "columns", None)
    columns = cols if pl.arranged and isinstance(cols, int) and cols > 1 else None
    return Spelled(b.id, ADDED if pl.arranged else SPELLED, at, columns)


def place_of(cell: Cell, grid: Grid) -> tuple[tuple[str, int | str], ...]:
    """A cell as the spec writes it: pages 1-based (`spread` across the fold), `page` only on
    a spread."""
    page = (("page", "spread" if cell.page == -1 else cell.page + 1),) if grid.pages > 1 else ()
    return (*page, ("col", cell.col), ("span", cell.span), ("line", cell.line),
            ("lines", cell.lines))


def flow(at: tuple[tuple[str, int | str], ...]) -> str:
    """A place as a one-line flow mapping, as the sample writes them."""
    return "{" + ", ".join(f"{k}: {v}" for k, v in at) + "}"


COMMENT = re.compile(r"(?:^|[ \t])(#.*)$", re.M)


def rewrite(text: str, name: str, plan: dict[str, Spelled]) -> str:
    """`text` with each block's place written as `plan` says. A place hidden behind a YAML
    alias cannot be edited in one spot: that is a SpecError at the alias."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.nodes import MappingNode

    try:
        root = YAML(typ="rt").compose(text)
        before = YAML(typ="safe", pure=True).load(text)
    except YAMLError as e:  # the spec loaded already: a parser difference, said plainly
        raise SpecError.one(f"cannot edit the spec's text: {e}".splitlines()[0],
                            Pos(name, 1, 1)) from None
    nl = "\r\n" if "\r\n" in text else "\n"
    blocks = _get(root, "blocks")
    raw_blocks = before.get("blocks") if isinstance(before, dict) else None
    if blocks is None or not isinstance(raw_blocks, list):
        return text
    edits: list[tuple[int, int, str]] = []
    seen: set[int] = set()
    for i, node in enumerate(blocks.value):
        if not isinstance(node, MappingNode):
            continue
        bid = _get(node, "id")
        sp = plan.get(getattr(bid, "value", None))
        if sp is None or sp.how == KEPT:
            continue
        where = _pos(name, node)
        if id(node) in seen or not blocks.start_mark.index <= node.start_mark.index:
            raise SpecError.one(f"blocks[{i}]: a block given as a YAML alias cannot be "
                                "arranged in place; write it out", where)
        seen.add(id(node))
        edits += _block_edits(text, name, node, sp, raw_blocks[i], nl)
    out = text
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + new + out[end:]
    _same_but_places(before, out, name, blocks, plan)
    return out


def _block_edits(text: str, name: str, node, sp: Spelled, raw: dict, nl: str
                 ) -> list[tuple[int, int, str]]:
    """The text edits for one block: its `at:` replaced or added (after `type:`), a
    `columns:` added, and the comments of a replaced `at:` and a note on the lines after it."""
    key, value = _item(node, "at")
    if key is not None and value.start_mark.index < key.end_mark.index:
        raise SpecError.one(f"block '{sp.block}': its `at:` is a YAML alias (*name); write the "
                            "place out to arrange it", _pos(name, key))
    edits: list[tuple[int, int, str]] = []
    moved: list[str] = []
    entries: list[str] = []  # keys to add after the place
    if sp.how == PUSHED or sp.at is None:
        end = _value_end(key, value) if key is not None else _type_end(node)
    elif key is None:
        end = _type_end(node)
        entries.append(f"at: {flow(sp.at)}")
    else:
        start, end, new, moved = _replace(text, name, key, value, sp)
        edits.append((start, end, new))
    if sp.columns is not None and "columns" not in raw:
        entries.append(f"columns: {sp.columns}")
    comments = [c.rstrip() for c in moved] + ([f"# {sp.note}"] if sp.note else [])
    if node.flow_style:  # comments cannot stand inside a one-line flow mapping: after it
        if entries:
            edits.append((end, end, "".join(f", {e}" for e in entries)))
        entries, end = [], node.end_mark.index
        indent = " " * node.start_mark.column
    else:
        indent = " " * node.value[0][0].start_mark.column  # the block's keys' column
    lines = entries + comments
    if lines:
        at = _line_end(text, end)
        edits.append((at, at, _lead(text, at, nl) + "".join(indent + x + nl for x in lines)))
    return edits


def _replace(text: str, name: str, key, value, sp: Spelled) -> tuple[int, int, str, list[str]]:
    """The span of a written `at:` value, what replaces it, and the comments it held."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode

    new = flow(sp.at)
    anchor = f"&{value.anchor} " if getattr(value, "anchor", None) else ""
    if isinstance(value, ScalarNode) and value.value in ("", "~", "null", "Null", "NULL"):
        if value.value == "":  # `at:` with nothing after it
            colon = text.index(":", key.end_mark.index) + 1
            return colon, colon, f" {anchor}{new}", []
        return value.start_mark.index, value.end_mark.index, anchor + new, []
    if isinstance(value, MappingNode) and value.flow_style:
        start, end = value.start_mark.index, value.end_mark.index
        return start, end, anchor + new, COMMENT.findall(text[start:end])
    if isinstance(value, MappingNode):  # a block mapping: one flow mapping in its place
        start, end = key.end_mark.index, _value_end(key, value)
        return start, end, f": {anchor}{new}", COMMENT.findall(text[start:end])
    raise SpecError.one(f"block '{sp.block}': its `at:` is not a mapping", _pos(name, key))


def _value_end(key, value) -> int:
    """Where a value's own text ends (a block mapping's end mark is the next key's start)."""
    from ruamel.yaml.nodes import MappingNode

    if isinstance(value, MappingNode) and not value.flow_style and value.value:
        return _value_end(*value.value[-1])
    if getattr(value, "value", None) == "":  # nothing written: its marks are the next token's
        return key.end_mark.index
    return max(value.end_mark.index, key.end_mark.index)


def _same_but_places(before, out: str, name: str, blocks, plan: dict[str, Spelled]) -> None:
    """The written text, read back, holds the spec's data with only the places changed."""
    import copy

    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    want = copy.deepcopy(before)
    for raw in want["blocks"]:
        sp = plan.get(raw.get("id")) if isinstance(raw, dict) else None
        if sp is None or sp.at is None or sp.how == PUSHED:
            continue
        raw["at"] = dict(sp.at)
        if sp.columns is not None and "columns" not in raw:
            raw["columns"] = sp.columns
    try:
        got = YAML(typ="safe", pure=True).load(out)
    except YAMLError:
        got = None
    if got == want:
        return
    got_blocks = got.get("blocks") if isinstance(got, dict) else None
    bad = next((i for i, (a, b) in enumerate(zip(want["blocks"], got_blocks or [],
                                                 strict=False)) if a != b), None)
    where = _pos(name, blocks.value[bad]) if bad is not None else Pos(name, 1, 1)
    raise SpecError.one("the places cannot be written into this spec's text without changing "
                        "other values (a YAML anchor or merge key shares them): write this "
                        "block's keys out", where)


def _get(node, key: str):
    return _item(node, key)[1]


def _item(node, key: str):
    from ruamel.yaml.nodes import MappingNode

    if isinstance(node, MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == key:
                return k, v
    return None, None


def _type_end(node) -> int:
    """Where a new `at:` goes: after the block's `type:` (else after its first key)."""
    k, v = _item(node, "type")
    if k is None:
        k, v = node.value[0]
    return v.end_mark.index if v.end_mark.index > k.end_mark.index else k.end_mark.index


def _line_end(text: str, at: int) -> int:
    """The index just past the line break of the line holding `at` (the text's end if none)."""
    i = text.find("\n", at)
    return len(text) if i < 0 else i + 1


def _lead(text: str, at: int, nl: str) -> str:
    """A line break first when inserting at the end of a text without a final one."""
    return nl if at == len(text) and text and not text.endswith("\n") else ""


def _pos(name: str, node) -> Pos:
    m = node.start_mark
    return Pos(name, m.line + 1, m.column + 1)


@dataclass(frozen=True)
class Arranged:
    """The arranged spec's text, what was written for each block, and the fit report."""

    text: str
    plan: tuple[Spelled, ...]
    report: Report


def arrange_spec(spec_path: Path, root: Path | None = None, progress=None) -> Arranged:
    """Build the spec (every check `render` makes) and write its places into its text."""
    from ..grid import build_grid
    from ..pipeline import build
    from ..spec.inputs import shown
    from ..spec.limits import MAX_SPEC_BYTES, Refused, read_bounded

    name = shown(spec_path)

    def read() -> bytes | None:
        try:
            return read_bounded(spec_path, MAX_SPEC_BYTES, "spec")
        except Refused:
            return None

    first = read()
    built, _ = build(spec_path, progress, root)  # a missing or broken spec stops here
    raw = read()
    if raw is None or raw != first:
        raise SpecError.one("the spec changed while it was being arranged; run again",
                            Pos(name, 1, 1))
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    plan = spelled(built.spec, build_grid(built.spec))
    text = rewrite(raw.decode("utf-8-sig"), name, {s.block: s for s in plan})
    return Arranged(bom + text, plan, built.report)


def target_for(spec: Path, given: str | None, force: bool) -> Path | None:
    """Where to write (None: standard output): beside the spec, since the files it names are
    relative to its folder; never over the spec itself, nor over a file without --force."""
    if given == "-":
        return None
    out = Path(given) if given else spec.with_name(f"{spec.stem}.arranged{spec.suffix or '.yaml'}")
    if out.exists() and spec.exists() and out.samefile(spec):
        raise OutputError.one(f"{out}: refusing to write over the spec itself; give another "
                              "name with -o")
    if out.parent.resolve() != spec.parent.resolve():
        raise OutputError.one(f"{out}: write the arranged spec beside {spec} (in "
                              f"{spec.parent}/): the files a spec names are relative to its "
                              "folder")
    if out.exists() and not force:
        raise OutputError.one(f"{out}: exists; use --force to overwrite it")
    return out


def summary(plan: tuple[Spelled, ...]) -> str:
    """One line: how many places were spelled out, added and kept."""
    n = {how: sum(s.how == how for s in plan) for how in (SPELLED, ADDED, KEPT, PUSHED)}
    parts = [f"{len(plan)} blocks", f"{n[SPELLED]} places spelled out",
             f"{n[ADDED]} placed by the arranger", f"{n[KEPT]} kept as written"]
    if n[PUSHED]:
        parts.append(f"{n[PUSHED]} without room on the page (overset, kept as written)")
    return ", ".join(parts)
