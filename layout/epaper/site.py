"""An edition's e-paper (数字报) as files: the pages of one or more built specs, each printed
page an image with its article regions, each article a page of its own.

    index.html            the edition: paper, date, each 版 with a thumbnail and its titles
    p2.html, p3.html      one per 版, by folio
    a/2-h7.html           one per article, by the folio it starts on and its first block
    img/                  page images (WebP and JPEG at four widths), thumbnails, photos
    epaper.css            the one stylesheet (system fonts; a print stylesheet)

Everything comes from the page model and its articles (pipeline.Built.layout); the spec gives
only the edition's name, date and folios. Nothing refers outside the folder.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..diag import Diagnostic, Pos, SpecError
from ..pagemodel import Article, PageModel
from . import images, markup
from .content import Content, content_of, untitled
from .style import CSS

KIND_NAMES = {"picture": "图片", "graphic": "图表"}


@dataclass(frozen=True)
class Source:
    """One built spec of the edition."""

    built: object  # pipeline.Built
    faces: dict


def edition_files(sources: list[Source], generator: str,
                  progress: Callable[[str], None] = lambda m: None) -> dict[str, bytes]:
    """Every file of the site by its path in the folder."""
    _check_edition(sources)
    first = sources[0].built.spec
    ed = markup.Edition(first.meta.paper or first.meta.title, first.meta.title,
                        first.meta.date, generator)
    jobs: list = []
    pics: list[tuple[str, int]] = []  # what each job makes: (kind, key)
    bans_raw = _page_jobs(sources, jobs, pics)
    progress("e-paper pages drawn")

    entries = _entries(bans_raw)
    slug = _Slugs()
    _photo_jobs(sources, entries, slug, jobs, pics)
    results = images.run_jobs(jobs)
    progress("e-paper pictures encoded")

    files: dict[str, bytes] = {"epaper.css": CSS.encode("utf-8")}
    page_r, photo_r = _file_pictures(pics, results, files)

    href = {(e[1], e[3].id): f"a/{e[0]}-{slug(e[1], e[3].id)}.html" for e in entries}
    names = {(e[1], e[3].id): _name(e[3], e[5]) for e in entries}
    bans = _bans(bans_raw, page_r, href, names)
    pages = _article_pages(sources, entries, href, names, bans, photo_r)

    files["index.html"] = markup.index_html(ed, bans).encode("utf-8")
    for i, b in enumerate(bans):
        files[b.href] = markup.ban_html(ed, bans, i).encode("utf-8")
    for i, pg in enumerate(pages):
        files[pg.href] = markup.article_html(ed, bans, pages, i).encode("utf-8")
    progress("e-paper written")
    return dict(sorted(files.items()))


# an article of the edition: (folio it starts on, source, rank in its page model, the article,
# the pages it stands on, its content), sorted into reading order
_Entry = tuple[int, int, int, Article, list[int], Content]
_Built = tuple[int, object, PageModel]  # a source's number, pipeline.Built and page model


def _page_jobs(sources: list[Source], jobs: list, pics: list) -> list[_Built]:
    """Queue the picture jobs of every printed page (the image at each width and the
    thumbnails), drawn from a light PDF; each source's (number, built, page model)."""
    from ..pipeline import draft_photos, render_built

    bans_raw = []
    for n, src in enumerate(sources):
        built = src.built
        model: PageModel = built.layout
        g = model.grid
        stems = [(p, f"p{built.spec.folios[p]}") for p in range(g.pages)]
        # the page images come from a light PDF: photos at the pixels the widest image needs
        dpi = images.PAGE_WIDTHS[-1] / (g.trim_w / 72)
        light = draft_photos(built, math.ceil(dpi / 2), {})
        pdf, _ = render_built(light, src.faces, standard="none")
        for job in images.page_pictures(pdf, stems, g.trim_w):
            jobs.append(job)
        for p, _stem in stems:
            pics.append(("page", n * 1000 + p))
            for _w in images.PAGE_WIDTHS[1:] + images.THUMB_WIDTHS:
                pics.append(("page", n * 1000 + p))
        bans_raw.append((n, built, model))
    return bans_raw


