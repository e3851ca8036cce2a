"""The sample's e-paper in a real headless browser, served over HTTP on 127.0.0.1: every
request succeeds and stays on the site, each page has one region per article, a region opens
its article, Tab reaches every region, and the first page view stays under 1.5 MB.

Needs Chromium (Debian's `chromium`) and playwright-python; CI installs both."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BUDGET = 1_500_000  # bytes transferred for the first view of a page

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium"),
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("epaper") / "site"
    subprocess.run([sys.executable, "-m", "layout", "epaper",
                    str(ROOT / "data" / "jiefang" / "spread.yaml"), "-o", str(out), "--quiet"],
                   check=True, cwd=out.parent, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", out
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


def _visit(browser, url: str, width: int, height: int, scale: float, shot: Path | None = None):
    """Load a page in a fresh context (nothing cached): what was fetched, and what failed."""
    ctx = browser.new_context(viewport={"width": width, "height": height},
                              device_scale_factor=scale)
    page = ctx.new_page()
    fetched, failed = [], []
    page.on("requestfinished", lambda r: fetched.append(r))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(url, wait_until="networkidle")
    sizes = [(r.url, r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"])
             for r in fetched]
    if shot is not None:
        page.screenshot(path=str(shot))
    return ctx, page, sizes, failed


def test_index_and_pages_load_everything_from_the_site(site, browser):
    base, out = site
    for path in ("index.html", "p2.html", "p3.html", "a/2-h7.html", "a/2-bars.html"):
        ctx, _page, sizes, failed = _visit(browser, base + path, 1280, 900, 1)
        assert not failed, failed
        assert sizes and all(u.startswith(base) for u, _ in sizes), sizes
        ctx.close()


@pytest.mark.parametrize("width, height, scale", [(390, 844, 3), (1920, 1080, 1),
                                                  (1920, 1080, 2)])
def test_the_first_page_view_is_under_the_budget(site, browser, width, height, scale):
    base, out = site
    for path in ("index.html", "p2.html"):
        shot = out.parent / f"{path[:-5]}-{width}x{height}@{scale}.png"
        ctx, page, sizes, failed = _visit(browser, base + path, width, height, scale, shot)
        total = sum(s for _, s in sizes)
        print(f"{path} at {width}×{height}@{scale}x: {len(sizes)} requests, {total:,} bytes")
        assert not failed and total <= BUDGET, sizes
        if path == "p2.html":  # the page image is sharp: at least one pixel per device pixel
            src = page.evaluate("document.querySelector('.page img').currentSrc")
            w = int(re.search(r"-(\d+)\.(?:webp|jpg)$", src).group(1))
            shown = page.evaluate("document.querySelector('.page img').clientWidth")
            assert src.endswith(".webp") and w >= min(shown * scale, 1440), src
        ctx.close()


def test_regions_open_their_articles_and_tab_reaches_them(site, browser):
    base, out = site
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = ctx.new_page()
    total = 0
    for ban in ("p2.html", "p3.html"):
        page.goto(base + ban, wait_until="networkidle")
        regions = page.locator("a.region")
        n = regions.count()
        ids = [regions.nth(i).get_attribute("data-id") for i in range(n)]
        hrefs = [regions.nth(i).get_attribute("href") for i in range(n)]
        assert len(set(ids)) == n and len(set(hrefs)) == n  # one region per article
        assert page.locator(".toc a").count() == n
        total += n
        # Tab from the top reaches every region, in reading order
        reached = []
        page.keyboard.press("Tab")
        for _ in range(200):
            href = page.evaluate("document.activeElement.classList.contains('region') ? "
                                 "document.activeElement.getAttribute('href') : null")
            if href:
                reached.append(href)
            if len(reached) == n:
                break
            page.keyboard.press("Tab")
        assert reached == hrefs
        # a focused region is highlighted
        outline = page.evaluate("getComputedStyle(document.activeElement.querySelector('.box'))"
                                ".outlineStyle")
        assert outline == "solid"
    assert total >= 12
    page.goto(base + "p2.html", wait_until="networkidle")
    page.locator('a.region[data-id="h7"] .box').first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("a/2-h7.html")
    assert "南水北调" in page.inner_text("article")
    assert page.inner_text("article h1") == "城建力度明显加大"
    # and back to the page, by the link the article page offers
    page.get_by_role("link", name="返回第2版").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("p2.html")
    ctx.close()
