"""finish stage: a ReportLab PDF → PDF/X-4 and/or PDF/A-2b with pikepdf.

One ICC stream serves both OutputIntents (GTS_PDFX and GTS_PDFA1), as ISO 19005-2 §6.2.3
requires when a file claims both. The XMP packet carries pdfxid and pdfaid, declares the
extension schemas PDF/A needs for them, and agrees with the Info dictionary. Dates and the
document ID come from the spec, so the same spec gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import io
import uuid
import zlib
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .color import Profile

STANDARDS = ("x4+a2b", "x4", "a2b", "none")


@dataclass(frozen=True, slots=True)
class DocInfo:
    title: str
    date: _dt.date | None
    condition: str  # OutputConditionIdentifier
    producer: str
    keywords: str = ""
    # provenance of an archived spread (banmian archive); empty for a plain render
    archive: Provenance | None = None
    # blocks rendered overset on request (--allow-overset): preflight fails such a file
    overset: tuple[str, ...] = ()


BANMIAN_NS = "http://banmian.invalid/ns/archive/1.0/"
_PROVENANCE_PROPS = (  # (name, description) of the banmian: properties, all Text
    ("archiveID", "ID of the archive entry holding this file"),
    ("specSHA256", "SHA-256 of the page spec this file was rendered from"),
    ("version", "version of banmian that rendered this file"),
    ("edition", "edition (版次) of the newspaper"),
    ("department", "department that published the spread"),
    ("editors", "editors responsible, separated by commas"),
)


@dataclass(frozen=True, slots=True)
class Provenance:
    """What the archive writes into the XMP: entry ID, spec hash, version and the metadata."""

    archive_id: str
    spec_sha256: str
    version: str
    date: _dt.date | None = None  # publication date (dc:date)
    edition: str = ""
    department: str = ""
    editors: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()  # dc:subject

    def values(self) -> dict[str, str]:
        return {"archiveID": self.archive_id, "specSHA256": self.spec_sha256,
                "version": self.version, "edition": self.edition,
                "department": self.department, "editors": ", ".join(self.editors)}


OVERSET_PROP = ("overset", "blocks whose content does not fit, rendered on request; "
                           "not for print")


def _banmian_schema(info: DocInfo) -> str:
    """The PDF/A extension schema for the banmian: properties this file carries."""
    declared = (_PROVENANCE_PROPS if info.archive else ()) + (
        (OVERSET_PROP,) if info.overset else ())
    if not declared:
        return ""
    props = "".join(f"""<rdf:li rdf:parseType="Resource">
      <pdfaProperty:name>{name}</pdfaProperty:name>
      <pdfaProperty:valueType>Text</pdfaProperty:valueType>
      <pdfaProperty:category>external</pdfaProperty:category>
      <pdfaProperty:description>{desc}</pdfaProperty:description>
     </rdf:li>""" for name, desc in declared)
    return f"""
    <rdf:li rdf:parseType="Resource">
     <pdfaSchema:schema>banmian archive provenance</pdfaSchema:schema>
     <pdfaSchema:namespaceURI>{BANMIAN_NS}</pdfaSchema:namespaceURI>
     <pdfaSchema:prefix>banmian</pdfaSchema:prefix>
     <pdfaSchema:property><rdf:Seq>{props}</rdf:Seq></pdfaSchema:property>
    </rdf:li>"""


def _provenance(p: Provenance) -> str:
    dc = ""
    if p.date:
        dc += f"\n   <dc:date><rdf:Seq><rdf:li>{p.date.isoformat()}</rdf:li></rdf:Seq></dc:date>"
    if p.keywords:
        items = "".join(f"<rdf:li>{escape(k)}</rdf:li>" for k in p.keywords)
        dc += f"\n   <dc:subject><rdf:Bag>{items}</rdf:Bag></dc:subject>"
    if p.editors:
        items = "".join(f"<rdf:li>{escape(k)}</rdf:li>" for k in p.editors)
        dc += f"\n   <dc:contributor><rdf:Bag>{items}</rdf:Bag></dc:contributor>"
    props = "".join(f"\n   <banmian:{k}>{escape(v)}</banmian:{k}>"
                    for k, v in p.values().items() if v)
    return f"""{dc}
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:banmian="{BANMIAN_NS}">{props}"""


def _xmp(info: DocInfo, standard: str, doc_id: str, when: str) -> bytes:
    x4 = "x4" in standard
    a2b = "a2b" in standard
    ext = ""
    if a2b:  # PDF/A-2 predefines neither pdfxid nor pdf:Trapped: declare them
        ext = """
  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
      xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
      xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas><rdf:Bag>
    <rdf:li rdf:parseType="Resource">
     <pdfaSchema:schema>PDF/X ID Schema</pdfaSchema:schema>
     <pdfaSchema:namespaceURI>http://www.npes.org/pdfx/ns/id/</pdfaSchema:namespaceURI>
     <pdfaSchema:prefix>pdfxid</pdfaSchema:prefix>
     <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
      <pdfaProperty:name>GTS_PDFXVersion</pdfaProperty:name>
      <pdfaProperty:valueType>Text</pdfaProperty:valueType>
      <pdfaProperty:category>internal</pdfaProperty:category>
      <pdfaProperty:description>ID of PDF/X standard</pdfaProperty:description>
     </rdf:li></rdf:Seq></pdfaSchema:property>
    </rdf:li>
    <rdf:li rdf:parseType="Resource">
     <pdfaSchema:schema>Adobe PDF Schema</pdfaSchema:schema>
     <pdfaSchema:namespaceURI>http://ns.adobe.com/pdf/1.3/</pdfaSchema:namespaceURI>
     <pdfaSchema:prefix>pdf</pdfaSchema:prefix>
     <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
      <pdfaProperty:name>Trapped</pdfaProperty:name>
      <pdfaProperty:valueType>Text</pdfaProperty:valueType>
      <pdfaProperty:category>external</pdfaProperty:category>
      <pdfaProperty:description>Whether the document has been trapped</pdfaProperty:description>
     </rdf:li></rdf:Seq></pdfaSchema:property>
    </rdf:li>{custom}
   </rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>""".replace("{custom}", _banmian_schema(info))
    title = escape(info.title)
    prov = _provenance(info.archive) if info.archive else ""
    if info.overset:
        prov += f"""
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:banmian="{BANMIAN_NS}">
   <banmian:overset>{escape("; ".join(info.overset))}</banmian:overset>"""
    keywords = (f"\n   <pdf:Keywords>{escape(info.keywords)}</pdf:Keywords>"
                if info.keywords else "")
    parts = [f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>{prov}
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
   <xmp:CreatorTool>{escape(info.producer)}</xmp:CreatorTool>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>{escape(info.producer)}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>{keywords}
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
   <xmpMM:DocumentID>uuid:{doc_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{doc_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
  </rdf:Description>"""]
    if x4:
        parts.append("""
  <rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>
  </rdf:Description>""")
    if a2b:
        parts.append("""
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>""")
    parts.append(ext)
    parts.append("""
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""")
    return "".join(parts).encode("utf-8")