def _entries(bans_raw: list[_Built]) -> list[_Entry]:
    """The edition's articles that stand on a page, display type aside, in reading order:
    by folio, then source, then their order in the page model."""
    entries = []  # (article, source, first page, content) in reading order
    for n, built, model in bans_raw:
        for rank, a in enumerate(model.articles):
            if a.kind == "display":
                continue
            pages = _pages(model, a)
            if not pages:
                continue
            entries.append((built.spec.folios[pages[0]], n, rank, a, pages,
                            content_of(model, a)))
    entries.sort(key=lambda e: (e[0], e[1], e[2]))
    return entries


def _photo_jobs(sources: list[Source], entries: list[_Entry], slug: _Slugs, jobs: list,
                pics: list) -> None:
    """Queue a job for each article's photo, converted through its spec's output profile and
    named after the folio and block (the slugs are given here first, in reading order)."""
    profile_of = {n: _profile(s.built.spec) for n, s in enumerate(sources)}
    for folio, n, _rank, _a, _where, content in entries:
        for f in content.figures:
            if f.kind == "image":
                jobs.append(images.photo_job(f.jpeg, profile_of[n],
                                             f"p{folio}-{slug(n, f.block)}"))
                pics.append(("photo", (n, f.block)))


def _file_pictures(pics: list, results: list, files: dict[str, bytes]
                   ) -> tuple[dict[int, list], dict[tuple[int, str], tuple]]:
    """Put every encoded picture in `files` under img/, and say which renditions belong to
    each page (by source × 1000 + page) and each photo (by source and block)."""
    page_r: dict[int, list] = {}
    photo_r: dict[tuple[int, str], tuple] = {}
    for (kind, key), made in zip(pics, results, strict=True):
        for r, data in made:
            files[f"img/{r.name}"] = data
        if kind == "page":
            page_r.setdefault(key, []).extend(r for r, _ in made)
        else:
            photo_r[key] = tuple(r for r, _ in made)
    return page_r, photo_r


def _bans(bans_raw: list[_Built], page_r: dict[int, list],
          href: dict, names: dict) -> list[markup.Ban]:
    """Every printed page (版) of the edition, by folio."""
    bans: list[markup.Ban] = []
    for n, built, model in bans_raw:
        g = model.grid
        spec = built.spec
        for p in range(g.pages):
            folio = spec.folios[p]
            rs = page_r[n * 1000 + p]
            regions, links = _regions(n, model, p, href, names)
            heads = [a.title for a in model.articles if a.kind == "display" and a.heading
                     and _pages(model, a) and p in _pages(model, a)]
            section = spec.meta.section
            bans.append(markup.Ban(
                folio, f"p{folio}.html", f"第{folio}版" + (f"：{section}" if section else ""),
                "　".join(heads), g.trim_w / g.trim_h,
                tuple(r for r in rs if "-thumb-" not in r.name),
                tuple(r for r in rs if "-thumb-" in r.name), tuple(regions), tuple(links)))
    bans.sort(key=lambda b: b.folio)
    return bans


def _regions(n: int, model: PageModel, p: int, href: dict, names: dict
             ) -> tuple[list[markup.Region], list[markup.Link]]:
    """Page p's clickable article regions and its list of articles, in the model's order."""
    regions, links = [], []
    for a in model.articles:
        if a.kind == "display" or (n, a.id) not in href:
            continue
        boxes = _boxes(model, a, p)
        if not boxes:
            continue
        name = names[(n, a.id)]
        label = f"{a.kicker}：{name}" if a.kicker else name
        kind = KIND_NAMES.get(a.kind, "")
        regions.append(markup.Region(href[(n, a.id)], a.id,
                                     f"{kind}：{label}" if kind else label,
                                     tuple(boxes)))
        links.append(markup.Link(href[(n, a.id)], a.id, name, a.kicker, kind))
    return regions, links


