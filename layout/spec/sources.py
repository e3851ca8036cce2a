"""The files a spec reads, and its text: paragraphs with their source positions, the figures'
CSV, pictures, fonts and the output profile. Every problem is reported where it is named."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diag import Pos
from ..units import MM
from .limits import (
    MAX_FONT_BYTES,
    MAX_LINE,
    MAX_PICTURE_BYTES,
    MAX_PROFILE_BYTES,
    MAX_TEXT_BYTES,
    Refused,
    char_name,
    control_char,
    line_col,
    read_bounded,
    regular,
    resolve_input,
)
from .markup import parse_story
from .model import Datum, FontRef, Output, Paragraph, Photo, Story
from .schema import Ctx
from .yamlpos import PosMap

MAX_BLEED_MM = 25.0
DEFAULT_FONTS = ("song", "song-bold", "hei", "hei-black", "kai")
ICC_DIR = Path(__file__).resolve().parent.parent / "icc"
# the output conditions banmian ships a profile for: OutputConditionIdentifier → the profile;
# both are in the ICC's characterization registry, so a RIP knows them by name
CONDITIONS = {"CGATS TR 002": ICC_DIR / "banmian-newsprint-tr002.icc",
              "IFRA26": ICC_DIR / "banmian-newsprint-ifra26.icc"}
CONDITION_NAMES = {"tr002": "CGATS TR 002", "ifra26": "IFRA26"}  # short names
DEFAULT_CONDITION = "CGATS TR 002"
DEFAULT_PROFILE = CONDITIONS[DEFAULT_CONDITION]


def builtin_condition(name: str) -> str | None:
    """The identifier of a condition banmian has a profile for, by its identifier or short
    name in any case and spacing (`IFRA26`, `ifra26`, `CGATS TR 002`, `tr002`), or None."""
    key = "".join(name.split()).lower()
    for short, ident in CONDITION_NAMES.items():
        if key in (short, "".join(ident.split()).lower()):
            return ident
    return None


@dataclass(frozen=True)
class Files:
    """How a spec reads the files it names: relative to its folder, never outside `root`
    (symlinks resolved first), only regular files, each within its size limit."""

    base: Path  # the spec's folder: names are relative to it
    root: Path  # nothing outside it is read
    shown: Path  # the spec's folder as messages show it

    def show(self, name: str) -> str:
        return os.path.normpath(self.shown / name)

    def find(self, name: str, path: tuple, ctx: Ctx, what: str, limit: int) -> Path | None:
        """The file, or None after reporting at `path` why it cannot be read."""
        try:
            real = resolve_input(name, self.base, self.root)
            regular(real, limit, what)
        except Refused as e:
            ctx.err(path, f"{what} {name}: {e}" if str(e) != "not found"
                    else f"{what} not found: {name}")
            return None
        return real

    def text(self, name: str, path: tuple, ctx: Ctx, what: str) -> str | None:
        """A UTF-8 text file's text; control characters are errors at their place."""
        real = self.find(name, path, ctx, what, MAX_TEXT_BYTES)
        if real is None:
            return None
        try:
            raw = read_bounded(real, MAX_TEXT_BYTES, what)
        except Refused as e:
            ctx.err(path, f"{what} {name}: {e}")
            return None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line = raw[: e.start].count(b"\n") + 1
            ctx.err(path, f"{name} is not UTF-8 text (save it as UTF-8; the first byte that is "
                    f"not is on its line {line})")
            return None
        bad = control_char(text)
        if bad is not None:
            line, col = line_col(text, bad)
            ctx.diags.error(f"control character {char_name(text[bad])} in {name}",
                            Pos(self.show(name), line, col))
            return None
        return text


def output(raw: dict[str, Any], files: Files, ctx: Ctx, override: str | None = None) -> Output:
    """The output settings; `override` (`--output-condition`) chooses one of banmian's own
    conditions over whatever the spec names, its own profile included."""
    raw, profile, condition = _press(raw, files, ctx, override)
    bleed = _bleed(raw, ctx)
    return Output(raw.get("standard") or "x4+a2b", profile, condition,
                  raw.get("intent") or "relative",
                  bleed.pt(0, 0) if bleed is not None else 3 * MM,
                  raw.get("marks", True), float(raw.get("ink_limit") or 240),
                  float(raw.get("ppi") or 300), float(raw.get("min_ppi") or 200),
                  int(raw.get("jpeg_quality") or 90), raw.get("one_ink", True))


