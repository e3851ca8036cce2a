"""report stage: fit results and warnings → the table a designer reads and the JSON tools read."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .diag import Diagnostic
from .place.fit import Fit


@dataclass(frozen=True, slots=True)
class Report:
    spec: str
    pages: int
    fits: tuple[Fit, ...]
    warnings: tuple[Diagnostic, ...]
    output: object | None = None  # the spec's Output settings (for the preflight after render)

    @property
    def ok(self) -> bool:
        return all(f.status != "overflow" for f in self.fits)

    @property
    def placeholders(self) -> list[Fit]:
        return [f for f in self.fits if f.status == "placeholder"]

    def table(self) -> str:
        rows = [("block", "type", "status", "lines", "capacity", "empty", "字", "over",
                 "where / why")]
        for f in self.fits:
            over = f"{f.over_lines}L {f.over_chars}字" if f.over_lines or f.over_chars else ""
            why = f"{f.src.file}:{f.src.line}:{f.src.col}" + (f"  {f.detail}" if f.detail else "")
            rows.append((f.block, f.part or f.kind, f.status, str(f.used), str(f.capacity),
                         "" if f.empty is None else str(f.empty),
                         str(f.chars) if f.chars else "", over, why))
        widths = [max(_w(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
        out = []
        for r in rows:
            cells = [c + " " * (w - _w(c)) for c, w in zip(r[:-1], widths, strict=False)]
            out.append("  ".join(cells + [r[-1]]).rstrip())
        n_over = sum(f.status == "overflow" for f in self.fits)
        out.append(f"{len(self.fits)} blocks, {n_over} not fitting, "
                   f"{len(self.placeholders)} photo placeholders")
        for f in self.placeholders:
            detail = f.detail.removeprefix("placeholder ")
            out.append(f"  placeholder {f.block} ({f.src}): {detail}")
        return "\n".join(out)

    def as_json(self) -> dict:
        return {"spec": self.spec, "pages": self.pages, "ok": self.ok,
                "fits": [asdict(f) | {"src": str(f.src)} for f in self.fits],
                "warnings": [d.line() for d in self.warnings]}


def _w(s: str) -> int:
    """Display width: CJK characters take two terminal cells."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)
