"""`banmian epaper`: what an article is, the site's files (semantic, self-contained,
deterministic), the folder written whole, and the edition's checks."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from layout.cli import main

EDITION = """\
meta: {title: 测试专版, paper: 测试日报, date: 2024-05-06, section: 要闻}
page: {preset: A3, folios: [FOLIO]}
body: {size: 小五, leading: 13.5pt}
grid: {columns: 4, column: 13, gutter: 1}
data:
  gdp: {label: 地区生产总值, value: 34.8, unit: 亿元, change: 5.4}
  fai: {label: 固定资产投资, value: 23.06, unit: 亿元, change: 36.6}
blocks:
  - id: top
    type: headline
    at: {col: 1, span: 4, line: 1, lines: 6}
    text: 克难攻坚
  - id: story
    type: text
    heading: 经济平稳增长
    at: {col: 1, span: 2, line: 7, lines: 40}
    columns: 2
    file: story.txt
  - id: pic
    type: photo
    photo: pic.jpg
    article: story
    at: {col: 3, span: 2, line: 7, lines: 20}
    caption: 新建的产业园区
  - id: bars
    type: chart
    chart: bar
    data: [gdp, fai]
    article: story
    at: {col: 3, span: 2, line: 28, lines: 20}
  - id: alone
    type: photo
    photo: pic.jpg
    at: {col: 1, span: 2, line: 48, lines: 16}
    caption: 社区一角
"""
STORY = ("上半年，全区地区生产总值完成34.8亿元，同比增长5.4%；固定资产投资完成23.06亿元，"
         "同比增长36.6%。\n\n## 项目建设\n\n"
         + "重点项目进展顺利，各项工作扎实开展，南水北调征迁安置工作稳步推进。" * 3 + "\n")


def _jpeg() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (900, 1200), (40, 120, 200)).save(buf, "JPEG")
    return buf.getvalue()


def _spec(tiny, folio: int = 2, name: str = "ed.yaml", **subs: str) -> Path:
    text = EDITION.replace("FOLIO", str(folio))
    for old, new in subs.items():
        text = text.replace(old, new)
    return tiny(text, name=name, files={"story.txt": STORY, "pic.jpg": _jpeg()})


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


def _site(spec: Path) -> dict[str, bytes]:
    from layout.epaper.cli import build_sources
    from layout.epaper.site import edition_files
    from layout.pipeline import Progress

    return edition_files(build_sources([spec], None, Progress(False)), "banmian test")


# -- what an article is --------------------------------------------------------------------
def test_articles_gather_their_photo_chart_and_title(tiny):
    from layout.pipeline import build

    built, _ = build(_spec(tiny))
    arts = {a.id: a for a in built.layout.articles}
    assert list(arts) == ["top", "story", "alone"]  # in the spec's order
    s = arts["story"]
    assert (s.kind, s.blocks, s.title) == ("story", ("story", "pic", "bars"), "经济平稳增长")
    alt = dict(s.alt)
    assert alt["pic"] == "新建的产业园区"
    assert "地区生产总值34.8亿元" in alt["bars"] and "固定资产投资23.06亿元" in alt["bars"]
    assert (arts["alone"].kind, arts["alone"].title) == ("picture", "社区一角")
    assert (arts["top"].kind, arts["top"].heading) == ("display", True)


def test_a_vertical_title_set_into_a_story_is_its_title(tiny):
    from layout.pipeline import build

    text = EDITION.replace("FOLIO", "2") + """\
  - id: vt
    type: vertical
    wrap: 1字
    at: {col: 2, span: 1, line: 9, lines: 8}
    text: 【竖题】
"""
    built, _ = build(tiny(text, files={"story.txt": STORY, "pic.jpg": _jpeg()}))
    story = next(a for a in built.layout.articles if a.id == "story")
    # the heading is the block's label; the vertical title set into it comes first
    assert "vt" in story.blocks and story.title == "【竖题】"


@pytest.mark.parametrize("value, message", [
    ("nope", "no block with id 'nope'"),
    ("pic", "a block cannot belong to itself"),
    ("bars", "block 'bars' belongs to 'story' itself: name 'story'"),
])
def test_article_key_errors_are_located(tiny, value, message):
    text = EDITION.replace("FOLIO", "2").replace(
        "    photo: pic.jpg\n    article: story", f"    photo: pic.jpg\n    article: {value}", 1)
    spec = tiny(text, files={"story.txt": STORY, "pic.jpg": _jpeg()})
    code, _, err = _run("check", str(spec))
    assert code == 2
    line = next(n for n, t in enumerate(text.splitlines(), 1) if f"article: {value}" in t)
    assert re.search(rf"spread\.yaml:{line}:\d+: blocks\[2\]\.article: {re.escape(message)}",
                     err), err
    assert len(err.strip().splitlines()) == 1


def test_a_continuation_cannot_name_another_story(tiny):
    text = EDITION.replace("FOLIO", "2").replace("    file: story.txt\n", """\
    file: story.txt
    next: more
""").replace("  - id: alone\n", """\
  - id: more
    type: text
    article: top
    at: {col: 3, span: 1, line: 64, lines: 10}
  - id: alone
