"""The whole pipeline in one direction: spec → grid → compose → place → render → report."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .arrange import arrange
from .compose import ComposeCtx, check_glyphs, compose_header, normalize
from .diag import Diagnostics, SpecError
from .epaper.articles import articles_of
from .grid import build_grid, check_places
from .inks import hold_register
from .kinds import kind_of
from .kinds.text import recompose
from .pagemodel import PageModel, Picture
from .place.fold import check_fold
from .place.stage import place
from .place.underset import measure_warnings
from .place.underset import warnings as underset_warnings
from .regions import regions
from .report import Report
from .spec import Spec, load_spec, shown


class Progress:
    """Stage messages on stderr, shown only once a run has taken more than a second."""

    def __init__(self, enabled: bool = True, after: float = 1.0):
        self.t0 = time.perf_counter()
        self.enabled = enabled
        self.after = after

    def __call__(self, msg: str) -> None:
        if self.enabled and time.perf_counter() - self.t0 > self.after:
            self.always(msg)

    def always(self, msg: str) -> None:
        """For work known to be slow (fetching fonts): say it at once."""
        if self.enabled:
            print(f"banmian: {msg} ({time.perf_counter() - self.t0:.1f}s)", file=sys.stderr)


@dataclass(frozen=True)
class Built:
    spec: Spec
    layout: PageModel
    report: Report
    # block id → its composed text (kicker, heading, body lines, caption), for diffs between
    # revisions; body lines are those composed, before placement decides what fits
    texts: tuple[tuple[str, str], ...] = ()


def load_faces(spec: Spec, names: set[str], progress: Callable[[str], None]) -> dict:
    """Font faces for the spec's font names in use, fetching default faces on first use."""
    from fonts import FontError, ensure_fonts, load_face

    refs = {n: spec.fonts[n] for n in names}
    roles = sorted({r.role for r in refs.values() if r.role})
    try:
        paths = ensure_fonts(roles, progress=progress) if roles else {}
    except FontError as e:
        raise SpecError([_diag(str(e))]) from None
    faces = {}
    for n, ref in refs.items():
        try:
            if ref.file is not None:
                faces[n] = load_face(ref.file, index=ref.index) if ref.index else load_face(
                    ref.file)
            else:
                faces[n] = load_face(paths[ref.role])
        except FontError as e:  # the file as the spec names it, not the resolved path
            msg = str(e).replace(str(ref.file), shown(ref.file)) if ref.file else str(e)
            raise SpecError([_diag(msg, ref.src)]) from None
    return faces


def _diag(msg: str, pos=None):
    from .diag import Diagnostic

    return Diagnostic("error", msg, pos)


def arranged(spec_path: Path, root: Path | None = None) -> tuple[Spec, object, dict]:
    """The spec with every block at its place, its grid and its faces: what the stages after
    `arrange` start from (benches and tests that compose blocks one by one)."""
    spec = load_spec(spec_path, root)
    grid = build_grid(spec)
    faces = load_faces(spec, _fonts_used(spec), lambda msg: None)
    diags = Diagnostics()
    spec = arrange(normalize(spec, diags), grid, faces, diags)
    diags.raise_if_errors()
    return spec, grid, faces


def geometry(spec: Spec, grid, composed) -> dict:
    """What a tool needs to check a page against its grid, in PDF points of the MediaBox
    (bleed and the marks' slug included; y up): the trim, each grid column's x range, the
    measures text is set to (a story's text columns), line 1's baseline and the leading."""
    from .export.pdf import MARK_SLUG

    out = spec.output
    m = (out.bleed + (MARK_SLUG if out.marks else 0.0)) if out else 0.0
    height = grid.trim_h + 2 * m
    pages = []
    for p in range(grid.pages):
        dx = m - p * grid.trim_w
        measures = set()
        for c in composed:
            b = c.block
            if not b.flows_text or (b.cell.page not in (p, -1)):
                continue
            for off, w in c.regions.columns:
                x = c.regions.rect.x + off + dx
                measures.add((round(x, 2), round(x + w, 2)))
        pages.append({
            "trim": [round(m, 2), round(m, 2), round(m + grid.trim_w, 2),
                     round(m + grid.trim_h, 2)],
            "columns": [[round(grid.col_x(p, c) + dx, 2),
                         round(grid.col_x(p, c) + grid.column_w + dx, 2)]
                        for c in range(1, grid.columns + 1)],
            "text_columns": [list(x) for x in sorted(measures)],
            "first_baseline": round(height - (m + grid.baseline(1)), 2),
            "leading": grid.leading})
    return {"pages": pages}


def _with_pushed(spec: Spec, fits: tuple) -> tuple:
    """The blocks the arrange stage found no room for, as overset, in spec order."""
    from .place.fit import Fit

    if not spec.pushed:
        return fits
    why = dict(spec.pushed)
    order = {b.id: i for i, b in enumerate(spec.blocks)}
    extra = [Fit.overflow(b.id, b.KIND, b.src, why[b.id]) for b in spec.blocks if b.id in why]
    return tuple(sorted((*fits, *extra), key=lambda f: (order.get(f.block, 0), f.part != "")))


