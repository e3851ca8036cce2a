"""Charts from data: geometry against the data, number formats, the text checked against the
data, CMYK-only output in the page's fonts, and matplotlib only when a spec has charts."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from conftest import ROOT, TINY
from figures.numbers import change, show

PALETTE = {"chart": (75, 35, 0, 5), "red": (0, 100, 100, 0), "ink": (0, 0, 0, 100),
           "note": (0, 0, 0, 65), "track": (0, 0, 0, 15), "dark-red": (0, 100, 100, 30),
           "white": (0, 0, 0, 0)}


def measure(text, size, font):
    return (len(text) * size, size, 0.12 * size)


def test_numbers_keep_their_digits_and_use_ascii_minus():
    assert show("36.60") == "36.60"
    assert show("27488") == "27488" and show("27488", thousands=True) == "27,488"
    assert show("−3.20") == "-3.20"
    assert change("5.4") == "▲5.4%" and change("-3.2") == "▼3.2%" and change("0") == "—%"
    assert change("2.5", "个百分点") == "▲2.5个百分点"


def test_bar_lengths_are_proportional_to_the_data():
    from figures.charts import Bar, Palette, bar_chart
    from figures.model import Shape

    bars = [Bar("甲", "34.8"), Bar("乙", "23.06"), Bar("丙", "17.4")]
    d = bar_chart(bars, "亿元", 240, 160, Palette(PALETTE), measure, highlight=0)
    facts = dict(d.facts)
    assert facts["bar:乙"] / facts["bar:甲"] == pytest.approx(23.06 / 34.8)
    assert facts["bar:丙"] / facts["bar:甲"] == pytest.approx(17.4 / 34.8)
    rects = [s for s in d.items if isinstance(s, Shape) and s.fill in ("chart", "red")]
    heights = [max(p[1] for _, p in r.segments if p) - min(p[1] for _, p in r.segments if p)
               for r in rects]
    assert heights[1] / heights[0] == pytest.approx(23.06 / 34.8, rel=1e-6)
    assert rects[0].fill == "red" and rects[1].fill == "chart"  # the highlighted bar
    labels = {x.text for x in d.items if not isinstance(x, Shape)}
    assert {"34.8亿元", "23.06亿元", "甲", "乙"} <= labels


def test_ring_sweep_is_value_over_target():
    from figures.charts import Palette, ring_chart
    from figures.model import Shape

    for value, target in (("56.01", "100"), ("52.2", "100"), ("30", "60")):
        d = ring_chart(value, target, "", 120, 120, Palette(PALETTE), measure)
        assert dict(d.facts)["sweep"] == pytest.approx(float(value) / float(target) * 360)
    over = ring_chart("136", "100", "", 120, 120, Palette(PALETTE), measure)
    assert any(isinstance(s, Shape) and s.fill == "dark-red" for s in over.items)
    neg = ring_chart("-3.2", "100", "", 120, 120, Palette(PALETTE), measure)
    assert any(isinstance(s, Shape) and s.fill == "chart" for s in neg.items)
    assert any(getattr(x, "text", "") == "-3.2%" for x in neg.items)


def test_what_cannot_print_is_an_error():
    from matplotlib.figure import Figure

    from figures.charts import Bar, Palette, bar_chart
    from figures.recorder import ChartError, Recorder

    with pytest.raises(ChartError, match="not in the palette"):
        bar_chart([Bar("甲", "1")], "", 100, 100, Palette(PALETTE), measure, colour="purple")
    fig = Figure(figsize=(1, 1), dpi=72)
    fig.patch.set_alpha(0)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.bar([0], [1], color="#000000", hatch="//")
    rec = Recorder(72, 72, {(0, 0, 0): "ink"}, measure, {"label": "label"})
    with pytest.raises(ChartError, match="hatching"):
        fig.draw(rec)


def _spec(tiny, monkeypatch, body: str, extra: str = "") -> tuple[int, str]:
    from layout.cli import main

    text = TINY.replace("今年年初以来，全区地区生产总值完成34.8亿元，同比增长5.4%。", body)
    p = tiny(text + extra)
    monkeypatch.chdir(p.parent)
    err = io.StringIO()
    return main(["check", p.name], stdout=io.StringIO(), stderr=err), err.getvalue()


DATA = """data:
  gdp: {label: 地区生产总值, value: 34.8, unit: 亿元, change: 5.3}
