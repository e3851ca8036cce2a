"""What the archive tests share (both backends, a fast spec, the CLI), and the query rules
that need no index: folding, grams, snippets and marks."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, TINY
from layout.archive.query import PLAIN_MARKS, Hit, Query, fold, mark, word_grams
from layout.cli import main

PG_URL = os.environ.get("BANMIAN_TEST_PG", "")
BACKENDS = ["sqlite", "postgresql"]


@dataclass(frozen=True)
class Loc:
    """One archive under test: where its index is and where its entries are."""

    backend: str
    archive: str  # a folder or a postgresql:// URL with its own schema
    store: Path

    def args(self) -> list[str]:
        extra = ["--store", str(self.store)] if self.backend == "postgresql" else []
        return ["--archive", self.archive, *extra]


def pg_url(schema: str) -> str:
    return PG_URL + ("&" if "?" in PG_URL else "?") + f"schema={schema}"


def drop_schema(schema: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as c:
        c.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def make_loc(backend: str, tmp: Path):
    """A fresh archive on `backend` (PostgreSQL: a schema of its own); a generator for
    fixtures, which drops the schema afterwards."""
    if backend == "postgresql":
        if not PG_URL:
            if os.environ.get("CI"):
                pytest.fail("CI runs the archive tests on PostgreSQL: .ci/run sets "
                            "BANMIAN_TEST_PG")
            pytest.skip("no PostgreSQL server given (BANMIAN_TEST_PG); .ci/run starts one")
        schema = "t_" + uuid.uuid4().hex[:16]
        try:
            yield Loc(backend, pg_url(schema), tmp / "store")
        finally:
            drop_schema(schema)
    else:
        yield Loc(backend, str(tmp / "arc"), tmp / "arc")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def cli(*argv: str, env=None, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "layout", *argv], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def tiny_spec(folder: Path, edition: str = "B1", text: str = "") -> Path:
    """A one-page spec that archives in a fraction of a second (no photos, no finishing)."""
    folder.mkdir(parents=True, exist_ok=True)
    spec = TINY.replace("meta: {title: 测试版, date: 2024-05-06}",
                        f"meta: {{title: 测试版, date: 2024-05-06, edition: {edition}}}\n"
                        "output: {standard: none}")
    if text:
        spec = spec.replace("今年年初以来，", text)
    path = folder / "spread.yaml"
    path.write_text(spec, "utf-8")
    return path


# -- the query rules ------------------------------------------------------------------------

def test_fold_is_r11_and_keeps_length():
    assert fold("ＰＣ３６５ Pc９") == "pc365 pc9"
    assert fold("【解放】区赋") == "【解放】区赋"  # CJK brackets and Han unchanged
    s = "Ｇ２０峰会ＡＢＣabc"
    assert len(fold(s)) == len(s)
    assert Query.parse("  ＰＣ　南水北调 pc ").terms == ("pc", "南水北调")  # U+3000 splits


def test_word_grams_single_letters_and_pairs():
    assert word_grams("后扶，Ａ1") == sorted(["后", "扶", "后扶", "a", "1", "a1"])


def hit(text: str) -> Hit:
    return Hit("2011-07-25-A2-v1", "A2", "2011-07-25", 1, "t", 0, "2", "h1", text, 1)


def test_snippet_marks_every_match_and_cannot_clash_with_brackets():
    h = hit("【【解放】区赋】说解放区，解放")
    snip, spans = h.snippet(("解放",), width=8)
    assert [snip[a:b] for a, b in spans] == ["解放", "解放"]
    assert mark(snip, spans, PLAIN_MARKS) == "【【⟦解放⟧】区赋】说⟦解放⟧区…"
    snip, spans = h.snippet(("解放",), width=1)
    assert mark(snip, spans, PLAIN_MARKS) == "…【⟦解放⟧】…"
    # a full-width query matches the half-width text, and the marks cover the printed text
    h = hit("日本高级PC机芯")
    snip, spans = h.snippet(Query.parse("ｐｃ").terms)
    assert [snip[a:b] for a, b in spans] == ["PC"]


def test_snippet_overlapping_terms_merge():
    h = hit("南水北调中线")
    assert h.matches(("南水北", "北调中")) == [(0, 5)]


def test_render_and_sqlite_search_never_import_psycopg(tmp_path):
    spec = tiny_spec(tmp_path / "spec")
    code = (
        "import sys\n"
        "from layout.cli import main\n"
        f"assert main(['render', {str(spec)!r}, '-o', {str(tmp_path / 'x.pdf')!r}]) == 0\n"
        f"assert main(['archive', {str(spec)!r}, '--archive', {str(tmp_path / 'a')!r}]) == 0\n"
        f"assert main(['search', '测试', '--archive', {str(tmp_path / 'a')!r}]) == 0\n"
        "print('psycopg' in sys.modules)\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "False"
