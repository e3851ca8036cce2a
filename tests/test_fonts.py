"""Font layer: manifest, cache, fetching via npm, fallbacks, and face metrics."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import sys
import tarfile
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont

import fonts
import fonts.obtain
import fonts.system
from fonts import (
    FontError,
    FontSpec,
    default_roles,
    ensure_fonts,
    font_cache_dir,
    load_face,
    reportlab_font,
)
from fonts.cache import read_stamp, sha256_file, stamp_path
from fonts.manifest import SystemFont, read_manifest_json

ROLES = ("song", "song-bold", "hei", "hei-black", "kai")
NOTO_SERIF_CJK = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


# ---------------------------------------------------------------- tiny synthetic fonts


def _box(pen, x0: int, y0: int, x1: int, y1: int) -> None:
    pen.moveTo((x0, y0))
    pen.lineTo((x0, y1))
    pen.lineTo((x1, y1))
    pen.lineTo((x1, y0))
    pen.closePath()


# char -> ink box in font units (None = blank glyph); advance is 1000 for CJK, 500 otherwise
_TINY_GLYPHS = {
    " ": None,
    "A": (20, 0, 480, 700),
    "中": (100, -80, 900, 840),
    "，": (80, -190, 230, 120),
}


def _tiny_builder(ps_name: str, *, truetype: bool = True) -> FontBuilder:
    names = [".notdef"] + [f"uni{ord(c):04X}" for c in _TINY_GLYPHS]
    cmap = {ord(c): f"uni{ord(c):04X}" for c in _TINY_GLYPHS}
    fb = FontBuilder(1000, isTTF=truetype)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap(cmap)
    boxes = {".notdef": (50, 0, 450, 700)}
    boxes.update({f"uni{ord(c):04X}": b for c, b in _TINY_GLYPHS.items()})
    advances = {n: (1000 if n in ("uni4E2D", "uniFF0C") else 500) for n in names}
    if truetype:
        glyphs = {}
        for name in names:
            pen = TTGlyphPen(None)
            if boxes[name]:
                _box(pen, *boxes[name])
            glyphs[name] = pen.glyph()
        fb.setupGlyf(glyphs)
    else:
        charstrings = {}
        for name in names:
            pen = T2CharStringPen(advances[name], None)
            if boxes[name]:
                _box(pen, *boxes[name])
            charstrings[name] = pen.getCharString()
        fb.setupCFF(ps_name, {"FullName": ps_name}, charstrings, {})
    fb.setupHorizontalMetrics({n: (advances[n], (boxes[n] or (0,))[0]) for n in names})
    fb.setupHorizontalHeader(ascent=1100, descent=-300)
    fb.setupNameTable({"familyName": "Tiny", "styleName": "Regular", "psName": ps_name})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=1100, usWinDescent=300)
    fb.setupPost()
    return fb


def tiny_font(path: Path, ps_name: str = "Tiny-Regular", *, truetype: bool = True) -> Path:
    """A four-glyph font: enough to exercise loading, metrics and the cache end to end."""
    _tiny_builder(ps_name, truetype=truetype).save(str(path))
    return path


# ---------------------------------------------------------------- a stand-in npm


class FakeRegistry:
    """Serves prepared tarballs through an 'npm' executable on PATH and logs each call."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.bin = root / "bin"
        self.bin.mkdir()
        self.log = root / "npm-calls.log"
        self.tarballs = root / "tarballs"
        self.tarballs.mkdir()
        self.cache = root / "cache"
        script = self.bin / "npm"
        script.write_text(
            f"#!{sys.executable}\n"
            "import os, shutil, sys, pathlib\n"
            "args = sys.argv[1:]\n"
            f"pathlib.Path({str(self.log)!r}).open('a').write(' '.join(args) + '\\n')\n"
            "cache = os.environ.get('npm_config_cache')\n"
            "if cache:  # what a real npm leaves behind: the tarball in its cache\n"
            "    pathlib.Path(cache).mkdir(parents=True, exist_ok=True)\n"
            "    (pathlib.Path(cache) / 'content').write_text('x')\n"
            f"    pathlib.Path({str(root / 'npm-caches.log')!r}).open('a').write(cache + '\\n')\n"
            "assert args[0] == 'pack', args\n"
            "dest = pathlib.Path(args[args.index('--pack-destination') + 1])\n"
            "name = args[1].lstrip('@').replace('/', '-').replace('@', '-') + '.tgz'\n"
            f"src = pathlib.Path({str(self.tarballs)!r}) / name\n"
            "if not src.exists():\n"
            "    sys.stderr.write('npm error code E404\\nnpm error 404 Not Found\\n')\n"
            "    if '--json' in args:\n"
            '        print(\'{"error": {"code": "E404", "summary": "404 Not Found"}}\')\n'
            "    sys.exit(1)\n"
            "shutil.copy(src, dest / name)\n"
            "print('[]')\n"
        )
        script.chmod(0o755)
        monkeypatch.setenv("PATH", str(self.bin))
        monkeypatch.setattr(fonts.system, "SEARCH_DIRS", ())

    def calls(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []

    def publish(self, package: str, version: str, members: dict[str, bytes]) -> str:
        """Write the tarball npm would serve; returns its npm integrity string."""
        name = f"{package.lstrip('@').replace('/', '-')}-{version}.tgz"
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz") as archive:
            for member, data in {"package/package.json": b"{}", **members}.items():
                info = tarfile.TarInfo(member)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
        blob = buf.getvalue()
        (self.tarballs / name).write_bytes(blob)
        return "sha512-" + base64.b64encode(hashlib.sha512(blob).digest()).decode()

    def spec(self, role: str, member: str, data: bytes, integrity: str, **kw) -> FontSpec:
        digest = hashlib.sha256(data).hexdigest()
        fields = dict(
            role=role,
            family="Tiny",
            style="Regular",
            postscript_name="Tiny-Regular",
            package="@test/tiny",
            version="1.0.0",
            integrity=integrity,
            member=member,
            member_sha256=digest,
            convert=None,
            file=f"Tiny-{role}.ttf",
            size=len(data),
            sha256=digest,
            license_id="OFL-1.1",
            license_file="licenses/NotoSerifSC-OFL.txt",
            system=None,
        )
        fields.update(kw)
        return FontSpec(**fields)


@pytest.fixture
def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeRegistry:
    return FakeRegistry(tmp_path, monkeypatch)


@pytest.fixture
def tiny_package(registry: FakeRegistry, tmp_path: Path) -> dict[str, FontSpec]:
    """A published package with two faces, as song/song-bold share Noto Serif SC."""
    a = tiny_font(tmp_path / "a.ttf", "Tiny-Regular").read_bytes()
    b = tiny_font(tmp_path / "b.ttf", "Tiny-Bold").read_bytes()
    integrity = registry.publish(
        "@test/tiny", "1.0.0", {"package/r/Tiny_400.ttf": a, "package/b/Tiny_700.ttf": b}
    )
    return {
        "regular": registry.spec("regular", "package/r/Tiny_400.ttf", a, integrity),
        "bold": registry.spec("bold", "package/b/Tiny_700.ttf", b, integrity),
    }


# ---------------------------------------------------------------- manifest and licences


def test_manifest_schema_and_licences() -> None:
    raw = read_manifest_json()
    assert raw["schema"] == 1
    assert tuple(raw["roles"]) == ROLES == default_roles()
    licence_dir = Path(fonts.__file__).with_name("licenses")
    for role, entry in raw["roles"].items():
        for key in ("package", "version", "member", "file", "family", "postscript_name"):
            assert isinstance(entry[key], str) and entry[key], (role, key)
        for key in ("sha256", "member_sha256"):
            assert len(entry[key]) == 64 and int(entry[key], 16) >= 0, (role, key)
        assert entry["integrity"].startswith("sha512-")
        assert len(base64.b64decode(entry["integrity"][7:])) == 64
        assert entry["member"].startswith("package/")
        assert entry["file"].endswith(".ttf") and "/" not in entry["file"]
        assert isinstance(entry["size"], int) and entry["size"] > 1_000_000
        assert entry["license_id"] == "OFL-1.1"
        licence = licence_dir / Path(entry["license_file"]).name
        assert licence.is_file(), licence
        assert "SIL OPEN FONT LICENSE Version 1.1" in licence.read_text(encoding="utf-8")
        if entry["convert"] is None:
            assert entry["member_sha256"] == entry["sha256"]
        assert entry["system"]["apt"].startswith("fonts-")
    kai = raw["roles"]["kai"]
    assert kai["convert"] == "woff-to-truetype" and kai["member"].endswith(".woff")
    assert kai["member_sha256"] != kai["sha256"]
    assert {"LXGW", "霞鹜"} <= set(kai["reserved_names"]["names"])
    assert "never redistributed" in kai["reserved_names"]["note"]
    # every shipped licence text belongs to some role
    used = {Path(e["license_file"]).name for e in raw["roles"].values()}
    assert used == {p.name for p in licence_dir.glob("*.txt")}
    # roles from one package pin the same tarball
    song, bold = raw["roles"]["song"], raw["roles"]["song-bold"]
    assert (song["package"], song["integrity"]) == (bold["package"], bold["integrity"])
    assert fonts.font_spec("hei").license_path.is_file()


def test_unknown_role() -> None:
    with pytest.raises(FontError, match="unknown font role 'fangsong'; known roles: song"):
        ensure_fonts(["fangsong"])


# ---------------------------------------------------------------- cache directory


def test_cache_dir_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("BANMIAN_FONT_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert font_cache_dir() == tmp_path / "home" / ".cache" / "banmian" / "fonts"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert font_cache_dir() == tmp_path / "xdg" / "banmian" / "fonts"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")  # ignored, per the XDG spec
    assert font_cache_dir() == tmp_path / "home" / ".cache" / "banmian" / "fonts"
    monkeypatch.setenv("BANMIAN_FONT_DIR", str(tmp_path / "explicit"))
    assert font_cache_dir() == tmp_path / "explicit"
    monkeypatch.setenv("BANMIAN_FONT_DIR", "")
    assert font_cache_dir() == tmp_path / "home" / ".cache" / "banmian" / "fonts"


def test_cache_dir_used_by_ensure_fonts(
    registry: FakeRegistry, tiny_package: dict[str, FontSpec], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BANMIAN_FONT_DIR", str(registry.root / "from-env"))
    paths = ensure_fonts("regular", manifest=tiny_package)
    assert paths == {"regular": registry.root / "from-env" / "Tiny-regular.ttf"}


# ---------------------------------------------------------------- obtaining via npm


def test_fetch_verify_stamp_then_warm(
    registry: FakeRegistry, tiny_package: dict[str, FontSpec], monkeypatch: pytest.MonkeyPatch
) -> None:
    messages: list[str] = []
    paths = ensure_fonts(
        ["regular", "bold"], messages.append, cache_dir=registry.cache, manifest=tiny_package
    )
    assert set(paths) == {"regular", "bold"}
    assert len(registry.calls()) == 1, "one package must be downloaded once"
    assert registry.calls()[0].startswith("pack @test/tiny@1.0.0 --pack-destination ")
    for role, path in paths.items():
        assert path.parent == registry.cache
        assert sha256_file(path) == tiny_package[role].sha256
        stamp = read_stamp(stamp_path(registry.cache, path.name))
        assert stamp is not None and stamp.sha256 == tiny_package[role].sha256
        assert stamp.verified == "manifest" and stamp.origin.startswith("npm:@test/tiny@1.0.0:")
        assert path.stat().st_mode & 0o444 == 0o444
    assert messages[0] == "fetching Tiny 1.0.0 from npm (@test/tiny@1.0.0) …"
    assert "verified Tiny-regular.ttf" in messages and "verified Tiny-bold.ttf" in messages
    assert not [p for p in registry.cache.iterdir() if p.name.endswith(".part")]

    # Warm: trusted from the stamps, so nothing is hashed and npm is not run.
    def no_hashing(path: Path) -> str:
        raise AssertionError(f"warm path re-hashed {path}")

    monkeypatch.setattr(fonts.obtain, "sha256_file", no_hashing)
    messages.clear()
    assert ensure_fonts(
        ["bold", "regular"], messages.append, cache_dir=registry.cache, manifest=tiny_package
    ) == {"bold": paths["bold"], "regular": paths["regular"]}
    assert messages == [] and len(registry.calls()) == 1


def test_corrupted_file_is_detected_and_refetched(
    registry: FakeRegistry, tiny_package: dict[str, FontSpec]
) -> None:
    path = ensure_fonts(["regular"], cache_dir=registry.cache, manifest=tiny_package)["regular"]
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, one byte flipped
    path.write_bytes(bytes(data))
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert sha256_file(path) != tiny_package["regular"].sha256

    messages: list[str] = []
    again = ensure_fonts(
        ["regular"], messages.append, cache_dir=registry.cache, manifest=tiny_package
    )
    assert again["regular"] == path
    assert sha256_file(path) == tiny_package["regular"].sha256
    assert len(registry.calls()) == 2
    assert any("failed its checksum" in m for m in messages)


def test_unreadable_stamp_costs_only_a_rehash(
    registry: FakeRegistry, tiny_package: dict[str, FontSpec]
) -> None:
    path = ensure_fonts(["regular"], cache_dir=registry.cache, manifest=tiny_package)["regular"]
    stamp_path(registry.cache, path.name).write_text("{not json")
    assert (
        ensure_fonts(["regular"], cache_dir=registry.cache, manifest=tiny_package)["regular"]
        == path
    )
    assert len(registry.calls()) == 1
    assert read_stamp(stamp_path(registry.cache, path.name)) is not None


def test_tampered_package_is_refused(registry: FakeRegistry, tmp_path: Path) -> None:
    good = tiny_font(tmp_path / "good.ttf").read_bytes()
    integrity = registry.publish("@test/tiny", "1.0.0", {"package/Tiny.ttf": good + b"x"})
    spec = registry.spec("regular", "package/Tiny.ttf", good, integrity)
    with pytest.raises(FontError) as info:
        ensure_fonts(["regular"], cache_dir=registry.cache, manifest={"regular": spec})
    message = str(info.value)
    assert (
        "npm could not fetch @test/tiny@1.0.0 (package/Tiny.ttf does not match its pinned"
        in message
    )
    assert "\n" not in message
    assert not (registry.cache / spec.file).exists()

    wrong_integrity = replace(spec, integrity="sha512-" + base64.b64encode(bytes(64)).decode())
    with pytest.raises(FontError, match="tarball integrity .* differs from the pinned"):
        ensure_fonts(["regular"], cache_dir=registry.cache, manifest={"regular": wrong_integrity})


def test_npm_error_is_reported_in_one_line(registry: FakeRegistry, tmp_path: Path) -> None:
    data = tiny_font(tmp_path / "t.ttf").read_bytes()
    spec = registry.spec("regular", "package/Tiny.ttf", data, "sha512-x", package="@test/absent")
    with pytest.raises(FontError) as info:
        ensure_fonts(["regular"], cache_dir=registry.cache, manifest={"regular": spec})
    assert str(info.value) == (
        "font 'regular' (Tiny) is not available: npm could not fetch @test/absent@1.0.0 "
        "('npm pack' exited with 1: E404: 404 Not Found); fix npm's network/registry access "
        "and run 'banmian fonts install', or name a TrueType font in the spec"
    )


def test_npm_failure_reason_from_stderr_only() -> None:
    stderr = (
        "npm error code ECONNREFUSED\n"
        "npm error syscall connect\n"
        "npm error A complete log of this run can be found in: /root/.npm/_logs/x.log\n"
    )
    assert fonts.obtain._npm_failure("", stderr) == "ECONNREFUSED: syscall connect"
    stdout = json.dumps({"error": {"code": "ETARGET", "summary": "No matching version\nfound"}})
    assert fonts.obtain._npm_failure(stdout, stderr) == "ETARGET: No matching version found"


def test_concurrent_first_use_downloads_once(
    registry: FakeRegistry, tiny_package: dict[str, FontSpec]
) -> None:
    results: list[dict[str, Path]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(
                ensure_fonts(["regular", "bold"], cache_dir=registry.cache, manifest=tiny_package)
            )
        except BaseException as exc:  # noqa: BLE001 - surfaced by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 4
    assert all(r == results[0] for r in results)
    assert len(registry.calls()) == 1
    assert sha256_file(results[0]["bold"]) == tiny_package["bold"].sha256


def test_woff_member_is_converted_reproducibly(registry: FakeRegistry, tmp_path: Path) -> None:
    fb = _tiny_builder("Tiny-Regular")
    fb.font.flavor = "woff"
    woff = tmp_path / "tiny.woff"
    fb.save(str(woff))
    once, twice = tmp_path / "once.ttf", tmp_path / "twice.ttf"
    fonts.woff_to_truetype(woff, once)
    time.sleep(1.1)  # a timestamp written by the converter would now differ
    fonts.woff_to_truetype(woff, twice)
    assert once.read_bytes() == twice.read_bytes()
    assert once.read_bytes()[:4] == b"\x00\x01\x00\x00"

    data = woff.read_bytes()
    integrity = registry.publish("@test/tiny", "1.0.0", {"package/files/tiny.woff": data})
    spec = registry.spec(
        "kai",
        "package/files/tiny.woff",
        data,
        integrity,
        convert="woff-to-truetype",
        sha256=sha256_file(once),
        size=once.stat().st_size,
    )
    messages: list[str] = []
    path = ensure_fonts(["kai"], messages.append, cache_dir=registry.cache, manifest={"kai": spec})[
        "kai"
    ]
    assert sha256_file(path) == spec.sha256
    assert load_face(path).advance("中") == 1.0
    assert messages[-1] == "verified Tiny-kai.ttf"


# ---------------------------------------------------------------- no npm: fallbacks and errors


def test_npm_missing_and_no_system_font_names_what_to_install(
    registry: FakeRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(registry.root / "empty"))
    with pytest.raises(FontError) as info:
        ensure_fonts(["song"], cache_dir=registry.cache)
    assert str(info.value) == (
        "font 'song' (Noto Serif SC) is not available: install Node.js/npm so banmian can fetch "
        "@expo-google-fonts/noto-serif-sc@0.4.3, or 'apt-get install fonts-noto-cjk', or name a "
        "TrueType font in the spec"
    )
    with pytest.raises(FontError, match="'apt-get install fonts-noto-cjk-extra'"):
        ensure_fonts(["hei-black"], cache_dir=registry.cache)


def test_install_main_reports_failure(
    registry: FakeRegistry, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(registry.root / "empty"))
    monkeypatch.setenv("BANMIAN_FONT_DIR", str(registry.cache))
    assert fonts.install_main(["--roles", "kai"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error: font 'kai' (LXGW WenKai) is not available: install Node.js")
    assert "'apt-get install fonts-lxgw-wenkai'" in err[-1]


def test_npm_missing_uses_system_truetype(
    registry: FakeRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system_dir = tmp_path / "usr-share-fonts" / "truetype" / "tiny"
    system_dir.mkdir(parents=True)
    installed = tiny_font(system_dir / "TinySystem-Regular.ttf", "TinySystem-Regular")
    tiny_font(system_dir / "Decoy.ttf", "Decoy-Regular")
    monkeypatch.setattr(fonts.system, "SEARCH_DIRS", (tmp_path / "nowhere", tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    spec = registry.spec(
        "kai",
        "package/x.ttf",
        b"never fetched",
        "sha512-x",
        system=SystemFont("fonts-tiny", ("TinySystem-Regular.ttf",), "TinySystem-Regular", "Tiny"),
    )
    messages: list[str] = []
    path = ensure_fonts(["kai"], messages.append, cache_dir=registry.cache, manifest={"kai": spec})[
        "kai"
    ]
    assert path == installed
    assert any(m.startswith(f"using system font {installed}") for m in messages)
    stamp = read_stamp(stamp_path(registry.cache, "fallback-Tiny-kai.ttf"))
    assert stamp is not None and stamp.verified == "system"
    assert stamp.sha256 == sha256_file(installed)

    # Later runs reuse the stand-in without trying npm again.
    messages.clear()
    assert (
        ensure_fonts(["kai"], messages.append, cache_dir=registry.cache, manifest={"kai": spec})[
            "kai"
        ]
        == installed
    )
    assert messages == []

    # 'fonts install' retries npm first, then keeps the stand-in it already has.
    again = ensure_fonts(
        ["kai"],
        messages.append,
        cache_dir=registry.cache,
        manifest={"kai": spec},
        reuse_fallbacks=False,
    )
    assert again == {"kai": installed}
    assert messages[-1] == f"keeping the stand-in {installed} for 'kai'"


# ---------------------------------------------------------------- loading faces


def test_cff_and_other_unsupported_files_are_rejected(tmp_path: Path) -> None:
    otf = tiny_font(tmp_path / "Tiny.otf", truetype=False)
    with pytest.raises(FontError) as info:
        load_face(otf)
    assert str(info.value).startswith(f"{otf}: postscript (CFF) outlines are not supported;")
    assert "convert to TrueType" in str(info.value) and "\n" not in str(info.value)

    woff = tmp_path / "Tiny.woff"
    fb = _tiny_builder("Tiny-Regular")
    fb.font.flavor = "woff"
    fb.save(str(woff))
    with pytest.raises(FontError, match="WOFF web fonts are not supported"):
        load_face(woff)

    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"\x00\x01\x00\x00" + b"\xff" * 40)
    with pytest.raises(FontError, match=r"junk.ttf: cannot load font \("):
        load_face(junk)
    with pytest.raises(FontError, match="cannot read font file"):
        load_face(tmp_path / "absent.ttf")
    with pytest.raises(FontError, match="not a TrueType font"):
        load_face(Path(fonts.__file__).with_name("manifest.json"))


def test_tiny_face_metrics(tmp_path: Path) -> None:
    face = load_face(tiny_font(tmp_path / "Tiny.ttf"))
    assert face.key == "Tiny-Regular" and face.units_per_em == 1000
    assert (face.ascent, face.descent) == (0.88, -0.12)  # OS/2 typo, not hhea (1.1/-0.3)
    assert face.advance("中") == 1.0 and face.advance("A") == 0.5
    assert face.ink("，") == (0.08, -0.19, 0.23, 0.12)
    assert face.ink(" ") is None and face.ink("国") is None
    assert face.missing("中国 A，国\t人") == ["国", "人"]
    assert face.has("中") and not face.has("国")
    assert load_face(face.path) is face
    assert load_face(face.path, key="Other").key == "Other"


def test_collection_face_index(tmp_path: Path) -> None:
    collection = TTCollection()
    collection.fonts = [
        TTFont(tiny_font(tmp_path / "a.ttf", "TinyA-Regular")),
        TTFont(tiny_font(tmp_path / "b.ttf", "TinyB-Regular")),
    ]
    ttc = tmp_path / "Tiny.ttc"
    collection.save(str(ttc))
    second = load_face(ttc, index=1)
    assert (second.key, second.index) == ("TinyB-Regular", 1)
    assert second.ink("，") == (0.08, -0.19, 0.23, 0.12)
    assert load_face(ttc).key == "TinyA-Regular"
    with pytest.raises(FontError, match="face index 2 out of range"):
        load_face(ttc, index=2)


# ---------------------------------------------------------------- the real default faces


@pytest.fixture(scope="session")
def default_fonts() -> dict[str, Path]:
    """The pinned faces in the user cache; fetched once per machine."""
    return ensure_fonts(ROLES, progress=lambda m: print(m, file=sys.stderr))


def test_warm_ensure_fonts_is_cheap(default_fonts: dict[str, Path]) -> None:
    best = min(_timed(lambda: ensure_fonts(ROLES)) for _ in range(5))
    assert best < 0.05, f"warm ensure_fonts took {best * 1000:.1f} ms"
    assert ensure_fonts(ROLES) == default_fonts


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def test_song_metrics(default_fonts: dict[str, Path]) -> None:
    face = load_face(default_fonts["song"])
    assert face.key == "NotoSerifSC-Regular" and face.units_per_em == 1000
    assert (face.ascent, face.descent) == (0.88, -0.12)
    assert face.advance("中") == 1.0
    assert face.advance("1") < 1
    assert face.has("镕")
    assert face.missing("中A\U0002ffff") == ["\U0002ffff"]
    for mark in "，。、":
        ink = face.ink(mark)
        assert ink is not None and ink[2] < 0.5, (mark, ink)  # sits in the left half
        assert ink[1] < 0.0, (mark, ink)  # and dips below the baseline
    assert face.ink(" ") is None
    opening = face.ink("（")
    assert opening is not None and opening[0] > 0.5  # opening bracket: right half
    assert face.ink("中") == pytest.approx((0.106, -0.078, 0.932, 0.838))
    assert {face, load_face(default_fonts["song"])} == {face}


@pytest.mark.parametrize("role", ROLES)
def test_every_role_covers_newspaper_text(default_fonts: dict[str, Path], role: str) -> None:
    face = load_face(default_fonts[role])
    text = "新华社北京电 习近平强调：坚持“以人民为中心”，推进《规划》落实。2024年（第3版）"
    assert face.missing(text) == []
    assert face.advance("中") == 1.0 and face.advance("，") == 1.0
    ink = face.ink("，")
    assert ink is not None and ink[2] < 0.5
    assert -0.2 < face.descent < 0 < face.ascent < 1.2


def test_composite_glyph_ink(default_fonts: dict[str, Path]) -> None:
    # LXGW WenKai builds U+2212 MINUS SIGN from a component; bounds must resolve through it.
    face = load_face(default_fonts["kai"])
    assert face.ink("\u2212") == pytest.approx((0.022, 0.219, 0.33, 0.282))


def test_reportlab_registration(default_fonts: dict[str, Path]) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    face = load_face(default_fonts["song"])
    name = reportlab_font(face)
    assert name == face.key == reportlab_font(face)
    assert name in pdfmetrics.getRegisteredFontNames()
    assert pdfmetrics.stringWidth("中文1", name, 10) == pytest.approx(10 * (2 + face.advance("1")))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.setFont(name, 12)
    pdf.drawString(72, 720, "版面，测试。")
    pdf.save()
    assert b"NotoSerifSC-Regular" in buf.getvalue()

    # another file under the same name gets a name of its own, never the first file's font
    other = load_face(default_fonts["kai"], key=name)
    other_name = reportlab_font(other)
    assert other_name != name and other_name.startswith(name + "~")
    assert pdfmetrics.getFont(name).face.filename != pdfmetrics.getFont(other_name).face.filename


def test_install_main_warm(
    default_fonts: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert fonts.install_main(["--roles", "kai", "song"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"kai\t{default_fonts['kai']}", f"song\t{default_fonts['song']}"]


# ---------------------------------------------------------------- CFF conversion (system fonts)


@pytest.mark.skipif(not NOTO_SERIF_CJK.exists(), reason="fonts-noto-cjk is not installed")
def test_cff_collection_face_converts_to_truetype(tmp_path: Path) -> None:
    out = tmp_path / "converted.ttf"
    fonts.convert_cff_to_truetype(
        NOTO_SERIF_CJK, out, font_number=2, unicodes=[ord(c) for c in "中镕，。A "]
    )
    face = load_face(out)
    assert face.key == "NotoSerifCJKsc-Regular"
    assert face.missing("中镕，。A") == []
    assert face.advance("中") == 1.0
    ink = face.ink("，")
    assert ink is not None and ink[2] < 0.5
    assert face.ink(" ") is None


def test_npm_leaves_no_cache_of_its_own(
    registry: FakeRegistry, tiny_package: dict[str, FontSpec]
) -> None:
    """npm keeps what it fetched in ~/.npm (174 MB for the default faces): its cache is put in
    the fetch's temporary folder, which goes with it."""
    ensure_fonts(["regular"], cache_dir=registry.cache, manifest=tiny_package)
    caches = (registry.root / "npm-caches.log").read_text().split()
    assert len(caches) == 1 and Path(caches[0]).name == "npm-cache"
    assert not Path(caches[0]).exists() and not Path(caches[0]).parent.exists()


@pytest.mark.skipif(not NOTO_SERIF_CJK.exists(), reason="fonts-noto-cjk is not installed")
def test_a_stand_in_face_keeps_the_symbols_a_page_prints(tmp_path: Path) -> None:
    """A chart's ▲▼, ℃, ①, ㎡ and Greek are in the stand-in, so a page needing them renders
    without npm; the conversion reports its progress glyph by glyph."""
    out = tmp_path / "converted.ttf"
    wanted = "▲▼℃①㎡α中"
    told: list[tuple[int, int]] = []
    keep = [cp for cp in fonts.convert.fallback_unicodes() if chr(cp) in wanted]
    fonts.convert_cff_to_truetype(NOTO_SERIF_CJK, out, font_number=2, unicodes=keep,
                                  on_glyphs=lambda done, total: told.append((done, total)))
    assert load_face(out).missing(wanted) == []
    assert told and told[0][0] == 0 and told[-1][1] >= len(wanted)


def test_the_progress_bar_draws_only_on_a_terminal() -> None:
    from fonts.bar import Bar

    tty = io.StringIO()
    bar = Bar("Noto Serif CJK SC", 1, stream=tty, tty=True)
    bar.tell(0, 200)
    bar.close()
    lines = tty.getvalue().split("\r")
    assert lines[1].startswith("  Noto Serif CJK SC [" + "." * 30 + "]   0%")
    assert lines[2].startswith("  Noto Serif CJK SC [" + "#" * 30 + "] 100%")
    assert tty.getvalue().endswith("\n")
    pipe = io.StringIO()
    bar = Bar("x", 1, stream=pipe)  # a StringIO is no terminal
    bar.tell(100, 200)
    bar.close()
    assert pipe.getvalue() == ""


def test_manifest_json_is_valid_utf8_json() -> None:
    text = Path(fonts.__file__).with_name("manifest.json").read_text(encoding="utf-8")
    assert json.loads(text)["roles"]["kai"]["family"] == "LXGW WenKai"
