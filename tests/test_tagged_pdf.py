"""The print PDF is tagged: a structure tree with the articles in reading order, headings,
paragraphs and figures with Alt text; every mark on a page is either structure or an
artifact; ActualText where the glyphs are not the text. Checked on the written file with
pikepdf, as an accessibility checker would (the PDF/UA-1 and PDF/A-2a clauses that can be
checked without a validator), and with poppler's pdftotext where it is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from layout.export.tags import horizontal, spaced

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "jiefang" / "spread.yaml"
PAINT = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh"}

THREAD = """\
meta: {title: 线程, date: 2024-05-06, paper: 测试报}
page: {preset: A3, spread: true, folios: [4, 5]}
body: {size: 小五, leading: 13.5pt}
grid: {columns: 4, column: 13, gutter: 1}
blocks:
  - id: across
    type: headline
    at: {page: spread, col: 3, span: 4, line: 1, lines: 4}
    text: 跨版大标题横贯两版
  - id: story
    type: text
    heading: 第一篇
    at: {page: 1, col: 1, span: 1, line: 6, lines: 8}
    next: more
    file: story.txt
  - id: more
    type: text
    at: {page: 2, col: 1, span: 1, line: 6, lines: 30}
  - id: pic
    type: photo
    photo: pic.jpg
    article: story
    at: {page: 1, col: 2, span: 1, line: 6, lines: 12}
    caption: 配图说明文字
  - id: title
    type: vertical
    at: {page: 2, col: 3, span: 1, line: 6, lines: 8}
    text: 【竖排题】
