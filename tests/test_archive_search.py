"""Search on both backends over an index written directly (no render): newest versions,
folding, recency then relevance, paging, short terms, and the two search paths agreeing."""

from __future__ import annotations

import io
import json

import pytest
from test_archive_common import BACKENDS, make_loc, run

from layout.archive.index import PROBE, open_index
from layout.archive.query import Query


def entry(date: str, edition: str, version: int, *texts: str) -> tuple[dict, list[dict]]:
    eid = f"{date}-{edition}-v{version}"
    return ({"id": eid, "edition": edition, "date": date, "version": version,
             "title": "标题"},
            [{"block": f"h{i + 1}", "page": 0, "folio": "2", "text": t}
             for i, t in enumerate(texts)])


FILLER = 40  # older spreads that mention 招商 once: more than PROBE entries and several pages


def corpus() -> list[tuple[dict, list[dict]]]:
    items = [entry(f"2010-{1 + i // 28:02d}-{1 + i % 28:02d}", "B1", 1,
                   f"第{i}期招商工作简报", "无关的文字")
             for i in range(FILLER)]
    items.append(entry("2009-06-01", "C1", 1, "堃字只在最早的一期，后扶项目，标点，南水"))
    items += [
        entry("2011-01-01", "A2", 1, "南水北调中线工程", "园区建设 招商"),
        entry("2011-01-01", "A2", 2, "南水北调中线工程移民", "园区建设"),
        entry("2011-01-02", "A3", 1, "招商", "招商招商招商 园", "招商引资招商"),
        entry("2011-01-03", "A2", 1, "日本高级ＰＣ机芯", "Pc 与 pc"),
    ]
    # one date with a few entries, the date before it with many (the PROBE-th newest entry
    # falls inside it), the terms more often in editions that sort last
    items += [entry("2011-03-02", f"E{i:02d}", 1, "研讨") for i in range(5)]
    items += [entry("2011-03-01", f"E{i:02d}", 1, "研讨" * (i % 5 + 1)) for i in range(20)]
    return items


@pytest.fixture(scope="module", params=BACKENDS)
def idx(request, tmp_path_factory):
    gen = make_loc(request.param, tmp_path_factory.mktemp("search"))
    loc = next(gen)
    loc.store.mkdir(parents=True, exist_ok=True)
    index = open_index(loc.archive if loc.backend == "postgresql" else loc.store)
    items = corpus()
    # written in an order that is not the versions' order: latest is worked out at query time
    assert index.add(items[FILLER + 2:]) == len(items) - FILLER - 2
    assert index.add(items[:FILLER + 2]) == FILLER + 2
    assert index.add(items[-1:]) == 0  # already there: left as it is
    index.set_meta("synced", "test")
    index.loc = loc
    yield index
    index.close()
    gen.close()


def ids(hits) -> list[tuple[str, str]]:
    return [(h.entry_id, h.block) for h in hits]


def test_newest_version_by_default(idx):
    hits, _ = idx.search(Query.parse("南水北调"))
    assert ids(hits) == [("2011-01-01-A2-v2", "h1")]
    hits, _ = idx.search(Query.parse("南水北调", all_versions=True))
    assert ids(hits) == [("2011-01-01-A2-v2", "h1"), ("2011-01-01-A2-v1", "h1")]
    assert [h.latest for h in hits] == [True, False]
    # v1's 招商 is superseded by a v2 without it
    assert "2011-01-01-A2-v1" not in {h.entry_id for h in idx.search(Query.parse("招商"))[0]}


def test_recency_then_relevance(idx):
    hits, _ = idx.search(Query.parse("招商", limit=5))
    assert ids(hits)[:3] == [("2011-01-02-A3-v1", "h2"), ("2011-01-02-A3-v1", "h3"),
                             ("2011-01-02-A3-v1", "h1")]
    assert [h.score for h in hits[:3]] == [3, 2, 1]
    assert [h.date for h in hits] == sorted((h.date for h in hits), reverse=True)


def test_full_width_and_case_fold(idx):
    for q in ("PC", "ＰＣ", "pc", "ｐｃ机芯"):
        hits, _ = idx.search(Query.parse(q))
        assert {h.entry_id for h in hits} == {"2011-01-03-A2-v1"}, q
    hits, _ = idx.search(Query.parse("pc"))
    assert ids(hits) == [("2011-01-03-A2-v1", "h2"), ("2011-01-03-A2-v1", "h1")]  # 2 > 1