def compose_block(block, spec: Spec, grid, faces: dict, diags: Diagnostics | None = None):
    """One block composed at its place (what `build` does for every block)."""
    return kind_of(block).compose(block, regions(block, grid),
                                  ComposeCtx(spec, grid, faces, diags or Diagnostics()))


def _fonts_used(spec: Spec) -> set[str]:
    used = {spec.styles["body"].font}  # the canvas's initial font, so no Helvetica is ever set
    for b in spec.blocks:
        used.add(spec.styles[b.style].font)
        used |= {spec.styles[s].font for _, s in b.texts()}
        extra = kind_of(b).fonts
        if extra is not None:
            used |= extra(b, spec)
    if spec.header:
        used.add(spec.styles[spec.header.style].font)
    return used


def build(spec_path: Path, progress: Progress | None = None, root: Path | None = None,
          condition: str | None = None) -> tuple[Built, dict]:
    """Validate and compose; raises SpecError on bad input. The spec reads files only under
    `root` (its own folder unless given); `condition` is `--output-condition`."""
    progress = progress or Progress(False)
    spec = load_spec(spec_path, root, condition)
    progress("spec read")
    if spec.data:
        from .figcheck import check_figures

        fdiags = Diagnostics()
        check_figures(spec, fdiags)
        fdiags.raise_if_errors()
    diags = Diagnostics()
    grid = build_grid(spec)
    faces = load_faces(spec, _fonts_used(spec), progress.always)
    progress("fonts ready")
    check_glyphs(spec, faces, diags)
    diags.raise_if_errors()
    spec = normalize(spec, diags)
    spec = arrange(spec, grid, faces, diags)
    diags.raise_if_errors()
    check_places(spec, grid, diags)
    diags.raise_if_errors()
    progress("arranged")
    cctx = ComposeCtx(spec, grid, faces, diags)
    on_page = [b for b in spec.blocks if b.cell.lines or b.cell.rect is not None]
    composed = [kind_of(b).compose(b, regions(b, grid), cctx) for b in on_page]
    diags.raise_if_errors()
    progress("composed")
    layout, fits = place(spec, grid, composed,
                         lambda c, tracking, measures: recompose(
                             c, tracking, measures, faces, spec.styles, grid.leading),
                         compose_header(spec, faces))
    check_fold(layout, spec, diags)  # every text clear of the fold, whatever set it
    fits = _with_pushed(spec, fits)
    out = spec.output
    layout = hold_register(layout, out.ink_limit, out.one_ink) if out else hold_register(layout)
    layout = replace(layout, articles=articles_of(spec, layout))
    report = Report(str(spec.path), grid.pages, fits,
                    (*spec.warnings, *diags.warnings, *measure_warnings(composed),
                     *underset_warnings(fits)), spec.output,
                    geometry(spec, grid, composed))
    return Built(spec, layout, report, tuple((c.block.id, c.text) for c in composed)), faces


def render(spec_path: str | Path, progress: Progress | None = None, *, sheet: bool = False,
           proof: bool = False, standard: str | None = None, provenance=None,
           root: Path | None = None, condition: str | None = None) -> tuple[bytes, Report]:
    """The library entry point: a spec file → (PDF bytes, report). `provenance`
    (layout.finish.Provenance) puts an archive entry's ID and metadata in the XMP. The PDF
    is rendered whether or not everything fits: the report says, and the caller decides."""
    progress = progress or Progress(False)
    built, faces = build(Path(spec_path), progress, root, condition)
    return render_built(built, faces, progress, sheet=sheet, proof=proof, standard=standard,
                        provenance=provenance)


def overset_records(report: Report) -> tuple[str, ...]:
    """What does not fit, one entry a block, as a print file's XMP records it."""
    out = []
    for f in report.fits:
        if f.ok:
            continue
        what = (f"{f.over_lines} lines, {f.over_chars} 字 over" if f.over_lines or f.over_chars
                else f.detail)
        out.append(f"{f.block}{':' + f.part if f.part else ''} ({f.src}): {what}")
    return tuple(out)


