"""The e-paper's HTML: the edition, one page per 版 and one per article. Semantic elements,
lang zh-CN, nothing fetched from elsewhere, and the same input gives the same bytes."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from html import escape

from .content import Content
from .images import Rendition

WEEKDAYS = "一二三四五六日"


def _e(text: str) -> str:
    return escape(text, quote=True)


def cn_date(d: _dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日 星期{WEEKDAYS[d.weekday()]}" if d else ""


@dataclass(frozen=True, slots=True)
class Edition:
    paper: str
    title: str
    date: _dt.date | None
    generator: str


@dataclass(frozen=True, slots=True)
class Region:
    href: str
    id: str
    name: str  # accessible name: kicker and title
    boxes: tuple[tuple[float, float, float, float], ...]  # left, top, width, height in %


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    id: str
    name: str
    kicker: str = ""
    kind: str = ""  # 图片 | 图表 | ""


@dataclass(frozen=True, slots=True)
class Ban:
    """One printed page of the edition."""

    folio: int
    href: str
    label: str  # 第2版：专版
    headline: str  # the page's own headline(s), "" without one
    ratio: float  # width / height
    picture: tuple[Rendition, ...]  # the page at every width, WebP and JPEG
    thumb: tuple[Rendition, ...]
    regions: tuple[Region, ...]
    links: tuple[Link, ...]  # its articles, in reading order


def _head(ed: Edition, title: str, css: str, extra: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="{_e(ed.generator)}">\n'
            f"<title>{_e(title)}</title>\n"
            f'<link rel="stylesheet" href="{css}">\n{extra}</head>\n')


def _bar(ed: Edition, bans: list[Ban], up: str, current: int | None) -> str:
    here = ' aria-current="page"'
    items = "".join(
        f'<li><a href="{up}{b.href}"{here if b.folio == current else ""}>'
        f"第{b.folio}版</a></li>" for b in bans)
    when = (f'<time datetime="{ed.date.isoformat()}">{cn_date(ed.date)}</time>'
            if ed.date else "")
    return (f'<header class="bar">\n<p class="paper"><a href="{up}index.html">{_e(ed.paper)}</a>'
            f"{when}</p>\n"
            f'<nav aria-label="版面"><ol>{items}</ol></nav>\n</header>\n')


def _srcset(rs: tuple[Rendition, ...], media: str, up: str) -> str:
    return ", ".join(f"{up}img/{r.name} {r.width}w" for r in rs if r.media == media)


def _picture(rs: tuple[Rendition, ...], sizes: str, alt: str, up: str, *,
             lazy: bool = False, default: int = 960) -> str:
    jpegs = [r for r in rs if r.media == "image/jpeg"]
    fallback = min(jpegs, key=lambda r: (abs(r.width - default), r.width))
    load = ' loading="lazy"' if lazy else ""
    return (f'<picture><source type="image/webp" srcset="{_srcset(rs, "image/webp", up)}" '
            f'sizes="{sizes}">'
            f'<img src="{up}img/{fallback.name}" srcset="{_srcset(rs, "image/jpeg", up)}" '
            f'sizes="{sizes}" width="{fallback.width}" height="{fallback.height}" '
            f'alt="{_e(alt)}"{load} decoding="async"></picture>')


def _footer(ed: Edition) -> str:
    return f"<footer>{_e(ed.paper)} · {_e(ed.title)}</footer>\n"


def index_html(ed: Edition, bans: list[Ban]) -> str:
    cards = []
    for b in bans:
        links = "".join(f'<li><a href="{lk.href}">{_e(lk.name)}</a></li>' for lk in b.links
                        if not lk.kind)
        alt = f"第{b.folio}版版面缩略图"
        cards.append(
            f'<li>\n<a href="{b.href}">{_picture(b.thumb, "(min-width: 40rem) 16rem, 90vw", alt, "", default=240)}</a>\n'  # noqa: E501
            f'<h2><a href="{b.href}">{_e(b.label)}</a>'
            + (f' <span class="titles">{_e(b.headline)}</span>' if b.headline else "")
            + "</h2>\n"
            + (f"<ul>{links}</ul>\n" if links else "") + "</li>")
    title = f"{ed.paper} {cn_date(ed.date)}".strip()
    return (_head(ed, title, "epaper.css") + '<body class="edition">\n'
            + _bar(ed, bans, "", None)
            + f"<main>\n<h1>{_e(ed.paper)} <small>{cn_date(ed.date)}</small></h1>\n"
            + f'<ol class="bans">\n{chr(10).join(cards)}\n</ol>\n</main>\n'
            + _footer(ed) + "</body>\n</html>\n")


def ban_html(ed: Edition, bans: list[Ban], i: int) -> str:
    b = bans[i]
    prev = bans[i - 1] if i > 0 else None
    nxt = bans[i + 1] if i + 1 < len(bans) else None
    rel = (f'<link rel="prev" href="{prev.href}">\n' if prev else "") + (
        f'<link rel="next" href="{nxt.href}">\n' if nxt else "")
    # a title in the list lights up its region (regions and titles share a number)
    css_has = "".join(
        f'.sheet:has(.toc a[data-n="{n}"]:hover) .region[data-n="{n}"] .box,'
        f'.sheet:has(.toc a[data-n="{n}"]:focus-visible) .region[data-n="{n}"] .box'
        "{background:var(--hi-fill);outline:2px solid var(--hi)}\n"
        for n in range(len(b.regions)))
    number = {r.href: n for n, r in enumerate(b.regions)}
    style = f"<style>\n{css_has}</style>\n" if css_has else ""
    # the page is shown at the window's height on a wide screen, at its width on a phone
    sizes = (f"(min-width: 900px) min(calc((100vh - 7.5rem) * {b.ratio:.4f}), 60vw), "
             "calc(100vw - 2rem)")
    regions = []
    for n, r in enumerate(b.regions):
        boxes = "".join(
            f'<span class="box" style="left:{x:.3f}%;top:{y:.3f}%;width:{w:.3f}%;'
            f'height:{h:.3f}%">' + (f'<span class="tip" aria-hidden="true">{_e(r.name)}</span>'
                                    if k == 0 else "") + "</span>"
            for k, (x, y, w, h) in enumerate(r.boxes))
        regions.append(f'<a class="region" data-n="{n}" data-id="{_e(r.id)}" '
                       f'href="{r.href}">{boxes}'
                       f'<span class="vh">{_e(r.name)}</span></a>')
    links = "".join(
        f'<li><a data-n="{number.get(lk.href, "")}" data-id="{_e(lk.id)}" href="{lk.href}">'
        + (f'<span class="kicker">{_e(lk.kicker)}</span>' if lk.kicker else "")
        + (f'<span class="kind">{_e(lk.kind)}</span>' if lk.kind else "")
        + f"{_e(lk.name)}</a></li>" for lk in b.links)
    alt = f"{b.label}版面" + (f"：{b.headline}" if b.headline else "")
    pager = ('<nav class="pager" aria-label="翻版">'
             + (f'<a rel="prev" href="{prev.href}">‹ 上一版：第{prev.folio}版</a>' if prev else "")
             + (f'<a class="next" rel="next" href="{nxt.href}">下一版：第{nxt.folio}版 ›</a>'
                if nxt else "")
             + "</nav>\n")
    title = f"{b.label} · {ed.paper} {cn_date(ed.date)}"
    head_title = (f'{_e(b.label)}<span class="titles">{_e(b.headline)}</span>' if b.headline
                  else _e(b.label))
    return (_head(ed, title, "epaper.css", rel + style) + '<body class="ban">\n'
            + '<a class="skip" href="#toc">跳到本版标题</a>\n'
            + _bar(ed, bans, "", b.folio)
            + f"<main>\n<h1>{head_title}</h1>\n"
            + '<div class="sheet">\n'
            + f'<div class="page" style="--ratio: {b.ratio:.5f}">'
            + _picture(b.picture, sizes, alt, "") + "\n" + "\n".join(regions) + "\n</div>\n"
            + '<nav class="toc" id="toc" aria-labelledby="toc-h"><h2 id="toc-h">本版标题</h2>'
            + f"<ol>{links}</ol></nav>\n</div>\n" + pager + "</main>\n"
            + _footer(ed) + "</body>\n</html>\n")


@dataclass(frozen=True, slots=True)
class Page:
    """One article's page."""

    href: str
    kind: str  # story | picture | graphic
    title: str  # "" for a story printed without a headline
    name: str  # what links call it
    kicker: str
    subtitle: str
    ban: Ban
    content: Content
    photos: dict[str, tuple[Rendition, ...]]  # figure block → its renditions
    charts: dict[str, str]  # figure block → its SVG


