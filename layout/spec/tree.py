"""The spec's tree: one declaration that validates the YAML, fills defaults and gives the JSON
Schema editors use. A block's keys depend on its `type`: every kind (layout/kinds/) declares
its own, next to the code that reads them."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .page import PRESETS
from .schema import (
    AnyOf,
    Bool,
    Color,
    Date,
    DisplayLine,
    Enum,
    Int,
    LengthN,
    List,
    Map,
    Obj,
    OneLine,
    Size,
    Str,
    Tagged,
)
from .sources import DEFAULT_FONTS
from .styles import RULE as _RULE

_AT = Obj(
    {"page": AnyOf((Int(1, 2), Enum(("spread",))), lambda v: 1 if isinstance(v, str) else 0,
                   doc="page number (1 or 2) or 'spread' for blocks that cross the fold"),
     "col": AnyOf((Int(1), Enum(("auto",))), lambda v: 1 if isinstance(v, str) else 0,
                  doc="first column, 1-based (1–16 across a spread), or auto"),
     "span": AnyOf((Int(1), Enum(("all",))), lambda v: 1 if isinstance(v, str) else 0,
                   doc="number of columns, or all (the page's, or the spread's)"),
     "line": Int(1, doc="first baseline-grid line, 1-based"),
     "lines": AnyOf((Int(1), Enum(("auto", "fill"))),
                    lambda v: 1 if isinstance(v, str) else 0,
                    doc="number of grid lines; auto: as many as the content needs; fill: all "
                        "there is room for, to the next block below or the foot"),
     "below": Str(doc="start under this (earlier) block, `gap` lines down"),
     "right_of": Str(doc="start in the column after this (earlier) block's last"),
     "gap": Int(0, 50, doc="empty grid lines between a block and the one it is below "
                           "(default 1)"),
     "x": LengthN("mm", positive=False, doc="or: left edge from the page's trim edge"),
     "y": LengthN("mm", positive=False, doc="top edge from the page's trim edge"),
     "width": LengthN("mm"), "height": LengthN("mm")},
    doc="place on the 字 grid (col, span, line, lines, below, right_of) or in mm "
        "(x, y, width, height); without `at`, the arranger places the block")
_BOX = Obj({"fill": Color(), "border": _RULE,
            "inset": LengthN("字", positive=False, doc="text inset from the box edge in 字")},
           defaults={"inset": None}, doc="a shaded or bordered box")
DATUM = Obj({"label": OneLine(), "short": OneLine(doc="a chart's 简称 when the label does not fit"),
              "value": OneLine(), "unit": OneLine(nonempty=False),
              "change": OneLine(), "share": OneLine(), "share_says": OneLine(), "says": OneLine(),
              "blocks": OneLine(doc="text blocks that speak of it, e.g. 'h1 h3' or 'h*'")},
             required=("label", "value"), doc="a figure; numbers are kept as written")
OUTPUT = Obj(
    {"standard": Enum(("x4+a2b", "x4", "a2b", "none"), doc="PDF/X-4 and/or PDF/A-2b"),
     "profile": Str(doc="the printer's CMYK ICC profile (default: banmian's profile for "
                        "the condition)"),
     "condition": Str(doc="the output condition: CGATS TR 002 (tr002, the default) or IFRA26 "
                          "(ifra26, ISO 12647-3 newsprint), each with banmian's profile; with "
                          "`profile`, that profile's OutputConditionIdentifier"),
     "intent": Enum(("perceptual", "relative", "saturation", "absolute")),
     "bleed": LengthN("mm", positive=False), "marks": Bool(doc="crop and registration marks"),
     "ink_limit": Int(100, 400, doc="total area coverage limit, %"),
     "ppi": Int(72, 1200, doc="photos are downsampled to this at their placed size"),
     "min_ppi": Int(36, 1200, doc="a photo below this is a warning, below half an error"),
     "jpeg_quality": Int(50, 100),
     "one_ink": Bool(doc="type under 9pt and rules under 1pt in one solid ink, as printers ask "
                         "(default true); false keeps the spec's colours and preflight warns")},
    doc="print and archive output")
LABEL = Obj({"text": DisplayLine(doc="the label's text; {} stands for the block's heading"),
             "style": Str(), "shape": Enum(("bar", "tab", "ornament")), "fill": Color(),
             "lines": Int(1, 10)}, required=("text",),
            doc="a 栏目头 component, used by name in a block's `label`")
HEADER = Obj({"style": Str(), "outer": OneLine(nonempty=False), "inner": OneLine(nonempty=False),
              "center": OneLine(nonempty=False), "staff": OneLine(nonempty=False), "rule": _RULE,
              "foot_rule": _RULE,
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
STORY = Obj({"divider": DisplayLine(doc="what a `---` line in a story draws: rule (a short thin "
                                          "rule) or an ornament's text, e.g. ◆　◆　◆"),
              "bullet": DisplayLine(doc="the mark a `- ` list item hangs on (default ●)"),
              "jump_to": OneLine(doc="the jump line where a thread leaves its page; {folio} is "
                                     "the page it continues on (default （下转第{folio}版）)"),
              "jump_from": OneLine(doc="the jump line where it continues; {folio} is the page "
                                       "it comes from (default （上接第{folio}版）)")},
             doc="how stories are dressed: the 分隔线, list bullets, 下转/上接 jump lines")
COMMON = {
    "id": Str(max_len=100, doc="unique name, used in reports"),
    "at": _AT, "style": Str(),
    "heading": DisplayLine(doc="a label line set above the block's content (栏目头)"),
    "heading_style": Str(), "heading_lines": Int(1, 10),
    "label": OneLine(doc="a 栏目头 component from `labels`, set with `heading`"),
    "box": _BOX,
    "wrap": LengthN("字", positive=False, doc="gap: placed inside a text area, whose text "
                    "flows around it"),
    "priority": Int(1, 9, doc="for the arranger: 1 = 头条, placed higher and wider"),
    "min_lines": Int(1, 400, doc="never shorter than this (arranger, lines: auto)"),
    "span_range": List(Int(1, 40), 2, 2, doc="[fewest, most] columns the arranger may give"),
    "article": Str(max_len=100, doc="the story this block belongs to (the id of the story's "
                   "first block): its photo, chart or headline, for the e-paper and the "
                   "tagged PDF"),
}


def block_schema() -> Tagged:
    from ..kinds import KINDS  # the kinds import the spec's types: looked up when first used

    return Tagged("type", COMMON, {name: k.fields for name, k in KINDS.items()},
                  required=("id", "type"), doc="a block: what goes on the page, and where "
                  "(without `at`, the arranger decides where)")


@lru_cache(maxsize=1)
def spec_schema() -> Obj:
    return Obj(
        {"meta": Obj({"title": OneLine(), "paper": OneLine(), "date": Date(), "edition": OneLine(),
                      "section": OneLine(doc="版面 name in the 报眉, e.g. 专版"),
                      "editor": OneLine(doc="责任编辑"), "designer": OneLine(doc="美术编辑")}),
         "labels": Map(LABEL), "header": HEADER, "output": OUTPUT,
         "data": Map(DATUM, doc="the figures the page prints: one source for charts and text"),
         "data_file": Str(doc="CSV beside the spec: id, label, short, value, unit, change, "
                              "share, share_says, says, blocks"),
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
         "story": STORY,
         "include": AnyOf((Str(), List(Str(), 1, 16)), lambda v: 1 if isinstance(v, list) else 0,
                          doc="YAML files whose styles, labels, colours, header, fonts (and "
                              "meta, output, story) come before this spec's own keys; the "
                              "spec's win"),
         "blocks": List(block_schema(), 1)},
        required=("blocks",))


def json_schema() -> dict[str, Any]:
    s = spec_schema().json()
    s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    s["title"] = "banmian spread spec"
    return s
