"""Positions in the user's files and the findings that carry them.

Every message the user sees names a file, a line and a column, so a designer can jump from the
terminal to the spec line that caused it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Pos:
    """A 1-based line and column (code points) in a file, plus the data path that led there."""

    file: str
    line: int
    col: int
    path: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: str  # "error" | "warning" | "note"
    message: str
    pos: Pos | None = None

    def line(self) -> str:
        where = f"{self.pos}: " if self.pos else ""
        path = f"{self.pos.path}: " if self.pos and self.pos.path else ""
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}{prefix}{path}{self.message}"


class SpecError(Exception):
    """Bad input: the CLI prints each diagnostic on one line and exits with 2."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.line() for d in diagnostics))


@dataclass
class Diagnostics:
    """Collects findings of every stage; errors stop the pipeline at the end of a stage."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, message: str, pos: Pos | None = None) -> None:
        self.items.append(Diagnostic("error", message, pos))

    def warning(self, message: str, pos: Pos | None = None) -> None:
        self.items.append(Diagnostic("warning", message, pos))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise SpecError(self.errors)