def _press(raw: dict[str, Any], files: Files, ctx: Ctx, override: str | None
           ) -> tuple[dict[str, Any], Path, str]:
    """The output settings as read (less what the override replaces), the output profile and
    the printing condition's name: the override's, else a condition banmian has a profile
    for, else the printer's profile and the condition it names (or the profile's name)."""
    profile = DEFAULT_PROFILE
    condition = DEFAULT_CONDITION
    if raw.get("profile") == "default":  # banmian's own profile for the condition, as unset
        raw = {k: v for k, v in raw.items() if k != "profile"}
    if override is not None:
        raw = {k: v for k, v in raw.items() if k not in ("profile", "condition")}
        condition = builtin_condition(override) or DEFAULT_CONDITION
        profile = CONDITIONS[condition]
    elif raw.get("condition") and not raw.get("profile"):
        named = builtin_condition(raw["condition"])
        if named is None:
            ctx.err(("output", "condition"),
                    f"'{raw['condition']}': banmian has profiles for CGATS TR 002 (tr002) and "
                    "IFRA26 (ifra26, ISO 12647-3 newsprint); for another condition name the "
                    "printer's profile with output.profile")
        else:
            condition, profile = named, CONDITIONS[named]
    if raw.get("condition") and raw.get("profile"):
        condition = raw["condition"]
    if raw.get("profile"):
        profile, condition = _printer_profile(raw, files, ctx, profile, condition)
    return raw, profile, condition


def _printer_profile(raw: dict[str, Any], files: Files, ctx: Ctx, profile: Path,
                     condition: str) -> tuple[Path, str]:
    """The printer's own profile named by output.profile, checked to be a usable CMYK
    profile; the condition takes the profile's name when the spec names none."""
    found = files.find(raw["profile"], ("output", "profile"), ctx, "ICC profile",
                       MAX_PROFILE_BYTES)
    if found is not None:
        profile = found
        problem = profile_problem(found)
        if problem:
            ctx.err(("output", "profile"), f"{raw['profile']}: {problem}")
    if not raw.get("condition"):
        condition = Path(raw["profile"]).stem
    return profile, condition


def _bleed(raw: dict[str, Any], ctx: Ctx):
    """output.bleed, or None (3 mm) when unset or wider than any printer asks for."""
    bleed = raw.get("bleed")
    if bleed is not None and bleed.pt(0, 0) > MAX_BLEED_MM * MM:
        ctx.err(("output", "bleed"), f"a bleed of {bleed.pt(0, 0) / MM:g}mm; printers ask for "
                f"3–5mm, and banmian allows at most {MAX_BLEED_MM:g}mm")
        bleed = None
    return bleed


def profile_problem(path: Path) -> str | None:
    """Why a file cannot serve as the press's output profile, or None: it must load as an ICC
    profile (LittleCMS), describe CMYK, and convert colour both ways."""
    import io

    from PIL import ImageCms

    data = path.read_bytes()
    if len(data) < 128 or data[36:40] != b"acsp":
        return "not an ICC profile"
    if data[16:20] != b"CMYK":
        return "not a CMYK ICC profile"
    try:
        prof = ImageCms.ImageCmsProfile(io.BytesIO(data))
        ImageCms.buildTransform(ImageCms.createProfile("sRGB"), prof, "RGB", "CMYK")
        ImageCms.buildTransform(prof, ImageCms.createProfile("sRGB"), "CMYK", "RGB")
    except (OSError, ImageCms.PyCMSError, ValueError) as e:
        return f"a damaged ICC profile ({str(e) or type(e).__name__})"
    return None


