"""Small PDFs built in the test, clean and damaged, for the tools that read PDFs from anywhere
(preflight, diff, the rasteriser). Each builder writes one file and returns its path."""

from __future__ import annotations

import io
import random
import zlib
from pathlib import Path

import pikepdf
from PIL import Image

BOX = [0, 0, 300, 300]
TRIM = [20, 20, 280, 280]
BLEED = [11, 11, 289, 289]


def page(pdf: pikepdf.Pdf, content: bytes, resources: pikepdf.Dictionary | None = None,
         **boxes) -> pikepdf.Dictionary:
    """A page of 300 × 300 pt with trim and bleed (each box can be replaced or dropped)."""
    d = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=BOX, TrimBox=TRIM, BleedBox=BLEED,
                           Resources=resources or pikepdf.Dictionary(),
                           Contents=pdf.make_stream(content))
    for name, value in boxes.items():
        if value is None:
            del d[f"/{name}"]
        else:
            d[f"/{name}"] = value
    pdf.pages.append(pikepdf.Page(d))
    return pdf.pages[-1].obj


def save(pdf: pikepdf.Pdf, path: Path) -> Path:
    pdf.save(path, deterministic_id=True)
    return path


def clean(path: Path) -> Path:
    """A plain CMYK page that passes `preflight --standard none`: a 50 % K square."""
    pdf = pikepdf.new()
    page(pdf, b"q 0 0 0 0.5 k 50 50 100 100 re f Q")
    return save(pdf, path)


def rich(path: Path) -> Path:
    """Two pages with what preflight reads: CMYK fills, black text overprinting, a form, a
    CMYK JPEG, a Flate picture, a graphics state; the body for flipped-byte tests."""
    pdf = pikepdf.new()
    buf = io.BytesIO()
    Image.new("CMYK", (64, 64), (20, 40, 60, 10)).save(buf, "JPEG", quality=80)
    jpeg = pdf.make_stream(buf.getvalue(), Type=pikepdf.Name.XObject,
                           Subtype=pikepdf.Name.Image, Width=64, Height=64,
                           ColorSpace=pikepdf.Name.DeviceCMYK, BitsPerComponent=8,
                           Filter=pikepdf.Name.DCTDecode)
    flate = pdf.make_stream(zlib.compress(bytes([10, 20, 30, 40]) * 64 * 64),
                            Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                            Width=64, Height=64,
                            ColorSpace=pikepdf.Name.DeviceCMYK, BitsPerComponent=8,
                            Filter=pikepdf.Name.FlateDecode)
    form = pdf.make_stream(b"0.1 0.2 0.3 0 k 0 0 50 50 re f /Im1 Do",
                           Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=BOX,
                           Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im1=flate)))
    gs = pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, op=True, OP=True, OPM=1)
    res = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=jpeg, Fm0=form),
                             ExtGState=pikepdf.Dictionary(GS0=gs))
    for _ in range(2):
        page(pdf, b"q 0 0 0 1 k /GS0 gs BT ET 0 0 0 1 k [(x)] TJ Q "
                  b"q 20 0 0 20 40 40 cm /Im0 Do Q q 1 0 0 1 100 100 cm /Fm0 Do Q", res)
    # content left uncompressed, so flipped bytes hit operators as well as the structure
    pdf.save(path, deterministic_id=True, compress_streams=False)
    return path


def truncated(src: Path, path: Path, keep: float = 0.5) -> Path:
    data = src.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def flipped(src: Path, path: Path, seed: int) -> Path:
    """`src` with 1 to 40 bytes inverted at seeded places."""
    r = random.Random(seed)
    data = bytearray(src.read_bytes())
    for _ in range(r.randint(1, 40)):
        data[r.randrange(len(data))] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def garbage_trim(path: Path) -> Path:
    pdf = pikepdf.new()
    page(pdf, b"", TrimBox=pikepdf.Array([pikepdf.Name("/x"), pikepdf.String("abc"), 1]))
    return save(pdf, path)


