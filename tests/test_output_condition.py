"""Output conditions: banmian's two newsprint profiles, chosen by `output.condition` or
`--output-condition`, each holding its 240 % ink limit for every colour LittleCMS separates."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageCms

from conftest import TINY
from layout import render
from layout.cli import main
from layout.iccink import b2a_tables, hold_ink_limit, max_node_ink
from layout.spec.sources import CONDITIONS

ICC = Path(__file__).resolve().parent.parent / "layout" / "icc"
INTENTS = (0, 1, 2, 3)  # perceptual, relative, saturation, absolute


def lab_sweep(profile: bytes, step: int = 3) -> float:
    """The most ink (in %) any Lab colour gets, L, a and b swept over their whole 8-bit range
    through LittleCMS, for every rendering intent."""
    axis = np.arange(0, 256, step, dtype=np.uint8)
    grid = np.stack(np.meshgrid(axis, axis, axis, indexing="ij"), -1).reshape(-1, 3)
    img = Image.frombuffer("LAB", (len(grid), 1), grid.tobytes(), "raw", "LAB", 0, 1)
    lab = ImageCms.createProfile("LAB", 5000)
    out = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    worst = 0.0
    for intent in INTENTS:
        t = ImageCms.buildTransform(lab, out, "LAB", "CMYK", renderingIntent=intent)
        cmyk = np.frombuffer(ImageCms.applyTransform(img, t).tobytes(), np.uint8)
        worst = max(worst, float(cmyk.reshape(-1, 4).astype(int).sum(1).max()) / 255 * 100)
    return worst


@pytest.mark.parametrize("name", ["banmian-newsprint-tr002.icc", "banmian-newsprint-ifra26.icc"])
def test_each_shipped_profile_holds_240_on_a_lab_sweep(name):
    data = (ICC / name).read_bytes()
    assert max_node_ink(data) <= 239.3
    assert lab_sweep(data) <= 240.0


def _spoiled(data: bytes) -> bytes:
    """The profile with heavy nodes and bent output curves: what colprof's own tables can do
    between nodes, and worse (every node 75 % of each ink, curves that lift mid-tones)."""
    out = bytearray(data)
    for t in b2a_tables(data):
        struct.pack_into(f">{t.nodes * 4}H", out, t.clut, *([49151] * (t.nodes * 4)))
        bent = [round(65535 * (j / (t.out_entries - 1)) ** 0.5) for j in range(t.out_entries)]
        struct.pack_into(f">{4 * t.out_entries}H", out, t.curves, *(bent * 4))
    return bytes(out)


def test_holding_the_limit_caps_nodes_and_straightens_curves():
    bad = _spoiled((ICC / "banmian-newsprint-tr002.icc").read_bytes())
    assert max_node_ink(bad) > 340 and lab_sweep(bad, step=15) > 340
    held = hold_ink_limit(bad, 240)
    assert max_node_ink(held) <= 239.3
    assert lab_sweep(held, step=5) <= 240.0
    assert len(held) == len(bad)


def test_the_ifra26_data_is_what_its_generator_writes():
    """The shipped characterisation data come from the aim values, nothing edited by hand."""
    made = subprocess.run([sys.executable, str(ICC / "aims_ti3.py")], capture_output=True,
                          text=True, check=True).stdout
    assert made == (ICC / "IFRA26-aims.ti3").read_text()


def test_the_model_prints_the_aim_values_and_26_percent_at_40():
    sys.path.insert(0, str(ICC))
    try:
        import aims_ti3 as m
    finally:
        sys.path.remove(str(ICC))
    rows = {}
    for line in (ICC / "IFRA26-aims.ti3").read_text().splitlines():
        f = line.split()
        if len(f) == 11 and f[0].isdigit():
            rows[tuple(int(v) for v in f[1:5])] = tuple(float(v) for v in f[5:])
    for key, patch in {"W": (0, 0, 0, 0), "C": (100, 0, 0, 0), "M": (0, 100, 0, 0),
                       "Y": (0, 0, 100, 0), "K": (0, 0, 0, 100), "MY": (0, 100, 100, 0),
                       "CY": (100, 0, 100, 0), "CM": (100, 100, 0, 0)}.items():
        assert np.allclose(rows[patch][3:], m.AIMS[key], atol=0.02)
    for i in range(4):
        tint, solid = [0] * 4, [0] * 4
        tint[i], solid[i] = 40, 100
        y0, y40, y100 = rows[(0, 0, 0, 0)][1], rows[tuple(tint)][1], rows[tuple(solid)][1]
        assert abs((y0 - y40) / (y0 - y100) - 0.66) < 0.001  # Murray–Davies: 40 % + 26 %


def _intent(pdf: bytes) -> tuple[str, bytes]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        oi = doc.Root.OutputIntents[0]
        return str(oi.OutputConditionIdentifier), oi.DestOutputProfile.read_bytes()


@pytest.mark.parametrize("output", ["{condition: ifra26}",
                                    "{profile: default, condition: IFRA26}"])
def test_the_spec_chooses_ifra26(tiny, output):
    spec = tiny(TINY.replace("blocks:", f"output: {output}\nblocks:", 1))
    pdf, _ = render(spec)
    ident, icc = _intent(pdf)
    assert ident == "IFRA26" and icc == CONDITIONS["IFRA26"].read_bytes()


def test_the_default_is_tr002_and_the_flag_overrides_the_spec(tiny, tmp_path):
    spec = tiny(TINY.replace("blocks:", "output: {condition: CGATS TR 002}\nblocks:", 1))
    assert _intent(render(spec)[0])[0] == "CGATS TR 002"
    out = tmp_path / "x.pdf"
    code = main(["render", str(spec), "-o", str(out), "--quiet", "--output-condition", "IFRA26"],
                stdout=io.StringIO(), stderr=io.StringIO())
    assert code == 0 and _intent(out.read_bytes())[0] == "IFRA26"


def test_a_condition_banmian_has_no_profile_for_is_a_located_error(tiny):
    spec = tiny(TINY.replace("blocks:", "output: {condition: FOGRA39}\nblocks:", 1))
    err = io.StringIO()
    assert main(["check", str(spec)], stdout=io.StringIO(), stderr=err) == 2
    line = err.getvalue().strip()
    assert line.startswith(f"{spec}:5:21: output.condition: 'FOGRA39': banmian has profiles "
                           "for CGATS TR 002 (tr002) and IFRA26"), line


def test_a_rebuilt_profile_under_the_same_name_separates_pictures_again(tmp_path, monkeypatch):
    """Prepared pictures are cached by the profile's bytes, not its name."""
    from fonts import font_cache_dir
    from layout.color import _transform, load_profile
    from layout.compose.photo import _PICTURES, prepare
    from layout.diag import Diagnostics, Pos
    from layout.spec import Output, Photo

    monkeypatch.setenv("BANMIAN_FONT_DIR", str(font_cache_dir()))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    img = tmp_path / "red.png"
    Image.new("RGB", (300, 200), (200, 30, 40)).save(img)
    icc = tmp_path / "press.icc"
    out = Output("x4+a2b", icc, "x", "relative", 8.5, True, 240, 300, 200, 90)
    shot = Photo(img, img.name, "fill", (0.5, 0.5), None, Pos("spread.yaml", 9, 12))
    made = []
    for name in ("banmian-newsprint-tr002.icc", "banmian-newsprint-ifra26.icc"):
        icc.write_bytes((ICC / name).read_bytes())
        _PICTURES.clear()  # a new process: only the disk cache is left
        load_profile.cache_clear()
        _transform.cache_clear()
        made.append(prepare(shot, 72, 48, out, "p", Diagnostics()).jpeg)
    assert made[0] != made[1]
