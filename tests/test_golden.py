"""Golden layout dumps: each spec's page model as text (`banmian check --dump`), compared line by
line with the file under tests/golden/. A change in layout shows as a readable diff; after
reviewing it, `python -m pytest tests/test_golden.py --update-golden` rewrites the files."""

from __future__ import annotations

import difflib
import io
from pathlib import Path

import pytest

from layout.cli import main
from layout.export.dump import dump
from layout.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SPECS = {
    "kinds": GOLDEN / "kinds.yaml",
    "jiefang-spread": ROOT / "data" / "jiefang" / "spread.yaml",
    "jiefang-tujie": ROOT / "data" / "jiefang" / "tujie.yaml",
    "tabloid": ROOT / "data" / "tabloid" / "page.yaml",
    "narrow": ROOT / "data" / "narrow" / "page.yaml",
    "fold": ROOT / "data" / "fold" / "spread.yaml",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SPECS))
def test_layout_matches_its_golden_dump(name, request, monkeypatch):
    monkeypatch.chdir(ROOT)
    built, _ = build(SPECS[name])
    got = dump(built.layout)
    path = GOLDEN / f"{name}.dump"
    if request.config.getoption("--update-golden"):
        path.write_text(got, encoding="utf-8")
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = list(difflib.unified_diff(want.splitlines(), got.splitlines(), f"golden/{name}",
                                         "this build", lineterm="", n=1))
        pytest.fail(f"{name}: layout differs from its golden dump:\n" + "\n".join(diff[:80]))


def test_every_kind_appears_in_the_kinds_dump():
    """The small spec exercises each kind, so a kind whose placer breaks shows in the diff."""
    from layout.kinds import KINDS

    text = (GOLDEN / "kinds.dump").read_text(encoding="utf-8")
    roles = {line.split()[2].split(":")[1] for line in text.splitlines()[1:]
             if ":" in line.split()[2]}
    assert {"headline", "kicker", "subtitle", "body", "heading", "caption", "photo",
            "placeholder", "chart", "vertical", "rule", "border", "box", "label"} <= roles
    from layout.spec import load_spec

    kinds = {b.KIND for b in load_spec(SPECS["kinds"]).blocks}
    assert kinds == set(KINDS)


def test_check_dump_prints_the_same_text(monkeypatch):
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    code = main(["check", str(SPECS["kinds"].relative_to(ROOT)), "--dump"], stdout=out,
                stderr=io.StringIO())
    assert code == 0
    assert out.getvalue() == (GOLDEN / "kinds.dump").read_text(encoding="utf-8")