def article_html(ed: Edition, bans: list[Ban], pages: list[Page], i: int) -> str:
    a = pages[i]
    up = "../"
    prev = pages[i - 1] if i > 0 else None
    nxt = pages[i + 1] if i + 1 < len(pages) else None
    out = []
    if a.kicker:
        out.append(f'<p class="kicker">{_e(a.kicker)}</p>')
    out.append(f"<h1>{_e(a.title or a.name)}</h1>")
    if a.subtitle:
        out.append(f'<p class="subtitle">{_e(a.subtitle)}</p>')
    out.append(f'<p class="where"><a href="{up}{a.ban.href}">{_e(a.ban.label)}</a>'
               + (f" · {cn_date(ed.date)}" if ed.date else "") + "</p>")
    header = "<header>\n" + "\n".join(out) + "\n</header>\n"
    body = []
    items: list[str] = []
    for p in a.content.paras:
        if p.kind != "li" and items:
            body.append('<ul class="items">' + "".join(items) + "</ul>")
            items = []
        inner = _runs(p)
        if p.kind == "li":
            items.append(f"<li>{inner}</li>")
        elif p.kind == "blockquote":
            body.append(f"<blockquote><p>{inner}</p></blockquote>")
        else:
            body.append(f"<{p.kind}>{inner}</{p.kind}>")
    if items:
        body.append('<ul class="items">' + "".join(items) + "</ul>")
    for t in a.content.tables:
        body.append(_table(t))
    for f in a.content.figures:
        cap = f"<figcaption>{_e(f.caption)}</figcaption>" if f.caption else ""
        if f.kind == "image" and f.block in a.photos:
            rs = a.photos[f.block]
            big = rs[-1]
            srcset = ", ".join(f"{up}img/{r.name} {r.width}w" for r in rs)
            body.append(f'<figure><img src="{up}img/{rs[0].name}" srcset="{srcset}" '
                        f'sizes="(min-width: 46rem) 42rem, calc(100vw - 2rem)" '
                        f'width="{big.width}" height="{big.height}" alt="{_e(f.alt)}" '
                        f'loading="lazy" decoding="async">{cap}</figure>')
        elif f.kind == "graphic" and f.block in a.charts:
            body.append(f'<figure class="chart">{a.charts[f.block]}'
                        f'<figcaption class="vh">{_e(f.alt)}</figcaption></figure>')
    for c in a.content.captions:
        body.append(f'<p class="caption">{_e(c)}</p>')
    pager = ('<nav class="pager reading" aria-label="翻篇">'
             + (f'<a rel="prev" href="{prev.href.rsplit("/", 1)[-1]}">‹ 上一篇：'
                f"{_e(prev.name)}</a>" if prev else "")
             + f'<a href="{up}{a.ban.href}">返回第{a.ban.folio}版</a>'
             + (f'<a class="next" rel="next" href="{nxt.href.rsplit("/", 1)[-1]}">下一篇：'
                f"{_e(nxt.name)} ›</a>" if nxt else "")
             + "</nav>\n")
    title = f"{a.title or a.name} · {ed.paper} {cn_date(ed.date)} 第{a.ban.folio}版"
    return (_head(ed, title, f"{up}epaper.css") + '<body class="story">\n'
            + _bar(ed, bans, up, a.ban.folio)
            + '<main>\n<article class="reading">\n' + header + "\n".join(body) + "\n"
            + "</article>\n" + pager + "</main>\n" + _footer(ed) + "</body>\n</html>\n")


def _runs(p) -> str:
    """A paragraph's text with its run-ins as <b> and its 着重号 as <em>."""
    if not p.spans:
        return _e(p.text)
    out = []
    for text, span in p.spans:
        t = _e(text)
        if "em" in span.split():
            t = f"<em>{t}</em>"
        if "strong" in span.split():
            t = f"<b>{t}</b>"
        out.append(t)
    return "".join(out)


def _table(t) -> str:
    """A table as printed: its 表题 as the caption, figures right-aligned, the source after."""
    num = ' class="num"'

    def cells(row: tuple[str, ...], tag: str) -> str:
        return "".join(f"<{tag}{num if t.numeric[j] else ''}>{_e(c)}</{tag}>"
                       for j, c in enumerate(row))

    head = f"<thead><tr>{cells(t.head, 'th')}</tr></thead>" if t.head else ""
    body = "".join(f"<tr>{cells(r, 'td')}</tr>" for r in t.rows)
    cap = f"<caption>{_e(t.title)}</caption>" if t.title else ""
    note = f'<p class="note">{_e(t.note)}</p>' if t.note else ""
    return f'<figure class="table"><table>{cap}{head}<tbody>{body}</tbody></table>{note}</figure>'
