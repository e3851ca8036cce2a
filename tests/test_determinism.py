"""The same spec and fonts give the same bytes, whatever the environment says about time,
time zone or language."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _render(spec: Path, out: Path, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("SOURCE_DATE_EPOCH", "TZ", "LANG", "LC_ALL")}
    subprocess.run([sys.executable, "-m", "layout", "render", str(spec), "-o", str(out),
                    "--quiet", "--force"], check=True, cwd=spec.parent,
                   env={**clean, "PYTHONPATH": str(ROOT), **env})
    return hashlib.sha256(out.read_bytes()).hexdigest()


def test_environment_does_not_change_the_bytes(tiny, tmp_path):
    spec = tiny()
    plain = _render(spec, tmp_path / "a.pdf")
    assert _render(spec, tmp_path / "b.pdf", SOURCE_DATE_EPOCH="1700000000") == plain
    assert _render(spec, tmp_path / "c.pdf", TZ="Asia/Shanghai", LANG="C") == plain
    assert _render(spec, tmp_path / "d.pdf", TZ="America/New_York", LANG="zh_CN.UTF-8",
                   LC_ALL="C.UTF-8", SOURCE_DATE_EPOCH="1") == plain
