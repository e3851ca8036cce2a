"""YAML data → Spec. Every problem is reported at once, each at its own line and column."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path
from typing import Any

from ..diag import Diagnostics, Pos, SpecError
from ..units import MM
from .inputs import shown
from .model import (
    CMYK,
    Block,
    Box,
    Cell,
    Chart,
    Datum,
    FontRef,
    Header,
    Label,
    Meta,
    Output,
    Paragraph,
    Photo,
    Rule,
    Spec,
    Style,
)
from .schema import (
    AnyOf,
    Bool,
    Color,
    Ctx,
    Date,
    Enum,
    Int,
    LengthN,
    List,
    Map,
    Num01,
    Obj,
    Size,
    Str,
)
from .yamlpos import PosMap, dotted, load_yaml

# Trim and type area (mm) of the page presets.
PRESETS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "broadsheet": ((390, 550), (350, 490)),  # 对开
    "tabloid": ((275, 390), (245, 350)),  # 四开
    "A3": ((297, 420), (267, 380)),
}
DEFAULT_FONTS = ("song", "song-bold", "hei", "hei-black", "kai")
PALETTE: dict[str, CMYK] = {
    "black": (0, 0, 0, 100), "white": (0, 0, 0, 0), "red": (0, 100, 100, 0),
    "dark-red": (0, 100, 100, 30), "gold": (0, 20, 60, 0), "tint": (0, 6, 18, 0),
    "grey": (0, 0, 0, 30), "light-grey": (0, 0, 0, 12),
    # inks the charts use by name
    "chart": (75, 35, 0, 5), "ink": (0, 0, 0, 100), "note": (0, 0, 0, 65), "track": (0, 0, 0, 15),
}
BUILTIN_STYLES: dict[str, dict[str, Any]] = {
    "body": {"font": "song", "size": "小五", "indent": 2, "align": "justify"},
    "headline": {"font": "hei-black", "size": 72, "align": "center", "color": "red",
                 "indent": 0},
    "subhead": {"font": "hei", "size": "二号", "align": "center", "indent": 0},
    "label": {"font": "hei", "size": "四号", "align": "left", "indent": 0, "color": "white",
              "background": "red"},
    "caption": {"font": "kai", "size": "六号", "align": "center", "indent": 0},
    "kicker": {"font": "hei", "size": "三号", "align": "center", "indent": 0},
    "header": {"font": "hei", "size": "六号", "align": "left", "indent": 0},
    "vertical": {"font": "hei", "size": "一号", "align": "center", "indent": 0, "color": "red"},
}

_TEXT = {"text": Str(doc="inline text; paragraphs are separated by a blank line"),
         "file": Str(doc="UTF-8 text file beside the spec; paragraphs separated by blank lines")}
_AT = Obj(
    {"page": AnyOf((Int(1, 2), Enum(("spread",))), lambda v: 1 if isinstance(v, str) else 0,
                   doc="page number (1 or 2) or 'spread' for blocks that cross the fold"),
     "col": Int(1, doc="first column, 1-based (1–16 across a spread)"),
     "span": Int(1, doc="number of columns"),
     "line": Int(1, doc="first baseline-grid line, 1-based"),
     "lines": Int(1, doc="number of grid lines"),
     "x": LengthN("mm", positive=False, doc="or: left edge from the page's trim edge"),
     "y": LengthN("mm", positive=False, doc="top edge from the page's trim edge"),
     "width": LengthN("mm"), "height": LengthN("mm")},
    defaults={"page": 1},
    doc="place on the 字 grid (col, span, line, lines) or in mm (x, y, width, height)")
RULE_STYLES = ("thin", "thick", "double", "wenwu", "dotted")
_RULE = AnyOf((Color(), Obj({"style": Enum(RULE_STYLES, doc="正线 thin, 反线 thick, 双线 double, "
                                                        "文武线 wenwu, 点线 dotted"),
                             "color": Color()}, required=("style",))),
              lambda v: 1 if isinstance(v, dict) else 0,
              doc="a colour (a thin rule) or {style, color}")
_BOX = Obj({"fill": Color(), "border": _RULE,
            "inset": LengthN("字", positive=False, doc="text inset from the box edge in 字")},
           defaults={"inset": None}, doc="a shaded or bordered box")
DATUM = Obj({"label": Str(), "value": Str(), "unit": Str(nonempty=False),
              "change": Str(), "share": Str(), "share_says": Str(), "says": Str(),
              "blocks": Str(doc="text blocks that speak of it, e.g. 'h1 h3' or 'h*'")},
             required=("label", "value"), doc="a figure; numbers are kept as written")
OUTPUT = Obj(
    {"standard": Enum(("x4+a2b", "x4", "a2b", "none"), doc="PDF/X-4 and/or PDF/A-2b"),
     "profile": Str(doc="the printer's CMYK ICC profile (default: banmian's TR 002 newsprint)"),
     "condition": Str(doc="OutputConditionIdentifier of the profile"),
     "intent": Enum(("perceptual", "relative", "saturation", "absolute")),
     "bleed": LengthN("mm", positive=False), "marks": Bool(doc="crop and registration marks"),
     "ink_limit": Int(100, 400, doc="total area coverage limit, %"),
     "ppi": Int(72, 1200, doc="photos are downsampled to this at their placed size"),
     "min_ppi": Int(36, 1200, doc="a photo below this is a warning, below half an error"),
     "jpeg_quality": Int(50, 100)},
    doc="print and archive output")
LABEL = Obj({"text": Str(doc="the label's text; {} stands for the block's heading"),
             "style": Str(), "shape": Enum(("bar", "tab", "ornament")), "fill": Color(),
             "lines": Int(1, 10)}, required=("text",),
            doc="a 栏目头 component, used by name in a block's `label`")
HEADER = Obj({"style": Str(), "outer": Str(nonempty=False), "inner": Str(nonempty=False),
              "center": Str(nonempty=False), "staff": Str(nonempty=False), "rule": _RULE,
              "suppress": List(Int(1), doc="folios carrying a 报头, which have no 报眉"),
              "staff_folios": List(Int(1), doc="folios that carry the staff line (default: all)")},
             doc="报眉: fields {paper} {date} {folio} {section} {editor} {designer}")
STYLE = Obj(
    {"based_on": Str(doc="style to inherit from"), "font": Str(), "size": Size(),
     "leading": LengthN("pt", doc="baseline distance inside multi-line display blocks"),
     "indent": LengthN("字", positive=False), "align": Enum(("justify", "left", "center", "right")),
     "color": Color(), "background": Color(), "tracking": LengthN("字", positive=False),
     "punct": Enum(("quanjiao", "kaiming", "banjiao", "hangmobanjiao"),
                   doc="punctuation widths: 全角式 (default), 开明式, 半角式, 行末半角式"),
     "autospace": LengthN("字", positive=False, doc="space between Han and Latin/digits"),
     "widows": Bool(doc="keep a paragraph's last line from standing alone atop a column"),
     "normalize": Bool(doc="set full-width digits and letters half-width, with a warning"),
     "fit": List(Size(), 2, 2, doc="[smallest, largest] size: display lines fill the width")},
    doc="a named text style; unset fields come from based_on, else from body")
BLOCK = Obj(
    {"id": Str(doc="unique name, used in reports"),
     "type": Enum(("text", "headline", "vertical", "photo", "rule", "caption", "chart")),
     "at": _AT, "style": Str(), **_TEXT,
     "columns": Int(1, doc="text columns inside the block (default 1: one measure)"),
     "heading": Str(doc="a label line set above the text (栏目头)"), "heading_style": Str(),
     "heading_lines": Int(1, 10), "box": _BOX,
     "label": Str(doc="a 栏目头 component from `labels`, set with `heading`"),
     "kicker": Str(doc="引题 above the headline"), "subtitle": Str(doc="副题 below it"),
     "kicker_style": Str(), "subtitle_style": Str(),
     "wrap": LengthN("字", positive=False, doc="gap: placed inside a text area, whose text "
                     "flows around it"),
     "rule": _RULE, "vertical": Bool(doc="a rule down the gutter left of `col`"),
     "caption": Str(), "caption_style": Str(), "caption_lines": Int(1, 10),
     "placeholder": Bool(doc="draw a placeholder frame (photos arrive later)"),
     "photo": Str(doc="picture file beside the spec (JPEG, PNG, TIFF …)"),
     "fit": Enum(("fill", "fit"), doc="fill: crop to the frame (default); fit: letterbox"),
     "focus": List(Num01(), 2, 2, doc="[x, y] in 0–1: the point kept in the crop"),
     "crop": List(Num01(), 4, 4, doc="[x0, y0, x1, y1] in 0–1 of the picture"),
     "credit": Str(doc="photo credit after the caption, e.g. 本报记者 ×× 摄"),
     "pointer": Str(doc="a mark before the caption, e.g. ▲ or ◀"),
     "photos": List(Str(), 1, doc="a caption block: the photos it describes"),
     "chart": Enum(("bar", "hbar", "ring", "callout"), doc="a chart block's kind"),
     "data": AnyOf((Str(), List(Str(), 1)), lambda v: 1 if isinstance(v, list) else 0,
                   doc="the data ids a chart shows"),
     "field": Enum(("value", "change", "share"), doc="which figure of the data the chart shows"),
     "target": Str(doc="a ring's full circle (default 100)"),
     "highlight": Str(doc="the data id whose bar stands out"),
     "growth": Bool(doc="bar charts: print each bar's change (▲5.4%)"),
     "source": Str(doc="source note under the chart, e.g. 数据来源：…"),
     "next": Str(doc="id of a text block that takes the lines this block cannot hold"),
     "copyfit": Obj({"tracking": LengthN("字", positive=False,
                                         doc="tighten letter-spacing by at most this (≤ 0.1字)"),
                     "leading": LengthN("pt", positive=False,
                                        doc="reduce the leading by at most this (off the grid)"),
                     "borrow": Obj({"block": Str(), "lines": Int(1, 100)}, required=("block",
                                   "lines"), doc="take up to `lines` lines from the photo "
                                   "block directly below")},
                    doc="adjustments tried, in the order written, when the text does not fit")},
    required=("id", "type", "at"))
SPEC = Obj(
    {"meta": Obj({"title": Str(), "paper": Str(), "date": Date(), "edition": Str(),
                  "section": Str(doc="版面 name in the 报眉, e.g. 专版"),
                  "editor": Str(doc="责任编辑"), "designer": Str(doc="美术编辑")}),
     "labels": Map(LABEL), "header": HEADER, "output": OUTPUT,
     "data": Map(DATUM, doc="the figures the page prints: one source for charts and text"),
     "data_file": Str(doc="CSV beside the spec: id, label, value, unit, change, share, "
                          "share_says, says, blocks"),
     "page": Obj({"preset": Enum((*PRESETS, "custom")),
                  "size": List(LengthN("mm"), 2, 2, doc="trim width and height (custom)"),
                  "type_area": List(LengthN("mm"), 2, 2, doc="type area (版心) width, height"),
                  "spread": Bool(doc="two facing pages"),
                  "fold_safe": LengthN("mm", positive=False,
                                       doc="body text keeps this far from the fold (6mm)"),
                  "margins": Obj({"top": LengthN("mm", positive=False),
                                  "inner": LengthN("mm", positive=False,
                                                   doc="margin at the fold (spine)")},
                                 doc="type area position; unset: centred on the page"),
                  "folios": List(Int(1), 1, 2, doc="page numbers (版次)")},
                 defaults={"preset": "broadsheet", "spread": False}),
     "body": Obj({"size": Size(doc="1 字: the body size, e.g. 小五"),
                  "leading": AnyOf((LengthN("pt"),), doc="1 行: 13.5pt, or a factor like 1.5")},
                 defaults={"size": 9.0}),
     "grid": Obj({"columns": Int(1, 20), "column": Int(2, 200, doc="字 per column"),
                  "gutter": LengthN("字", positive=False), "lines": Int(1, 400)},
                 defaults={"columns": 8, "column": 13}),
     "colors": Map(Color(), doc="named CMYK colours"),
     "fonts": Map(Obj({"file": Str(), "index": Int(0), "default": Enum(DEFAULT_FONTS)}),
                  doc="font names: a TrueType file, or one of the default faces"),
     "styles": Map(STYLE),
     "blocks": List(BLOCK, 1)},
    required=("blocks",))


def json_schema() -> dict[str, Any]:
    s = SPEC.json()
    s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    s["title"] = "banmian spread spec"
    return s


def load_spec(path: Path) -> Spec:
    """Read and validate a spec; raises SpecError listing every problem with its position."""
    data, pm = load_yaml(path, shown(path))
    diags = Diagnostics()
    ctx = Ctx(pm, diags)
    if not isinstance(data, dict):
        diags.error("the spec must be a mapping with a 'blocks' list", pm.value(()))
        diags.raise_if_errors()
    raw = SPEC.convert(data, (), ctx)
    diags.raise_if_errors()
    spec = _build(path, raw, pm, diags)
    diags.raise_if_errors()
    assert spec is not None
    return dataclasses.replace(spec, warnings=tuple(diags.warnings))


def _color(v: Any, colors: dict[str, CMYK], path: tuple, ctx: Ctx) -> CMYK | None:
    if v is None or isinstance(v, tuple):
        return v
    if v in colors:
        return colors[v]
    ctx.err(path, f"unknown colour '{v}' (known: {', '.join(colors)})")
    return None


def _build(path: Path, raw: dict[str, Any], pm: PosMap, diags: Diagnostics) -> Spec | None:
    ctx = Ctx(pm, diags)
    base = path.parent
    page = raw.get("page") or {}
    preset = page.get("preset", "broadsheet")
    if preset == "custom":
        if "size" not in page:
            ctx.err(("page",), "a custom page needs 'size: [width, height]'")
            return None
        trim_mm, area_mm = None, None
    else:
        trim_mm, area_mm = PRESETS[preset]
    trim = (tuple(ln.pt(0, 0) for ln in page["size"]) if page.get("size")
            else (trim_mm[0] * MM, trim_mm[1] * MM))
    area = (tuple(ln.pt(0, 0) for ln in page["type_area"]) if page.get("type_area")
            else ((area_mm[0] * MM, area_mm[1] * MM) if area_mm
                  else (trim[0] - 40 * MM, trim[1] - 60 * MM)))
    spread = bool(page.get("spread"))
    margins = page.get("margins") or {}
    npages = 2 if spread else 1
    folios = tuple(page.get("folios") or range(1, npages + 1))
    if len(folios) != npages:
        ctx.err(("page", "folios"), f"{len(folios)} folios for {npages} page(s)")

    body = raw.get("body") or {}
    size = float(body.get("size", 9.0))
    lead = body.get("leading")
    if lead is None:
        leading = 1.5 * size
    elif lead.unit == "pt" and lead.value < 4:  # a bare factor such as 1.5
        leading = lead.value * size
    else:
        leading = lead.pt(size, size)
    if leading < size:
        ctx.err(("body", "leading"), f"leading {leading:g}pt is less than the body size {size:g}pt")

    grid = raw.get("grid") or {}
    columns, column_zi = grid.get("columns", 8), grid.get("column", 13)
    gut = grid.get("gutter")
    gutter_zi = gut.pt(1, leading / size) if gut is not None else 1.0
    width = (columns * column_zi + (columns - 1) * gutter_zi) * size
    if width > trim[0] + 0.01:
        ctx.err(("grid",), f"{columns} columns × {column_zi}字 + gutters = {width / MM:.1f}mm "
                f"are wider than the {trim[0] / MM:.0f}mm page")
    lines = grid.get("lines")
    if lines is not None and lines * leading > trim[1]:
        ctx.err(("grid", "lines"), f"{lines} lines of {leading:g}pt do not fit a "
                f"{trim[1] / MM:.0f}mm page")
    max_lines = lines or int((area[1] + 0.01) // leading)
    top = margins.get("top").pt(0, 0) if margins.get("top") is not None else None
    if top is not None and top + max_lines * leading > trim[1] + 0.01:
        ctx.err(("page", "margins", "top"), f"{max_lines} grid lines of {leading:g}pt below a "
                f"{top / MM:.0f}mm top margin run off the {trim[1] / MM:.0f}mm page")
    inner = margins.get("inner").pt(0, 0) if margins.get("inner") is not None else None
    if inner is not None and inner + width > trim[0] + 0.01:
        ctx.err(("page", "margins", "inner"), f"a {width / MM:.1f}mm grid beside a "
                f"{inner / MM:.0f}mm inner margin runs off the {trim[0] / MM:.0f}mm page")

    colors = dict(PALETTE)
    colors.update({k: v for k, v in (raw.get("colors") or {}).items() if v is not None})

    fonts: dict[str, FontRef] = {n: FontRef(n, n, None, 0, Pos(str(path), 1, 1))
                                 for n in DEFAULT_FONTS}
    for name, f in (raw.get("fonts") or {}).items():
        if f is None:
            continue
        fpath = ("fonts", name)
        if ("file" in f) == ("default" in f):
            ctx.err(fpath, "give either 'file' (a TrueType font) or 'default' (a default face)")
            continue
        file = None
        if "file" in f and f["file"]:
            file = (base / f["file"]).expanduser()
            if not file.is_file():
                ctx.err(fpath + ("file",), f"font file not found: {f['file']}")
                continue
        fonts[name] = FontRef(name, f.get("default"), file, f.get("index") or 0,
                              pm.value(fpath))

    styles = _styles(raw.get("styles") or {}, fonts, colors, size, ctx)
    data = _data(raw, base, pm, ctx)
    broken = set(BUILTIN_STYLES) | set(raw.get("styles") or {})
    for st in styles.values():  # four-colour black only for large type
        c, m, y, k = st.color
        if k >= 90 and c + m + y > 0 and st.size < 12 and st.name in (raw.get("styles") or {}):
            diags.warning(f"style '{st.name}': rich black {list(st.color)} on {st.size:g}pt "
                          "type blurs with any misregistration; use 100 % K below 12pt",
                          st.src)
    labels = _labels(raw.get("labels") or {}, styles, broken, colors, ctx)
    header = _header(raw.get("header"), styles, broken, colors, ctx)

    blocks: list[Block] = []
    seen: dict[str, int] = {}
    raw_blocks = [b for b in raw.get("blocks") or [] if b]
    targets = {b["next"]: b for b in raw_blocks if b.get("next")}
    for i, b in enumerate(raw.get("blocks") or []):
        if b is None or b.get("at") is None or b.get("type") is None or b.get("id") is None:
            continue
        bp = ("blocks", i)
        if b["id"] in seen:
            ctx.err(bp + ("id",), f"duplicate block id '{b['id']}' (also blocks[{seen[b['id']]}])")
        seen[b["id"]] = i
        cell = _cell(b["at"], bp + ("at",), spread, columns, max_lines, trim, ctx)
        style = b.get("style") or {"text": "body", "headline": "headline", "rule": "body",
                                   "caption": "caption", "chart": "caption",
                                   "vertical": "vertical", "photo": "caption"}[b["type"]]
        for key, sname in (("style", style), ("heading_style", b.get("heading_style")),
                           ("caption_style", b.get("caption_style"))):
            if sname is not None and sname not in styles and sname not in broken:
                ctx.err(bp + (key,), f"unknown style '{sname}' (known: {', '.join(styles)})")
        paras: tuple[Paragraph, ...] = ()
        if "text" in b and "file" in b:
            ctx.err(bp + ("file",), "give either 'text' or 'file', not both", at_key=True)
        elif "file" in b and b["file"]:
            paras = _read_text(base, b["file"], bp + ("file",), ctx)
        elif "text" in b and b["text"]:
            paras = _inline(b["text"], pm.value(bp + ("text",)),
                            lines=b["type"] == "headline")
        elif b["type"] in ("headline", "vertical", "caption") or (b["type"] == "text"
                                                       and b["id"] not in targets
                                                       and not b.get("heading")):
            ctx.err(bp, f"a {b['type']} block needs 'text' or 'file'")
        columns_in = b.get("columns") or 1
        if cell and cell.rect is None and columns_in > cell.span:
            ctx.err(bp + ("columns",), f"{columns_in} text columns do not fit a "
                    f"{cell.span}-column block")
        box = None
        if b.get("box"):
            bx = b["box"]
            ins = bx.get("inset")
            box = Box(_color(bx.get("fill"), colors, bp + ("box", "fill"), ctx),
                      _rule(bx.get("border"), colors, bp + ("box", "border"), ctx),
                      ins.pt(1, leading / size) if ins is not None else 1.0)
        heading = (_inline(b["heading"], pm.value(bp + ("heading",)))[0]
                   if b.get("heading") else None)
        kicker = (_inline(b["kicker"], pm.value(bp + ("kicker",)))[0]
                  if b.get("kicker") else None)
        subtitle = (_inline(b["subtitle"], pm.value(bp + ("subtitle",)))[0]
                    if b.get("subtitle") else None)
        if b.get("label") and b["label"] not in labels:
            ctx.err(bp + ("label",), f"unknown label '{b['label']}' (known: "
                    f"{', '.join(labels) or 'none: define them under labels'})")
        for key in ("kicker_style", "subtitle_style"):
            if b.get(key) and b[key] not in styles and b[key] not in broken:
                ctx.err(bp + (key,), f"unknown style '{b[key]}' (known: {', '.join(styles)})")
        if b["type"] == "rule" and not b.get("rule"):
            ctx.err(bp, "a rule block needs 'rule' (a colour, or {style, color})")
        caption = (_inline(b["caption"], pm.value(bp + ("caption",)))[0]
                   if b.get("caption") else None)
        if cell is None:
            continue
        photo = _photo(b, bp, base, ctx) if b["type"] == "photo" else None
        if b["type"] == "photo" and photo is None and not b.get("placeholder"):
            if "photo" not in b:
                ctx.err(bp, "a photo block needs 'photo: FILE' or 'placeholder: true'")
        blk = Block(
            id=b["id"], type=b["type"], cell=cell, style=style, paragraphs=paras,
            columns=columns_in, heading=heading,
            heading_style=b.get("heading_style") or "label",
            heading_lines=b.get("heading_lines") or 2, box=box, caption=caption,
            caption_style=b.get("caption_style") or "caption",
            caption_lines=b.get("caption_lines") or 2, next=b.get("next"),
            label=b.get("label"), kicker=kicker, subtitle=subtitle,
            kicker_style=b.get("kicker_style") or "kicker",
            subtitle_style=b.get("subtitle_style") or "subhead",
            wrap=b["wrap"].pt(1, leading / size) if b.get("wrap") is not None else None,
            rule=_rule(b.get("rule"), colors, bp + ("rule",), ctx),
            vertical=bool(b.get("vertical")), photo=photo, credit=b.get("credit") or "",
            pointer=b.get("pointer") or "", photos=tuple(b.get("photos") or ()),
            chart=_chart(b, bp, data, ctx) if b["type"] == "chart" else None,
            copyfit=_copyfit(b.get("copyfit"), bp + ("copyfit",), size, ctx), src=pm.value(bp),
            at_src=pm.value(bp + ("at",)))
        need = (_heading_lines(blk, labels) if heading else 0) + (
            blk.caption_lines if caption else 0)
        if cell.rect is None and need >= cell.lines:
            ctx.err(bp + ("at", "lines"), f"{cell.lines} lines leave no room after the "
                    f"heading/caption ({need} lines)")
        blocks.append(blk)
    _threads(blocks, raw.get("blocks") or [], ctx)
    _borrows(blocks, raw.get("blocks") or [], ctx)
    _captions(blocks, raw.get("blocks") or [], ctx)
    limit = (raw.get("output") or {}).get("ink_limit") or 240
    _ink(raw, colors, limit, ctx)
    if diags.errors:
        return None
    meta = raw.get("meta") or {}
    fold = page.get("fold_safe")
    return Spec(
        path=path, meta=Meta(meta.get("title") or path.stem, meta.get("paper") or "",
                             meta.get("date"), meta.get("edition") or "",
                             meta.get("section") or meta.get("edition") or "",
                             meta.get("editor") or "", meta.get("designer") or ""),
        labels=labels, header=header, output=_output(raw.get("output") or {}, base, ctx),
        data=data, colors=colors,
        fold_safe=fold.pt(0, 0) if fold is not None else 6 * MM,
        trim=(float(trim[0]), float(trim[1])), type_area=(float(area[0]), float(area[1])),
        spread=spread, folios=folios, body_size=size, leading=leading, columns=columns,
        column_zi=column_zi, gutter_zi=gutter_zi, lines=max_lines,
        margin_top=margins.get("top").pt(0, 0) if margins.get("top") is not None else None,
        margin_inner=(margins.get("inner").pt(0, 0) if margins.get("inner") is not None
                      else None), fonts=fonts, styles=styles,
        blocks=tuple(blocks))


def _styles(user: dict[str, Any], fonts: dict[str, FontRef], colors: dict[str, CMYK],
            body_size: float, ctx: Ctx) -> dict[str, Style]:
    merged: dict[str, dict[str, Any]] = {}
    origin: dict[str, tuple] = {}
    for name, d in BUILTIN_STYLES.items():
        merged[name] = dict(d)
    for name, d in user.items():
        if d is None:
            continue
        origin[name] = ("styles", name)
        base = {} if d.get("based_on") else dict(merged.get(name, {}))
        base.update(d)
        merged[name] = base
    resolved: dict[str, dict[str, Any]] = {}
    loops: set[frozenset[str]] = set()

    def resolve(name: str, chain: tuple[str, ...]) -> dict[str, Any] | None:
        if name in resolved:
            return resolved[name]
        d = merged[name]
        parent_name = d.get("based_on")
        if parent_name is None:
            parent = {k: v for k, v in BUILTIN_STYLES["body"].items()} if name != "body" else {}
        elif parent_name in chain or parent_name == name:
            members = frozenset(chain + (name,))
            if members not in loops:
                loops.add(members)
                ctx.err(origin.get(name, ("styles",)) + ("based_on",),
                        f"style inheritance loops: {' → '.join(chain + (name, parent_name))}")
            return None
        elif parent_name not in merged:
            ctx.err(origin.get(name, ("styles",)) + ("based_on",),
                    f"unknown style '{parent_name}' (known: {', '.join(merged)})")
            return None
        else:
            parent = resolve(parent_name, chain + (name,))
            if parent is None:
                return None
        out = dict(parent)
        out.update({k: v for k, v in d.items() if k != "based_on"})
        resolved[name] = out
        return out

    styles: dict[str, Style] = {}
    for name in merged:
        d = resolve(name, ())
        if d is None:
            continue
        sp = origin.get(name, ("styles",))
        if d.get("font") not in fonts:
            ctx.err(sp + ("font",), f"unknown font '{d.get('font')}' "
                    f"(known: {', '.join(fonts)})")
            continue
        sz = d.get("size", body_size)
        if isinstance(sz, str):  # a built-in default written as a 字号 name
            from ..units import parse_size
            sz = parse_size(sz)
        lead = d.get("leading")
        ind = d.get("indent", 0)
        ind_zi = ind.value if hasattr(ind, "value") else float(ind)
        trk = d.get("tracking")
        styles[name] = Style(
            name=name, font=d["font"], size=float(sz),
            leading=lead.pt(float(sz), float(sz)) if lead is not None else None,
            indent=ind_zi, align=d.get("align", "justify"),
            color=_color(d.get("color", "black"), colors, sp + ("color",), ctx) or (0, 0, 0, 100),
            background=_color(d.get("background"), colors, sp + ("background",), ctx),
            tracking=trk.value if trk is not None else 0.0,
            punct=d.get("punct", "quanjiao"),
            autospace=d["autospace"].value if d.get("autospace") is not None else 0.25,
            widows=bool(d.get("widows", False)), normalize=bool(d.get("normalize", True)),
            fit=tuple(float(x) for x in d["fit"]) if d.get("fit") else None,
            src=ctx.pm.value(sp))
    return styles


def _cell(at: dict[str, Any], path: tuple, spread: bool, columns: int, max_lines: int,
          trim: tuple[float, float], ctx: Ctx) -> Cell | None:
    grid_keys = ("col", "span", "line", "lines")
    mm_keys = ("x", "y", "width", "height")
    given_grid = [k for k in grid_keys if k in at]
    given_mm = [k for k in mm_keys if k in at]
    if given_grid and given_mm:
        ctx.err(path, "give the place either on the grid (col, span, line, lines) or in mm "
                "(x, y, width, height), not both")
        return None
    keys = mm_keys if given_mm else grid_keys
    missing = [k for k in keys if k not in at]
    if missing:
        ctx.err(path, f"missing required key{'s' if len(missing) > 1 else ''} "
                + ", ".join(f"'{k}'" for k in missing))
        return None
    if any(at.get(k) is None for k in (*keys, "page")):
        return None
    page = at["page"]
    if page == "spread":
        if not spread:
            ctx.err(path + ("page",), "'spread' needs page.spread: true")
            return None
        pidx, ncols = -1, 2 * columns
    else:
        if page > (2 if spread else 1):
            ctx.err(path + ("page",), f"page {page} does not exist: the spec has "
                    f"{2 if spread else 1} page(s)")
            return None
        pidx, ncols = page - 1, columns
    if given_mm:
        x, y, w, h = (at[k].pt(0, 0) for k in mm_keys)
        width = trim[0] * (2 if pidx == -1 else 1)
        if x + w > width + 0.01 or y + h > trim[1] + 0.01:
            ctx.err(path, f"{w / MM:.0f}×{h / MM:.0f}mm at ({x / MM:.0f}, {y / MM:.0f})mm "
                    f"runs off the {width / MM:.0f}×{trim[1] / MM:.0f}mm page")
            return None
        return Cell(pidx, 1, 1, 1, 1, rect=(x, y, w, h))
    ok = True
    if at["col"] > ncols:
        ctx.err(path + ("col",), f"column {at['col']} is outside the {ncols}-column grid")
        ok = False
    elif at["col"] + at["span"] - 1 > ncols:
        ctx.err(path + ("span",), f"{at['span']} columns from column {at['col']} do not fit "
                f"the {ncols}-column grid")
        ok = False
    if at["line"] > max_lines:
        ctx.err(path + ("line",), f"line {at['line']} is below the last grid line {max_lines}")
        ok = False
    elif at["line"] + at["lines"] - 1 > max_lines:
        ctx.err(path + ("lines",), f"{at['lines']} lines from line {at['line']} run past the "
                f"last grid line {max_lines}")
        ok = False
    return Cell(pidx, at["col"], at["span"], at["line"], at["lines"]) if ok else None


DEFAULT_PROFILE = Path(__file__).resolve().parent.parent / "icc" / "banmian-newsprint-tr002.icc"


def _output(raw: dict[str, Any], base: Path, ctx: Ctx) -> Output:
    profile = DEFAULT_PROFILE
    condition = raw.get("condition") or "CGATS TR 002"
    if raw.get("profile"):
        profile = (base / raw["profile"]).expanduser()
        if not profile.is_file():
            ctx.err(("output", "profile"), f"ICC profile not found: {raw['profile']}")
        else:
            head = profile.read_bytes()[:20]
            if len(head) < 20 or head[16:20] != b"CMYK":
                ctx.err(("output", "profile"), f"{raw['profile']} is not a CMYK ICC profile")
        if not raw.get("condition"):
            condition = profile.stem
    bleed = raw.get("bleed")
    return Output(raw.get("standard") or "x4+a2b", profile, condition,
                  raw.get("intent") or "relative",
                  bleed.pt(0, 0) if bleed is not None else 3 * MM,
                  raw.get("marks", True), float(raw.get("ink_limit") or 240),
                  float(raw.get("ppi") or 300), float(raw.get("min_ppi") or 200),
                  int(raw.get("jpeg_quality") or 90))


def _photo(b: dict[str, Any], bp: tuple, base: Path, ctx: Ctx) -> Photo | None:
    if not b.get("photo"):
        return None
    path = base / b["photo"]
    pos = ctx.pm.value(bp + ("photo",))
    if not path.is_file():
        ctx.err(bp + ("photo",), f"picture not found: {b['photo']}")
        return None
    focus = tuple(b.get("focus") or (0.5, 0.5))
    crop = tuple(b["crop"]) if b.get("crop") else None
    if crop and (crop[2] <= crop[0] or crop[3] <= crop[1]):
        ctx.err(bp + ("crop",), "the crop box needs x1 > x0 and y1 > y0")
        crop = None
    return Photo(path, b["photo"], b.get("fit") or "fill", focus, crop, pos)


def _captions(blocks: list[Block], raw: list[Any], ctx: Ctx) -> None:
    """A caption block names photos that exist, stands directly below them and spans them."""
    by_id = {b.id: b for b in blocks}
    index = {b["id"]: i for i, b in enumerate(raw) if isinstance(b, dict) and "id" in b}
    for b in blocks:
        if b.type != "caption":
            continue
        path = ("blocks", index[b.id], "photos")
        if not b.photos:
            ctx.err(("blocks", index[b.id]), "a caption block needs 'photos: [id, …]'")
            continue
        for pid in b.photos:
            p = by_id.get(pid)
            if p is None or p.type != "photo":
                ctx.err(path, f"'{pid}' is not a photo block")
            elif p.cell.rect is None and b.cell.rect is None and (
                    p.cell.line_end + 1 != b.cell.line or p.cell.page != b.cell.page
                    or p.cell.col < b.cell.col or p.cell.col_end > b.cell.col_end):
                ctx.err(path, f"caption '{b.id}' is not directly below photo '{pid}' "
                        "across its columns")


def _ink(raw: dict[str, Any], colors: dict[str, CMYK], limit: float, ctx: Ctx) -> None:
    """Colours over the ink limit (total area coverage) are errors where they are written."""
    for name, v in (raw.get("colors") or {}).items():
        if isinstance(v, tuple) and sum(v) > limit + 1e-6:
            ctx.err(("colors", name), f"colour '{name}' {list(v)} puts {sum(v):g}% ink on "
                    f"the paper; the limit is {limit:g}%")


def _data(raw: dict[str, Any], base: Path, pm: PosMap, ctx: Ctx) -> dict[str, Datum]:
    """Figures from `data:` and from a CSV beside the spec. Numbers stay as written (from the
    YAML source text, so an unquoted 36.60 keeps its last digit)."""
    import csv

    from figures.numbers import decimal

    out: dict[str, Datum] = {}

    def add(did: str, d: dict[str, Any], pos: Pos, path: tuple | None) -> None:
        for key in ("value", "change", "share"):
            v = d.get(key)
            if v is None or v == "":
                continue
            if path is not None and path + (key,) in pm.raw:
                d[key] = v = pm.raw[path + (key,)]
            if not (key == "value" and str(v).startswith("=")):
                try:
                    decimal(str(v))
                except ValueError:
                    ctx.diags.error(f"data '{did}': {key} {v!r} is not a number", pos)
                    return
        out[did] = Datum(did, d["label"], str(d["value"]), d.get("unit") or "",
                         str(d["change"]) if d.get("change") not in (None, "") else None,
                         str(d["share"]) if d.get("share") not in (None, "") else None,
                         d.get("share_says") or "", d.get("says") or "", pos,
                         tuple((d.get("blocks") or "").split()))

    if raw.get("data_file"):
        path = base / raw["data_file"]
        shown = os.path.normpath(Path(ctx.pm.file).parent / raw["data_file"])
        try:
            with path.open(encoding="utf-8-sig", newline="") as f:
                rows = list(csv.DictReader(f))
        except FileNotFoundError:
            ctx.err(("data_file",), f"data file not found: {raw['data_file']}")
            rows = []
        except (OSError, UnicodeDecodeError, csv.Error) as e:
            ctx.err(("data_file",), f"cannot read {raw['data_file']}: {e}")
            rows = []
        for n, row in enumerate(rows, start=2):
            pos = Pos(shown, n, 1)
            if not row.get("id") or not row.get("label") or not row.get("value"):
                ctx.diags.error("a data row needs id, label and value", pos)
                continue
            add(row["id"], {k: (v or "").strip() for k, v in row.items() if k}, pos, None)
    for did, d in (raw.get("data") or {}).items():
        if d is not None:
            add(did, dict(d), pm.value(("data", did)), ("data", did))
    return out


def _chart(b: dict[str, Any], bp: tuple, data: dict[str, Datum], ctx: Ctx) -> Chart | None:
    kind = b.get("chart")
    if kind is None:
        ctx.err(bp, "a chart block needs 'chart: bar | hbar | ring | callout'")
        return None
    ids = b.get("data")
    ids = [ids] if isinstance(ids, str) else list(ids or [])
    if not ids:
        ctx.err(bp, "a chart block needs 'data': the ids of the figures it shows")
        return None
    for did in ids:
        if did not in data:
            ctx.err(bp + ("data",), f"no data '{did}' (known: {', '.join(data) or 'none'})")
            return None
    field_ = b.get("field") or ("share" if kind == "ring" else "value")
    for did in ids:
        if field_ != "value" and getattr(data[did], field_) is None:
            ctx.err(bp + ("field",), f"data '{did}' has no {field_}")
            return None
    if kind in ("ring", "callout") and len(ids) != 1:
        ctx.err(bp + ("data",), f"a {kind} shows one figure, not {len(ids)}")
        return None
    if b.get("highlight") and b["highlight"] not in ids:
        ctx.err(bp + ("highlight",), f"'{b['highlight']}' is not among the chart's data")
    return Chart(kind, tuple(ids), field_, b.get("target") or "100", b.get("highlight"),
                 bool(b.get("growth")), b.get("source") or "",
                 b.get("caption") or "")


def _rule(v: Any, colors: dict[str, CMYK], path: tuple, ctx: Ctx) -> Rule | None:
    if v is None:
        return None
    if isinstance(v, dict):
        color = _color(v.get("color", "black"), colors, path + ("color",), ctx)
        return Rule(v["style"], color or (0, 0, 0, 100)) if v.get("style") else None
    color = _color(v, colors, path, ctx)
    return Rule("thin", color) if color else None


def _labels(raw: dict[str, Any], styles: dict[str, Style], broken: set[str],
            colors: dict[str, CMYK], ctx: Ctx) -> dict[str, Label]:
    out = {}
    for name, d in raw.items():
        if not d or not d.get("text"):
            continue
        path = ("labels", name)
        style = d.get("style") or "label"
        if style not in styles:
            if style not in broken:
                ctx.err(path + ("style",), f"unknown style '{style}'")
            continue
        if "{}" not in d["text"]:
            ctx.err(path + ("text",), "the label text needs {} where the heading goes")
            continue
        fill = _color(d.get("fill", "red"), colors, path + ("fill",), ctx) or (0, 100, 100, 0)
        out[name] = Label(name, d["text"], style, d.get("shape") or "bar", fill,
                          d.get("lines") or 2)
    return out


def _header(raw: dict[str, Any] | None, styles: dict[str, Style], broken: set[str],
            colors: dict[str, CMYK], ctx: Ctx) -> Header | None:
    if raw is None:
        return None
    style = raw.get("style") or "header"
    if style not in styles:
        if style not in broken:
            ctx.err(("header", "style"), f"unknown style '{style}'")
        return None
    fields = ("paper", "date", "folio", "section", "editor", "designer")
    for key in ("outer", "inner", "center", "staff"):
        for m in re.finditer(r"\{(\w*)\}", raw.get(key) or ""):
            if m.group(1) not in fields:
                ctx.err(("header", key), f"unknown field {{{m.group(1)}}} (known: "
                        + ", ".join(f"{{{f}}}" for f in fields) + ")")
    return Header(style, raw.get("outer", "{paper}"), raw.get("inner", "{date}　第{folio}版"),
                  raw.get("center", "{section}"), raw.get("staff", ""),
                  _rule(raw.get("rule", "black"), colors, ("header", "rule"), ctx),
                  tuple(raw.get("suppress") or ()),
                  tuple(raw["staff_folios"]) if raw.get("staff_folios") else None)


def _heading_lines(b: Block, labels: dict[str, Label]) -> int:
    if b.label and b.label in labels:
        return labels[b.label].lines
    return b.heading_lines


def _copyfit(raw: dict[str, Any] | None, path: tuple, size: float, ctx: Ctx
             ) -> tuple[tuple[str, Any], ...]:
    """Copyfit steps in the order the designer wrote them, each within house bounds."""
    if not raw:
        return ()
    steps: list[tuple[str, Any]] = []
    for key, v in raw.items():
        if v is None:
            continue
        if key == "tracking":
            amount = abs(v.value) if v.unit == "字" else abs(v.pt(size, size)) / size
            if amount > 0.1:
                ctx.err(path + (key,), f"tracking by {amount:g}字 is beyond the ±0.1字 a "
                        "newspaper allows")
                continue
            steps.append(("tracking", -amount))
        elif key == "leading":
            steps.append(("leading", abs(v.pt(size, size))))
        elif key == "borrow":
            steps.append(("borrow", (v["block"], v["lines"])))
    return tuple(steps)


def _threads(blocks: list[Block], raw: list[Any], ctx: Ctx) -> None:
    """`next` must name a text block of its own, with no text of its own and one source."""
    by_id = {b.id: b for b in blocks}
    index = {b["id"]: i for i, b in enumerate(raw) if isinstance(b, dict) and "id" in b}
    taken: dict[str, str] = {}
    for b in blocks:
        if b.next is None:
            continue
        path = ("blocks", index[b.id], "next")
        t = by_id.get(b.next)
        if b.type != "text":
            ctx.err(path, "only text blocks can continue into another block")
        elif t is None:
            ctx.err(path, f"no block with id '{b.next}'")
        elif t.type != "text" or t.paragraphs:
            ctx.err(path, f"block '{b.next}' must be a text block without text of its own")
        elif b.next in taken:
            ctx.err(path, f"block '{b.next}' already continues '{taken[b.next]}'")
        elif t.id == b.id:
            ctx.err(path, "a block cannot continue into itself")
        else:
            taken[b.next] = b.id


def _borrows(blocks: list[Block], raw: list[Any], ctx: Ctx) -> None:
    """A block may borrow lines only from a photo directly below it, over the same columns."""
    by_id = {b.id: b for b in blocks}
    index = {b["id"]: i for i, b in enumerate(raw) if isinstance(b, dict) and "id" in b}
    for b in blocks:
        for key, v in b.copyfit:
            if key != "borrow":
                continue
            path = ("blocks", index[b.id], "copyfit", "borrow", "block")
            p = by_id.get(v[0])
            if p is None:
                ctx.err(path, f"no block with id '{v[0]}'")
            elif p.type != "photo":
                ctx.err(path, f"'{v[0]}' is a {p.type} block; lines can be borrowed only from "
                        "a photo")
            elif b.cell.rect is not None or p.cell.rect is not None or (
                    p.cell.page, p.cell.col, p.cell.span, p.cell.line) != (
                    b.cell.page, b.cell.col, b.cell.span, b.cell.line_end + 1):
                ctx.err(path, f"photo '{v[0]}' is not directly below '{b.id}' over the same "
                        "columns")
            elif v[1] >= p.cell.lines - (p.caption_lines if p.caption else 0):
                ctx.err(path, f"photo '{v[0]}' has only {p.cell.lines} lines")


def _split_paragraphs(text: str, file: str, line0: int, col0: int,
                      lines_base: list[tuple[int, int]] | None = None) -> tuple[Paragraph, ...]:
    """Blank lines separate paragraphs; line breaks inside a paragraph are removed (Chinese
    text has no spaces between lines)."""
    paras: list[Paragraph] = []
    cur: list[str] = []
    starts: list[tuple[int, int, int]] = []
    for n, raw_line in enumerate(text.split("\n")):
        line = raw_line.rstrip("\r")
        stripped = line.strip()
        if not stripped:
            if cur:
                paras.append(Paragraph("".join(cur), tuple(starts), file))
                cur, starts = [], []
            continue
        lead = len(line) - len(line.lstrip())
        fl, fc = (lines_base[n] if lines_base and n < len(lines_base)
                  else (line0 + n, (col0 if n == 0 else 1)))
        starts.append((sum(len(c) for c in cur), fl, fc + lead))
        cur.append(stripped)
    if cur:
        paras.append(Paragraph("".join(cur), tuple(starts), file))
    return tuple(paras)


def _inline(text: str, pos: Pos, lines: bool = False) -> tuple[Paragraph, ...]:
    """Inline text; with `lines`, every non-empty line is its own paragraph (display lines)."""
    block = "\n" in text.strip("\n")  # a block scalar (| or >) starts on the next line
    line0, col0 = (pos.line + 1, 1) if block else (pos.line, pos.col)
    if not lines:
        return _split_paragraphs(text, pos.file, line0, col0)
    out = []
    for n, raw in enumerate(text.split("\n")):
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            col = (col0 if n == 0 else 1) + lead
            out.append(Paragraph(raw.strip(), ((0, line0 + n, col),), pos.file))
    return tuple(out)


def _read_text(base: Path, name: str, path: tuple, ctx: Ctx) -> tuple[Paragraph, ...]:
    p = base / name
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        ctx.err(path, f"text file not found: {name}")
        return ()
    except OSError as e:
        ctx.err(path, f"cannot read {name}: {e.strerror}")
        return ()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        ctx.err(path, f"{name} is not UTF-8 text")
        return ()
    shown = os.path.normpath(Path(ctx.pm.file).parent / name)
    paras = _split_paragraphs(text, shown, 1, 1)
    if not paras:
        ctx.err(path, f"{name} holds no text")
    return paras


__all__ = ["load_spec", "json_schema", "SpecError", "dotted"]
