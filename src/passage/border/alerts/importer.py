"""Reading alert-list CSV files: each row validated, each rejected row kept with its reason.

Pure: bytes in, normalised records and row errors out; the service writes them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from passage.border.matching.documents import normalise_document_number
from passage.kit.imports import ImportReport

PERSON_COLUMNS = (
    "ref",
    "names",
    "birth_date",
    "nationality",
    "gender",
    "document_numbers",
    "reason",
    "issuing_authority",
    "valid_from",
    "valid_until",
)
DOCUMENT_COLUMNS = (
    "ref",
    "document_number",
    "issuing_state",
    "document_code",
    "reason",
    "reported_on",
    "valid_until",
)
REQUIRED = {
    "person": ("ref", "names", "reason"),
    "document": ("ref", "document_number", "issuing_state", "reason"),
}
COLUMNS = {"person": PERSON_COLUMNS, "document": DOCUMENT_COLUMNS}
BIRTH_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
COUNTRY = re.compile(r"^[A-Z]{3}$|^D$")
DOCUMENT_CODE = re.compile(r"^[A-Z][A-Z<]?$")
MAX_ROWS = 2_000_000


class FileError(Exception):
    """The file cannot be read as an alert-list CSV at all (nothing was imported)."""


class RowInvalid(Exception):
    """One field of one row is not acceptable."""

    def __init__(self, field: str, reason: str):
        super().__init__(reason)
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class ParsedRow:
    """A valid row: its line in the file, its reference and its normalised values."""

    line: int
    ref: str
    values: dict[str, Any]


def _text(row: dict[str, str], name: str, limit: int) -> str | None:
    """A trimmed optional cell, refused if longer than `limit`."""
    value = (row.get(name) or "").strip()
    if len(value) > limit:
        raise RowInvalid(name, f"{name} is longer than {limit} characters")
    return value or None


def _required(row: dict[str, str], name: str, limit: int) -> str:
    value = _text(row, name, limit)
    if value is None:
        raise RowInvalid(name, f"{name} is required")
    return value


def _date(row: dict[str, str], name: str) -> date | None:
    value = _text(row, name, 10)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RowInvalid(name, f"{name} must be a date YYYY-MM-DD, not {value!r}") from None


def _birth_date(row: dict[str, str]) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD, checked to be a real (partial) date."""
    value = _text(row, "birth_date", 10)
    if value is None:
        return None
    match = BIRTH_DATE.match(value)
    if not match:
        raise RowInvalid("birth_date", "birth_date must be YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        date(year or 0, month or 1, day or 1)
    except ValueError:
        raise RowInvalid("birth_date", f"birth_date {value!r} is not a real date") from None
    return value


def _country(row: dict[str, str], name: str, required: bool = False) -> str | None:
    value = _text(row, name, 3)
    if value is None:
        if required:
            raise RowInvalid(name, f"{name} is required")
        return None
    if not COUNTRY.match(value.upper()):
        raise RowInvalid(name, f"{name} must be an ICAO 9303 three-letter code, not {value!r}")
    return value.upper()


def _document_number(raw: str, name: str) -> str:
    number = normalise_document_number(raw)
    if not number or len(number) > 30:
        raise RowInvalid(name, f"{name} must hold 1 to 30 letters or digits, not {raw!r}")
    return number


def _parts(row: dict[str, str], name: str) -> list[str]:
    """A `|`-separated cell as a list of non-empty trimmed parts."""
    return [part.strip() for part in (row.get(name) or "").split("|") if part.strip()]


def _validity(values: dict[str, Any]) -> None:
    start, end = values.get("valid_from"), values.get("valid_until")
    if start and end and end < start:
        raise RowInvalid("valid_until", "valid_until is before valid_from")


def person_values(row: dict[str, str]) -> dict[str, Any]:
    """The columns of an AlertPerson from one CSV row."""
    names = _parts(row, "names")
    if not names:
        raise RowInvalid("names", "names is required (primary name, aliases after '|')")
    if any(len(name) > 300 for name in names) or len(names) > 50:
        raise RowInvalid("names", "names holds a name over 300 characters or over 50 aliases")
    gender = (_text(row, "gender", 1) or "").upper() or None
    if gender not in (None, "M", "F", "X"):
        raise RowInvalid("gender", "gender must be M, F or X")
    values = {
        "names": names,
        "birth_date_text": _birth_date(row),
        "nationality": _country(row, "nationality"),
        "gender": gender,
        "document_numbers": [
            _document_number(part, "document_numbers") for part in _parts(row, "document_numbers")
        ],
        "reason": _required(row, "reason", 300),
        "issuing_authority": _text(row, "issuing_authority", 200),
        "valid_from": _date(row, "valid_from"),
        "valid_until": _date(row, "valid_until"),
    }
    _validity(values)
    return values


def document_values(row: dict[str, str]) -> dict[str, Any]:
    """The columns of a LostDocument from one CSV row."""
    code = (_text(row, "document_code", 2) or "").upper() or None
    if code is not None and not DOCUMENT_CODE.match(code):
        raise RowInvalid("document_code", "document_code must be one or two letters (P, ID, V)")
    return {
        "document_number": _document_number(
            _required(row, "document_number", 40), "document_number"
        ),
        "issuing_state": _country(row, "issuing_state", required=True),
        "document_code": code,
        "reason": _required(row, "reason", 100),
        "reported_on": _date(row, "reported_on"),
        "valid_until": _date(row, "valid_until"),
    }


ROW_READERS: dict[str, Callable[[dict[str, str]], dict[str, Any]]] = {
    "person": person_values,
    "document": document_values,
}


def _reader(content: bytes, kind: str) -> csv.DictReader[str]:
    """A CSV reader over the decoded file, its header checked."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError("the file is not UTF-8 text") from None
    if "\x00" in text:
        raise FileError("the file is not a CSV text file")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in reader.fieldnames or []]
    except csv.Error as error:
        raise FileError(f"the header cannot be read: {error}") from None
    missing = [name for name in REQUIRED[kind] if name not in header]
    if missing:
        expected = ", ".join(COLUMNS[kind])
        raise FileError(f"missing column(s) {', '.join(missing)}; expected: {expected}")
    reader.fieldnames = header
    return reader


def parse_rows(content: bytes, kind: str, report: ImportReport) -> list[ParsedRow]:
    """Valid rows of a person or document list; rejected rows go into `report`."""
    reader = _reader(content, kind)
    read_values = ROW_READERS[kind]
    seen: dict[str, int] = {}
    rows: list[ParsedRow] = []
    try:
        for row in reader:
            line = reader.line_num
            if line > MAX_ROWS:
                raise FileError(f"the file has more than {MAX_ROWS} rows")
            if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
                continue
            parsed = _parse_row(row, line, read_values, seen, report)
            if parsed is not None:
                rows.append(parsed)
    except csv.Error as error:
        raise FileError(f"line {reader.line_num}: {error}") from None
    return rows


def _parse_row(
    row: dict[str, Any],
    line: int,
    read_values: Callable[[dict[str, str]], dict[str, Any]],
    seen: dict[str, int],
    report: ImportReport,
) -> ParsedRow | None:
    """One row's values, or None after recording why it was rejected."""
    if row.get(None):  # type: ignore[call-overload]
        report.reject(line, "the row has more cells than the header")
        return None
    try:
        ref = _required(row, "ref", 100)
        values = read_values(row)
    except RowInvalid as error:
        report.reject(line, error.reason, error.field)
        return None
    if ref in seen:
        report.reject(line, f"ref {ref!r} already appears on line {seen[ref]}", "ref")
        return None
    seen[ref] = line
    return ParsedRow(line, ref, values)
