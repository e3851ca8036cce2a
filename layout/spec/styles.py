"""Names the spec gives to looks: colours, text styles (with inheritance), rules, 栏目头 label
components and the 报眉. Each is resolved once here, so later stages read finished values."""

from __future__ import annotations

import re
from typing import Any

from ..units import ZIHAO, parse_size
from .model import CMYK, FontRef, Header, Label, Rule, Story, Style
from .schema import AnyOf, Color, Ctx, Enum, Obj

RULE_STYLES = ("thin", "thick", "double", "wenwu", "dotted")
RULE = AnyOf((Color(), Obj({"style": Enum(RULE_STYLES, doc="正线 thin, 反线 thick, 双线 double, "
                                                        "文武线 wenwu, 点线 dotted"),
                            "color": Color()}, required=("style",))),
             lambda v: 1 if isinstance(v, dict) else 0,
             doc="a colour (a thin rule) or {style, color}")

PALETTE: dict[str, CMYK] = {
    "black": (0, 0, 0, 100), "white": (0, 0, 0, 0), "red": (0, 100, 100, 0),
    "dark-red": (0, 100, 100, 30), "gold": (0, 20, 60, 0), "tint": (0, 6, 18, 0),
    "grey": (0, 0, 0, 30), "light-grey": (0, 0, 0, 12),
    # inks the charts use by name
    "chart": (75, 35, 0, 5), "ink": (0, 0, 0, 100), "note": (0, 0, 0, 65), "track": (0, 0, 0, 15),
}
# A built-in size that follows the body (`body: {size: …}`, 1 字): the body style is set at
# it, a story's 小标题 one 字号 larger, captions one smaller. The other built-ins are display
# and furniture sizes a page keeps whatever its body.
BodyStep = tuple[str, int]  # ("body", n): n 字号 steps from the body size


def body_step(n: int) -> BodyStep:
    return ("body", n)


BUILTIN_STYLES: dict[str, dict[str, Any]] = {
    "body": {"font": "song", "size": body_step(0), "indent": 2, "align": "justify"},
    "headline": {"font": "hei-black", "size": 72, "align": "center", "color": "red",
                 "indent": 0},
    "subhead": {"font": "hei", "size": body_step(1), "align": "left", "indent": 0},  # 小标题
    "subtitle": {"font": "hei", "size": "二号", "align": "center", "indent": 0},  # 副题
    "label": {"font": "hei", "size": "四号", "align": "left", "indent": 0, "color": "white",
              "background": "red"},
    "caption": {"font": "kai", "size": body_step(-1), "align": "center", "indent": 0},
    "kicker": {"font": "hei", "size": "三号", "align": "center", "indent": 0},
    "header": {"font": "hei", "size": "六号", "align": "left", "indent": 0},
    "vertical": {"font": "hei", "size": "一号", "align": "center", "indent": 0, "color": "red"},
    # story markup: `> ` quotes (编者按, 引语), `**` run-ins (their font and colour), `---`
    # 分隔线 (the ornament's face, the rule's colour), 下转/上接 jump lines
    "quote": {"font": "kai", "size": body_step(0), "indent": 2, "align": "justify"},
    "runin": {"font": "hei", "size": body_step(0), "indent": 0},
    "divider": {"font": "song", "size": body_step(0), "align": "center", "indent": 0},
    "jump": {"font": "kai", "size": body_step(-1), "align": "right", "indent": 0},
    # table blocks: cells, the header row, the 表题 and the source note
    "table": {"font": "song", "size": body_step(-1), "align": "left", "indent": 0},
    "table-head": {"font": "hei", "size": body_step(-1), "align": "left", "indent": 0},
    "table-title": {"font": "hei", "size": body_step(1), "align": "center", "indent": 0},
    "table-note": {"font": "kai", "size": body_step(-1), "align": "left", "indent": 0},
}


def zihao_step(size: float, n: int) -> float:
    """The 字号 `n` steps above (n > 0) or below `size` on the ladder 八号 … 初号; a size off
    the ladder steps to the next name on it. Past either end the end size stays."""
    ladder = sorted(set(ZIHAO.values()))
    for _ in range(abs(n)):
        nxt = ([v for v in ladder if v > size + 1e-6] if n > 0
               else [v for v in ladder if v < size - 1e-6])
        if not nxt:
            break
        size = nxt[0] if n > 0 else nxt[-1]
    return float(size)


def palette(user: dict[str, Any], ctx: Ctx) -> dict[str, CMYK]:
    """The built-in colour names, then the spec's own: CMYK values, or the name of another
    colour (`accent: red`), resolved here so every later stage sees CMYK."""
    colors = dict(PALETTE)
    named: dict[str, str] = {}
    for k, v in (user or {}).items():
        if isinstance(v, tuple):
            colors[k] = v
        elif isinstance(v, str):
            if not v.strip():
                ctx.err(("colors", k), "a colour needs CMYK percentages or another colour's name")
            else:
                named[k] = v
    loops: set[frozenset[str]] = set()
    for k in named:
        seen = [k]
        v = named[k]
        while v in named and v not in seen:
            seen.append(v)
            v = named[v]
        if v in seen:
            if frozenset(seen) not in loops:  # one message a loop
                loops.add(frozenset(seen))
                ctx.err(("colors", k), "colour names refer to each other in a loop: "
                        + " → ".join([*seen, v]))
        elif v in colors:
            colors[k] = colors[v]
        else:
            ctx.err(("colors", k), f"unknown colour '{v}' (known: {', '.join(colors)})")
    return colors


