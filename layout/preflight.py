"""preflight: checks a PDF the way a printing house and an archive would, before it leaves.

It reads any PDF, not only banmian's: fonts embedded, page boxes and bleed, colour spaces (no
RGB), image resolution at the placed size, total ink (vector colours and CMYK pictures), black
text overprinting, the OutputIntents and the XMP identifiers of PDF/X-4 and PDF/A-2b, and the
overset a banmian render let through with `--allow-overset`.

A PDF from elsewhere may be damaged. Every object is read through the accessors below, which
say what is wrong instead of raising a type error, and what cannot be read is a failed check
naming the object (`objects`), never a crash. The content walk keeps its own stack (3,000
nested forms are 3,000 list entries, not 3,000 Python frames), visits each form once per
page, and has a budget of operators and decoded bytes, so a hostile file costs bounded time
and memory.
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .raster import inflated_size, quiet_stderr
from .units import MM

RGB_OPS = {"rg", "RG"}
CMYK_OPS = {"k", "K"}
WALKED_OPS = ("q Q cm rg RG k K cs CS gs w BT Tf Tm Tj TJ ' \" Do "  # only what the checks read
              "S s f F f* B B* b b*")
STROKE_OPS = {"S", "s", "B", "B*", "b", "b*"}
FILL_OPS = {"f", "F", "f*", "B", "B*", "b", "b*"}
SMALL_TYPE = 9.0  # pt: smaller type should be one solid ink (layout/inks.py)
THIN_RULE = 1.0  # pt: thinner strokes should be one solid ink
BLACK = (0.0, 0.0, 0.0, 100.0)

# Bounds on the work one file may cause (a broadsheet spread walks about 60,000 operators).
MAX_OPS = 5_000_000  # content operators walked, all pages and forms together
MAX_STREAM_BYTES = 256 * 2**20  # one decoded content stream
MAX_XMP_BYTES = 4 * 2**20
MAX_IMAGE_PIXELS = 40_000_000  # larger pictures (but JPEGs) are not decoded for ink
MAX_SHOWN = 20  # overset entries named in the detail

BANMIAN_NS = "http://banmian.invalid/ns/archive/1.0/"  # as layout/finish.py writes it
OVERSET = f"{{{BANMIAN_NS}}}overset"

IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Damaged(Exception):
    """An object a check reads is not what the PDF format says it must be."""


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    status: str  # pass | fail | warn | skip
    detail: str


@dataclass
class Result:
    file: str
    checks: list[Check] = field(default_factory=list)

    @property
    def failures(self) -> int:
        return sum(c.status == "fail" for c in self.checks)

    @property
    def warnings(self) -> int:
        return sum(c.status == "warn" for c in self.checks)

    def add(self, id: str, problems: list[str], ok: str, warn: bool = False) -> None:
        if problems:
            more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
            self.checks.append(Check(id, "warn" if warn else "fail",
                                     "; ".join(problems[:3]) + more))
        else:
            self.checks.append(Check(id, "pass", ok))

    def table(self) -> str:
        w = max(len(c.id) for c in self.checks)
        rows = [f"{c.id:<{w}}  {c.status:<4}  {c.detail}" for c in self.checks]
        rows.append(f"preflight: {self.failures} failures, {self.warnings} warnings")
        return "\n".join(rows)

    def as_json(self) -> dict:
        return {"file": self.file, "failures": self.failures, "warnings": self.warnings,
                "checks": [asdict(c) for c in self.checks]}


# ── reading objects that may be damaged ──────────────────────────────────────


def _errors() -> tuple[type[BaseException], ...]:
    """What reading a damaged object raises: our own finding, or qpdf's."""
    import pikepdf

    return (Damaged, pikepdf.PikepdfError)


def _is_dict(o: Any) -> bool:
    import pikepdf

    return isinstance(o, (pikepdf.Dictionary, pikepdf.Stream))


def _get(o: Any, key: str, default: Any = None) -> Any:
    """`o[key]` when `o` is a dictionary or a stream and has it, else `default`."""
    return o.get(key, default) if _is_dict(o) else default