def media(path: Path, box: list[float], trim: bool = True) -> Path:
    """A page whose MediaBox is `box` (zero, inverted, huge); without a TrimBox if asked."""
    pdf = pikepdf.new()
    extra = {} if trim else {"TrimBox": None, "BleedBox": None}
    page(pdf, b"q 0 0 0 0.5 k 50 50 100 100 re f Q", MediaBox=box, **extra)
    return save(pdf, path)


def image_without_width(path: Path) -> Path:
    pdf = pikepdf.new()
    im = pdf.make_stream(b"\x80" * 100, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                         Height=10, ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8)
    page(pdf, b"q 100 0 0 100 50 50 cm /Im0 Do Q",
         pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=im)))
    return save(pdf, path)


def nested_forms(path: Path, depth: int = 3000) -> Path:
    """`depth` forms, each drawing the next; the innermost paints 400 % ink, so a walk that
    reaches the bottom says so."""
    pdf = pikepdf.new()
    inner = pdf.make_stream(b"1 1 1 1 k 0 0 10 10 re f", Type=pikepdf.Name.XObject,
                            Subtype=pikepdf.Name.Form, BBox=BOX)
    for _ in range(depth - 1):
        inner = pdf.make_stream(b"/F Do", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                                BBox=BOX, Resources=pikepdf.Dictionary(
                                    XObject=pikepdf.Dictionary(F=inner)))
    page(pdf, b"q /F Do Q", pikepdf.Dictionary(XObject=pikepdf.Dictionary(F=inner)))
    return save(pdf, path)


def many_pages(path: Path, count: int, size: float = 300) -> Path:
    pdf = pikepdf.new()
    content = pdf.make_stream(b"q 0 0 0 0.5 k 50 50 100 100 re f Q")
    for _ in range(count):
        pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, size, size], Contents=content,
            Resources=pikepdf.Dictionary())))
    return save(pdf, path)


def flate_bomb(size: int) -> bytes:
    """`size` zero bytes, deflated (about a thousandth of that), built chunk by chunk."""
    z = zlib.compressobj(9)
    chunk = bytes(2**20)
    out = [z.compress(chunk) for _ in range(size // len(chunk))]
    return b"".join(out) + z.flush()


def content_bomb(path: Path, size: int) -> Path:
    pdf = pikepdf.new()
    p = page(pdf, b"")
    p.Contents = pdf.make_stream(flate_bomb(size), Filter=pikepdf.Name.FlateDecode)
    return save(pdf, path)


def image_bomb(path: Path, size: int) -> Path:
    """A 100 × 100 CMYK picture whose data inflates to `size` bytes."""
    pdf = pikepdf.new()
    im = pdf.make_stream(flate_bomb(size), Type=pikepdf.Name.XObject,
                         Subtype=pikepdf.Name.Image, Width=100, Height=100,
                         ColorSpace=pikepdf.Name.DeviceCMYK, BitsPerComponent=8,
                         Filter=pikepdf.Name.FlateDecode)
    page(pdf, b"q 10 0 0 10 50 50 cm /Im0 Do Q",
         pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=im)))
    return save(pdf, path)


def huge_image(path: Path) -> Path:
    """A picture that claims 20,000 × 20,000 px (its data is not there to decode)."""
    pdf = pikepdf.new()
    im = pdf.make_stream(zlib.compress(b"\0" * 1000), Type=pikepdf.Name.XObject,
                         Subtype=pikepdf.Name.Image, Width=20000, Height=20000,
                         ColorSpace=pikepdf.Name.DeviceCMYK, BitsPerComponent=8,
                         Filter=pikepdf.Name.FlateDecode)
    page(pdf, b"q 200 0 0 200 50 50 cm /Im0 Do Q",
         pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=im)))
    return save(pdf, path)


def many_operators(path: Path, count: int) -> Path:
    pdf = pikepdf.new()
    page(pdf, b"q Q " * count)
    return save(pdf, path)
