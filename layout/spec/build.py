"""YAML file → Spec, read top to bottom: the tree is validated, then the page, the looks, the
figures and the blocks are built, then references between blocks are checked. Every problem is
reported at once, each at its own line and column."""

from __future__ import annotations

from pathlib import Path

from ..diag import Diagnostics
from .blocks import build_blocks
from .context import BuildCtx
from .include import merge_includes
from .inputs import shown
from .model import Meta, Spec
from .page import page_geometry
from .refs import cross_references
from .schema import Ctx
from .sources import Files, data, fonts, output
from .styles import BUILTIN_STYLES, header, ink, labels, palette, rich_black, story, styles
from .tree import spec_schema
from .yamlpos import load_yaml


def load_spec(path: Path, root: Path | None = None, condition: str | None = None) -> Spec:
    """Read and validate a spec; raises SpecError listing every problem with its position.
    The spec reads files only under `root` (its own folder unless given); `condition`
    (`--output-condition`) overrides its output profile with one of banmian's own."""
    tree, pm = load_yaml(path, shown(path))
    tree, pm, included = merge_includes(tree, pm, path, root)
    diags = Diagnostics()
    ctx = Ctx(pm, diags)
    if not isinstance(tree, dict):
        diags.error("the spec must be a mapping with a 'blocks' list", pm.value(()))
        diags.raise_if_errors()
    raw = spec_schema().convert(tree, (), ctx)
    diags.raise_if_errors()
    base = path.parent
    files = Files(base, (root or base).resolve(), Path(pm.file).parent)
    geo = page_geometry(raw, ctx)
    if geo is None:
        diags.raise_if_errors()
    colors = palette(raw.get("colors"), ctx)
    faces = fonts(raw.get("fonts"), files, path, ctx)
    user_styles = raw.get("styles") or {}
    looks = styles(user_styles, faces, colors, geo.body_size, ctx)
    figures = data(raw, files, pm, ctx)
    broken = set(BUILTIN_STYLES) | set(user_styles)
    rich_black(user_styles, looks, ctx)
    dress = story(raw.get("story"), ctx)
    bctx = BuildCtx(ctx, files, geo.body_size, geo.leading, looks, broken, colors, figures,
                    labels(raw.get("labels") or {}, looks, broken, colors, ctx),
                    {b["next"] for b in raw.get("blocks") or [] if b and b.get("next")},
                    geo.columns, dress)
    head = header(raw.get("header"), looks, broken, colors, ctx)
    raw_blocks = raw.get("blocks") or []
    blocks = build_blocks(raw_blocks, geo.spread, geo.trim, bctx)
    cross_references(blocks, raw_blocks, bctx)
    ink(raw, colors, (raw.get("output") or {}).get("ink_limit") or 240, ctx)
    out = output(raw.get("output") or {}, files, ctx, condition)
    diags.raise_if_errors()
    meta = raw.get("meta") or {}
    return Spec(
        path=path, meta=Meta(meta.get("title") or path.stem, meta.get("paper") or "",
                             meta.get("date"), meta.get("edition") or "",
                             meta.get("section") or meta.get("edition") or "",
                             meta.get("editor") or "", meta.get("designer") or "",
                             tuple((k, pm.value(("meta", k))) for k in meta)),
        labels=bctx.labels, header=head, output=out, data=figures, colors=colors,
        fold_safe=geo.fold_safe, trim=geo.trim, type_area=geo.type_area, spread=geo.spread,
        folios=geo.folios, body_size=geo.body_size, leading=geo.leading, columns=geo.columns,
        column_zi=geo.column_zi, gutter_zi=geo.gutter_zi, lines=geo.lines,
        margin_top=geo.margin_top, margin_inner=geo.margin_inner, fonts=faces, styles=looks,
        blocks=tuple(blocks), warnings=tuple(diags.warnings), story=dress, included=included)
