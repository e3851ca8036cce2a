"""Print a spec's text in block order: the source an independent checker compares a PDF with.

    python bench/spec_text.py data/tabloid/page.yaml > /tmp/page.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

from layout.spec import load_spec


def spec_text(path: Path) -> str:
    spec = load_spec(path)
    out: list[str] = []
    for b in spec.blocks:
        for p in (b.kicker, b.heading, *b.paragraphs, b.subtitle, b.caption):
            if p is not None and p.text:
                out.append(p.text)
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(spec_text(Path(sys.argv[1])))