def photo(b: dict[str, Any], bp: tuple, files: Files, ctx: Ctx) -> Photo | None:
    if not b.get("photo"):
        return None
    path = files.find(b["photo"], bp + ("photo",), ctx, "picture", MAX_PICTURE_BYTES)
    if path is None:
        return None
    focus = tuple(b.get("focus") or (0.5, 0.5))
    crop = tuple(b["crop"]) if b.get("crop") else None
    if crop and (crop[2] <= crop[0] or crop[3] <= crop[1]):
        ctx.err(bp + ("crop",), "the crop box needs x1 > x0 and y1 > y0")
        crop = None
    return Photo(path, b["photo"], b.get("fit") or "fill", focus, crop,
                 ctx.pm.value(bp + ("photo",)))


DATA_COLUMNS = ("id", "label", "short", "value", "unit", "change", "share", "share_says",
                "says", "blocks")


def data(raw: dict[str, Any], files: Files, pm: PosMap, ctx: Ctx) -> dict[str, Datum]:
    """Figures from `data:` and from a CSV beside the spec. Numbers stay as written (from the
    YAML source text, so an unquoted 36.60 keeps its last digit)."""
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
                except ValueError as e:
                    ctx.diags.error(f"data '{did}': {key}: {e}", pos)
                    return
        out[did] = Datum(did, d["label"], str(d["value"]), d.get("unit") or "",
                         str(d["change"]) if d.get("change") not in (None, "") else None,
                         str(d["share"]) if d.get("share") not in (None, "") else None,
                         d.get("share_says") or "", d.get("says") or "", pos,
                         tuple((d.get("blocks") or "").split()), d.get("short") or "")

    if raw.get("data_file"):
        for row, pos in _csv_rows(raw["data_file"], files, ctx):
            if row["id"] in out:
                ctx.diags.error(f"data '{row['id']}' is defined twice (first at "
                                f"{out[row['id']].src})", pos)
                continue
            add(row["id"], row, pos, None)
    for did, d in (raw.get("data") or {}).items():
        if d is not None:
            add(did, dict(d), pm.value(("data", did)), ("data", did))
    return out


def _csv_rows(name: str, files: Files, ctx: Ctx):
    """The rows of the figures' CSV, each with the position of its line. The header must name
    id, label and value; unknown columns, short rows and one-line fields past their length are
    errors at their line."""
    import csv

    text = files.text(name, ("data_file",), ctx, "data file")
    if text is None:
        return
    shown = files.show(name)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        ctx.diags.error(f"{name} holds no header line (id,label,value,…)", Pos(shown, 1, 1))
        return
    try:
        table = list(csv.reader(lines))
    except csv.Error as e:
        ctx.diags.error(f"{name} is not CSV: {e}", Pos(shown, 1, 1))
        return
    header = [h.strip() for h in table[0]]
    missing = [c for c in ("id", "label", "value") if c not in header]
    if missing:
        hint = " (is it separated by ';'? banmian reads commas)" if ";" in lines[0] else ""
        ctx.diags.error(f"{name}: the header needs the columns id, label and value; missing "
                        + ", ".join(missing) + hint, Pos(shown, 1, 1))
        return
    unknown = [h for h in header if h and h not in DATA_COLUMNS]
    if unknown:
        ctx.diags.error(f"{name}: unknown column '{unknown[0]}' (known: "
                        f"{', '.join(DATA_COLUMNS)})", Pos(shown, 1, lines[0].find(unknown[0]) + 1))
        return
    for n, cells in enumerate(table[1:], start=2):
        if any(c.strip() for c in cells):
            row = _csv_row(cells, header, Pos(shown, n, 1), ctx)
            if row is not None:
                yield row, Pos(shown, n, 1)


def _csv_row(cells: list[str], header: list[str], pos: Pos, ctx: Ctx) -> dict | None:
    """One data row by column name; None after an error at its line."""
    if len(cells) > len(header):
        ctx.diags.error(f"{len(cells)} cells for {len(header)} columns", pos)
        return None
    row = {h: (c or "").strip() for h, c in zip(header, cells, strict=False) if h}
    if not row.get("id") or not row.get("label") or not row.get("value"):
        ctx.diags.error("a data row needs id, label and value", pos)
        return None
    long = next((h for h, c in row.items() if len(c) > MAX_LINE), None)
    if long:
        ctx.diags.error(f"the {long} holds {len(row[long]):,} characters; at most "
                        f"{MAX_LINE:,}", pos)
        return None
    return row


