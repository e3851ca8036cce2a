"""End to end in a real headless browser: `banmian watch --serve`, the preview page, the overlay,
and an edit on disk showing up without a reload.

Needs Chromium (Debian's `chromium`) and playwright-python; CI installs both."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium"),
]


@pytest.fixture
def served(tmp_path):
    shutil.copytree(ROOT / "data" / "jiefang", tmp_path / "jiefang")
    spec = tmp_path / "jiefang" / "spread.yaml"
    log = open(tmp_path / "watch.log", "w+", encoding="utf-8")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "layout", "watch", str(spec), "-o", str(tmp_path / "out.pdf"),
         "--serve", "--port", "0"],
        cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    url = None
    deadline = time.time() + 60
    while time.time() < deadline and url is None:
        log.seek(0)
        m = re.search(r"preview at (http://127\.0\.0\.1:\d+/)", log.read())
        url = m.group(1) if m else None
        time.sleep(0.1)
    try:
        assert url, "watch did not announce its preview"
        yield url, spec, tmp_path
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_preview_page_follows_the_spec(served):
    from playwright.sync_api import sync_playwright

    url, spec, tmp = served
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        # both pages of the spread, drawn
        page.wait_for_function(
            "document.querySelectorAll('.page img').length === 2 && "
            "[...document.querySelectorAll('.page img')].every(i => i.complete && "
            "i.naturalWidth > 0)", timeout=60_000)
        gen0 = int(page.get_attribute("body", "data-gen"))
        assert page.locator(".page svg").first.is_hidden()

        # the proof overlay: grid, block outlines with names, on both pages
        page.check("#proof")
        assert page.locator(".page svg").first.is_visible()
        assert page.locator(".page[data-page='0'] svg .blk").count() > 5
        assert page.locator(".page[data-page='1'] svg .blk").count() > 5
        assert page.locator("svg .col").count() == 16  # 8 columns on each page
        assert page.locator("svg .blk.overflow").count() == 0
        # clicking a block shows where the spec defines it
        page.locator(".page[data-page='0'] svg .blk[data-block='intro']").click()
        assert re.search(r"spread\.yaml:\d+:\d+\s+intro", page.inner_text("#info"))

        page.evaluate("window.__stay = 42")  # gone if the page reloads
        before = page.get_attribute(".page[data-page='0'] img", "src")

        # edit on disk: lengthen the first story until the blocks below it lose their room
        text = spec.parent / "text" / "intro.txt"
        text.write_text(text.read_text(encoding="utf-8").strip() * 20 + "\n", encoding="utf-8")
        page.wait_for_function(f"Number(document.body.dataset.gen) > {gen0}", timeout=30_000)
        page.wait_for_function(
            "[...document.querySelectorAll('.page img')].every(i => "
            "i.dataset.gen === document.body.dataset.gen)", timeout=30_000)
        assert page.evaluate("window.__stay") == 42
        assert page.get_attribute(".page[data-page='0'] img", "src") != before
        # the blocks pushed off the page have no place to outline: the table names them
        assert "h2" in page.locator("#fits tr.overflow").all_text_contents()[0]
        assert "overflow" in page.inner_text("#status")

        # a broken spec keeps the last good page and shows the error with its location
        spec.write_text(spec.read_text(encoding="utf-8").replace(
            "columns: 8", "columns: eight", 1), encoding="utf-8")
        page.wait_for_selector("#errors.on", timeout=30_000)
        assert re.search(r"spread\.yaml:\d+:\d+", page.inner_text("#errors"))
        assert page.locator(".page img").count() == 2
        assert page.evaluate("window.__stay") == 42

        page.check("#showfits")
        assert page.locator("#fits tr").count() > 10
        page.screenshot(path=str(tmp / "preview.png"))
        browser.close()
    assert (tmp / "out.pdf").stat().st_size > 100_000
