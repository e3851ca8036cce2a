"""The second exporter: SVG pages from the same page model as the PDF."""

from __future__ import annotations

import io
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from layout.cli import main

ROOT = Path(__file__).resolve().parent.parent
KINDS = ROOT / "tests" / "golden" / "kinds.yaml"
SVG = "{http://www.w3.org/2000/svg}"


def _render(spec: Path, out: Path, *extra: str) -> list[Path]:
    code = main(["render", str(spec), "--format", "svg", "-o", str(out), "--quiet", *extra],
                stdout=io.StringIO(), stderr=io.StringIO())
    assert code == 0
    return sorted(out.parent.glob(out.name + "-p*.svg"))


def test_one_svg_per_page_with_the_text_as_text(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    pages = _render(KINDS, tmp_path / "kinds")
    assert [p.name for p in pages] == ["kinds-p1.svg"]
    root = ET.parse(pages[0]).getroot()
    texts = ["".join(t.itertext()) for t in root.iter(SVG + "text")]
    joined = "".join(texts)
    assert "观察：经济平稳增长" in texts
    assert "今年年初以来，全区地区生产总值完成" in joined
    assert "锐" in joined and "︻" in joined  # the vertical title, cell by cell
    assert root.get("width").endswith("pt") and root.get("viewBox").startswith("0 0 ")
    assert "@font-face" not in pages[0].read_text(encoding="utf-8")  # fonts by name


def test_colours_are_cmyk_shown_through_the_output_profile(tmp_path, monkeypatch):
    from layout.color import screen_rgb
    from layout.spec.sources import DEFAULT_PROFILE

    monkeypatch.chdir(ROOT)
    text = _render(KINDS, tmp_path / "kinds")[0].read_text(encoding="utf-8")
    red = screen_rgb((0, 100, 100, 0), DEFAULT_PROFILE)
    assert red != "#ff0000" and f'fill="{red}"' in text  # the headline in press red
    assert "cmyk" not in text.lower()


def test_embedded_fonts_hold_only_the_characters_used(tmp_path, monkeypatch):
    import base64
    import re

    from fontTools.ttLib import TTFont

    monkeypatch.chdir(ROOT)
    text = _render(KINDS, tmp_path / "kinds", "--embed-fonts")[0].read_text(encoding="utf-8")
    faces = re.findall(r"font-family: \"banmian (\S+)\"; font-weight: \d+; "
                       r"src: url\(data:font/ttf;base64,([A-Za-z0-9+/=]+)\)", text)
    assert {name for name, _ in faces} >= {"song", "hei-black", "kai"}
    song = TTFont(io.BytesIO(base64.b64decode(dict(faces)["song"])))
    cmap = song.getBestCmap()
    assert ord("总") in cmap and len(cmap) < 400  # a subset, not the 30,000-glyph face


def test_svg_never_replaces_a_file_banmian_did_not_write(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    mine = tmp_path / "kinds-p1.svg"
    mine.write_text("<svg>my drawing</svg>", encoding="utf-8")
    err = io.StringIO()
    code = main(["render", str(KINDS), "--format", "svg", "-o", str(tmp_path / "kinds")],
                stdout=io.StringIO(), stderr=err)
    assert code == 2 and "not written by banmian" in err.getvalue()
    assert mine.read_text(encoding="utf-8") == "<svg>my drawing</svg>"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_chromium_shows_the_sample_with_selectable_text(tmp_path, monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.chdir(ROOT)
    pages = _render(ROOT / "data" / "jiefang" / "spread.yaml", tmp_path / "spread",
                    "--embed-fonts")
    assert len(pages) == 2
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"),
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1474, "height": 2079})
            failed = []
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.goto(pages[0].as_uri())
            selected = page.evaluate("""() => { const r = document.createRange();
                r.selectNodeContents(document.documentElement);
                const s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
                return s.toString(); }""")
            shot = page.screenshot()
        finally:
            browser.close()
    assert not failed
    flat = selected.replace("\n", "")
    assert "亮点聚焦：全区经济平稳增长" in flat and "全区地区生产总值完成34.8亿元" in flat
    assert len(shot) > 50_000  # a page drawn, not a blank
