"""Tables written as CSV or XLSX files for download: one header row, then text cells. A cell
that a spreadsheet would run as a formula is written as text (a leading `'`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """A header and rows as UTF-8 CSV."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(columns: Sequence[str], rows: Iterable[Sequence[str]], sheet: str) -> bytes:
    """A header and rows as a one-sheet XLSX workbook (written as it goes)."""
    from openpyxl import Workbook  # heavy; only downloads need it

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.append(list(columns))
    for row in rows:
        worksheet.append([safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_file(
    columns: Sequence[str], rows: Iterable[Sequence[str]], file_format: str, sheet: str
) -> tuple[bytes, str]:
    """The table as `csv` or `xlsx`: (content, media type)."""
    if file_format == "xlsx":
        return xlsx_bytes(columns, rows, sheet), XLSX_TYPE
    return csv_bytes(columns, rows), CSV_TYPE
