"""What a parser of measures gives the import pipeline: `Candidate`s, each either a
`MeasureCreate` with its external reference or a `RowError`, always with the file line; and the
errors a parser raises or reports. Pure: no session, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from passage.kit.imports import RowError
from passage.kit.readable import describe
from passage.restrictions.schemas import MeasureCreate


class FileError(ValueError):
    """The file as a whole cannot be read (not CSV/XLSX, not UTF-8, required columns missing)."""


@dataclass(frozen=True)
class Candidate:
    """One measure parsed from a file (or a rejected row), with the line it starts on."""

    line: int
    external_ref: str | None = None
    data: MeasureCreate | None = None
    error: RowError | None = None
    # The run ends where the file stops speaking of the country: what follows is not known
    # from this file, so a stored longer run of the same level is not shortened by it.
    open_end: bool = False


@dataclass
class Parsed:
    """A parser's output: candidates in file order, data rows read and rows skipped on purpose."""

    candidates: list[Candidate] = field(default_factory=list)
    rows: int = 0
    skipped: int = 0
    # Content fields that do not make a new version on their own (e.g. OxCGRT provenance lines).
    ignore_fields: frozenset[str] = frozenset()


def decode(content: bytes) -> str:
    """UTF-8 text of a file (a byte-order mark is tolerated; NUL characters are not)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError("the file is not UTF-8 text") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise FileError(f"line {line} holds a NUL character: not a CSV text file")
    return text


def swallowed(start: int, end: int, cells: list[str], header: list[str]) -> RowError | None:
    """A record that spans several lines yet has fewer cells than the header: a quote opened
    in it was never closed, and the lines after it were read into one cell."""
    if end <= start or len(cells) >= len(header):
        return None
    column = header[len(cells) - 1].strip() if cells else None
    reason = (
        f"an unbalanced quote in {column or 'this row'} joined lines {start}-{end} into one "
        f"row: lines {start + 1}-{end} were not read; close the quote and import again"
    )
    return RowError(start, reason, column)


def validation_error(line: int, error: ValidationError, columns: dict[str, str]) -> RowError:
    """A row error naming the column(s) a pydantic error is about."""
    parts, first = [], None
    for item in error.errors():
        location = [str(part) for part in item["loc"]]
        column = _column_of(location, columns)
        first = first or column
        parts.append(f"{column}: {describe(item)}" if column else describe(item))
    return RowError(line, "; ".join(parts), first)


def _column_of(location: list[str], columns: dict[str, str]) -> str | None:
    if not location:
        return None
    if location[0] == "sources" and len(location) >= 3:
        return columns.get(f"sources.{location[2]}", location[2])
    return columns.get(location[0], location[0])