def _dict(o: Any, what: str) -> Any:
    """A dictionary, or None when absent; anything else is damage."""
    if o is None or _is_dict(o):
        return o
    raise Damaged(f"{what} is not a dictionary ({_show(o)})")


def _show(o: Any) -> str:
    """An object as the PDF writes it, shortened: `[ /x (abc) 1 ]`."""
    import pikepdf

    if isinstance(o, pikepdf.Object):
        try:
            text = o.unparse().decode("latin-1")
        except (pikepdf.PikepdfError, ValueError, TypeError):
            text = type(o).__name__
    elif isinstance(o, list):
        text = "[ " + " ".join(_show(v) for v in o) + " ]"
    else:
        text = str(o)
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "…"


def _text(o: Any) -> str:
    """A string object's text, or the object as written when it is not one."""
    import pikepdf

    if isinstance(o, pikepdf.String):
        try:
            return str(o)
        except UnicodeDecodeError:
            pass
    return _show(o)


def _label(o: Any) -> str:
    """How a message names an object: its number when it has one."""
    try:
        num, gen = o.objgen
    except (AttributeError, ValueError, TypeError):
        return ""
    return f" (object {num} {gen})" if num else ""


def _num(o: Any, what: str) -> float:
    if isinstance(o, bool) or not isinstance(o, (int, float, Decimal)):
        raise Damaged(f"{what} is not a number ({_show(o)})")
    v = float(o)
    if not math.isfinite(v):
        raise Damaged(f"{what} is not finite ({_show(o)})")
    return v


def _int(o: Any, what: str) -> int:
    v = _num(o, what)
    if v != int(v):
        raise Damaged(f"{what} is not a whole number ({_show(o)})")
    return int(v)


def _box(o: Any, what: str) -> tuple[float, float, float, float] | None:
    """A page box as (x0, y0, x1, y1) with positive width and height, None when absent."""
    import pikepdf

    if o is None:
        return None
    if not isinstance(o, pikepdf.Array) or len(o) != 4:
        raise Damaged(f"{what} is not 4 numbers ({_show(o)})")
    x0, y0, x1, y1 = (_num(v, what) for v in o)
    if x1 - x0 <= 0 or y1 - y0 <= 0:
        raise Damaged(f"{what} [{x0:g} {y0:g} {x1:g} {y1:g}] is degenerate "
                      f"(width {x1 - x0:g} pt, height {y1 - y0:g} pt)")
    return x0, y0, x1, y1


def _inherited(page: Any, key: str) -> Any:
    """A page attribute, looked up the page tree as the format says (cycle-safe)."""
    node, seen = page, set()
    while _is_dict(node):
        if key in node:
            return node[key]
        og = node.objgen
        if og in seen or len(seen) > 64:
            raise Damaged(f"the page tree above {key} loops or is too deep")
        seen.add(og)
        node = node.get("/Parent")
    return None


def _name(o: Any) -> str:
    """A name as the PDF writes it (`/DCTDecode`, bytes that are not UTF-8 as #xx), or ''
    for anything that is not a name."""
    import pikepdf

    return o.unparse().decode("latin-1") if isinstance(o, pikepdf.Name) else ""


def _filters(stream: Any) -> list[str]:
    """A stream's /Filter as a list of names (one name or an array of them)."""
    import pikepdf

    f = _get(stream, "/Filter")
    return [_name(v) for v in (f if isinstance(f, pikepdf.Array) else [f] if f else [])]


def _bounded_bytes(stream: Any, limit: int, what: str) -> bytes:
    """A stream's decoded bytes, refused before decoding when they would exceed `limit`
    (a Flate stream is measured by inflating it into nothing, chunk by chunk)."""
    import pikepdf

    if not isinstance(stream, pikepdf.Stream):
        raise Damaged(f"{what} is not a stream ({_show(stream)})")
    if _filters(stream) == ["/FlateDecode"] and \
            inflated_size(stream.read_raw_bytes(), limit) > limit:
        raise Damaged(f"{what} decodes to more than {limit // 2**20} MB")
    return stream.read_bytes()


# ── the content walk ─────────────────────────────────────────────────────────


