"""Fonts for banmian: the pinned default faces, their on-demand cache, and face metrics.

Font files are never part of the source tree. The manifest pins each role (song, song-bold,
hei, hei-black, kai) to an npm package version and checksums; ensure_fonts() fetches them
into a per-user cache on first use, and load_face() exposes the metrics the composer needs.
"""

from fonts.cache import font_cache_dir
from fonts.cli import install_main
from fonts.convert import convert_cff_to_truetype, woff_to_truetype
from fonts.errors import FontError
from fonts.face import FontFace, load_face, reportlab_font
from fonts.manifest import FontSpec, default_roles, font_spec, load_manifest
from fonts.obtain import ensure_fonts

__all__ = [
    "FontError",
    "FontFace",
    "FontSpec",
    "convert_cff_to_truetype",
    "default_roles",
    "ensure_fonts",
    "font_cache_dir",
    "font_spec",
    "install_main",
    "load_face",
    "load_manifest",
    "reportlab_font",
    "woff_to_truetype",
]
