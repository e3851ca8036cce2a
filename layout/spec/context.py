"""What building a block needs to know of the rest of the spec: positions, names, units."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import CMYK, Datum, Label, Story, Style
from .schema import Ctx
from .sources import Files
from .yamlpos import PathKey


@dataclass
class BuildCtx:
    """The spec-wide facts a kind's `build` reads; `ctx` reports at the YAML positions."""

    ctx: Ctx
    files: Files  # how the spec's files are found and read
    body_size: float  # pt: 1 字
    leading: float  # pt: 1 行
    styles: dict[str, Style]
    broken: set[str]  # style names that exist but failed to resolve (reported once)
    colors: dict[str, CMYK]
    data: dict[str, Datum]
    labels: dict[str, Label]
    targets: set[str]  # ids of blocks some text continues into (`next:`)
    columns: int = 8  # the grid's columns on a page
    story: Story = Story()  # how stories are dressed (bullets)

    def err(self, path: PathKey, message: str, at_key: bool = False) -> None:
        self.ctx.err(path, message, at_key)

    def pos(self, path: PathKey):
        return self.ctx.pm.value(path)

    def check_style(self, path: PathKey, name: Any) -> None:
        """An unknown style name is an error where it is written."""
        if name is not None and name not in self.styles and name not in self.broken:
            self.err(path, f"unknown style '{name}' (known: {', '.join(self.styles)})")

    def zi(self, length) -> float:
        """A length the spec gives in 字 (or 行, mm, pt), in 字 of the body."""
        return to_zi(length, self.body_size, self.leading)


def to_zi(length, size: float, leading: float) -> float:
    """A length in 字 of a `size` pt body: 行 are `leading` pt, mm and pt are converted (not
    read as 字)."""
    if length.unit in ("字", "行"):
        return length.pt(1, leading / size)
    return length.pt(size, leading) / size