def _article_pages(sources: list[Source], entries: list[_Entry], href: dict, names: dict,
                   bans: list[markup.Ban], photo_r: dict) -> list[markup.Page]:
    """One page per article, with its photos' renditions and its charts as SVG (the screen
    rendering of a source made once, for its first chart)."""
    from ..pipeline import svg_screen

    by_folio = {b.folio: b for b in bans}
    pages: list[markup.Page] = []
    screens: dict[int, object] = {}
    for folio, n, _rank, a, _where, content in entries:
        model = sources[n].built.layout
        charts = {}
        for f in content.figures:
            if f.kind != "graphic":
                continue
            if n not in screens:
                screens[n] = svg_screen(sources[n].built, sources[n].faces)
            from ..export.svg import render_svg_region

            charts[f.block] = render_svg_region(model, f.page if f.page >= 0 else 0, f.rect,
                                                screens[n], {f.block}, label=f.alt)
        photos = {f.block: photo_r[(n, f.block)] for f in content.figures
                  if f.kind == "image" and (n, f.block) in photo_r}
        pages.append(markup.Page(href[(n, a.id)], a.kind, a.title, names[(n, a.id)],
                                 a.kicker, a.subtitle, by_folio[folio], content, photos, charts))
    return pages


class _Slugs:
    """Block ids as file names: letters (Han too), digits, - and _ kept, anything else (a /, a
    dot, a quote) as _, and a number added where two ids of one spec would meet (file names
    start with the folio, which no two specs of an edition share)."""

    def __init__(self) -> None:
        self.given: dict[tuple[int, str], str] = {}
        self.taken: set[tuple[int, str]] = set()

    def __call__(self, source: int, bid: str) -> str:
        key = (source, bid)
        if key not in self.given:
            base = re.sub(r"[^\w-]", "_", bid)[:80] or "_"
            name, k = base, 1
            while (source, name) in self.taken:
                k += 1
                name = f"{base}-{k}"
            self.taken.add((source, name))
            self.given[key] = name
        return self.given[key]


def _name(a: Article, content) -> str:
    return a.title or untitled(content) or a.id


def _profile(spec):
    from ..spec.sources import DEFAULT_PROFILE

    return spec.output.profile if spec.output else DEFAULT_PROFILE


def _pages(model: PageModel, a: Article) -> list[int]:
    """The pages an article stands on, in order (a block across the fold: both)."""
    boxes = {b.id: b for b in model.blocks}
    out: set[int] = set()
    for bid in a.blocks:
        b = boxes.get(bid)
        if b is None:
            continue
        out |= set(range(model.grid.pages)) if b.page < 0 else {b.page}
    return sorted(out)


def _boxes(model: PageModel, a: Article, page: int) -> list[tuple[float, float, float, float]]:
    """An article's blocks on one page as percentages of the page (left, top, width, height),
    a block across the fold cut at the page's edges."""
    g = model.grid
    x0p = page * g.trim_w
    out = []
    for b in model.blocks:
        if b.id not in a.blocks or b.page not in (page, -1):
            continue
        r = b.rect
        left, right = max(r.x, x0p), min(r.x1, x0p + g.trim_w)
        if right <= left or r.h <= 0:
            continue
        out.append(((left - x0p) / g.trim_w * 100, r.y / g.trim_h * 100,
                    (right - left) / g.trim_w * 100, r.h / g.trim_h * 100))
    return out


def _check_edition(sources: list[Source]) -> None:
    """The specs of one edition: one paper, one date, and no folio twice."""
    from ..spec.yamlpos import load_yaml

    seen: dict[int, str] = {}
    diags = []
    first = sources[0].built.spec
    for src in sources:
        spec = src.built.spec
        _, pm = load_yaml(spec.path)
        for i, f in enumerate(spec.folios):
            if f in seen:
                diags.append(Diagnostic("error", f"第{f}版 is also a page of {seen[f]}; the "
                                        "pages of an edition have a folio each",
                                        _pos(pm, ("page", "folios", i), spec.path)))
            seen.setdefault(f, str(spec.path))
        if spec is first:
            continue
        for key, mine, theirs in (("date", spec.meta.date, first.meta.date),
                                  ("paper", spec.meta.paper, first.meta.paper)):
            if mine != theirs:
                diags.append(Diagnostic("error", f"{mine or 'not set'}, but the edition's "
                                        f"({first.path}) is {theirs or 'not set'}: the pages "
                                        "of an edition share one paper and date",
                                        _pos(pm, ("meta", key), spec.path)))
    if diags:
        raise SpecError(diags)


def _pos(pm, path: tuple, file) -> Pos:
    try:
        return pm.value(path)
    except (KeyError, IndexError, TypeError):
        return Pos(str(file), 1, 1)