@functools.lru_cache(maxsize=4)
def _deflated(data: bytes) -> bytes:
    """The profile compressed once per process: at level 9 it takes longer than the rest of
    finishing, and a watching process finishes many times."""
    return zlib.compress(data, 9)


def finish_pdf(pdf: bytes, standard: str, profile: Profile, info: DocInfo,
               structure=None) -> bytes:
    """Claim the standard(s); `none` returns the PDF unchanged. `structure` (a tagged
    render's layout.export.tags.StructPlan) adds the structure tree."""
    if standard == "none":
        return pdf
    import pikepdf

    d = info.date or _dt.date(2000, 1, 1)
    when = f"{d.isoformat()}T00:00:00Z"
    pdf_date = d.strftime("D:%Y%m%d000000Z")
    doc_id = str(uuid.UUID(hashlib.sha256(pdf).hexdigest()[:32]))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        icc = doc.make_stream(_deflated(profile.data))
        icc.Filter = pikepdf.Name.FlateDecode
        icc.N = 4
        icc.Alternate = pikepdf.Name.DeviceCMYK
        intents = []
        kinds = (["/GTS_PDFX"] if "x4" in standard else []) + (
            ["/GTS_PDFA1"] if "a2b" in standard else [])
        for kind in kinds:
            intents.append(doc.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.OutputIntent, S=pikepdf.Name(kind),
                OutputConditionIdentifier=pikepdf.String(info.condition),
                OutputCondition=pikepdf.String(info.condition),
                RegistryName=pikepdf.String("http://www.color.org"),
                Info=pikepdf.String(profile.description),
                DestOutputProfile=icc)))
        doc.Root.OutputIntents = pikepdf.Array(intents)
        if structure is not None:
            from .export.tags import apply

            apply(doc, structure)
        meta = doc.make_stream(_xmp(info, standard, doc_id, when))
        meta.Type = pikepdf.Name.Metadata
        meta.Subtype = pikepdf.Name.XML
        doc.Root.Metadata = meta
        doc.docinfo = doc.make_indirect(pikepdf.Dictionary(
            Title=pikepdf.String(info.title), Producer=pikepdf.String(info.producer),
            Creator=pikepdf.String(info.producer),
            CreationDate=pikepdf.String(pdf_date), ModDate=pikepdf.String(pdf_date),
            Trapped=pikepdf.Name("/False")))
        if "x4" in standard:
            doc.docinfo.GTS_PDFXVersion = pikepdf.String("PDF/X-4")
        if info.keywords:
            doc.docinfo.Keywords = pikepdf.String(info.keywords)
        out = io.BytesIO()
        # the metadata stays uncompressed (PDF/A-1 renditions forbid a filter on it)
        # qpdf's deterministic ID hashes the whole file in a second pass (a fifth of finishing);
        # its static ID is a fixed placeholder that is replaced here by a hash of the file, in
        # the trailer after the xref table, where a same-length edit moves no offset
        doc.save(out, static_id=True, force_version="1.6",
                 object_stream_mode=pikepdf.ObjectStreamMode.disable,
                 compress_streams=False)
        return _own_id(out.getvalue())


_STATIC_ID = b"<31415926535897932384626433832795>]"


def _own_id(pdf: bytes) -> bytes:
    """The trailer's second /ID string from the file's own bytes: same file, same ID; another
    file, another ID."""
    at = pdf.rfind(_STATIC_ID, max(0, len(pdf) - 4096))
    if at < 0 or pdf.rfind(b"trailer", 0, at) < pdf.rfind(b"xref", 0, at):
        raise RuntimeError("qpdf's placeholder /ID not found in the trailer")
    digest = hashlib.sha256(pdf).hexdigest()[:32].encode()
    return pdf[:at] + b"<" + digest + b">]" + pdf[at + len(_STATIC_ID):]
