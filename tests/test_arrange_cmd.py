"""`banmian arrange`: the spec written back with every place spelled out. The new spec renders
the same page, byte for byte; nothing but the places changes in its text; it never overwrites
the spec it came from."""

from __future__ import annotations

import difflib
import io
import shutil
from pathlib import Path

import pytest

from layout.arrange.write import ADDED, KEPT, PUSHED, SPELLED, Spelled, rewrite
from layout.cli import main
from layout.diag import SpecError
from layout.pipeline import arranged, build, render

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def copied(src: Path, tmp_path: Path) -> Path:
    """The spec's folder copied, so the arranged spec can be written beside it."""
    dst = tmp_path / src.parent.name
    shutil.copytree(src.parent, dst)
    return dst / src.name


def changed(old: str, new: str) -> list[tuple[str, str, str]]:
    """(tag, old lines, new lines) of each difference between two texts."""
    a, b = old.splitlines(), new.splitlines()
    return [(tag, "\n".join(a[i1:i2]), "\n".join(b[j1:j2]))
            for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes()
            if tag != "equal"]


FREE = """\
# A page the arranger lays out: no block says where it goes.
meta: {title: 自动版面, date: 2024-05-06}
page: {preset: A3}
body: {size: 小五, leading: 13.5pt}
grid: {columns: 4, column: 13, gutter: 1}
styles:
  headline: {font: hei-black, size: 36pt, color: red, align: center}
blocks:
  - id: title
    type: headline
    priority: 1
    text: 克难攻坚　亮点频现
  - id: lead
    type: text       # the 头条's text, as wide as the page
    priority: 1
    file: text/intro.txt
  - id: photo
    type: photo
    placeholder: true
    caption: 新建成的滨河路街景
  - id: h1-title
    type: headline
    text: 全区经济平稳增长
  - id: h1
    type: text
    file: text/h1.txt
  - id: h2
    type: text
    heading: 项目建设进展顺利
    file: text/h2.txt
  - id: street
    type: photo
    placeholder: true
  - id: street-caption
    type: caption      # a caption block: the arranger keeps it under its photo
    photos: [street]
    text: 滨河路两侧的新街景
"""


def free_page(tmp_path: Path) -> Path:
    """A spec whose blocks have no `at:` at all: the arranger places every one."""
    folder = tmp_path / "free"
    (folder / "text").mkdir(parents=True)
    for name in ("intro", "h1", "h2"):
        shutil.copy(ROOT / "data" / "narrow" / "text" / f"{name}.txt", folder / "text")
    spec = folder / "page.yaml"
    spec.write_text(FREE, encoding="utf-8")
    return spec


# ── the acceptance: the arranged spec renders the same PDF ──────────────────────────────────

@pytest.mark.slow
@pytest.mark.parametrize("spec", ["sample", "free"])
def test_arranged_spec_renders_a_byte_identical_pdf(spec, tmp_path, monkeypatch):
    src = copied(ROOT / "data" / "jiefang" / "spread.yaml", tmp_path) if spec == "sample" \
        else free_page(tmp_path)
    monkeypatch.chdir(src.parent)
    code, out, _ = run("arrange", src.name, "-o", "new.yaml")
    assert code == 0, out
    new = src.parent / "new.yaml"
    before, rep = render(src)
    after, _ = render(new)
    assert rep.ok and before == after
    # every block is now placed absolutely: nothing is left to the engine
    spec_new, _, _ = arranged(new)
    assert all(b.place.fixed for b in spec_new.blocks)
    if spec == "free":
        assert all(b.place.arranged for b in arranged(src)[0].blocks)