def _mul(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


@dataclass(slots=True)
class GState:
    """The part of the graphics state the checks read; saved by q and by each form."""

    ctm: tuple[float, ...] = IDENTITY
    fill: tuple[float, ...] | None = None  # the CMYK fill colour, 0–100
    overprint: bool = False  # op: fills and text
    stroke: tuple[float, ...] | None = None  # the CMYK stroke colour, 0–100
    stroke_overprint: bool = False  # OP
    line_width: float = 1.0
    font_size: float = 0.0  # Tf
    tm: tuple[float, ...] = IDENTITY  # the text matrix (set by Tm, reset by BT)

    def copy(self) -> GState:
        return GState(self.ctm, self.fill, self.overprint, self.stroke, self.stroke_overprint,
                      self.line_width, self.font_size, self.tm)


@dataclass
class Walk:
    """What the walk has cost so far, and the objects it could not read."""

    ops: int = 0
    forms: int = 0
    damaged: list[str] = field(default_factory=list)
    fonts: dict[tuple[int, int], Any] = field(default_factory=dict)


Visit = Callable[[str, list, GState, Any], None]


def _ops(obj: Any, what: str, walk: Walk) -> Iterator[tuple[list, str]]:
    import pikepdf

    if isinstance(obj, pikepdf.Stream):
        _bounded_bytes(obj, MAX_STREAM_BYTES, what)  # refuse a bomb before qpdf inflates it
    else:  # a page: its /Contents, a stream or an array of them
        contents = obj.get("/Contents")
        for s in contents if isinstance(contents, pikepdf.Array) else [contents]:
            if s is not None:
                _bounded_bytes(s, MAX_STREAM_BYTES, f"{what}'s content{_label(s)}")
    try:
        parsed = pikepdf.parse_content_stream(obj, WALKED_OPS)
    except (pikepdf.PdfError, TypeError) as e:  # TypeError: a page without /Type /Page
        raise Damaged(f"{what}: content cannot be parsed ({_one_line(e)})") from None
    for inst in parsed:
        walk.ops += 1
        if walk.ops > MAX_OPS:
            raise Damaged(f"more than {MAX_OPS:,} content operators; not checked further")
        yield list(inst.operands), inst.operator.unparse().decode("latin-1")


def walk_page(page: Any, n: int, visit: Visit, walk: Walk) -> None:
    """Run `visit(op, operands, state, resources)` over a page's content and, in place, the
    forms it draws, with an explicit stack; each form is entered once per page."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    res = _dict(_inherited(page, "/Resources"), f"page {n}'s /Resources") or pikepdf.Dictionary()
    # one frame per content stream being read: its operators, resources and q stack
    stack: list[tuple[Iterator, Any, list[GState], GState, str]] = []
    state = GState()
    stack.append((_ops(page, f"page {n}", walk), res, [], state, f"page {n}"))
    _note_fonts(res, walk)
    while stack:
        ops, res, saved, state, where = stack[-1]
        try:
            operands, op = next(ops)
        except StopIteration:
            stack.pop()
            continue
        except _errors() as e:
            walk.damaged.append(f"{where}: {e}")
            stack.pop()
            if "content operators" in str(e):
                return
            continue
        try:
            if op == "q":
                saved.append(state.copy())
            elif op == "Q" and saved:
                restored = saved.pop()
                for f in GState.__slots__:
                    setattr(state, f, getattr(restored, f))
            elif op == "cm":
                if len(operands) != 6:
                    raise Damaged(f"cm takes 6 numbers, not {len(operands)}")
                state.ctm = _mul(tuple(_num(v, "a cm operand") for v in operands), state.ctm)
            visit(op, operands, state, res)
            if op == "Do":
                form = _xobject(res, operands, where)
                if form is None or _get(form, "/Subtype") != "/Form" or form.objgen in seen:
                    continue
                seen.add(form.objgen)
                walk.forms += 1
                name = f"{where} form {_show(operands[0])}{_label(form)}"
                m = _get(form, "/Matrix")
                matrix = IDENTITY if m is None else tuple(
                    _num(v, f"{name}'s /Matrix") for v in _array(m, 6, f"{name}'s /Matrix"))
                inner = state.copy()
                inner.ctm = _mul(matrix, state.ctm)
                form_res = _dict(_get(form, "/Resources"), f"{name}'s /Resources") or res
                _note_fonts(form_res, walk)
                stack.append((_ops(form, name, walk), form_res, [], inner, name))
        except _errors() as e:
            walk.damaged.append(f"{where}: {e}")


def _array(o: Any, n: int, what: str) -> Any:
    import pikepdf

    if not isinstance(o, pikepdf.Array) or len(o) != n:
        raise Damaged(f"{what} is not {n} numbers ({_show(o)})")
    return o


def _xobject(res: Any, operands: list, where: str) -> Any:
    """The XObject a `Do` names, or None when the resources lack it (reported as damage)."""
    import pikepdf

    if len(operands) != 1 or not isinstance(operands[0], pikepdf.Name):
        raise Damaged(f"Do takes one name, not {_show(operands)}")
    xobjects = _dict(_get(res, "/XObject"), "/XObject resources")
    xo = _get(xobjects, operands[0])
    if xo is None:
        raise Damaged(f"XObject {_show(operands[0])} is not in the resources")
    if not isinstance(xo, pikepdf.Stream):
        raise Damaged(f"XObject {_show(operands[0])} is not a stream ({_show(xo)})")
    return xo


def _note_fonts(res: Any, walk: Walk) -> None:
    fonts = _get(res, "/Font")
    if not _is_dict(fonts):
        return
    for font in fonts.values():
        if _is_dict(font):
            walk.fonts.setdefault(font.objgen if font.objgen != (0, 0) else
                                  (-len(walk.fonts) - 1, 0), font)


def _font_problem(font: Any) -> tuple[str, str | None]:
    """The font's name, and why it is not embedded (None when it is)."""
    name = _name(_get(font, "/BaseFont"))[1:] or "?"
    f = font
    if _get(font, "/Subtype") == "/Type0":
        kids = _get(font, "/DescendantFonts")
        import pikepdf

        if not isinstance(kids, pikepdf.Array) or len(kids) != 1 or not _is_dict(kids[0]):
            return name, f"{name}: /DescendantFonts is damaged{_label(font)}"
        f = kids[0]
    if _get(font, "/Subtype") == "/Type3":
        return name, None  # drawn by its own glyph procedures: nothing to embed
    fd = _get(f, "/FontDescriptor")
    if not _is_dict(fd) or not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
        return name, f"{name} is not embedded"
    return name, None


def _image_tac(xo: Any, width: int, height: int) -> float | None:
    """The highest total ink of a CMYK picture, over areas about 1/50 inch across; None for
    a picture that is not CMYK or whose encoding cannot be turned into one. Damaged data is
    reported by raising."""
    import pikepdf
    from PIL import Image, ImageMath

    if _filters(xo) == ["/DCTDecode"]:
        try:
            img = Image.open(io.BytesIO(xo.read_raw_bytes()))
            img.draft(img.mode, (max(1, img.size[0] // 8), max(1, img.size[1] // 8)))
            img.load()
        except (OSError, ValueError, Image.DecompressionBombError) as e:
            raise Damaged(f"its JPEG data cannot be decoded ({_one_line(e)})") from None
    else:
        # at most 4 components of 16 bits: more decoded bytes than that is a bomb
        _bounded_bytes(xo, width * height * 8 + 2**20, "its data")
        try:
            img = pikepdf.PdfImage(xo).as_pil_image()
        except (pikepdf.PikepdfError, NotImplementedError):
            return None  # an encoding pikepdf cannot turn into a picture: not measured
        except (OSError, ValueError) as e:
            raise Damaged(f"its data cannot be decoded ({_one_line(e)})") from None
    if img.mode != "CMYK":
        return None
    img = img.reduce(max(1, min(img.size) // 100)) if min(img.size) > 100 else img
    c, m, y, k = (ch.convert("I") for ch in img.split())
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"],
                                  c=c, m=m, y=y, k=k)
    return float(total.getextrema()[1]) / 2.55


# ── the checks ───────────────────────────────────────────────────────────────


def preflight(path: Path, *, standard: str = "x4+a2b", tac_limit: float = 240,
              min_ppi: float = 200, min_bleed_mm: float = 3) -> Result:
    import pikepdf

    r = Result(str(path))
    # qpdf's repair notes (Python warnings, and a few lines it writes straight to the error
    # stream): the file_structure check reports them, one line
    with warnings.catch_warnings(), quiet_stderr():
        warnings.simplefilter("ignore")
        try:
            pdf = pikepdf.open(path)
        except pikepdf.PasswordError:
            r.checks.append(Check("encryption", "fail", "the file is encrypted"))
            return r
        except (pikepdf.PikepdfError, OSError, ValueError) as e:
            r.checks.append(Check("open", "fail", f"not a readable PDF: {_one_line(e)}"))
            return r
        with pdf:
            try:
                pages = [p.obj for p in pdf.pages]
            except (pikepdf.PikepdfError, ValueError, TypeError, KeyError) as e:
                r.checks.append(Check("open", "fail", f"the page tree is damaged: "
                                                      f"{_one_line(e)}"))
                return r
            if not pages:
                r.checks.append(Check("open", "fail", "the PDF has no pages"))
                return r
            _checks(r, pdf, pages, standard, tac_limit, min_ppi, min_bleed_mm)
    return r


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return text if len(text) <= 200 else text[:197] + "…"


def _checks(r: Result, pdf: Any, pages: list, standard: str, tac_limit: float,
            min_ppi: float, min_bleed_mm: float) -> None:
    import pikepdf

    want_x4 = "x4" in standard
    want_a2b = "a2b" in standard
    version = pdf.pdf_version
    r.add("pdf_version",
          [f"PDF {version} is newer than the 1.6 PDF/X-4 allows"]
          if want_x4 and version > "1.6" else [], f"PDF {version}")
    r.add("encryption", ["the file is encrypted"] if pdf.is_encrypted else [], "none")
    r.add("trailer_id", [] if "/ID" in pdf.trailer else ["no trailer /ID"], "present")

    r.add("page_boxes", _page_boxes(pages, min_bleed_mm),
          f"TrimBox and BleedBox (≥ {min_bleed_mm:g} mm) on {len(pages)} pages")

    rgb, low_ppi, ink, tacs, unmeasured = [], [], [], [], []
    black = {"text": [0, 0], "strokes": [0, 0], "fills": [0, 0]}  # [drawn, not overprinting]
    small: list[str] = []
    thin: list[str] = []
    images_seen = 0
    walk = Walk()

    for n, page in enumerate(pages, 1):
        def visit(op: str, operands: list, gs: GState, res: Any, n: int = n) -> None:
            nonlocal images_seen
            if op in RGB_OPS:
                rgb.append(f"page {n}: DeviceRGB colour ({op})")
            elif op in ("cs", "CS"):
                if operands and _name(operands[0]) == "/DeviceRGB":
                    rgb.append(f"page {n}: DeviceRGB colour space")
            elif op in CMYK_OPS:
                if len(operands) != 4:
                    raise Damaged(f"{op} takes 4 numbers, not {len(operands)}")
                cmyk = tuple(_num(v, f"a {op} operand") * 100 for v in operands)
                if op == "k":
                    gs.fill = cmyk
                else:
                    gs.stroke = cmyk
                total = sum(cmyk)
                if total > tac_limit + 0.5:
                    ink.append(f"page {n}: {'/'.join(f'{v:g}' for v in cmyk)} = {total:g}%")
            elif op == "gs":
                if len(operands) != 1:
                    raise Damaged(f"gs takes one name, not {_show(operands)}")
                states = _dict(_get(res, "/ExtGState"), "/ExtGState resources")
                g = _get(states, operands[0]) if isinstance(operands[0], pikepdf.Name) else None
                if g is None:
                    raise Damaged(f"graphics state {_show(operands[0])} is not in the "
                                  "resources")
                if _is_dict(g) and "/OP" in g:  # sets op too, unless op is given beside it
                    gs.stroke_overprint = gs.overprint = bool(g["/OP"])
                if _is_dict(g) and "/op" in g:
                    gs.overprint = bool(g["/op"])
                if _is_dict(g) and "/LW" in g:
                    gs.line_width = _num(g["/LW"], "/LW")
            elif op == "w" and operands:
                gs.line_width = _num(operands[0], "a w operand")
            elif op == "BT":
                gs.tm = IDENTITY
            elif op == "Tm" and len(operands) == 6:
                gs.tm = tuple(_num(v, "a Tm operand") for v in operands)
            elif op == "Tf" and len(operands) == 2:
                gs.font_size = _num(operands[1], "a Tf size")
            elif op in ("Tj", "TJ", "'", '"'):
                if gs.fill == BLACK:
                    black["text"][0] += 1
                    black["text"][1] += not gs.overprint
                m = _mul(gs.tm, gs.ctm)
                size = abs(gs.font_size) * math.hypot(m[2], m[3])
                if gs.fill is not None and 0 < size < SMALL_TYPE - 0.01 and \
                        not _one_ink(gs.fill):
                    small.append(f"page {n}: {size:.1f} pt text in {_inks(gs.fill)}")
            elif op in STROKE_OPS or op in FILL_OPS:
                if op in STROKE_OPS and gs.stroke is not None:
                    if gs.stroke == BLACK:
                        black["strokes"][0] += 1
                        black["strokes"][1] += not gs.stroke_overprint
                    width = gs.line_width * math.sqrt(abs(gs.ctm[0] * gs.ctm[3]
                                                          - gs.ctm[1] * gs.ctm[2]))
                    if 0 < width < THIN_RULE - 0.01 and not _one_ink(gs.stroke):
                        thin.append(f"page {n}: a {width:.2g} pt rule in {_inks(gs.stroke)}")
                if op in FILL_OPS and gs.fill == BLACK:
                    black["fills"][0] += 1
                    black["fills"][1] += not gs.overprint
            elif op == "Do":
                xo = _xobject(res, operands, f"page {n}")
                if xo.get("/Subtype") != "/Image":
                    return
                images_seen += 1
                name = f"image {_show(operands[0])}{_label(xo)}"
                cs = xo.get("/ColorSpace")
                if cs == "/DeviceRGB" or (isinstance(cs, pikepdf.Array) and len(cs) == 2
                                          and cs[0] == "/ICCBased"
                                          and _get(cs[1], "/N") == 3):
                    rgb.append(f"page {n}: an RGB image")
                if "/Width" not in xo or "/Height" not in xo:
                    raise Damaged(f"{name} has no /Width or /Height")
                width, height = _int(xo.Width, f"{name}'s /Width"), _int(
                    xo.Height, f"{name}'s /Height")
                if width <= 0 or height <= 0:
                    raise Damaged(f"{name} is {width}×{height} px")
                w_pt = math.hypot(gs.ctm[0], gs.ctm[1])
                h_pt = math.hypot(gs.ctm[2], gs.ctm[3])
                if w_pt > 0 and h_pt > 0:
                    ppi = min(width / (w_pt / 72), height / (h_pt / 72))
                    if ppi < min_ppi - 0.5:
                        low_ppi.append(f"page {n}: image {width}×{height} px at {ppi:.0f} ppi")
                if width * height > MAX_IMAGE_PIXELS and _filters(xo) != ["/DCTDecode"]:
                    unmeasured.append(f"page {n}: {name} is {width}×{height} px, too large "
                                      "to measure its ink")
                    return
                try:
                    t = _image_tac(xo, width, height)
                except Damaged as e:
                    raise Damaged(f"{name}: {e}") from None
                if t is not None:
                    tacs.append(t)
                    if t > tac_limit + 2:
                        ink.append(f"page {n}: an image reaches {t:.0f}%")

        try:
            walk_page(page, n, visit, walk)
        except _errors() as e:
            walk.damaged.append(f"page {n}: {e}")
        if walk.ops > MAX_OPS:
            break

    names, unembedded = set(), []
    for font in walk.fonts.values():
        name, problem = _font_problem(font)
        names.add(name)
        if problem:
            unembedded.append(problem)
    r.add("fonts_embedded", sorted(set(unembedded)), f"{len(names)} fonts, all embedded")
    r.add("colour_spaces", rgb, "CMYK and separations only, no RGB")
    r.add("image_resolution", low_ppi,
          f"{images_seen} images, all ≥ {min_ppi:g} ppi at their placed size")
    r.add("ink_limit", ink, f"total ink ≤ {tac_limit:g}%"
          + (f"; pictures reach {max(tacs):.0f}%" if tacs else ""))
    r.add("ink_measured", unmeasured, "every picture's ink measured", warn=True)
    r.add("black_overprint",
          [f"100 % K {what}: {bad} of {drawn} do not overprint"
           for what, (drawn, bad) in black.items() if bad],
          "100 % K text, strokes and fills overprint", warn=True)
    r.add("small_type_inks", _firsts(small),
          f"type under {SMALL_TYPE:g} pt in one solid ink", warn=True)
    r.add("thin_rules", _firsts(thin), f"rules under {THIN_RULE:g} pt in one solid ink",
          warn=True)
    r.add("output_intent", *_output_intents(pdf, want_x4, want_a2b))
    xmp, problem = _xmp_text(pdf)
    r.add("metadata", [problem] if problem else _xmp_ids(xmp, standard),
          "XMP identifiers present" if standard != "none" else "none asked")
    r.add("overset", _overset(xmp), "no overset recorded")
    r.add("objects", walk.damaged,
          f"{len(pages)} pages, {walk.forms} forms, {walk.ops:,} operators read")
    # qpdf notes every repair it made while the checks read the file: a file that needed
    # one is damaged, whatever else passed (read last, so lazy reads are counted too)
    repaired = Result(r.file)
    repaired.add("file_structure", [_repair_note(w, r.file) for w in pdf.get_warnings()],
                 "cross-reference table and objects read without repair")
    at = next(i for i, c in enumerate(r.checks) if c.id == "trailer_id") + 1
    r.checks.insert(at, repaired.checks[0])


def _one_ink(cmyk: tuple[float, ...]) -> bool:
    """White, or one ink at 100 %: what holds in register at any size."""
    inks = [v for v in cmyk if v > 0.5]
    return not inks or (len(inks) == 1 and inks[0] > 99.5)


def _inks(cmyk: tuple[float, ...]) -> str:
    what = "/".join(f"{v:g}" for v in cmyk)
    n = sum(v > 0.5 for v in cmyk)
    return f"{what} ({n} inks)" if n > 1 else f"{what} (a tint)"


def _firsts(found: list[str], limit: int = 5) -> list[str]:
    """The first few places and how many more, so one bad style is not a screenful."""
    uniq = list(dict.fromkeys(found))
    more = len(uniq) - limit
    return uniq[:limit] + ([f"and {more} more"] if more > 0 else [])


def _repair_note(warning: str, file: str) -> str:
    """qpdf's warning without the file name it starts with."""
    text = warning[len(file) + 1:].lstrip() if warning.startswith(file) else warning
    return _one_line(text.removeprefix(": "))


def _page_boxes(pages: list, min_bleed_mm: float) -> list[str]:
    boxes = []
    for n, page in enumerate(pages, 1):
        try:
            media = _box(_inherited(page, "/MediaBox"), "MediaBox")
            if media is None:
                boxes.append(f"page {n} has no MediaBox")
                continue
            trim = _box(page.get("/TrimBox"), "TrimBox")
            bleed = _box(page.get("/BleedBox"), "BleedBox")
        except _errors() as e:
            boxes.append(f"page {n}: {e}")
            continue
        if trim is None:
            boxes.append(f"page {n} has no TrimBox")
            continue
        if bleed is None:
            boxes.append(f"page {n} has no BleedBox")
            continue
        t, b = trim, bleed
        widths = (t[0] - b[0], t[1] - b[1], b[2] - t[2], b[3] - t[3])
        if min(widths) < min_bleed_mm * MM - 0.01:
            boxes.append(f"page {n}: bleed {min(widths) / MM:.1f} mm, under "
                         f"{min_bleed_mm:g} mm")
        if b[0] < media[0] - 0.01 or b[2] > media[2] + 0.01 \
                or b[1] < media[1] - 0.01 or b[3] > media[3] + 0.01:
            boxes.append(f"page {n}: BleedBox outside the MediaBox")
    return boxes


def _output_intents(pdf: Any, want_x4: bool, want_a2b: bool) -> tuple[list[str], str]:
    import pikepdf

    problems: list[str] = []
    try:
        raw = pdf.Root.get("/OutputIntents")
        if raw is not None and not isinstance(raw, pikepdf.Array):
            raise Damaged(f"/OutputIntents is not an array ({_show(raw)})")
        intents = [i for i in (raw or []) if _is_dict(i)]
        if raw is not None and len(intents) != len(raw):
            problems.append("an OutputIntent is not a dictionary")
        kinds = {_name(i.get("/S")): i for i in intents}
        for want, kind in ((want_x4, "/GTS_PDFX"), (want_a2b, "/GTS_PDFA1")):
            if want and kind not in kinds:
                problems.append(f"no {kind[1:]} OutputIntent")
        profiles = [i.get("/DestOutputProfile") for i in intents if "/DestOutputProfile" in i]
        if len({p.objgen for p in profiles if _is_dict(p)}) > 1:
            problems.append("the OutputIntents do not share one ICC profile object")
        for prof in profiles:
            if not _is_dict(prof) or _get(prof, "/N") != 4:
                problems.append("the output profile is not CMYK")
                break
        ok = ", ".join(f"{k[1:]} ({_text(i.get('/OutputConditionIdentifier'))})"
                       for k, i in kinds.items()) or "none asked for"
    except _errors() as e:
        return [f"damaged: {e}"], ""
    return problems, ok


def _xmp_text(pdf: Any) -> tuple[str, str | None]:
    """The XMP packet as text, and what is wrong with it when it cannot be read."""
    try:
        meta = pdf.Root.get("/Metadata")
        if meta is None:
            return "", None
        return _bounded_bytes(meta, MAX_XMP_BYTES, "the XMP").decode("utf-8", "replace"), None
    except _errors() as e:
        return "", f"the XMP cannot be read: {e}"


def _xmp_ids(text: str, standard: str) -> list[str]:
    want_x4 = "x4" in standard
    want_a2b = "a2b" in standard
    meta = []
    if want_x4 and "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" not in text:
        meta.append("XMP lacks pdfxid:GTS_PDFXVersion PDF/X-4")
    if want_a2b and not ("<pdfaid:part>2</pdfaid:part>" in text
                         and "<pdfaid:conformance>B</pdfaid:conformance>" in text):
        meta.append("XMP lacks pdfaid part 2, conformance B")
    if (want_x4 or want_a2b) and "pdf:Trapped" not in text:
        meta.append("XMP lacks pdf:Trapped")
    return meta


def _overset(text: str) -> list[str]:
    """A banmian PDF rendered with --allow-overset names its overset blocks in the XMP
    (banmian:overset, a Text whose entries are joined by '; '): not ready to print. The
    packet is parsed as XML, so any prefix bound to the namespace counts, as an element or
    as an attribute."""
    import xml.etree.ElementTree as ET

    if BANMIAN_NS not in text:
        return []
    try:
        root = ET.fromstring(text.lstrip("\ufeff").strip())
    except ET.ParseError as e:
        return [f"the XMP cannot be parsed to look for banmian:overset ({e})"]
    values = ["".join(el.itertext()) for el in root.iter(OVERSET)]
    values += [el.attrib[OVERSET] for el in root.iter() if OVERSET in el.attrib]
    entries = [e.strip() for v in values for e in v.split(";") if e.strip()]
    if not entries:
        return []
    shown = "; ".join(entries[:MAX_SHOWN])
    more = f" (and {len(entries) - MAX_SHOWN} more)" if len(entries) > MAX_SHOWN else ""
    n = len(entries)
    return [f"{n} overset block{'s' if n != 1 else ''} recorded (rendered with "
            f"--allow-overset): {shown}{more}"]
