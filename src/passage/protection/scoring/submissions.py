"""Submissions exported from Kobo or ODK Central (CSV or XLSX), read row by row. Pure apart
from parsing the bytes given.

Columns are the form's question names; Kobo and ODK prefix those inside groups with the group
path (`household/household_size`), which is dropped. A select_multiple answer is the chosen
names separated by spaces. The submission's id comes from `meta/instanceID` (ODK), `_uuid`
(Kobo) or `instanceID`; the person from `person_reference`.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook

ID_COLUMNS = ("instanceID", "_uuid", "KEY", "_id")
PERSON_COLUMNS = ("person_reference", "person")
MAX_ROWS = 20_000


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
    dialect = csv.excel_tab if text.count("\t") > text.count(",") else csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _xlsx_rows(content: bytes) -> list[list[str]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnreadableFile("the file is not an XLSX workbook") from None
    sheet = book.worksheets[0]
    return [[_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


def read_rows(content: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """(line, {short column name: text}) for every data row; the header is line 1."""
    rows = _xlsx_rows(content) if filename.lower().endswith(".xlsx") else _csv_rows(content)
    if not rows:
        raise UnreadableFile("the file is empty")
    if len(rows) > MAX_ROWS + 1:
        raise UnreadableFile(f"at most {MAX_ROWS} submissions per file")
    header = [_short(column) for column in rows[0]]
    found = []
    for line, values in enumerate(rows[1:], start=2):
        if not any(value.strip() for value in values):
            continue
        found.append((line, {name: value for name, value in zip(header, values, strict=False)}))
    return found


def submission_id(row: dict[str, str]) -> str | None:
    """The submission's own id (ODK instanceID `uuid:...`, Kobo `_uuid`), if exported."""
    for column in ID_COLUMNS:
        if value := row.get(column, "").strip():
            return value.removeprefix("uuid:")[:100]
    return None


def person_reference(row: dict[str, str]) -> str | None:
    """The registry reference of the person screened."""
    for column in PERSON_COLUMNS:
        if value := row.get(column, "").strip():
            return value.upper()
    return None


def answers(row: dict[str, str], questions: list[str]) -> dict[str, str]:
    """The answers to a model's questions (blank cells are not answers)."""
    return {code: row[code].strip() for code in questions if row.get(code, "").strip()}