def fonts(raw: dict[str, Any], files: Files, path: Path, ctx: Ctx) -> dict[str, FontRef]:
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
            file = files.find(f["file"], fpath + ("file",), ctx, "font file", MAX_FONT_BYTES)
            if file is None:
                continue
        out[name] = FontRef(name, f.get("default"), file, f.get("index") or 0,
                            ctx.pm.value(fpath))
    return out


SUBHEAD = "## "  # a story line starting so is a 小标题


def split_paragraphs(text: str, file: str, line0: int, col0: int,
                     lines_base: list[tuple[int, int]] | None = None) -> tuple[Paragraph, ...]:
    """Blank lines separate paragraphs; line breaks inside a paragraph are removed (Chinese
    text has no spaces between lines). Windows and old Mac line ends count as line ends. A
    line starting `## ` is a subhead (小标题), a paragraph of its own."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paras: list[Paragraph] = []
    cur: list[str] = []
    starts: list[tuple[int, int, int]] = []

    def end() -> None:
        if cur:
            paras.append(Paragraph("".join(cur), tuple(starts), file))
            cur.clear()
            starts.clear()

    for n, raw_line in enumerate(text.split("\n")):
        line = raw_line.rstrip("\r")
        stripped = line.strip()
        if not stripped:
            end()
            continue
        lead = len(line) - len(line.lstrip())
        fl, fc = (lines_base[n] if lines_base and n < len(lines_base)
                  else (line0 + n, (col0 if n == 0 else 1)))
        if stripped.startswith(SUBHEAD) and stripped[len(SUBHEAD):].strip():
            end()
            head = stripped[len(SUBHEAD):].lstrip()
            skip = len(stripped) - len(head)
            paras.append(Paragraph(head, ((0, fl, fc + lead + skip),), file, "subhead"))
            continue
        starts.append((sum(len(c) for c in cur), fl, fc + lead))
        cur.append(stripped)
    end()
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


def read_text(files: Files, name: str, path: tuple, ctx: Ctx, story: Story | None = None
              ) -> tuple[Paragraph, ...]:
    """A text file's paragraphs; with `story`, read as story markup (layout/spec/markup.py)."""
    text = files.text(name, path, ctx, "text file")
    if text is None:
        return ()
    paras = (split_paragraphs(text, files.show(name), 1, 1) if story is None else
             parse_story(text, files.show(name), 1, 1, ctx.diags, story.bullet,
                         story.divider))
    if not paras:
        ctx.err(path, f"{name} holds no text")
    return paras


def block_text(raw: dict[str, Any], bp: tuple, ctx: Ctx, files: Files, *, display: bool,
               required: bool, kind: str, story: Story | None = None
               ) -> tuple[Paragraph, ...]:
    """A block's own text, inline (`text:`) or from a file (`file:`); `display` sets every
    line of inline text as its own paragraph (headline lines); `story` reads it as story
    markup."""
    if "text" in raw and "file" in raw:
        ctx.err(bp + ("file",), "give either 'text' or 'file', not both", at_key=True)
    elif "file" in raw and raw["file"]:
        return read_text(files, raw["file"], bp + ("file",), ctx, story)
    elif "text" in raw and raw["text"] and story is not None:
        pos = ctx.pm.value(bp + ("text",))
        block = "\n" in raw["text"].strip("\n")
        line0, col0 = (pos.line + 1, 1) if block else (pos.line, pos.col)
        return parse_story(raw["text"], pos.file, line0, col0, ctx.diags, story.bullet,
                           story.divider)
    elif "text" in raw and raw["text"]:
        return inline(raw["text"], ctx.pm.value(bp + ("text",)), lines=display)
    elif required:
        ctx.err(bp, f"a {kind} block needs 'text' or 'file'")
    return ()
