"""Loaded faces: the metrics the typesetting engine measures with, and ReportLab registration."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from fonts.errors import FontError

_SFNT_TRUETYPE = (b"\x00\x01\x00\x00", b"true")


class _FaceData:
    """Per-face parsed state, kept out of FontFace's equality and hash.

    ReportLab's parser supplies the cmap and advances (about 0.06 s for a 15 MB CJK face) and
    is the object that gets registered, so nothing is parsed twice. Ink bounds need outlines,
    which ReportLab does not decode; those come from fontTools, opened lazily on the first
    ink() call: only loca is parsed and single glyph records are read from the file, so the
    first call costs ~10 ms instead of ~0.2 s for a full glyf parse.
    """

    def __init__(self, rl_font: object, path: Path, index: int, is_collection: bool) -> None:
        self.rl_font = rl_font
        face = rl_font.face  # type: ignore[attr-defined]
        self.char_to_glyph: dict[int, int] = face.charToGlyph
        self.widths: dict[int, float] = face.charWidths  # 1/1000 em
        self.default_width: float = face.defaultWidth
        self.path = path
        self.index = index
        self.is_collection = is_collection
        self.ink_memo: dict[int, tuple[float, float, float, float] | None] = {}
        self._outline_lock = threading.Lock()
        self._loca: object | None = None
        self._glyf_offset = 0
        self.units_per_em = int(face.unitsPerEm)
        self._full_font: object | None = None

    def _open_outlines(self) -> None:
        from fontTools.ttLib import TTFont

        font = TTFont(self.path, lazy=True, fontNumber=self.index if self.is_collection else -1)
        try:
            self._glyf_offset = font.reader.tables["glyf"].offset
            self._loca = font["loca"]
        finally:
            font.close()

    def glyph_bounds(self, gid: int) -> tuple[float, float, float, float] | None:
        """Ink box of a glyph in font units, or None for a glyph without contours."""
        from fontTools.pens.boundsPen import BoundsPen
        from fontTools.ttLib.tables._g_l_y_f import Glyph

        with self._outline_lock:
            if self._loca is None:
                self._open_outlines()
        loca = self._loca
        start, end = loca[gid], loca[gid + 1]  # type: ignore[index]
        if end <= start:
            return None
        with open(self.path, "rb") as fh:
            fh.seek(self._glyf_offset + start)
            glyph = Glyph(fh.read(end - start))
        if glyph.isComposite():
            return self._composite_bounds(gid)
        pen = BoundsPen(None)
        glyph.draw(pen, None)
        return pen.bounds

    def _composite_bounds(self, gid: int) -> tuple[float, float, float, float] | None:
        """Composite glyphs (rare in CJK faces) need the full glyf table to resolve components."""
        from fontTools.pens.boundsPen import BoundsPen
        from fontTools.ttLib import TTFont

        with self._outline_lock:
            if self._full_font is None:
                number = self.index if self.is_collection else -1
                self._full_font = TTFont(self.path, lazy=True, fontNumber=number)
        font = self._full_font
        glyph_set = font.getGlyphSet()  # type: ignore[attr-defined]
        pen = BoundsPen(glyph_set)
        glyph_set[font.getGlyphName(gid)].draw(pen)  # type: ignore[attr-defined]
        return pen.bounds


@dataclass(frozen=True)
class FontFace:
    """A TrueType face with the metrics the composer needs, all in em units.

    ascent/descent are the OS/2 typographic ascender/descender. CJK fonts set these to the
    ideographic em box (0.88/-0.12, summing to 1 em) consistently across families, whereas
    hhea values differ per family (1.151/-0.286 Noto Serif SC, 0.928/-0.256 LXGW WenKai) and
    include clearance for accents; ReportLab also writes the typo values into the PDF font
    descriptor, so the engine and the PDF agree.
    """

    key: str
    path: Path
    units_per_em: int
    ascent: float
    descent: float
    index: int = 0
    _data: _FaceData | None = field(default=None, compare=False, repr=False)

    def _d(self) -> _FaceData:
        if self._data is None:
            raise FontError(f"font face {self.key!r} was not created by load_face()")
        return self._data

    def has(self, ch: str) -> bool:
        """True if the cmap maps the character to a glyph."""
        return ord(ch) in self._d().char_to_glyph

    def advance(self, ch: str) -> float:
        """Advance width in em; an uncovered character gets the .notdef width it renders with."""
        data = self._d()
        return data.widths.get(ord(ch), data.default_width) / 1000.0

    def ink(self, ch: str) -> tuple[float, float, float, float] | None:
        """Ink bounds (xMin, yMin, xMax, yMax) in em; None for blank or uncovered characters.

        Lets the composer see where a punctuation mark actually sits inside its em (e.g. a
        full stop in the left half), which decides how much of it can be squeezed or hung.
        """
        data = self._d()
        gid = data.char_to_glyph.get(ord(ch))
        if gid is None:
            return None
        memo = data.ink_memo
        if gid not in memo:
            bounds = data.glyph_bounds(gid)
            upm = data.units_per_em
            memo[gid] = None if bounds is None else tuple(v / upm for v in bounds)  # type: ignore[assignment]
        return memo[gid]

    def missing(self, text: str) -> list[str]:
        """Distinct characters of text the face cannot render, in order; whitespace is ignored."""
        cmap = self._d().char_to_glyph
        seen: dict[str, None] = {}
        for ch in text:
            if ch not in seen and not ch.isspace() and ord(ch) not in cmap:
                seen[ch] = None
        return list(seen)


_loaded: dict[tuple[str, int, str | None, int, int], FontFace] = {}
_loaded_lock = threading.Lock()


def _sniff(path: Path, index: int) -> bool:
    """Reject what ReportLab cannot embed with a clear reason; returns True for a collection."""
    with open(path, "rb") as fh:
        tag = fh.read(4)
        if tag == b"ttcf":
            fh.seek(8)
            count = int.from_bytes(fh.read(4), "big")
            if not 0 <= index < count:
                raise FontError(f"{path}: face index {index} out of range (collection has {count})")
            fh.seek(12 + 4 * index)
            fh.seek(int.from_bytes(fh.read(4), "big"))
            tag = fh.read(4)
            collection = True
        else:
            if index != 0:
                raise FontError(
                    f"{path}: face index {index} given but the file is not a collection"
                )
            collection = False
    if tag == b"OTTO":
        raise FontError(
            f"{path}: postscript (CFF) outlines are not supported; convert to TrueType "
            "(glyf outlines), e.g. with fontTools cu2qu, or pick a .ttf"
        )
    if tag in (b"wOFF", b"wOF2"):
        raise FontError(
            f"{path}: WOFF web fonts are not supported; convert to TrueType (.ttf) first"
        )
    if tag not in _SFNT_TRUETYPE:
        raise FontError(f"{path}: not a TrueType font (starts with {tag!r})")
    return collection


def load_face(path: Path, key: str | None = None, index: int = 0) -> FontFace:
    """Parse a TrueType .ttf (or face `index` of a .ttc) into a FontFace.

    key is the name the face is registered under in ReportLab and the PDF; it defaults to
    the PostScript name. Faces are memoised per file state, so asking again is free.
    """
    path = Path(path)
    try:
        st = path.stat()
    except OSError as exc:
        raise FontError(f"{path}: cannot read font file ({exc.strerror or exc})") from exc
    memo_key = (str(path.resolve()), index, key, st.st_size, st.st_mtime_ns)
    with _loaded_lock:
        cached = _loaded.get(memo_key)
    if cached is not None:
        return cached

    try:
        is_collection = _sniff(path, index)
    except OSError as exc:
        raise FontError(f"{path}: cannot read font file ({exc.strerror or exc})") from exc
    from reportlab.pdfbase.ttfonts import TTFont as RLTTFont

    try:
        _check_tables(path, index, st.st_size)
        rl_font = RLTTFont(key or "_probe", str(path), validate=0, subfontIndex=index)
    except Exception as exc:  # noqa: BLE001 - ReportLab raises several types for bad files
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise FontError(f"{path}: cannot load font ({reason})") from exc
    rl_face = rl_font.face
    _remember_subsets(rl_face)
    if key is None:
        name = rl_face.name
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        rl_font.fontName = key
    upm = int(rl_face.unitsPerEm)
    data = _FaceData(rl_font, path, index, is_collection)
    face = FontFace(
        key=key,
        path=path,
        units_per_em=upm,
        ascent=rl_face.ascent / 1000.0,
        descent=rl_face.descent / 1000.0,
        index=index,
        _data=data,
    )
    with _loaded_lock:
        return _loaded.setdefault(memo_key, face)


def _check_tables(path: Path, index: int, size: int) -> None:
    """Every table the font's directory lists lies inside the file: a file cut short would
    otherwise load and fail only when a glyph past the cut is embedded."""
    import struct

    with path.open("rb") as f:
        head = f.read(12)
        offset = 0
        if head[:4] == b"ttcf":
            f.seek(12 + 4 * index)
            (offset,) = struct.unpack(">L", f.read(4))
            f.seek(offset)
            head = f.read(12)
        if len(head) < 12:
            raise ValueError("the file is cut short")
        (count,) = struct.unpack(">H", head[4:6])
        entries = f.read(16 * count)
        if len(entries) < 16 * count:
            raise ValueError("the table directory is cut short")
    for k in range(count):
        tag, _, start, length = struct.unpack(">4sLLL", entries[16 * k:16 * k + 16])
        if start + length > size:
            raise ValueError(f"table {tag.decode('latin-1')!r} runs past the end of the file "
                             f"({start + length:,} > {size:,} bytes): the file is cut short")


def _remember_subsets(rl_face: object) -> None:
    """Each document embeds the font's subsets anew; a subset's bytes depend only on its glyph
    list, so a process that renders again and again (watch) builds each subset once."""
    make = rl_face.makeSubset  # type: ignore[attr-defined]
    memo: dict[tuple[int, ...], bytes] = {}

    def make_subset(subset: list[int]) -> bytes:
        key = tuple(subset)
        if key not in memo:
            if len(memo) > 256:
                memo.clear()
            memo[key] = make(subset)
        return memo[key]

    rl_face.makeSubset = make_subset  # type: ignore[attr-defined]


def reportlab_font(face: FontFace) -> str:
    """Register the face with ReportLab once and return the registered name.

    Re-registering the same file under the same name is a no-op; the same name for another
    file is refused rather than silently switching fonts inside a document.
    """
    from reportlab.pdfbase import pdfmetrics

    rl_font = face._d().rl_font
    if getattr(rl_font, "_banmian_name", None):
        return rl_font._banmian_name  # type: ignore[attr-defined]
    name = face.key
    if name in pdfmetrics.getRegisteredFontNames():
        existing = pdfmetrics.getFont(name)
        existing_face = getattr(existing, "face", None)
        same_file = existing is rl_font or (
            existing_face is not None
            and Path(getattr(existing_face, "filename", "")).resolve() == face.path.resolve()
            and getattr(existing_face, "subfontNameX", b"") == rl_font.face.subfontNameX  # type: ignore[attr-defined]
        )
        if same_file:
            return name
        # another file with the same PostScript name (a copy, another version): its own name
        import hashlib

        name = f"{face.key}~{hashlib.sha1(str(face.path.resolve()).encode()).hexdigest()[:8]}"
        rl_font.fontName = name
    pdfmetrics.registerFont(rl_font)
    rl_font._banmian_name = name  # type: ignore[attr-defined]
    return name
