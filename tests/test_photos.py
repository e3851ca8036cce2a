"""Photos: crop geometry, EXIF orientation, colour through the output profile, resolution,
broken and huge files, and captions bound to their photos."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from conftest import TINY
from layout.compose.photo import _crop_box, prepare
from layout.diag import Diagnostics, Pos
from layout.pagemodel import GlyphRun, Picture
from layout.spec import Output, Photo
from layout.spec.sources import DEFAULT_PROFILE

OUT = Output("x4+a2b", DEFAULT_PROFILE, "CGATS TR 002", "relative", 8.5, True, 240, 300, 200,
             90)


def photo(path: Path, fit="fill", focus=(0.5, 0.5), crop=None) -> Photo:
    return Photo(path, path.name, fit, focus, crop, Pos("spread.yaml", 9, 12))


@pytest.fixture(autouse=True)
def no_picture_cache(tmp_path, monkeypatch):
    """Prepared pictures go to a fresh cache; the fonts stay where they are."""
    from fonts import font_cache_dir

    monkeypatch.setenv("BANMIAN_FONT_DIR", str(font_cache_dir()))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_fill_crop_keeps_the_focus_and_the_frame_shape():
    p = photo(Path("x"), focus=(0.2, 0.5))
    assert _crop_box(2000, 1000, p, 100, 100) == (0.0, 0.0, 1000.0, 1000.0)
    p = photo(Path("x"), focus=(0.9, 0.5))
    assert _crop_box(2000, 1000, p, 100, 100) == (1000.0, 0.0, 2000.0, 1000.0)
    p = photo(Path("x"), focus=(0.5, 0.5))
    assert _crop_box(2000, 1000, p, 200, 100) == (0.0, 0.0, 2000.0, 1000.0)
    x0, y0, x1, y1 = _crop_box(1000, 2000, photo(Path("x"), focus=(0.5, 0.1)), 100, 50)
    assert (x1 - x0, y1 - y0) == (1000, 500) and y0 == 0  # top kept for a face near the top


def test_manual_crop_box_comes_first():
    p = photo(Path("x"), crop=(0.5, 0.0, 1.0, 1.0))
    assert _crop_box(2000, 1000, p, 100, 100) == (1000.0, 0.0, 2000.0, 1000.0)


def quadrants(path: Path, size=(1200, 800), **save) -> None:
    """Red top-left, green top-right, blue bottom-left, yellow bottom-right."""
    w, h = size
    img = Image.new("RGB", size, (255, 255, 0))
    img.paste((255, 0, 0), (0, 0, w // 2, h // 2))
    img.paste((0, 160, 0), (w // 2, 0, w, h // 2))
    img.paste((0, 0, 255), (0, h // 2, w // 2, h))
    img.save(path, **save)


def colour_at(pic, fx: float, fy: float) -> tuple[int, int, int, int]:
    img = Image.open(io.BytesIO(pic.jpeg))
    assert img.mode == "CMYK"
    return img.getpixel((int(fx * (img.size[0] - 1)), int(fy * (img.size[1] - 1))))


def is_red(cmyk) -> bool:
    return cmyk[1] > 200 and cmyk[2] > 200 and cmyk[0] < 60


def is_blue(cmyk) -> bool:
    return cmyk[0] > 200 and cmyk[1] > 120 and cmyk[2] < 60


def test_fill_crop_pixels(tmp_path):
    f = tmp_path / "q.jpg"
    quadrants(f, quality=95)
    d = Diagnostics()
    pic = prepare(photo(f, focus=(0.0, 0.5)), 100, 100, OUT, "p", d)  # the left square
    assert is_red(colour_at(pic, 0.5, 0.25)) and is_blue(colour_at(pic, 0.5, 0.75))
    assert pic.placed == (0.0, 0.0, 100.0, 100.0)
    fit = prepare(photo(f, fit="fit"), 100, 100, OUT, "p", d)  # letterboxed: 100 × 66.7
    assert fit.placed[2] == pytest.approx(100) and fit.placed[3] == pytest.approx(800 / 12)
    assert fit.placed[1] == pytest.approx((100 - 800 / 12) / 2)


def test_a_cached_picture_never_stands_in_for_a_frame_a_hair_different(tmp_path):
    """The PDF must not depend on what the cache held: a frame 0.0004 pt wider is placed at
    its own width, on disk and in memory."""
    from layout.compose import photo as photo_mod

    f = tmp_path / "q.jpg"
    quadrants(f, quality=95)
    d = Diagnostics()
    a = prepare(photo(f), 85.7246, 100, OUT, "p", d)
    photo_mod._PICTURES.clear()  # a new process: only the disk cache is left
    b = prepare(photo(f), 85.7250, 100, OUT, "p", d)
    c = prepare(photo(f), 85.7246, 100, OUT, "p", d)  # from memory
    assert (a.placed[2], b.placed[2], c.placed[2]) == (85.7246, 85.7250, 85.7246)


def test_exif_orientation(tmp_path):
    f = tmp_path / "r.jpg"
    quadrants(tmp_path / "up.jpg", quality=95)
    stored = Image.open(tmp_path / "up.jpg").transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    stored.save(f, quality=95, exif=exif.tobytes())
    pic = prepare(photo(f, fit="fit"), 300, 200, OUT, "p", Diagnostics())
    assert pic.source == (1200, 800)
    assert is_red(colour_at(pic, 0.25, 0.25)) and is_blue(colour_at(pic, 0.25, 0.75))


def test_rgb_goes_through_the_output_profile(tmp_path):
    from layout.color import to_cmyk

    red = to_cmyk(Image.new("RGB", (1, 1), (255, 0, 0)), DEFAULT_PROFILE).getpixel((0, 0))
    assert [round(v / 2.55) for v in red] == pytest.approx([0, 96, 98, 1], abs=3)
    black = to_cmyk(Image.new("RGB", (1, 1), (0, 0, 0)), DEFAULT_PROFILE).getpixel((0, 0))
    assert sum(black) / 2.55 <= 241  # the profile's 240 % ink limit holds
    grey = to_cmyk(Image.new("L", (1, 1), 128), DEFAULT_PROFILE).getpixel((0, 0))
    assert grey[3] > grey[0]  # a grey is mostly black ink
    clear = Image.new("RGBA", (1, 1), (255, 0, 0, 0))  # transparent: white paper
    assert to_cmyk(clear, DEFAULT_PROFILE).getpixel((0, 0)) == (0, 0, 0, 0)


def test_downsampled_to_target_never_upsampled(tmp_path):
    big, small = tmp_path / "big.jpg", tmp_path / "small.jpg"
    quadrants(big, size=(3000, 2000), quality=90)
    quadrants(small, size=(300, 200), quality=90)
    d = Diagnostics()
    pic = prepare(photo(big), 144, 96, OUT, "p", d)  # 2 × 1.33 in at 300 ppi
    assert pic.size == (600, 400) and pic.ppi == pytest.approx(1500)
    pic = prepare(photo(small), 144, 96, OUT, "p", d)
    assert pic.size == (300, 200)  # 150 ppi: kept as it is, reported
    assert d.errors == [] and len(d.warnings) == 1
    assert "150 ppi" in d.warnings[0].message and "spread.yaml:9:12" in d.warnings[0].line()
    d = Diagnostics()
    prepare(photo(small), 400, 266, OUT, "p", d)  # 54 ppi: under half the minimum
    assert len(d.errors) == 1 and "under half" in d.errors[0].message


@pytest.mark.parametrize("content,words", [
    (b"this is not a picture", "not a picture banmian can read"),
    (None, "damaged or cut short"),
])
def test_broken_files(tmp_path, content, words):
    f = tmp_path / "bad.jpg"
    if content is None:  # a JPEG cut off half way
        quadrants(tmp_path / "ok.jpg", quality=90)
        data = (tmp_path / "ok.jpg").read_bytes()
        content = data[: len(data) // 2]
    f.write_bytes(content)
    d = Diagnostics()
    assert prepare(photo(f), 100, 100, OUT, "p", d) is None
    assert len(d.errors) == 1 and words in d.errors[0].message


def test_too_many_pixels_is_refused(tmp_path):
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
    f = tmp_path / "bomb.png"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b""))
    d = Diagnostics()
    assert prepare(photo(f), 100, 100, OUT, "p", d) is None
    assert "too large" in d.errors[0].message


@pytest.mark.slow
def test_huge_jpeg_is_decoded_small(tmp_path):
    """A 12000 × 9000 camera file placed small: decoded at a fraction of its size."""
    f = tmp_path / "huge.jpg"
    Image.new("L", (12000, 9000), 128).save(f, quality=70)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from test_photos import OUT, photo\n"
        "from layout.compose.photo import prepare\n"
        "from layout.diag import Diagnostics\n"
        f"pic = prepare(photo(Path({str(f)!r})), 200, 150, OUT, 'p', Diagnostics())\n"
        "hwm = [x for x in open('/proc/self/status') if x.startswith('VmHWM')][0]\n"
        "print(pic.size, int(hwm.split()[1]) // 1024)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={"XDG_CACHE_HOME": str(tmp_path / "c"), "PATH": "/usr/bin"})
    size, mib = r.stdout.rsplit(" ", 1)
    assert size.startswith("(833, 625)")
    assert int(mib) < 400  # the full picture would need 108 MB per channel just to decode


def spec_with_photos(tmp_path, order=("a", "b")) -> str:
    for name, colour in (("a.jpg", (255, 0, 0)), ("b.jpg", (0, 0, 255))):
        Image.new("RGB", (1200, 900), colour).save(tmp_path / name, quality=90)
    blocks = {
        "a": """  - id: pa
    type: photo
    photo: a.jpg
    at: {col: 3, span: 2, line: 6, lines: 12}
    caption: 红色的照片
