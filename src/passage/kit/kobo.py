"""Submissions exported from Kobo or ODK Central (CSV or XLSX), read row by row: the one
reader of such exports (protection screening, feedback, flow monitoring surveys). Pure apart
from parsing the bytes given.

Columns are the form's question names; Kobo and ODK prefix those inside groups with the group
path, which is dropped: Kobo writes `household/household_size`, ODK Central `household-
household_size` (a question is found under its own name or as the last part after a `-`).
Kobo's CSV export separates columns with semicolons, ODK Central's with commas; both are read.
A select_multiple answer is the chosen names separated by spaces. The submission's id comes
from `meta/instanceID` or `KEY` (ODK), `_uuid` (Kobo) or `instanceID`. `read_table` keeps
the full column names for readers that need the group paths (a select_multiple's one column
per choice, `group/question/choice`).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook

ID_COLUMNS = ("instanceID", "_uuid", "KEY", "_id")
MAX_ROWS = 20_000
DELIMITERS = (",", ";", "\t")  # ODK Central, Kobo, a spreadsheet's tab-separated text


class UnreadableFile(ValueError):
    """The file is neither a CSV (UTF-8) nor an XLSX export."""


def _short(column: str) -> str:
    return column.strip().rsplit("/", 1)[-1]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("the CSV file is not UTF-8 text") from None
    header = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=header.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_rows(content: bytes) -> list[list[str]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnreadableFile("the file is not an XLSX workbook") from None
    sheet = book.worksheets[0]
    return [[_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


def read_table(content: bytes, filename: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (full column names) and (line, cells) of every non-blank data row; the
    header is line 1."""
    rows = _xlsx_rows(content) if filename.lower().endswith(".xlsx") else _csv_rows(content)
    if not rows:
        raise UnreadableFile("the file is empty")
    if len(rows) > MAX_ROWS + 1:
        raise UnreadableFile(f"at most {MAX_ROWS} submissions per file")
    header = [column.strip() for column in rows[0]]
    found = [
        (line, values)
        for line, values in enumerate(rows[1:], start=2)
        if any(value.strip() for value in values)
    ]
    return header, found


def read_rows(content: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """(line, {short column name: text}) for every data row; the header is line 1."""
    header, rows = read_table(content, filename)
    short = [_short(column) for column in header]
    return [(line, dict(zip(short, values, strict=False))) for line, values in rows]


def value_of(row: dict[str, str], name: str) -> str:
    """The cell of a question: its own column, else one an ODK Central group path ends with
    (`group-name`); blank when neither is there."""
    if value := row.get(name, "").strip():
        return value
    suffix = f"-{name}"
    return next((v.strip() for k, v in row.items() if k.endswith(suffix) and v.strip()), "")


def submission_id(row: dict[str, str]) -> str | None:
    """The submission's own id (ODK instanceID `uuid:...`, Kobo `_uuid`), if exported."""
    for column in ID_COLUMNS:
        if value := value_of(row, column):
            return value.removeprefix("uuid:")[:100]
    return None