def color(v: Any, colors: dict[str, CMYK], path: tuple, ctx: Ctx) -> CMYK | None:
    if v is None or isinstance(v, tuple):
        return v
    if v in colors:
        return colors[v]
    ctx.err(path, f"unknown colour '{v}' (known: {', '.join(colors)})")
    return None

def styles(user: dict[str, Any], fonts: dict[str, FontRef], colors: dict[str, CMYK],
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
        if isinstance(sz, tuple):  # a built-in size that follows the body
            sz = zihao_step(body_size, sz[1])
        elif isinstance(sz, str):  # a built-in default written as a 字号 name
            sz = parse_size(sz)
        lead = d.get("leading")
        ind = d.get("indent", 0)
        ind_zi = ind.value if hasattr(ind, "value") else float(ind)
        trk = d.get("tracking")
        styles[name] = Style(
            name=name, font=d["font"], size=float(sz),
            leading=lead.pt(float(sz), float(sz)) if lead is not None else None,
            indent=ind_zi, align=d.get("align", "justify"),
            color=color(d.get("color", "black"), colors, sp + ("color",), ctx) or (0, 0, 0, 100),
            background=color(d.get("background"), colors, sp + ("background",), ctx),
            tracking=trk.value if trk is not None else 0.0,
            punct=d.get("punct", "quanjiao"),
            autospace=d["autospace"].value if d.get("autospace") is not None else 0.25,
            widows=bool(d.get("widows", False)), normalize=bool(d.get("normalize", True)),
            fit=tuple(float(x) for x in d["fit"]) if d.get("fit") else None,
            src=ctx.pm.value(sp))
    return styles


def rich_black(user: dict[str, Any], styles_: dict[str, Style], ctx: Ctx) -> None:
    """Four-colour black only for large type: small type blurs with any misregistration."""
    for st in styles_.values():
        c, m, y, k = st.color
        if k >= 90 and c + m + y > 0 and st.size < 12 and st.name in user:
            ctx.diags.warning(f"style '{st.name}': rich black {list(st.color)} on {st.size:g}pt "
                              "type blurs with any misregistration; use 100 % K below 12pt",
                              st.src)


def rule(v: Any, colors: dict[str, CMYK], path: tuple, ctx: Ctx) -> Rule | None:
    if v is None:
        return None
    if isinstance(v, dict):
        c = color(v.get("color", "black"), colors, path + ("color",), ctx)
        return Rule(v["style"], c or (0, 0, 0, 100)) if v.get("style") else None
    c = color(v, colors, path, ctx)
    return Rule("thin", c) if c else None

def labels(raw: dict[str, Any], styles: dict[str, Style], broken: set[str],
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
        fill = color(d.get("fill", "red"), colors, path + ("fill",), ctx) or (0, 100, 100, 0)
        out[name] = Label(name, d["text"], style, d.get("shape") or "bar", fill,
                          d.get("lines") or 2)
    return out


def header(raw: dict[str, Any] | None, styles: dict[str, Style], broken: set[str],
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
                  rule(raw.get("rule", "black"), colors, ("header", "rule"), ctx),
                  tuple(raw.get("suppress") or ()),
                  tuple(raw["staff_folios"]) if raw.get("staff_folios") else None,
                  tuple((k, ctx.pm.value(("header", k)))
                        for k in ("outer", "inner", "center", "staff")),
                  rule(raw.get("foot_rule"), colors, ("header", "foot_rule"), ctx))

def ink(raw: dict[str, Any], colors: dict[str, CMYK], limit: float, ctx: Ctx) -> None:
    """Colours over the ink limit (total area coverage) are errors where they are written."""
    for name, v in (raw.get("colors") or {}).items():
        if isinstance(v, tuple) and sum(v) > limit + 1e-6:
            ctx.err(("colors", name), f"colour '{name}' {list(v)} puts {sum(v):g}% ink on "
                    f"the paper; the limit is {limit:g}%")



def story(raw: dict[str, Any] | None, ctx: Ctx) -> Story:
    """How stories are dressed; a jump line's spelling must say where, with {folio}."""
    raw = raw or {}
    out: dict[str, Any] = {}
    for key in ("divider", "bullet", "jump_to", "jump_from"):
        v = raw.get(key)
        if v is None:
            continue
        v = v.strip()
        if key.startswith("jump") and "{folio}" not in v:
            ctx.err(("story", key), f"a jump line names the page: put {{folio}} in it, e.g. "
                    f"{getattr(Story(), key)}")
            continue
        if key.startswith("jump") and re.search(r"\{(?!folio\})[^}]*\}", v):
            ctx.err(("story", key), "the only field a jump line has is {folio}")
            continue
        out[key] = v
    return Story(**out, src=tuple((k, ctx.pm.value(("story", k))) for k in out))
