"""banmian: a YAML page spec → a print-ready Chinese newspaper spread."""

from __future__ import annotations

__version__ = "0.1.0"


def render(spec_path, progress=None, *, sheet=False, proof=False, standard=None):
    """Render a spec file; returns (pdf_bytes, report). Raises layout.diag.SpecError."""
    from .pipeline import render as _render

    return _render(spec_path, progress, sheet=sheet, proof=proof, standard=standard)


__all__ = ["render", "__version__"]
