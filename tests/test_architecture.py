"""The shape of the code, checked: exporters read only the page model, no code outside the
kinds registry decides behaviour by a kind's name, and a render leaves no global setting of
ReportLab changed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = ROOT / "layout"
KIND_NAMES = {"text", "headline", "vertical", "photo", "rule", "caption", "chart"}
# what an exporter may import from layout/: the page model and its vocabulary
EXPORTER_MAY_IMPORT = {"layout.pagemodel", "layout.geometry", "layout.units", "layout.color",
                       "layout.export"}


def _modules():
    for path in sorted(LAYOUT.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _absolute(path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    pkg = list(path.relative_to(ROOT).with_suffix("").parts[:-node.level])
    return ".".join(pkg + ([node.module] if node.module else []))


def test_modules_that_draw_pdf_import_only_the_page_model():
    drawing = []
    for path, tree in _modules():
        imports = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
        names = {_absolute(path, n) for n in imports if isinstance(n, ast.ImportFrom)}
        names |= {a.name for n in imports if isinstance(n, ast.Import) for a in n.names}
        if not any(n.startswith("reportlab.pdfgen") for n in names):
            continue
        drawing.append(path.relative_to(ROOT).as_posix())
        ours = {n for n in names if n.startswith("layout")}
        bad = {n for n in ours if not any(n == ok or n.startswith(ok + ".")
                                          for ok in EXPORTER_MAY_IMPORT)}
        assert not bad, f"{path.name} draws with ReportLab but imports {sorted(bad)}"
    assert drawing == ["layout/export/pdf.py"]


def test_no_kind_is_told_apart_by_its_name_outside_the_registry():
    """`b.type == "photo"` branches are how behaviour leaked across modules; a kind's module
    and the registry are the only places a kind's name may decide anything."""
    found = []
    for path, tree in _modules():
        if path == LAYOUT / "kinds" / "__init__.py":
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare):
                continue
            sides = [node.left, *node.comparators]
            consts = [c for c in sides if isinstance(c, ast.Constant)]
            consts += [e for c in sides if isinstance(c, ast.Tuple | ast.Set | ast.List)
                       for e in c.elts if isinstance(e, ast.Constant)]
            if any(_is_kind(c) for c in sides) and any(c.value in KIND_NAMES for c in consts):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, found


def _is_kind(node: ast.AST) -> bool:
    """`b.type`, `b.KIND`, `b.kind`, `b["type"]` or `b.get("type")`: a block's kind."""
    if isinstance(node, ast.Attribute):
        return node.attr in ("type", "KIND", "kind")
    if isinstance(node, ast.Subscript):
        return isinstance(node.slice, ast.Constant) and node.slice.value == "type"
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get" and bool(node.args)
            and isinstance(node.args[0], ast.Constant) and node.args[0].value == "type")


def test_the_kind_check_finds_what_it_looks_for():
    tree = ast.parse('if b.type == "photo" or blk["type"] in ("text", "chart"): pass')
    sides = [s for n in ast.walk(tree) if isinstance(n, ast.Compare)
             for s in [n.left, *n.comparators]]
    assert sum(_is_kind(s) for s in sides) == 2


def test_a_render_leaves_reportlab_settings_as_it_found_them(tiny, monkeypatch):
    from reportlab import rl_config

    from layout import render

    before = rl_config.useA85
    p = tiny()
    monkeypatch.chdir(p.parent)
    render(p)
    assert rl_config.useA85 == before


@pytest.mark.parametrize("kind", sorted(KIND_NAMES))
def test_each_kind_is_one_module_with_its_block_type(kind):
    from layout.kinds import KINDS

    k = KINDS[kind]
    module = __import__(f"layout.kinds.{kind}", fromlist=["KIND"])
    assert module.KIND is k and k.build.__module__ == module.__name__



# issue 13: no function in layout/ above cyclomatic complexity 25 as radon counts it; the
# project holds figures/ and fonts/ to the same
COMPLEXITY_LIMIT = 25
MEASURED = ("layout", "figures", "fonts")


def _too_complex(source: str, name: str, limit: int = COMPLEXITY_LIMIT) -> list[str]:
    """`name:line function (complexity)` for each function and method of `source` above
    `limit`, as `radon cc` lists them (a class's own figure is an average, not a function's;
    a nested def is counted neither into its function nor on its own, as radon does)."""
    cc = pytest.importorskip("radon.complexity")
    from radon.visitors import Function

    return [f"{name}:{b.lineno} {b.fullname} ({b.complexity})" for b in cc.cc_visit(source)
            if isinstance(b, Function) and b.complexity > limit]


def test_no_function_is_above_the_complexity_limit():
    over = []
    for folder in MEASURED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            over += _too_complex(path.read_text(encoding="utf-8"),
                                 path.relative_to(ROOT).as_posix())
    assert not over, f"above cyclomatic complexity {COMPLEXITY_LIMIT} (radon): {over}"


def test_the_complexity_check_finds_what_it_looks_for():
    def branches(n: int, indent: str) -> str:
        return "".join(f"{indent}if x == {k}:\n{indent}    y = {k}\n" for k in range(n))

    source = ("def flat(x):\n" + branches(25, "    ")  # 26: one over the limit
              + "def fits(x):\n" + branches(24, "    ")  # 25: at the limit
              + "class C:\n    def method(self, x):\n" + branches(25, "        ")
              + "    def small(self, x):\n" + branches(1, "        "))
    assert sorted(f.split(" ", 1)[1] for f in _too_complex(source, "m.py")) == [
        "C.method (26)", "flat (26)"]