"""
STORY = ("今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。" * 6 + "\n\n## 小标题在此\n\n"
         + "第二段文字继续讲述项目建设——进展顺利……各项工作扎实开展。" * 4 + "\n")


def _jpeg() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (600, 900), (180, 120, 60)).save(buf, "JPEG")
    return buf.getvalue()


def _render(spec: Path) -> bytes:
    from layout import render

    pdf, _ = render(spec)
    return pdf


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory) -> tuple[Path, object]:
    from layout.pipeline import build

    out = tmp_path_factory.mktemp("tagged") / "spread.pdf"
    out.write_bytes(_render(SAMPLE))
    built, _ = build(SAMPLE)
    return out, built


def _elems(node, depth=0):
    """The structure elements under `node`, depth first, with their depth."""
    k = node.get("/K")
    kids = list(k) if isinstance(k, pikepdf.Array) else ([k] if k is not None else [])
    for c in kids:
        if isinstance(c, pikepdf.Dictionary) and c.get("/Type") == "/StructElem":
            yield c, depth
            yield from _elems(c, depth + 1)


def _mcids(elem) -> list[tuple[int, int]]:
    k = elem.get("/K")
    kids = list(k) if isinstance(k, pikepdf.Array) else ([k] if k is not None else [])
    return [(c.Pg.objgen, int(c.MCID)) for c in kids
            if isinstance(c, pikepdf.Dictionary) and c.get("/Type") == "/MCR"]


def check_tagged(path: Path) -> dict:
    """Every clause this test can check; returns what it found for further asserts."""
    pdf = pikepdf.open(path)
    root = pdf.Root
    # PDF/UA-1 7.1 and PDF/A-2a 6.8.2.2: a tagged file says so
    assert root.MarkInfo.Marked is True
    # PDF/UA-1 7.2 and PDF/A-2a 6.8.? (natural language): the document's language
    assert str(root.Lang) == "zh-CN"
    # PDF/UA-1 7.1 (title): the window shows dc:title, and the XMP carries it
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert str(pdf.open_metadata().get("dc:title", "")).strip()
    tree = root.StructTreeRoot
    doc = tree.K
    assert doc.S == "/Document"
    elems = list(_elems(doc))
    # PDF/A-2a 6.8.3 / PDF/UA-1 7.1: only standard structure types (no RoleMap needed)
    standard = {"/Art", "/H1", "/H2", "/H3", "/P", "/Figure", "/Caption", "/Span", "/Sect",
                "/BlockQuote", "/L", "/LI", "/LBody", "/Table", "/TR", "/TH", "/TD"}
    assert {str(e.S) for e, _ in elems} <= standard
    # PDF/UA-1 7.3: every figure has a text alternative; ISO 32000 14.8.5.4: and a BBox
    for e, _ in elems:
        if e.S == "/Figure":
            assert str(e.get("/Alt", "")).strip(), "a Figure without Alt"
            assert len(e.A.BBox) == 4 and e.A.O == "/Layout"
    # PDF/UA-1 7.4.2: the first heading is H1, and no level is skipped
    levels = [int(str(e.S)[2:]) for e, _ in elems if str(e.S).startswith("/H")]
    assert levels and levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    # every element's parent points back at what holds it
    for e, _ in elems:
        assert e.P.objgen in {doc.objgen, *(x.objgen for x, _ in elems)}
    # the parent tree: each page's MCIDs map to the element holding them, and back
    nums = list(tree.ParentTree.Nums)
    parent = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    held = {}
    for e, _ in elems:
        for pg, mcid in _mcids(e):
            held[(pg, mcid)] = e.objgen
    pages = list(pdf.pages)
    used = set()
    for page in pages:
        sp = int(page.obj.StructParents)
        arr = parent[sp]
        # PDF/UA-1 7.1 ¶1 and Matterhorn 01-005: all content is marked as structure or
        # artifact; MCIDs in the content stream match the parent tree
        stack: list[str] = []
        mcid_seen = []
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op == "BMC":
                stack.append(str(operands[0]))
            elif op == "BDC":
                stack.append(str(operands[0]))
                props = operands[1]
                if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                    mcid_seen.append(int(props.MCID))
                    # no structure inside an artifact
                    assert "/Artifact" not in stack[:-1]
            elif op == "EMC":
                stack.pop()
            elif op in PAINT:
                assert stack, f"page {sp + 1}: {op} outside any marked content"
        assert not stack
        assert mcid_seen == list(range(len(arr)))
        for m in mcid_seen:
            assert held[(page.obj.objgen, m)] == arr[m].objgen
            used.add((page.obj.objgen, m))
        # PDF/UA-1 7.18.3: tab order follows the structure
        assert page.obj.Tabs == "/S"
    assert used == set(held)
    arts = [str(e.get("/T", "")) for e, d in elems if e.S == "/Art" and d == 0]
    return {"elems": elems, "arts": arts, "pdf": pdf}


def test_spaced_finds_where_glyphs_stand_apart():
    assert spaced("完成34.8亿元")
    assert spaced("PC机芯")
    assert spaced("———着力抓好")
    assert spaced("省略……")
    assert not spaced("全区经济平稳增长。")
    assert not spaced("34.8")
    assert horizontal("︻解放区赋︼﹁引﹂") == "【解放区赋】「引」"


@pytest.mark.slow
def test_the_sample_is_tagged_in_reading_order(sample_pdf):
    path, built = sample_pdf
    found = check_tagged(path)
    stories = [a for a in built.layout.articles if a.kind != "display"]
    assert len(found["arts"]) == len(stories)
    want = [f"{a.kicker}：{a.title}" if a.kicker and a.title else a.title for a in stories]
    assert found["arts"] == want
    titled = [t for t in found["arts"] if t.startswith("亮点聚焦：")]
    assert titled == [f"亮点聚焦：{h}" for h in (
        "全区经济平稳增长", "项目建设进展顺利", "招商引资成效明显", "财政收入再创新高",
        "工业实力逐步壮大", "城市建管显著提高", "城建力度明显加大", "民生事业协调发展")]
    # the vertical 【解放区赋】 is the H1 of the 展望 story it is set into
    assert "【解放区赋】" in found["arts"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_copied_text_reads_as_written(sample_pdf):
    path, _ = sample_pdf
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "【解放区赋】" in text and "︻" not in text
    assert "34.8亿元" in text and "34.8 亿元" not in text
    assert "— —" not in text


@pytest.mark.slow
def test_the_sample_stays_print_ready_and_byte_identical(sample_pdf):
    from layout.preflight import preflight

    path, _ = sample_pdf
    res = preflight(path, standard="x4+a2b", tac_limit=240, min_ppi=100, min_bleed_mm=2.99)
    assert res.failures == 0, res.table()
    assert _render(SAMPLE) == path.read_bytes()


@pytest.mark.slow
def test_a_thread_a_photo_and_a_spread_headline(tiny):
    spec = tiny(THREAD, files={"story.txt": STORY, "pic.jpg": _jpeg()})
    pdf = spec.with_suffix(".pdf")
    pdf.write_bytes(_render(spec))
    found = check_tagged(pdf)
    elems = found["elems"]
    # the vertical title stands in no story: display type under the document, not an Art
    assert found["arts"] == ["第一篇"]
    assert [str(e.S) for e, d in elems if d == 0] == ["/H1", "/Art", "/P"]
    art = next(e for e, d in elems if e.S == "/Art" and str(e.T) == "第一篇")
    kids = [e for e, d in elems if e.P.objgen == art.objgen]
    kinds = [str(e.S) for e in kids]
    # title, paragraphs and subhead in order, then the figure and its caption
    assert kinds[0] == "/H1" and "/H2" in kinds and kinds[-2:] == ["/Figure", "/Caption"]
    assert kinds.index("/H2") < len(kinds) - 2
    fig = kids[-2]
    assert str(fig.Alt) == "配图说明文字"
    # the thread runs on to page 2: a paragraph there still belongs to the story
    pages = {e.objgen: set() for e in kids}
    for e in kids:
        for pg, _m in _mcids(e):
            pages[e.objgen].add(pg)
    assert len(set().union(*pages.values())) == 2
    # the spread headline: one H1 whose marked content is on both pages
    head = next(e for e, d in elems if e.S == "/H1" and d == 0)
    assert len({pg for pg, _ in _mcids(head)}) == 2


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_actual_text_only_where_glyphs_differ(tiny):
    spec = tiny(THREAD, files={"story.txt": STORY, "pic.jpg": _jpeg()})
    pdf = spec.with_suffix(".pdf")
    pdf.write_bytes(_render(spec))
    doc = pikepdf.open(pdf)
    spans = 0
    runs = 0
    for page in doc.pages:
        for operands, op in pikepdf.parse_content_stream(page):
            if str(op) == "BDC" and str(operands[0]) == "/Span":
                spans += 1
                assert "/ActualText" in operands[1]
            if str(op) == "TJ":
                runs += 1
    assert 0 < spans < runs  # plain Chinese lines carry none
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "【竖排题】" in text and "34.8亿元" in text and "——进展顺利……" in text
