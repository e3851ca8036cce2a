"""The files a spec reads, and its text: paragraphs with their source positions, the figures'
CSV, pictures, fonts and the output profile. Every problem is reported where it is named."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..diag import Pos
from ..units import MM
from .model import Datum, FontRef, Output, Paragraph, Photo
from .schema import Ctx
from .yamlpos import PosMap

DEFAULT_FONTS = ("song", "song-bold", "hei", "hei-black", "kai")
DEFAULT_PROFILE = Path(__file__).resolve().parent.parent / "icc" / "banmian-newsprint-tr002.icc"


def output(raw: dict[str, Any], base: Path, ctx: Ctx) -> Output:
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


def photo(b: dict[str, Any], bp: tuple, base: Path, ctx: Ctx) -> Photo | None:
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


def data(raw: dict[str, Any], base: Path, pm: PosMap, ctx: Ctx) -> dict[str, Datum]:
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


def fonts(raw: dict[str, Any], base: Path, path: Path, ctx: Ctx) -> dict[str, FontRef]:
    """The default faces by role, and the spec's own: a TrueType file or a default face."""
    out: dict[str, FontRef] = {n: FontRef(n, n, None, 0, Pos(str(path), 1, 1))
                               for n in DEFAULT_FONTS}
    for name, f in (raw or {}).items():
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
        out[name] = FontRef(name, f.get("default"), file, f.get("index") or 0,
                            ctx.pm.value(fpath))
    return out


def split_paragraphs(text: str, file: str, line0: int, col0: int,
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


def inline(text: str, pos: Pos, lines: bool = False) -> tuple[Paragraph, ...]:
    """Inline text; with `lines`, every non-empty line is its own paragraph (display lines)."""
    block = "\n" in text.strip("\n")  # a block scalar (| or >) starts on the next line
    line0, col0 = (pos.line + 1, 1) if block else (pos.line, pos.col)
    if not lines:
        return split_paragraphs(text, pos.file, line0, col0)
    out = []
    for n, raw in enumerate(text.split("\n")):
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            col = (col0 if n == 0 else 1) + lead
            out.append(Paragraph(raw.strip(), ((0, line0 + n, col),), pos.file))
    return tuple(out)


def read_text(base: Path, name: str, path: tuple, ctx: Ctx) -> tuple[Paragraph, ...]:
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
    paras = split_paragraphs(text, shown, 1, 1)
    if not paras:
        ctx.err(path, f"{name} holds no text")
    return paras



def block_text(raw: dict[str, Any], bp: tuple, ctx: Ctx, base: Path, *, display: bool,
               required: bool, kind: str) -> tuple[Paragraph, ...]:
    """A block's own text, inline (`text:`) or from a file (`file:`); `display` sets every
    line of inline text as its own paragraph (headline lines)."""
    if "text" in raw and "file" in raw:
        ctx.err(bp + ("file",), "give either 'text' or 'file', not both", at_key=True)
    elif "file" in raw and raw["file"]:
        return read_text(base, raw["file"], bp + ("file",), ctx)
    elif "text" in raw and raw["text"]:
        return inline(raw["text"], ctx.pm.value(bp + ("text",)), lines=display)
    elif required:
        ctx.err(bp, f"a {kind} block needs 'text' or 'file'")
    return ()
