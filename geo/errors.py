"""The few error types the geo package raises.

Each subclasses a built-in so callers that only know ``ValueError`` still catch them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in an input file.

    ``line`` is the physical line in the file as an editor shows it (the header is line 1), or
    None when the problem concerns the whole file.
    """

    file: str
    line: int | None
    column: str | None
    found: str
    expected: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: found {self.found}; expected {self.expected}"


class DataValidationError(ValueError):
    """An input file broke its schema. Carries every problem found, not just the first."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = list(problems)
        shown = "\n  ".join(str(p) for p in self.problems[:50])
        more = len(self.problems) - 50
        tail = f"\n  … and {more} more" if more > 0 else ""
        super().__init__(f"{len(self.problems)} problem(s) in {file}:\n  {shown}{tail}")


class BoundaryError(ValueError):
    """A boundary file cannot be used (unreadable, no polygons, unknown name column …)."""


class FilterError(ValueError):
    """A filter value is not one the data can match (unknown mineral, status …)."""


class ExportError(ValueError):
    """An export was asked for in a format or layer that does not exist."""