""",
        "b": """  - id: pb
    type: photo
    photo: b.jpg
    pointer: ▲
    credit: 本报记者 王明 摄
    at: {col: 3, span: 2, line: 19, lines: 12}
    caption: 蓝色的照片
"""}
    return TINY + "".join(blocks[k] for k in order)


def test_captions_stay_with_their_photos_when_reordered(tiny, tmp_path, monkeypatch):
    from layout.pipeline import build

    placed = []
    for order in (("a", "b"), ("b", "a")):
        p = tiny(spec_with_photos(tmp_path, order))
        monkeypatch.chdir(p.parent)
        built, _ = build(p)
        caps = {"".join(g.ch for g in t.glyphs): t for t in built.layout.of(GlyphRun)
                if t.size == 7.5}
        imgs = sorted(built.layout.of(Picture), key=lambda i: i.rect.y)
        red = caps["红色的照片"]
        blue = caps["▲蓝色的照片本报记者王明摄"]  # spaces are set as space, not drawn
        assert imgs[0].rect.y1 < red.y < imgs[1].rect.y  # under the red photo
        assert blue.y > imgs[1].rect.y1
        placed.append((red.y, blue.y))
    assert placed[0] == placed[1]


def test_one_caption_for_two_photos(tiny, tmp_path, monkeypatch):
    from layout.pipeline import build

    for name in ("a.jpg", "b.jpg"):
        Image.new("RGB", (1200, 900), (200, 100, 50)).save(tmp_path / name, quality=90)
    text = TINY + """  - id: pa
    type: photo
    photo: a.jpg
    at: {col: 3, span: 1, line: 6, lines: 8}
  - id: pb
    type: photo
    photo: b.jpg
    at: {col: 4, span: 1, line: 6, lines: 8}
  - id: both
    type: caption
    photos: [pa, pb]
    at: {col: 3, span: 2, line: 14, lines: 2}
    style: caption
    text: 市委书记路国贤（前中）在解放区调研　市委副书记、市长孙立坤（前中）在解放区调研
