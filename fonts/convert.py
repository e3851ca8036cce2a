"""Format conversions that turn a font we can obtain into TrueType that ReportLab can embed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

# fontTools is imported inside the functions: conversions are rare, and `import fonts` sits on
# the render path.

# What a Chinese newspaper page needs from a stand-in face: CJK unified ideographs, CJK and
# general punctuation, full/half-width forms, Latin, and vertical/compatibility punctuation
# forms. Subsetting to this first keeps a CFF-to-TrueType conversion of a Noto CJK face
# to about 20 s on a 2-core machine (twice that with layout alternates, several minutes
# without subsetting).
FALLBACK_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x017F),
    (0x0370, 0x03FF),  # Greek (α, β, Ω in figures and science copy)
    (0x2000, 0x206F),
    (0x2100, 0x21FF),  # letterlike symbols (℃, №), number forms (Ⅰ, Ⅱ), arrows
    (0x2460, 0x24FF),  # enclosed numbers (①)
    (0x25A0, 0x26FF),  # geometric shapes (▲▼■●◆, a chart's change marks) and ★☆
    (0x3000, 0x303F),
    (0x3200, 0x33FF),  # enclosed CJK (㈠) and squared units (㎡, ㎏)
    (0x4E00, 0x9FFF),
    (0xFE10, 0xFE19),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
)


def fallback_unicodes() -> list[int]:
    """Code points kept when converting a system CFF face."""
    return [cp for lo, hi in FALLBACK_RANGES for cp in range(lo, hi + 1)]


def woff_to_truetype(src: Path, dst: Path) -> None:
    """Unwrap a WOFF into a plain TrueType file, changing nothing but the container.

    Timestamp and bounding-box recalculation are off, so every table except
    head.checkSumAdjustment is byte-for-byte the WOFF payload and the output is reproducible
    (its SHA-256 is pinned in the manifest).
    """
    from fontTools.ttLib import TTFont

    font = TTFont(src, recalcBBoxes=False, recalcTimestamp=False)
    try:
        font.flavor = None
        font.save(dst)
    finally:
        font.close()


def convert_cff_to_truetype(
    src: Path,
    dst: Path,
    *,
    font_number: int = 0,
    unicodes: Iterable[int] | None = None,
    max_err: float = 1.0,
    on_glyphs: Callable[[int, int], None] | None = None,
) -> None:
    """Convert a CFF (PostScript-outline) face to TrueType quadratic outlines.

    ReportLab embeds only glyf-based fonts, while distributions ship Noto CJK as CFF .ttc
    collections. With unicodes given, the face is subset first, which is what makes the
    conversion affordable. max_err is in font units (1.0 is invisible at text sizes).
    `on_glyphs(done, total)` is told how far the outline conversion has come (a progress bar).
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(src, fontNumber=font_number, lazy=False)
    try:
        if "CFF " not in font:
            raise ValueError(f"{src} (face {font_number}) has no CFF table")
        if unicodes is not None:
            options = subset.Options()
            # Text is drawn through ReportLab's cmap lookup, which applies no OpenType layout,
            # so layout tables would only add alternates (and halve the speed) for nothing.
            options.layout_features = []
            options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "VORG"]
            options.name_IDs = ["*"]
            options.name_languages = ["*"]
            options.notdef_outline = True
            options.desubroutinize = True
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=list(unicodes))
            subsetter.subset(font)
        _replace_cff_with_glyf(font, max_err, on_glyphs)
        font.save(dst)
    finally:
        font.close()


def _replace_cff_with_glyf(font: TTFont, max_err: float,
                           on_glyphs: Callable[[int, int], None] | None = None) -> None:
    """Swap the CFF table for glyf/loca and fix the tables that depend on the outline format."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    total = len(glyph_order)
    for i, name in enumerate(glyph_order):
        pen = TTGlyphPen(None)
        # CFF contours run counter-clockwise, TrueType clockwise: reverse while converting.
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
        if on_glyphs is not None and i % 256 == 0:
            on_glyphs(i, total)

    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)

    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)

    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = 0
    font["maxp"] = maxp
    maxp.compile(font)  # fills numGlyphs and the point/contour maxima from glyf

    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order
    try:
        post.compile(font)
    except OverflowError:
        post.formatType = 3.0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
