"""banmian watch: what triggers a render, what does not, and what a broken spec leaves behind."""

from __future__ import annotations

import io
import shutil
import threading
import time
from pathlib import Path

import pytest

from layout.spec import spec_inputs
from layout.watch import Watcher

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture
def page(tmp_path, monkeypatch):
    """The tabloid page beside a copy of the texts it reads."""
    shutil.copytree(ROOT / "data" / "jiefang" / "text", tmp_path / "jiefang" / "text")
    shutil.copytree(ROOT / "data" / "tabloid", tmp_path / "tabloid")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "tabloid" / "page.yaml"


def _watcher(spec: Path, tmp: Path) -> tuple[Watcher, io.StringIO, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    w = Watcher(spec, tmp / "out.pdf", 0.01, out, err)
    w._track(set())
    return w, out, err


def test_inputs_are_every_file_the_spec_reads(page):
    from layout.spec import load_spec

    found = {p.name for p in spec_inputs(load_spec(page))}
    assert {"page.yaml", "outlook.txt", "review.txt"} <= found
    sample = {p.name for p in spec_inputs(load_spec(ROOT / "data" / "jiefang" / "spread.yaml"))}
    assert {"figures.csv", "01.jpg", "09.png", "intro.txt"} <= sample


def test_edit_renders_and_nothing_else_does(page, tmp_path):
    w, out, err = _watcher(page, tmp_path)
    first = w.render()
    assert first.ok and (tmp_path / "out.pdf").exists()
    assert "fits" in out.getvalue() and " ms, ok" in out.getvalue()  # the fit table, each time
    assert not w.changed()

    text = tmp_path / "jiefang" / "text" / "review.txt"
    text.touch()  # a new time, the same bytes: no work
    time.sleep(0.01)
    text.write_bytes(text.read_bytes())
    assert not w.changed()

    body = text.read_text(encoding="utf-8")
    text.write_text(body[: len(body) // 2].rstrip("\n") + "。\n", encoding="utf-8")
    assert w.changed()
    second = w.render()
    assert second.ok and second.gen == first.gen + 1
    assert second.pdf != first.pdf
    assert not w.changed()


def test_broken_spec_keeps_the_last_good_pdf(page, tmp_path):
    w, out, err = _watcher(page, tmp_path)
    good = w.render()
    pdf = (tmp_path / "out.pdf").read_bytes()
    page.write_text(page.read_text(encoding="utf-8").replace("span: 5", "span: 9", 1),
                    encoding="utf-8")
    assert w.changed()
    bad = w.render()
    assert not bad.ok and bad.pdf is good.pdf
    assert (tmp_path / "out.pdf").read_bytes() == pdf
    assert any("page.yaml:" in e and "span" in e for e in bad.errors)
    assert "last good render" in err.getvalue()


def test_watch_loop_follows_a_save(page, tmp_path):
    """The polling loop itself, in a thread: one save, one render."""
    w, out, err = _watcher(page, tmp_path)
    stop = threading.Event()
    t = threading.Thread(target=w.run, args=(stop,))
    t.start()
    try:
        deadline = time.time() + 30
        while w.renders < 1 and time.time() < deadline:
            time.sleep(0.01)
        assert w.renders == 1
        text = tmp_path / "jiefang" / "text" / "outlook.txt"
        text.write_text(text.read_text(encoding="utf-8")[:200] + "。\n", encoding="utf-8")
        while w.renders < 2 and time.time() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)
        assert w.renders == 2
    finally:
        stop.set()
        t.join(10)


def test_missing_file_saved_after_the_error_triggers_a_render(page, tmp_path):
    """The error names a text file that does not exist; saving it must bring the page back,
    though the spec itself did not change."""
    w, out, err = _watcher(page, tmp_path)
    assert w.render().ok
    page.write_text(page.read_text(encoding="utf-8").replace(
        "../jiefang/text/review.txt", "text/new-review.txt", 1), encoding="utf-8")
    assert w.changed()
    bad = w.render()
    assert not bad.ok and any("new-review.txt" in e for e in bad.errors)
    assert not w.changed()  # nothing moved yet
    (tmp_path / "tabloid" / "text").mkdir()
    assert w.changed()  # a new folder beside the spec
    assert not w.render().ok
    (tmp_path / "tabloid" / "text" / "new-review.txt").write_text(
        "新的回顾文字，写在这里。\n", encoding="utf-8")
    assert w.changed()
    assert w.render().ok
    assert w.folders == {}  # a good spec is watched by its inputs alone


def test_says_which_file_changed(page, tmp_path):
    w, out, err = _watcher(page, tmp_path)
    w.render()
    text = tmp_path / "jiefang" / "text" / "outlook.txt"
    text.write_text(text.read_text(encoding="utf-8")[:300] + "。\n", encoding="utf-8")
    assert w.changed()
    w.render()
    assert "banmian: jiefang/text/outlook.txt changed" in out.getvalue()