@pytest.mark.parametrize("q, found", [
    ("堃", {"2009-06-01-C1-v1"}),  # one character, only in the oldest entry
    ("后扶", {"2009-06-01-C1-v1"}),  # two characters
    ("，标", {"2009-06-01-C1-v1"}),  # punctuation in a short term
    ("后扶项目 南水", {"2009-06-01-C1-v1"}),  # every term must occur
    ("堃 招商", set()),
    ("不存在的词", set()),
])
def test_terms_beyond_the_probe(idx, q, found):
    hits, more = idx.search(Query.parse(q))
    assert {h.entry_id for h in hits} == found and not more


@pytest.mark.parametrize("q", ["招商", "园", "南水北调", "堃", "后扶", "pc", "工作 招商",
                               "第1期", "研讨"])
@pytest.mark.parametrize("all_versions", [False, True])
def test_both_search_paths_agree(idx, q, all_versions):
    """The ordered walk and the full-text index return the same hits in the same order."""
    query = Query.parse(q, all_versions=all_versions, limit=1000)
    walked = idx._ordered(query, None, 1001)
    found = idx._indexed(query, 1001)
    assert found is not None and ids(found) == ids(walked)
    assert [h.score for h in found] == [h.score for h in walked]


@pytest.mark.parametrize("q", ["研讨", "招商"])
def test_every_page_is_the_full_ranking_cut(idx, q):
    """The probe reads whole dates: hits of the PROBE-th entry's date that rank higher than
    those already read are never left out of a page."""
    full = ids(idx._ordered(Query.parse(q, limit=1000), None, 1001))
    for limit in (1, 5, 9, 14, 24):
        for offset in (0, 3):
            page, more = idx.search(Query.parse(q, limit=limit, offset=offset))
            assert ids(page) == full[offset:offset + limit]
            assert more == (len(full) > offset + limit)
    page, _ = idx.search(Query.parse("研讨", limit=9))
    assert [h.score for h in page] == [1] * 5 + [5, 5, 5, 5]


def test_paging(idx):
    everything, more = idx.search(Query.parse("招商", limit=1000))
    assert not more and len(everything) == FILLER + 3 > PROBE
    pages, offset = [], 0
    while True:
        page, more = idx.search(Query.parse("招商", limit=7, offset=offset))
        pages += page
        offset += 7
        if not more:
            break
    assert ids(pages) == ids(everything)
    page, more = idx.search(Query.parse("招商", limit=7, offset=len(everything)))
    assert page == [] and not more


def test_dates(idx):
    hits, _ = idx.search(Query.parse("招商", date_from="2011-01-01", limit=100))
    assert {h.date for h in hits} == {"2011-01-02"}
    hits, _ = idx.search(Query.parse("招商", date_to="2010-01-03", limit=100))
    assert {h.date for h in hits} == {"2010-01-01", "2010-01-02", "2010-01-03"}


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_cli_marks_and_json(idx):
    from layout.cli import main

    loc = idx.loc
    code, out, err = run("search", "ＰＣ", *loc.args())
    assert code == 0, err
    assert "日本高级⟦ＰＣ⟧机芯" in out and "\x1b[" not in out
    tty = Tty()
    assert main(["search", "pc", *loc.args()], stdout=tty, stderr=io.StringIO()) == 0
    assert "\x1b[1;7mＰＣ\x1b[0m" in tty.getvalue()
    code, out, _ = run("search", "招商", *loc.args(), "--json", "--limit", "2", "--offset", "1")
    data = json.loads(out)
    assert data["offset"] == 1 and data["limit"] == 2 and data["more"] is True
    first = data["hits"][0]
    assert (first["id"], first["block"]) == ("2011-01-02-A3-v1", "h3")
    assert [first["snippet"][a:b] for a, b in first["matches"]] == ["招商", "招商"]
    code, out, err = run("search", "招商", *loc.args(), "--limit", "2")
    assert code == 0 and "more hits: --offset 2" in err and len(out.splitlines()) == 2
    code, _, err = run("search", "招商", *loc.args(), "--limit", "0")
    assert code == 2 and "--limit" in err
