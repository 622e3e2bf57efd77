"""Reading any count CSV or XLSX workbook: `point`, `period`, `count`, and optional
`direction`, `nationality`, `sex`, `age_band` (also `origin`, `destination`, `transport`; a
`vulnerability` column is not read: vulnerabilities are "of which" counts, entered on the
form, never part of a total). Pure: bytes in, rows and rejections out.

What is accepted, and why:
- encoding UTF-8 (with or without a BOM), UTF-16 with a BOM, else Windows-1252 (Excel's);
- delimiter `,`, `;`, tab or `|`: the one whose header holds the three required columns (an
  Excel `sep=;` first line is skipped);
- header names in any case, with spaces around them; an HXL hashtag row right under the header
  (`#...` cells) is skipped; blank lines are skipped; quoted fields may hold delimiters and
  line breaks; a row's line is the line of the file it starts on;
- counts are whole numbers >= 0; thousands separators (`1,234`, `1.234`, `1 234`, `1'234`) are
  read only in well-formed groups of three, and `12.0` as 12; anything else ("1,5", "-3", "",
  "n/a") is a rejected row, never a guess;
- periods are `YYYY-MM-DD`, `YYYY-MM` or `YYYY-Www` (a date with a midnight time, as
  spreadsheets export it, is read as the day); "05/03/2024" is rejected (day or month first?).

An XLSX workbook is read from its first sheet with the same rules: a row's line is its sheet
row number, a date cell is its day, a whole number cell its count (`12.5` stays rejected).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any

from passage.flows.engine import Period, parse_period
from passage.flows.vocabulary import BREAKDOWN

REQUIRED = ("point", "period", "count")
DELIMITERS = (",", ";", "\t", "|")
GROUPED = re.compile(r"^\d{1,3}(?:([,. '\u00a0\u202f])\d{3})(?:\1\d{3})*$")
PLAIN = re.compile(r"^\d+(?:\.0+)?$")
SEPARATOR_HINT = re.compile(r"^sep=.?(?=\r?\n)", re.IGNORECASE)
MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?$")


class Unreadable(Exception):
    """The file cannot be read as a count CSV at all (exit 2)."""


class RowProblem(Exception):
    """A row that cannot be taken: its column at fault (None: the whole row) and why."""

    def __init__(self, column: str | None, reason: str) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason


@dataclass(frozen=True)
class CountRow:
    """One good row: the point as the file gave it, the period, the count, the breakdown."""

    line: int
    point: str
    period: Period
    count: int
    breakdown: tuple[tuple[str, str], ...]


@dataclass
class Reading:
    """The good rows and the rejected ones (line, column, reason)."""

    rows: list[CountRow] = field(default_factory=list)
    rejected: list[tuple[int, str | None, str]] = field(default_factory=list)


def decode(content: bytes) -> str:
    """The text of the file (see the module docstring for the encodings tried)."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError as problem:
            raise Unreadable(f"not valid UTF-16 ({problem.reason})") from None
    if b"\x00" in content:
        raise Unreadable("binary content (NUL bytes): not a CSV file")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError as problem:
            raise Unreadable(f"not UTF-8 nor Windows-1252 text ({problem.reason})") from None


def _header(text: str) -> tuple[str, list[str]]:
    """The delimiter and the normalised header names."""
    first = next((line for line in text.splitlines() if line.strip()), None)
    if first is None:
        raise Unreadable("the file is empty")
    for delimiter in DELIMITERS:
        names = next(csv.reader([first], delimiter=delimiter), [])
        header = [name.strip().strip('"').strip().lower() for name in names]
        if all(column in header for column in REQUIRED):
            return delimiter, header
    raise Unreadable("no header row with the columns point, period and count")


def parse_count(text: str) -> int:
    """A whole count >= 0 (see the module docstring); ValueError otherwise."""
    value = text.strip()
    if GROUPED.match(value):
        return int(re.sub(r"\D", "", value))
    if PLAIN.match(value):
        return int(value.split(".")[0])
    raise ValueError(f"count {value!r} is not a whole number of people")


def read_period(text: str) -> Period:
    """A period in the series' own form (ValueError with the reason otherwise)."""
    value = text.strip()
    midnight = MIDNIGHT.match(value)
    return parse_period(midnight.group(1) if midnight else value)


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                yield start, record
            start = reader.line_num + 1
    except csv.Error as problem:
        raise Unreadable(f"line {reader.line_num}: {problem}") from None


def _row(line: int, record: list[str], header: list[str]) -> CountRow:
    if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
        raise RowProblem(None, f"{len(record)} fields where the header has {len(header)}")
    cells = {name: (record[i] if i < len(record) else "") for i, name in enumerate(header)}
    point = cells["point"].strip()
    if not point:
        raise RowProblem("point", "no point")
    try:
        period = read_period(cells["period"])
    except ValueError as problem:
        raise RowProblem("period", str(problem)) from None
    try:
        count = parse_count(cells["count"])
    except ValueError as problem:
        raise RowProblem("count", str(problem)) from None
    breakdown = tuple(
        (name, "" if name == "vulnerability" else cells.get(name, "").strip()[:100])
        for name in BREAKDOWN
    )
    return CountRow(line, point[:200], period, count, breakdown)


def read(content: bytes) -> Reading:
    """Every row of a count CSV, good or rejected; Unreadable when there is no such file."""
    text = decode(content)
    if SEPARATOR_HINT.match(text):  # Excel's "sep=;" first line: blanked, lines keep their numbers
        text = SEPARATOR_HINT.sub("", text, count=1)
    delimiter, header = _header(text)
    records = _records(text, delimiter)
    next(records)  # the header
    return _judge(records, header)


def is_xlsx(content: bytes, filename: str = "") -> bool:
    """Whether an upload is an XLSX workbook (by its name, or a ZIP's signature)."""
    return PurePath(filename).suffix.lower() == ".xlsx" or content.startswith(b"PK\x03\x04")


def read_upload(content: bytes, filename: str = "") -> Reading:
    """A count file of either kind: an XLSX workbook, else a CSV."""
    return read_xlsx(content) if is_xlsx(content, filename) else read(content)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet_rows(content: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # heavy: only workbook uploads need it

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as problem:  # openpyxl raises many kinds for a damaged or foreign file
        raise Unreadable(f"not a readable XLSX workbook ({type(problem).__name__})") from None
    try:
        if not workbook.worksheets:
            raise Unreadable("the workbook has no sheet")
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        return [
            (number, [_cell_text(value) for value in row])
            for number, row in enumerate(rows, start=1)
            if any(value is not None and str(value).strip() for value in row)
        ]
    finally:
        workbook.close()


def read_xlsx(content: bytes) -> Reading:
    """Every row of the first sheet of a count workbook, good or rejected (line = sheet row)."""
    rows = _sheet_rows(content)
    if not rows:
        raise Unreadable("the file is empty")
    header = [name.strip().lower() for name in rows[0][1]]
    if not all(column in header for column in REQUIRED):
        raise Unreadable("no header row with the columns point, period and count")
    return _judge(iter(rows[1:]), header)


def _judge(records: Iterable[tuple[int, list[str]]], header: list[str]) -> Reading:
    reading = Reading()
    for index, (line, record) in enumerate(records):
        if index == 0 and all(cell.strip().startswith("#") for cell in record if cell.strip()):
            continue  # an HXL hashtag row under the header
        try:
            reading.rows.append(_row(line, record, header))
        except RowProblem as problem:
            reading.rejected.append((line, problem.column, problem.reason))
    return reading
