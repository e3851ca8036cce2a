"""Hostile and broken input (tests/hostile.py builds 500+ cases, seeded): none may crash, hang,
read outside its folder, or give an error without its file:line:col. Each case runs in one
worker process under a 1 GB data limit, with a 10 s alarm per command."""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    result = work / "outcomes.jsonl"
    subprocess.run([sys.executable, "-c", "import hostile, sys; hostile.worker(*sys.argv[1:])",
                    str(work / "cases"), str(result)], cwd=HERE, check=True, timeout=600,
                   env={**os.environ, "PYTHONPATH": f"{HERE}:{HERE.parent}"},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    from hostile import Outcome

    return [Outcome(**json.loads(line)) for line in
            result.read_text(encoding="utf-8").splitlines()]


def test_there_are_enough_cases_in_every_category(outcomes):
    names = {o.name for o in outcomes}
    assert len(names) >= 500
    cats = collections.Counter(n.split("/")[0] for n in names)
    assert set(cats) == {"value", "yaml", "ref", "picture", "csv", "font", "profile", "text"}


def test_nothing_crashes_hangs_leaves_its_folder_or_speaks_unlocated(outcomes):
    bad = [(o.verdict, o.command, o.name, o.lines[:2]) for o in outcomes
           if o.verdict in ("crash", "timeout", "read outside", "unlocated")
           or o.verdict.startswith("exit")]
    assert not bad, bad[:10]


def test_the_bombs_are_refused_quickly(outcomes):
    by = {(o.name, o.command): o for o in outcomes}
    for name in ("yaml/billion-laughs", "yaml/10MB-headline", "yaml/recursive-alias",
                 "yaml/deep-10000"):
        o = by[(name, "check")]
        assert o.code == 2 and o.seconds < 1.0, (name, o.seconds, o.lines)


def test_the_generator_is_deterministic():
    import hostile

    assert [c.name for c in hostile.cases()] == [c.name for c in hostile.cases()]
