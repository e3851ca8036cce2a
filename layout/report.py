"""report stage: fit results and warnings → the table a designer reads and the JSON tools read."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .diag import Diagnostic
from .place.fit import Fit
from .place.underset import summary


@dataclass(frozen=True, slots=True)
class Report:
    spec: str
    pages: int
    fits: tuple[Fit, ...]
    warnings: tuple[Diagnostic, ...]
    output: object | None = None  # the spec's Output settings (for the preflight after render)
    geometry: dict | None = None  # each page's trim, grid columns and baselines (check --json)

    @property
    def ok(self) -> bool:
        return all(f.status != "overflow" for f in self.fits)

    @property
    def placeholders(self) -> list[Fit]:
        return [f for f in self.fits if f.status == "placeholder"]

    def table(self) -> str:
        rows = [("block", "type", "status", "lines", "capacity", "empty", "字", "over",
                 "under", "loose", "where / why")]
        for f in self.fits:
            over = f"{f.over_lines}L {f.over_chars}字" if f.over_lines or f.over_chars else ""
            why = f"{f.src.file}:{f.src.line}:{f.src.col}" + (f"  {f.detail}" if f.detail else "")
            rows.append((f.block, f.part or f.kind, f.status, str(f.used), str(f.capacity),
                         "" if f.empty is None else str(f.empty),
                         str(f.chars) if f.chars else "", over, *summary(f), why))
        widths = [max(_w(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
        out = []
        for r in rows:
            cells = [c + " " * (w - _w(c)) for c, w in zip(r[:-1], widths, strict=False)]
            out.append("  ".join(cells + [r[-1]]).rstrip())
        n_over = sum(f.status == "overflow" for f in self.fits)
        n_under = sum(bool(f.underset) for f in self.fits)
        n_loose = sum(len(f.loose) for f in self.fits)
        out.append(f"{len(self.fits)} blocks, {n_over} not fitting, "
                   f"{len(self.placeholders)} photo placeholders"
                   + (f", {n_under} underset" if n_under else "")
                   + (f", {n_loose} loose line{'s' if n_loose != 1 else ''}" if n_loose else ""))
        for f in self.placeholders:
            detail = f.detail.removeprefix("placeholder ")
            out.append(f"  placeholder {f.block} ({f.src}): {detail}")
        return "\n".join(out)

    def as_json(self) -> dict:
        out = {"spec": self.spec, "pages": self.pages, "ok": self.ok,
               "fits": [_fit_json(f) for f in self.fits],
               "warnings": [d.line() for d in self.warnings]}
        if self.geometry is not None:
            out["grid"] = self.geometry
        return out


def _fit_json(f: Fit) -> dict:
    """A fit with its places as `file:line:col`; underset and loose lines with their messages,
    as the warnings print them."""
    return asdict(f) | {
        "src": str(f.src),
        "underset": [{"block": s.block, "what": s.what, "lines": s.lines, "ends": list(s.ends),
                      "sizing": s.sizing, "at": str(s.src), "message": s.message}
                     for s in f.underset],
        "loose": [{"block": x.block, "gap": x.gap, "text": x.text, "at": str(x.src),
                   "message": x.message} for x in f.loose]}


def _w(s: str) -> int:
    """Display width: CJK characters take two terminal cells."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)