@pytest.mark.slow
@pytest.mark.parametrize("spec", [
    ROOT / "data" / "peer" / "page.yaml",
    ROOT / "data" / "jiefang" / "tujie.yaml",
    ROOT / "data" / "narrow" / "page.yaml",
    ROOT / "data" / "tabloid" / "page.yaml",
    GOLDEN / "kinds.yaml",
], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_arranged_spec_lays_out_the_same_page(spec, tmp_path, monkeypatch):
    """The page model (what every exporter draws from) is the same, item for item."""
    src = copied(spec, tmp_path)
    monkeypatch.chdir(src.parent)
    code, _, err = run("arrange", src.name, "-o", "new.yaml", "--quiet")
    assert code == 0 and err == ""
    old, _ = build(src)
    new, _ = build(src.parent / "new.yaml")
    assert new.layout == old.layout and new.report.ok


def test_peer_page_pdf_is_byte_identical(tmp_path, monkeypatch):
    src = copied(ROOT / "data" / "peer" / "page.yaml", tmp_path)
    monkeypatch.chdir(src.parent)
    assert run("arrange", src.name, "-o", "new.yaml", "--quiet")[0] == 0
    assert render(src)[0] == render(src.parent / "new.yaml")[0]


# ── what the text keeps ─────────────────────────────────────────────────────────────────────

def test_only_the_places_change_in_the_sample(tmp_path, monkeypatch):
    """Comments, blank lines, key order and the wrapped style line stay byte for byte; each
    relative place becomes one absolute flow mapping on its own line; the headline, already
    absolute, is left as written."""
    src = copied(ROOT / "data" / "jiefang" / "spread.yaml", tmp_path)
    monkeypatch.chdir(src.parent)
    code, out, _ = run("arrange", src.name, "-o", "new.yaml")
    old = src.read_text(encoding="utf-8")
    new = (src.parent / "new.yaml").read_text(encoding="utf-8")
    diffs = changed(old, new)
    assert code == 0 and diffs and all(tag == "replace" for tag, _, _ in diffs)
    n = 0
    for _, a, b in diffs:
        for la, lb in zip(a.splitlines(), b.splitlines(), strict=True):
            assert la.split("at:")[0] == lb.split("at:")[0]  # same key, same indent
            assert lb.strip().startswith("at: {page: ")
            assert la.partition("}")[2] == lb.partition("}")[2]  # the comment after it kept
            n += 1
    assert "at: {page: 2, col: 1, span: 6, line: 1, lines: 9}" in new  # headline-2, as written
    assert "at: {page: spread, col: 1, span: 16, line: 10, lines: 1}" in new  # span: all
    assert "at: {page: 1, col: 3, span: 6, line: 1, lines: 9}" in new  # right_of: slogan-left
    assert f"{n} places spelled out" in out and "2 kept as written" in out


def test_arranger_places_are_added_after_type_with_the_story_columns(tmp_path, monkeypatch):
    src = free_page(tmp_path)
    monkeypatch.chdir(src.parent)
    assert run("arrange", src.name, "-o", "new.yaml", "--quiet")[0] == 0
    new = (src.parent / "new.yaml").read_text(encoding="utf-8")
    diffs = changed(FREE, new)
    assert len(diffs) == FREE.count("  - id: ") and all(tag == "insert" for tag, _, _ in diffs)
    lines = new.splitlines()
    for i, line in enumerate(lines):
        if line.strip().startswith("at: "):
            assert lines[i - 1].strip().startswith("type: ")
            assert line.index("at:") == lines[i - 1].index("type:")
    spec, _, _ = arranged(src)
    for b in spec.blocks:  # a story spread over its span sets one text column per grid column
        if b.KIND == "text" and b.cell.span > 1:
            assert f"columns: {b.cell.span}" in dict(diffs_by_block(new))[b.id]


def diffs_by_block(text: str) -> list[tuple[str, str]]:
    """(block id, the block's lines) for each block of a spec's text."""
    out, cur = [], None
    for line in text.splitlines():
        if line.startswith("  - id: "):
            cur = [line[len("  - id: "):].split()[0], ""]
            out.append(cur)
        if cur is not None:
            cur[1] += line + "\n"
    return [tuple(x) for x in out]


def test_arranging_the_arranged_spec_changes_nothing(tmp_path, monkeypatch):
    src = free_page(tmp_path)
    monkeypatch.chdir(src.parent)
    assert run("arrange", src.name, "-o", "new.yaml", "--quiet")[0] == 0
    code, out, _ = run("arrange", "new.yaml", "-o", "again.yaml")
    assert code == 0 and "0 places spelled out, 0 placed by the arranger" in out
    assert (src.parent / "again.yaml").read_bytes() == (src.parent / "new.yaml").read_bytes()


def test_mm_places_stay_as_written(tiny, monkeypatch):
    spec = tiny("""\
page: {preset: A3}
grid: {columns: 4, column: 13, gutter: 1}
blocks:
  - id: title
    type: headline
    at: {x: 70mm, y: 30mm, width: 150mm, height: 30mm}   # the designer's own place
    text: 测试标题
  - id: story
    type: text
    at: {below: title, col: 1, span: 2}
    text: 今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。
""")
    monkeypatch.chdir(spec.parent)
    code, out, err = run("arrange", spec.name, "-o", "new.yaml")
    assert code == 2 and "is placed in mm: follow a block on the grid" in err  # as render says
    spec.write_text(spec.read_text(encoding="utf-8").replace("below: title, ", ""),
                    encoding="utf-8")
    code, out, _ = run("arrange", spec.name, "-o", "new.yaml")
    new = (spec.parent / "new.yaml").read_text(encoding="utf-8")
    assert code == 0 and "at: {x: 70mm, y: 30mm, width: 150mm, height: 30mm}   # the " in new
    cell = arranged(spec)[0].blocks[1].cell
    assert f"at: {{col: 1, span: 2, line: {cell.line}, lines: {cell.lines}}}" in new  # no page
    assert build(spec)[0].layout == build(spec.parent / "new.yaml")[0].layout


def test_a_block_pushed_off_the_page_keeps_its_place_with_a_note(tiny, monkeypatch):
    """No place on the page can be written for it: its `at:` stays as written, a comment says
    why, and the re-render pushes it off again (overset, exit 1), the rest where it was."""
    spec = tiny("""\
page: {preset: A3}
grid: {columns: 4, column: 13, gutter: 1, lines: 20}
blocks:
  - id: big
    type: text
    at: {col: 1, span: 4, line: 1, lines: 20}
    text: 今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。
  - id: late
    type: text
    at: {below: big}   # nothing is left under it
    text: 全社会固定资产投资完成23.06亿元，同比增长36.6%。
""")
    monkeypatch.chdir(spec.parent)
    code, out, err = run("arrange", spec.name, "-o", "new.yaml")
    new = (spec.parent / "new.yaml").read_text(encoding="utf-8")
    assert code == 1 and "NOT READY" in out and "late" in err
    assert "1 without room on the page (overset, kept as written)" in out
    assert ("    at: {below: big}   # nothing is left under it\n"
            "    # banmian arrange: no room on the page: it would start at line 22, below the "
            "last line 20; overset, so its place is left as written\n") in new
    assert "at: {col: 1, span: 4, line: 1, lines: 20}" in new
    old_b, new_b = build(spec)[0], build(spec.parent / "new.yaml")[0]
    assert new_b.layout == old_b.layout and not new_b.report.ok
    assert [f.block for f in new_b.report.fits if not f.ok] == ["late"]


# ── the text edit itself ────────────────────────────────────────────────────────────────────

PLAN = {
    "a": Spelled("a", SPELLED, (("col", 1), ("span", 2), ("line", 3), ("lines", 4))),
    "b": Spelled("b", ADDED, (("col", 3), ("span", 2), ("line", 1), ("lines", 5)), columns=2),
    "c": Spelled("c", ADDED, (("col", 1), ("span", 1), ("line", 9), ("lines", 2))),
    "d": Spelled("d", PUSHED, note="banmian arrange: no room; overset"),
    "e": Spelled("e", KEPT),
}


def test_a_block_mapping_place_becomes_one_line_and_its_comments_stay():
    text = ("blocks:\n  - id: a   # first\n    type: text   # kind\n    at:   # where\n"
            "      below: x   # under x\n      gap: 0\n    file: x.txt\n")
    assert rewrite(text, "t.yaml", PLAN) == (
        "blocks:\n  - id: a   # first\n    type: text   # kind\n"
        "    at: {col: 1, span: 2, line: 3, lines: 4}\n    # where\n    # under x\n"
        "    file: x.txt\n")


def test_flow_blocks_empty_places_and_blocks_without_type_first():
    text = ("blocks:\n  - {id: b, type: text, text: hi}   # flow\n"
            "  - id: c\n    type: text\n    at:\n    text: c\n"
            "  - id: e\n    type: text\n    at: {col: 1,\n         span: 1}\n")
    assert rewrite(text, "t.yaml", PLAN) == (
        "blocks:\n  - {id: b, type: text, at: {col: 3, span: 2, line: 1, lines: 5}, "
        "columns: 2, text: hi}   # flow\n"
        "  - id: c\n    type: text\n    at: {col: 1, span: 1, line: 9, lines: 2}\n    text: c\n"
        "  - id: e\n    type: text\n    at: {col: 1,\n         span: 1}\n")


def test_line_ends_and_a_missing_final_newline_are_kept():
    text = "blocks:\r\n  - id: b\r\n    text: b\r\n    type: text"
    assert rewrite(text, "t.yaml", PLAN) == (
        "blocks:\r\n  - id: b\r\n    text: b\r\n    type: text\r\n"
        "    at: {col: 3, span: 2, line: 1, lines: 5}\r\n    columns: 2\r\n")


def test_a_story_that_says_its_columns_keeps_them():
    text = "blocks:\n  - id: b\n    type: text\n    columns: 3\n"
    assert rewrite(text, "t.yaml", PLAN) == (
        "blocks:\n  - id: b\n    type: text\n    at: {col: 3, span: 2, line: 1, lines: 5}\n"
        "    columns: 3\n")


@pytest.mark.parametrize("text, where, says", [
    ("blocks:\n  - id: x\n    type: text\n    at: &p {below: q}\n"
     "  - id: a\n    type: text\n    at: *p\n", "t.yaml:7:5", "its `at:` is a YAML alias"),
    ("blocks:\n  - id: a\n    type: text\n    at: &p {below: q}\n"
     "  - id: e\n    type: text\n    at: *p\n", "t.yaml:5:5", "a YAML anchor or merge key"),
    ("base: &b {id: a, type: text}\nblocks:\n  - *b\n", "t.yaml:1:7",
     "a block given as a YAML alias"),
], ids=["alias", "shared-anchor", "block-alias"])
def test_places_shared_through_yaml_aliases_are_refused_at_their_line(text, where, says):
    with pytest.raises(SpecError) as e:
        rewrite(text, "t.yaml", PLAN)
    line = str(e.value)
    assert "\n" not in line and line.startswith(where + ": ") and says in line


# ── where it writes, and bad input ──────────────────────────────────────────────────────────

def test_never_over_the_spec_itself(tiny, monkeypatch):
    spec = tiny()
    monkeypatch.chdir(spec.parent)
    before = spec.read_bytes()
    for target in (spec.name, f"./{spec.name}", str(spec)):
        code, out, err = run("arrange", spec.name, "-o", target, "--force")
        assert code == 2 and out == "" and err.count("\n") == 1
        assert "refusing to write over the spec itself" in err
    assert spec.read_bytes() == before


def test_an_existing_file_needs_force_and_the_folder_is_the_specs(tiny, monkeypatch, tmp_path):
    spec = tiny()
    monkeypatch.chdir(spec.parent)
    other = spec.parent / "other.yaml"
    other.write_text("# someone's notes\n", encoding="utf-8")
    code, _, err = run("arrange", spec.name, "-o", other.name)
    assert code == 2 and err == "other.yaml: exists; use --force to overwrite it\n"
    assert other.read_text(encoding="utf-8") == "# someone's notes\n"
    code, _, _ = run("arrange", spec.name, "-o", other.name, "--force", "--quiet")
    assert code == 0 and "id: story" in other.read_text(encoding="utf-8")
    (spec.parent / "sub").mkdir()
    code, _, err = run("arrange", spec.name, "-o", "sub/new.yaml")
    assert code == 2 and err.count("\n") == 1 and "write the arranged spec beside" in err
    assert not (spec.parent / "sub" / "new.yaml").exists()


def test_default_name_and_standard_output(tiny, monkeypatch):
    spec = tiny()
    monkeypatch.chdir(spec.parent)
    code, out, _ = run("arrange", spec.name)
    assert code == 0 and out.startswith("spread.arranged.yaml: 2 blocks")
    assert (spec.parent / "spread.arranged.yaml").read_bytes() == spec.read_bytes()
    code, out, err = run("arrange", spec.name, "-o", "-")
    assert code == 0 and out == spec.read_text(encoding="utf-8")
    # the summary follows the spec's own warnings (this small spec's frame is underset)
    assert err.splitlines()[-1].startswith("(standard output): 2 blocks")


def test_a_bad_spec_is_one_located_line_and_writes_nothing(tiny, monkeypatch):
    spec = tiny("""\
page: {preset: A3}
grid: {columns: 4, column: 13, gutter: 1}
blocks:
  - id: story
    type: text
    at: {below: nowhere}
    text: 今年年初以来。
""")
    monkeypatch.chdir(spec.parent)
    code, out, err = run("arrange", spec.name, "-o", "new.yaml")
    assert code == 2 and out == ""
    assert err == ("spread.yaml:6:17: blocks[0].at.below: no block with id 'nowhere'\n")
    assert not (spec.parent / "new.yaml").exists()
    code, _, err = run("arrange", "missing.yaml", "-o", "new.yaml")
    assert code == 2 and err == "missing.yaml:1:1: no such file\n"


def test_the_bom_of_the_spec_is_kept(tiny, monkeypatch):
    from conftest import TINY

    spec = tiny()
    spec.write_bytes(b"\xef\xbb\xbf" + TINY.replace("line: 6, lines: 10", "below: title, lines: 10")
                     .encode("utf-8"))
    monkeypatch.chdir(spec.parent)
    code, _, _ = run("arrange", spec.name, "-o", "new.yaml", "--quiet")
    data = (spec.parent / "new.yaml").read_bytes()
    assert code == 0 and data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    assert b"at: {col: 1, span: 2, line: 6, lines: 10}" in data