"""
    p = tiny(text)
    monkeypatch.chdir(p.parent)
    built, _ = build(p)
    cap = [t for t in built.layout.of(GlyphRun) if t.size == 7.5]
    width = max(t.x + t.glyphs[-1].x for t in cap) - min(t.x for t in cap)
    g = built.layout.grid
    assert width > g.column_w  # it reaches under both photos
    fit = next(f for f in built.report.fits if f.block == "both")
    assert fit.status == "fits" and "pa, pb" in fit.detail


def test_caption_block_must_sit_under_its_photos(tiny, tmp_path, monkeypatch):
    from layout.cli import main

    Image.new("RGB", (400, 300)).save(tmp_path / "a.jpg")
    text = TINY + """  - id: pa
    type: photo
    photo: a.jpg
    at: {col: 3, span: 1, line: 6, lines: 8}
  - id: cap
    type: caption
    photos: [pa]
    at: {col: 3, span: 2, line: 20, lines: 2}
    text: 说明
"""
    p = tiny(text)
    monkeypatch.chdir(p.parent)
    err = io.StringIO()
    assert main(["check", p.name], stdout=io.StringIO(), stderr=err) == 2
    assert "not directly below photo 'pa'" in err.getvalue()


def test_missing_picture_points_at_the_spec(tiny, monkeypatch):
    from layout.cli import main

    p = tiny(TINY + "  - id: pa\n    type: photo\n    photo: gone.jpg\n"
                    "    at: {col: 3, span: 1, line: 6, lines: 8}\n")
    monkeypatch.chdir(p.parent)
    err = io.StringIO()
    assert main(["check", p.name], stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue().startswith("spread.yaml:18:12: ") and "gone.jpg" in err.getvalue()


def test_placeholder_lists_the_pixels_it_wants(tiny, monkeypatch):
    from layout.cli import main

    p = tiny(TINY + "  - id: pa\n    type: photo\n    placeholder: true\n"
                    "    at: {col: 3, span: 2, line: 6, lines: 10}\n")
    monkeypatch.chdir(p.parent)
    out = io.StringIO()
    assert main(["check", p.name], stdout=out, stderr=io.StringIO()) == 0
    line = next(x for x in out.getvalue().splitlines() if x.startswith("  placeholder pa"))
    assert "86×45 mm" in line and "wants 1012×534 px" in line
