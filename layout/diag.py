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


class UserError(Exception):
    """A problem the user can fix: the CLI prints each diagnostic on one line and exits with 2.

    The subclasses say what failed, so a caller (the watcher, the archive) can tell a broken
    spec from a full disk without reading messages."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.line() for d in diagnostics))

    @classmethod
    def one(cls, message: str, pos: Pos | None = None) -> UserError:
        return cls([Diagnostic("error", message, pos)])


class SpecError(UserError):
    """The spec, or a file it reads, is wrong."""


class InputError(UserError):
    """A file given on the command line (a PDF to check, a folder) cannot be used."""


class OutputError(UserError):
    """banmian cannot write where it was asked to (permissions, a full disk, a foreign file)."""


class ArchiveError(UserError):
    """The archive cannot do what was asked (unknown entry, damaged index, read-only store)."""


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