""")
    spec = tiny(text, files={"story.txt": STORY, "pic.jpg": _jpeg()})
    code, _, err = _run("check", str(spec))
    assert code == 2 and "blocks[4].article: block 'more' continues 'story'" in err, err


# -- the site ------------------------------------------------------------------------------
@pytest.mark.slow
def test_the_site_is_semantic_self_contained_and_deterministic(tiny):
    from PIL import Image

    spec = _spec(tiny)
    files = _site(spec)
    assert files == _site(spec)  # the same spec, the same bytes
    assert {"index.html", "p2.html", "epaper.css", "a/2-story.html",
            "a/2-alone.html"} <= set(files)
    assert not any(k.startswith("a/2-top") for k in files)  # display type is no article
    pages = {k: v.decode("utf-8") for k, v in files.items() if k.endswith(".html")}
    for name, html in pages.items():
        assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html, name
        assert html.count("<h1") == 1, name
        assert not re.search(r"""(?:src|href|srcset)="(?:https?:)?//""", html), name
        for ref in re.findall(r'(?:src|href)="([^"#]+)"', html):
            target = (Path(name).parent / ref).as_posix()
            target = str(Path(target)).replace("\\", "/")
            while "/../" in f"/{target}":
                target = re.sub(r"[^/]+/\.\./", "", target, count=1)
            assert target in files, f"{name}: {ref} is not in the site"
    assert "url(" not in files["epaper.css"].decode() and "@import" not in files[
        "epaper.css"].decode()
    story = pages["a/2-story.html"]
    assert "<h1>经济平稳增长</h1>" in story and "<h2>项目建设</h2>" in story
    assert "34.8亿元" in story and "南水北调" in story
    assert '<figcaption>新建的产业园区</figcaption>' in story
    assert "<svg" in story and 'role="img"' in story  # the chart, inline
    assert "alt=\"新建的产业园区\"" in story
    # the article's text is what the page printed: every body line is in it
    from layout.pipeline import build

    built, _ = build(spec)
    for run in built.layout.items:
        if getattr(run, "block", "") == "story" and getattr(run, "role", "") == "body":
            assert run.text in story.replace("\n", "")
    # photos for screens: sRGB, no wider than 1280
    photos = [k for k in files if k.startswith("img/p2-pic-")]
    assert photos
    for k in photos:
        im = Image.open(io.BytesIO(files[k]))
        assert im.mode == "RGB" and im.width <= 1280
    # one region per article on the page, inside the page
    ban = pages["p2.html"]
    regions = re.findall(r'<a class="region" data-n="\d+" data-id="([^"]+)"', ban)
    assert regions == ["story", "alone"]
    for v in re.findall(r"(?:left|top|width|height):([\d.]+)%", ban):
        assert 0 <= float(v) <= 100
    assert 'type="image/webp"' in ban and ".jpg" in ban


@pytest.mark.slow
def test_the_folder_is_replaced_whole_and_only_if_ours(tiny, tmp_path):
    spec = _spec(tiny)
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = _run("epaper", str(spec), "-o", str(out), "--quiet")
    assert code == 2 and "was not written by banmian" in err
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    (out / "notes.txt").unlink()
    code, _, err = _run("epaper", str(spec), "-o", str(out), "--quiet")
    assert code == 0, err
    (out / "stale.html").write_text("old", encoding="utf-8")
    code, _, err = _run("epaper", str(spec), "-o", str(out), "--quiet")
    assert code == 0, err
    assert not (out / "stale.html").exists() and (out / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []
    f = tmp_path / "file"
    f.write_text("x", encoding="utf-8")
    code, _, err = _run("epaper", str(spec), "-o", str(f), "--quiet", "--force")
    assert code == 2 and "not a folder" in err


@pytest.mark.slow
def test_an_edition_of_two_specs(tiny, tmp_path):
    a = _spec(tiny, 2, "a.yaml")
    b = _spec(tiny, 3, "b.yaml")
    out = tmp_path / "ed"
    code, text, err = _run("epaper", str(a), str(b), "-o", str(out))
    assert code == 0, err
    assert "2 pages" in text
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="p2.html"' in index and 'href="p3.html"' in index
    last = (out / "a" / "2-alone.html").read_text(encoding="utf-8")
    assert 'rel="next" href="3-story.html"' in last  # reading runs on to the next 版


def test_an_edition_names_each_folio_once_and_one_date(tiny, tmp_path):
    a = _spec(tiny, 2, "a.yaml")
    b = _spec(tiny, 2, "b.yaml")
    code, _, err = _run("epaper", str(a), str(b), "-o", str(tmp_path / "ed"))
    assert code == 2
    assert re.search(r"b\.yaml:2:\d+: page\.folios\[0\]: 第2版 is also a page of .*a\.yaml",
                     err), err
    c = _spec(tiny, 3, "c.yaml", **{"2024-05-06": "2024-05-07"})
    code, _, err = _run("epaper", str(a), str(c), "-o", str(tmp_path / "ed"))
    assert code == 2 and re.search(r"c\.yaml:1:\d+: meta\.date: 2024-05-07, but", err), err
    assert not (tmp_path / "ed").exists()


def test_overset_pages_are_not_published(tiny, tmp_path):
    spec = _spec(tiny, **{"line: 7, lines: 40}": "line: 7, lines: 3}"})
    out = tmp_path / "site"
    code, text, err = _run("epaper", str(spec), "-o", str(out))
    assert code == 1 and "NOT READY" in text and not out.exists()


def test_never_over_the_specs_own_folder(tiny):
    spec = _spec(tiny)
    code, _, err = _run("epaper", str(spec), "-o", str(spec.parent), "--force")
    assert code == 2 and "holds the spec" in err
    assert spec.is_file() and (spec.parent / "story.txt").is_file()


@pytest.mark.slow
def test_block_ids_are_safe_file_names(tiny, tmp_path):
    spec = _spec(tiny, **{"id: story": 'id: "../../x"', "article: story": 'article: "../../x"',
                          "id: alone": "id: __/__/x"})
    out = tmp_path / "site"
    code, _, err = _run("epaper", str(spec), "-o", str(out), "--quiet")
    assert code == 0, err
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert made == ["a/2-______x-2.html", "a/2-______x.html", "index.html", "p2.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ed.yaml", "pic.jpg", "site",
                                                          "story.txt"]