def render_built(built: Built, faces: dict, progress: Progress | None = None, *,
                 sheet: bool = False, proof: bool = False, standard: str | None = None,
                 provenance=None, overset_proof: bool = False,
                 record_overset: bool = False) -> tuple[bytes, Report]:
    """Render what build() made: a watcher keeps the Built for the preview's overlay.
    `overset_proof` marks what does not fit and writes a plain (not print-ready) PDF;
    `record_overset` writes a print file that says in its XMP what does not fit."""
    from fonts import reportlab_font

    from . import __version__
    from .export.pdf import Sheet, render_pdf, render_tagged_pdf

    progress = progress or Progress(False)
    names = {n: reportlab_font(f) for n, f in faces.items()}
    spec = built.spec
    out = spec.output
    geometry = Sheet(out.bleed, out.marks) if out else Sheet()
    overlay = ()
    if proof:
        from .proof import proof_items

        overlay = proof_items(built.layout, spec.styles["body"].font)
    elif overset_proof:
        from .proof import overset_items

        overlay = overset_items(built.layout, built.report.fits, spec.styles["body"].font)
        standard = "none"
    standard = standard or (out.standard if out else "none")
    structure = None
    if out and standard != "none" and not proof and not sheet:
        # the print file is tagged: articles in reading order, for search, copy and reading
        pdf, structure = render_tagged_pdf(built.layout, names.__getitem__,
                                           spec.styles["body"].font, title=spec.meta.title,
                                           geometry=geometry, date=spec.meta.date)
    else:
        pdf = render_pdf(built.layout, names.__getitem__, spec.styles["body"].font,
                         title=spec.meta.title, sheet=sheet, geometry=geometry,
                         date=spec.meta.date, overlay=overlay)
    if out and standard != "none" and not proof:
        from .color import load_profile
        from .finish import DocInfo, finish_pdf

        pdf = finish_pdf(pdf, standard, load_profile(out.profile),
                         DocInfo(spec.meta.title, spec.meta.date, out.condition,
                                 f"banmian {__version__}",
                                 ", ".join(provenance.keywords) if provenance else "",
                                 provenance,
                                 overset_records(built.report) if record_overset else ()),
                         structure)
    progress("PDF written")
    return pdf, built.report


def draft_photos(built: Built, dpi: int, cache: dict[bytes, bytes]) -> Built:
    """The build with its photos at twice `dpi`, for pictures on screen (preview, diff):
    decoding 300 ppi photos would cost most of the time for pixels no one sees. The same
    photo always reduces to the same bytes, so an unchanged photo compares equal in a diff."""
    import io
    from dataclasses import replace

    from PIL import Image

    items = []
    for im in built.layout.items:
        if not isinstance(im, Picture):
            items.append(im)
            continue
        want = (max(1, round(im.rect.w / 72 * dpi * 2)), max(1, round(im.rect.h / 72 * dpi * 2)))
        if want[0] >= im.pixels[0]:
            items.append(im)
            continue
        small = cache.get(im.jpeg)
        if small is None:
            img = Image.open(io.BytesIO(im.jpeg))
            img.draft(img.mode, want)  # decode at a fraction of the size
            img = img.resize(want, Image.BILINEAR)
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=90)
            small = cache[im.jpeg] = buf.getvalue()
        items.append(replace(im, jpeg=small, pixels=want))
    return replace(built, layout=replace(built.layout, items=tuple(items)))


GENERIC = {"song": "serif", "song-bold": "serif", "hei": "sans-serif", "hei-black": "sans-serif",
           "kai": "cursive"}


def render_svg_pages(built: Built, faces: dict, *, embed_fonts: bool = False) -> list[bytes]:
    """What build() made as one SVG per page, colours through the spec's output profile."""
    from .export.svg import render_svg

    return render_svg(built.layout, svg_screen(built, faces), embed_fonts=embed_fonts)


def svg_screen(built: Built, faces: dict):
    """How the SVG exporter shows this build on a screen: colours and pictures through the
    spec's output profile, faces by their family names."""
    from .color import screen_jpeg, screen_rgb
    from .export.svg import Face, Screen
    from .spec.sources import DEFAULT_PROFILE

    spec = built.spec
    profile = spec.output.profile if spec.output else DEFAULT_PROFILE
    svg_faces = {}
    for name, face in faces.items():
        ref = spec.fonts[name]
        family, weight = _family(face.path)
        svg_faces[name] = Face(family, GENERIC.get(ref.role or "", "serif"), weight,
                               (lambda text, p=face.path: _subset(p, text)))
    return Screen(lambda c: screen_rgb(tuple(c), profile),
                  lambda jpeg: ("image/jpeg", screen_jpeg(jpeg, profile)), svg_faces)


def _family(path: Path) -> tuple[str, int]:
    """The face's family name as browsers know it (typographic family first), and its weight."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True, fontNumber=0) as f:
        name = f["name"]
        family = str(name.getDebugName(16) or name.getDebugName(1) or path.stem)
        return family, int(f["OS/2"].usWeightClass) if "OS/2" in f else 400


def _subset(path: Path, text: str) -> bytes:
    """A TrueType subset of the face holding `text` (deterministic: no timestamps)."""
    import io
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

    opts = subset.Options()
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    with TTFont(path, fontNumber=0, recalcTimestamp=False) as font:
        sub = subset.Subsetter(opts)
        sub.populate(text=text)
        sub.subset(font)
        buf = io.BytesIO()
        font.save(buf)
        return buf.getvalue()
