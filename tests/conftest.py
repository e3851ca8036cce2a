"""Shared fixtures: fake metrics for composer tests (no font files), the real default faces,
and a tiny valid spec that tests mutate into broken ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.compose import cjk

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "jiefang" / "spread.yaml"


class FakeMetrics:
    """Every wide character 1 em, Latin and digits ½ em; marks with ink on the GB side."""

    key = "fake"

    def advance(self, ch: str) -> float:
        wide = cjk.is_wide(ch) or ch in "—…" or ch in cjk.LEFT_BLANK or ch in cjk.RIGHT_BLANK
        return 1.0 if wide else 0.5

    def ink(self, ch: str):
        if ch in cjk.RIGHT_BLANK:
            return (0.08, -0.1, 0.32, 0.2)
        if ch in cjk.LEFT_BLANK:
            return (0.62, 0.5, 0.92, 0.85)
        if ch.isspace():
            return None
        return (0.05, -0.1, 0.95 * self.advance(ch), 0.8)

    def has(self, ch: str) -> bool:
        return ch != "\U0001F600"


@pytest.fixture
def fake() -> FakeMetrics:
    return FakeMetrics()


@pytest.fixture(scope="session")
def song():
    """The real default body face (fetched into the font cache on first use)."""
    from fonts import ensure_fonts, load_face

    return load_face(ensure_fonts(["song"])["song"])


TINY = """\
meta: {title: 测试版, date: 2024-05-06}
page: {preset: A3}
body: {size: 小五, leading: 13.5pt}
grid: {columns: 4, column: 13, gutter: 1}
blocks:
  - id: title
    type: headline
    style: subhead
    at: {col: 1, span: 4, line: 1, lines: 4}
    text: 测试标题
  - id: story
    type: text
    at: {col: 1, span: 2, line: 6, lines: 10}
    columns: 2
    text: 今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。
"""


@pytest.fixture
def tiny(tmp_path: Path):
    """Write a spec (the tiny one by default) into a fresh folder; returns its path."""

    def make(text: str = TINY, name: str = "spread.yaml", files: dict | None = None) -> Path:
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        for fname, content in (files or {}).items():
            f = tmp_path / fname
            f.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                f.write_bytes(content)
            else:
                f.write_text(content, encoding="utf-8")
        return p

    return make


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden layout dumps under tests/golden/ from this build")
