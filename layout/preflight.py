"""preflight: checks a PDF the way a printing house and an archive would, before it leaves.

It reads any PDF, not only banmian's: fonts embedded, page boxes and bleed, colour spaces (no
RGB), image resolution at the placed size, total ink (vector colours and CMYK pictures), black
text overprinting, the OutputIntents and the XMP identifiers of PDF/X-4 and PDF/A-2b.
"""

from __future__ import annotations

import io
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .units import MM

RGB_OPS = {"rg", "RG"}
CMYK_OPS = {"k", "K"}


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


def _mul(a: list[float], b: list[float]) -> list[float]:
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def _walk(pdf, obj, ctm: list[float], seen: set, visit) -> None:
    """Run `visit(op, operands, ctm, resources)` over a content stream and the forms it uses."""
    import pikepdf

    res = obj.get("/Resources", pikepdf.Dictionary())
    stack: list[list[float]] = []
    try:  # only the operators the checks read: parsing every glyph's would take longer
        ops = pikepdf.parse_content_stream(obj, "q Q cm rg RG k K cs CS gs Tj TJ ' \" Do")
    except pikepdf.PdfError:
        return
    for operands, op in ops:
        op = str(op)
        if op == "q":
            stack.append(ctm)
        elif op == "Q" and stack:
            ctm = stack.pop()
        elif op == "cm" and len(operands) == 6:
            ctm = _mul([float(v) for v in operands], ctm)
        visit(op, operands, ctm, res)
        if op == "Do":
            xo = res.get("/XObject", {}).get(str(operands[0]))
            if xo is not None and xo.get("/Subtype") == "/Form" and xo.objgen not in seen:
                seen.add(xo.objgen)
                m = [float(v) for v in xo.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                _walk(pdf, xo, _mul(m, ctm), seen, visit)


def _fonts(pdf) -> tuple[set[str], list[str]]:
    names, bad = set(), []
    for page in pdf.pages:
        for _, font in (page.obj.get("/Resources", {}).get("/Font", {}) or {}).items():
            f = font
            if f.get("/Subtype") == "/Type0":
                f = f.DescendantFonts[0]
            name = str(font.get("/BaseFont", "?"))[1:]
            names.add(name)
            fd = f.get("/FontDescriptor")
            if fd is None or not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                bad.append(f"{name} is not embedded")
    return names, sorted(set(bad))


def _image_tac(xo) -> float | None:
    """The highest total ink of a CMYK picture, over areas about 1/50 inch across."""
    import pikepdf
    from PIL import Image

    try:
        if xo.get("/Filter") == "/DCTDecode":
            img = Image.open(io.BytesIO(xo.read_raw_bytes()))
            img.draft(img.mode, (max(1, img.size[0] // 8), max(1, img.size[1] // 8)))
        else:
            img = pikepdf.PdfImage(xo).as_pil_image()
    except Exception:  # an image preflight cannot decode is reported elsewhere
        return None
    if img.mode != "CMYK":
        return None
    from PIL import ImageMath

    img = img.reduce(max(1, min(img.size) // 100)) if min(img.size) > 100 else img
    c, m, y, k = (ch.convert("I") for ch in img.split())
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"],
                                  c=c, m=m, y=y, k=k)
    return float(total.getextrema()[1]) / 2.55


def preflight(path: Path, *, standard: str = "x4+a2b", tac_limit: float = 240,
              min_ppi: float = 200, min_bleed_mm: float = 3) -> Result:
    import pikepdf

    r = Result(str(path))
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        r.checks.append(Check("encryption", "fail", "the file is encrypted"))
        return r
    except (pikepdf.PdfError, OSError) as e:
        r.checks.append(Check("open", "fail", f"not a readable PDF: {e}"))
        return r
    with pdf:
        want_x4 = "x4" in standard
        want_a2b = "a2b" in standard
        version = pdf.pdf_version
        r.add("pdf_version",
              [f"PDF {version} is newer than the 1.6 PDF/X-4 allows"]
              if want_x4 and version > "1.6" else [], f"PDF {version}")
        r.add("encryption", ["the file is encrypted"] if pdf.is_encrypted else [], "none")
        r.add("trailer_id", [] if "/ID" in pdf.trailer else ["no trailer /ID"], "present")

        boxes = []
        for n, page in enumerate(pdf.pages, 1):
            media = [float(v) for v in page.mediabox]
            trim = page.obj.get("/TrimBox")
            bleed = page.obj.get("/BleedBox")
            if trim is None:
                boxes.append(f"page {n} has no TrimBox")
                continue
            if bleed is None:
                boxes.append(f"page {n} has no BleedBox")
                continue
            t = [float(v) for v in trim]
            b = [float(v) for v in bleed]
            widths = (t[0] - b[0], t[1] - b[1], b[2] - t[2], b[3] - t[3])
            if min(widths) < min_bleed_mm * MM - 0.01:
                boxes.append(f"page {n}: bleed {min(widths) / MM:.1f} mm, under "
                             f"{min_bleed_mm:g} mm")
            if b[0] < media[0] - 0.01 or b[2] > media[2] + 0.01:
                boxes.append(f"page {n}: BleedBox outside the MediaBox")
        r.add("page_boxes", boxes, f"TrimBox and BleedBox (≥ {min_bleed_mm:g} mm) on "
              f"{len(pdf.pages)} pages")

        names, unembedded = _fonts(pdf)
        r.add("fonts_embedded", unembedded, f"{len(names)} fonts, all embedded")

        rgb, low_ppi, ink, tacs = [], [], [], []
        black_text_op = {"text": False, "op": False}
        images_seen = 0

        for n, page in enumerate(pdf.pages, 1):
            state = {"fill": None, "op": False}

            def visit(op, operands, ctm, res, n=n, state=state):
                nonlocal images_seen
                if op in RGB_OPS:
                    rgb.append(f"page {n}: DeviceRGB colour ({op})")
                elif op in ("cs", "CS") and str(operands[0]) == "/DeviceRGB":
                    rgb.append(f"page {n}: DeviceRGB colour space")
                elif op in CMYK_OPS and len(operands) == 4:
                    cmyk = [float(v) * 100 for v in operands]
                    if op == "k":
                        state["fill"] = cmyk
                    total = sum(cmyk)
                    if total > tac_limit + 0.5:
                        ink.append(f"page {n}: {'/'.join(f'{v:g}' for v in cmyk)} = "
                                   f"{total:g}%")
                elif op == "gs":
                    gs = res.get("/ExtGState", {}).get(str(operands[0]))
                    if gs is not None and "/op" in gs:
                        state["op"] = bool(gs["/op"])
                elif op in ("Tj", "TJ", "'", '"'):
                    if state["fill"] == [0.0, 0.0, 0.0, 100.0]:
                        black_text_op["text"] = True
                        if state["op"]:
                            black_text_op["op"] = True
                elif op == "Do":
                    xo = res.get("/XObject", {}).get(str(operands[0]))
                    if xo is None or xo.get("/Subtype") != "/Image":
                        return
                    images_seen += 1
                    cs = xo.get("/ColorSpace")
                    if cs == "/DeviceRGB" or (isinstance(cs, pikepdf.Array) and cs[0] ==
                                              "/ICCBased" and int(cs[1].get("/N", 0)) == 3):
                        rgb.append(f"page {n}: an RGB image")
                    w_pt = math.hypot(ctm[0], ctm[1])
                    h_pt = math.hypot(ctm[2], ctm[3])
                    if w_pt > 0 and h_pt > 0:
                        ppi = min(int(xo.Width) / (w_pt / 72), int(xo.Height) / (h_pt / 72))
                        if ppi < min_ppi - 0.5:
                            low_ppi.append(f"page {n}: image {int(xo.Width)}×{int(xo.Height)} "
                                           f"px at {ppi:.0f} ppi")
                    t = _image_tac(xo)
                    if t is not None:
                        tacs.append(t)
                        if t > tac_limit + 2:
                            ink.append(f"page {n}: an image reaches {t:.0f}%")

            _walk(pdf, page.obj, [1, 0, 0, 1, 0, 0], set(), visit)

        r.add("colour_spaces", rgb, "CMYK and separations only, no RGB")
        r.add("image_resolution", low_ppi,
              f"{images_seen} images, all ≥ {min_ppi:g} ppi at their placed size")
        r.add("ink_limit", ink, f"total ink ≤ {tac_limit:g}%"
              + (f"; pictures reach {max(tacs):.0f}%" if tacs else ""))
        r.add("black_overprint",
              ["100 % K text does not overprint"] if black_text_op["text"]
              and not black_text_op["op"] else [], "100 % K text overprints", warn=True)

        intents = list(pdf.Root.get("/OutputIntents", []))
        kinds = {str(i.get("/S")): i for i in intents}
        problems = []
        for want, kind in ((want_x4, "/GTS_PDFX"), (want_a2b, "/GTS_PDFA1")):
            if want and kind not in kinds:
                problems.append(f"no {kind[1:]} OutputIntent")
        profiles = {i.DestOutputProfile.objgen for i in intents if "/DestOutputProfile" in i}
        if len(profiles) > 1:
            problems.append("the OutputIntents do not share one ICC profile object")
        for i in intents:
            prof = i.get("/DestOutputProfile")
            if prof is not None and int(prof.get("/N", 0)) != 4:
                problems.append("the output profile is not CMYK")
        r.add("output_intent", problems,
              ", ".join(f"{k[1:]} ({i.get('/OutputConditionIdentifier')})"
                        for k, i in kinds.items()) or "none asked for")

        xmp = pdf.Root.get("/Metadata")
        text = xmp.read_bytes().decode("utf-8", "replace") if xmp is not None else ""
        meta = []
        if want_x4 and "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" not in text:
            meta.append("XMP lacks pdfxid:GTS_PDFXVersion PDF/X-4")
        if want_a2b and not ("<pdfaid:part>2</pdfaid:part>" in text
                             and "<pdfaid:conformance>B</pdfaid:conformance>" in text):
            meta.append("XMP lacks pdfaid part 2, conformance B")
        if (want_x4 or want_a2b) and "pdf:Trapped" not in text:
            meta.append("XMP lacks pdf:Trapped")
        r.add("metadata", meta, "XMP identifiers present" if standard != "none" else "none asked")
    return r
