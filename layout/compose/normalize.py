"""R11: full-width digits and Latin letters in body text are set half-width; R19: corner
brackets in mainland body text are pointed out.

Source text often mixes ３ and 3, ＰＣ and PC. A newspaper sets them half-width; every change is
reported as a warning at its place in the source so the editor can fix the copy too.
"""

from __future__ import annotations

import dataclasses
import re

from ..diag import Diagnostics
from ..spec import Paragraph, Spec

_FULLWIDTH = re.compile(r"[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]+")
_CORNER = re.compile(r"[「」『』]")


def half_width(text: str) -> str:
    return _FULLWIDTH.sub(lambda m: "".join(chr(ord(c) - 0xFEE0) for c in m.group()), text)


def normalize(spec: Spec, diags: Diagnostics) -> Spec:
    """A spec whose body text has half-width digits and letters (same length, so every source
    position still holds)."""
    blocks = []
    for b in spec.blocks:
        style = spec.styles[b.style]
        if not b.flows_text or not style.normalize:
            blocks.append(b)
            continue
        paras = []
        for p in b.paragraphs:
            for m in _CORNER.finditer(p.text):  # R19: mainland text quotes with “” and ‘’
                diags.warning(f"block '{b.id}': corner bracket '{m.group()}' in mainland text; "
                              "quotes are “” (inner ‘’) (R19)", p.pos(m.start()))
            for m in _FULLWIDTH.finditer(p.text):
                diags.warning(f"block '{b.id}': full-width '{m.group()}' set as "
                              f"'{half_width(m.group())}' (R11)", p.pos(m.start()))
            paras.append(dataclasses.replace(p, text=half_width(p.text))
                         if _FULLWIDTH.search(p.text) else p)
        blocks.append(dataclasses.replace(b, paragraphs=tuple(paras)))
    return dataclasses.replace(spec, blocks=tuple(blocks))


__all__ = ["half_width", "normalize", "Paragraph"]
