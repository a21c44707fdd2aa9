"""Every error type the geo package raises, under one root: ``AtlasError``.

A caller (the CLI, the app) catches ``AtlasError`` to tell bad input from a bug. The root
subclasses ``ValueError``, so callers that only know ``ValueError`` still catch them all; a class
that is also a more specific built-in (a missing file) subclasses that too.
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


class AtlasError(ValueError):
    """The root of every error about bad input: a file, a value, a setting or a link."""


class DataValidationError(AtlasError):
    """An input file broke its schema. Carries every problem found, not just the first."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = list(problems)
        shown = "\n  ".join(str(p) for p in self.problems[:50])
        more = len(self.problems) - 50
        tail = f"\n  … and {more} more" if more > 0 else ""
        super().__init__(f"{len(self.problems)} problem(s) in {file}:\n  {shown}{tail}")


class BoundaryError(AtlasError):
    """A boundary file cannot be used (unreadable, no polygons, unknown name column …)."""


class FilterError(AtlasError):
    """A filter value is not one the data can match (unknown mineral, status …)."""


class ExportError(AtlasError):
    """An export was asked for in a format or layer that does not exist."""


class CoordinateError(AtlasError):
    """A coordinate that cannot be read; the message says why."""


class FileImportError(AtlasError):
    """Nothing in the file can be imported; the message says why and what to do."""


class MissingFileError(FileImportError, FileNotFoundError):
    """A file named on the command line does not exist (also a FileNotFoundError)."""


class UnsafeArchiveError(FileImportError):
    """The archive would write outside its folder, or is too large once unpacked."""


class ColumnMappingError(AtlasError):
    """The coordinate (or other) columns cannot be chosen automatically; the user must say."""


class RasterInputError(AtlasError):
    """A surface cannot be computed from what was given (no sites, bad cell size …)."""


class RasterFileError(AtlasError):
    """An uploaded raster cannot be shown; the message says why and what to do."""