"""


def test_consistency_check_catches_a_planted_mismatch(tiny, monkeypatch):
    code, err = _spec(tiny, monkeypatch, "全区地区生产总值完成34.8亿元，同比增长5.4%。", DATA)
    assert code == 2, err
    line = err.strip()
    assert line.startswith("spread.yaml:15:32: ")  # the 5.4 in the text …
    assert "增长5.4%" in line and "5.3%" in line and "(spread.yaml:17:8)" in line  # … the data
    code, err = _spec(tiny, monkeypatch, "全区地区生产总值完成34.8亿元，同比增长5.3%。", DATA)
    assert code == 0, err


def test_derived_figures_are_computed(tiny, monkeypatch):
    data = """data:
  rev: {label: 财政收入, value: 27488, unit: 万元, share: 74.2, share_says: 占年任务的}
  ahead: {label: 财政收入, value: "=rev.share - 50", unit: 个百分点, says: 超时间进度}
"""
    ok = "财政收入累计完成27488万元，占年任务的74.2%，超时间进度24.2个百分点。"
    assert _spec(tiny, monkeypatch, ok, data)[0] == 0
    code, err = _spec(tiny, monkeypatch, ok.replace("24.2个", "25.2个"), data)
    assert code == 2 and "24.2个百分点" in err


def test_data_values_keep_their_digits(tiny, monkeypatch):
    from layout.spec import load_spec

    p = tiny(TINY + "data:\n  x: {label: 增长率, value: 36.60, unit: '%'}\n")
    assert load_spec(p).data["x"].value == "36.60"  # unquoted in YAML, still 36.60


def test_the_sample_text_agrees_with_its_data():
    from layout.diag import Diagnostics
    from layout.figcheck import check_figures
    from layout.spec import load_spec

    for name in ("spread.yaml", "tujie.yaml"):
        d = Diagnostics()
        n = check_figures(load_spec(ROOT / "data" / "jiefang" / name), d)
        assert n >= 24 and d.errors == [], [e.line() for e in d.errors]


@pytest.fixture(scope="module")
def tujie_pdf() -> bytes:
    from layout import render

    pdf, rep = render(ROOT / "data" / "jiefang" / "tujie.yaml")
    assert rep.ok
    return pdf


def test_charts_print_in_cmyk_with_the_page_fonts(tujie_pdf):
    import pikepdf

    with pikepdf.open(io.BytesIO(tujie_pdf)) as pdf:
        ops = set()
        for page in pdf.pages:
            ops |= {str(op) for _, op in pikepdf.parse_content_stream(page)}
        assert not ops & {"rg", "RG", "g", "G"} and {"k", "K"} <= ops
        fonts = [str(f.BaseFont) for f in pdf.pages[0].Resources.Font.values()]
        families = [f.split("+", 1)[1] for f in fonts]
        assert len(families) == len({(f, fonts.count(f)) for f in fonts})  # no font twice
        assert "/Form" not in {str(x.get("/Subtype")) for x in
                               pdf.pages[0].Resources.get("/XObject", {}).values()}


def test_chart_labels_are_text(tujie_pdf, tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    f = tmp_path / "t.pdf"
    f.write_bytes(tujie_pdf)
    with pdfplumber.open(f) as pdf:
        text = pdf.pages[0].extract_text()
    for label in ("34.8亿元", "56.01%", "52.2%", "▲5.4%", "数据来源：解放区委宣传部", "21630万元"):
        assert label in text.replace(" ", ""), label


def test_no_matplotlib_without_charts(tiny):
    p = tiny()
    code = (f"import sys\nfrom layout import render\nrender({str(p)!r})\n"
            "print('matplotlib' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "False"
