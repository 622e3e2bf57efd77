"""Passage's own import template (CSV, XLSX, HXL-tagged CSV): parsing and the downloadable
template. Pure, no database; the columns and hashtags are documented in
docs/restrictions-import.md."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from passage.kit.imports import RowError
from passage.restrictions.imports.parsing import (
    Candidate,
    FileError,
    Parsed,
    swallowed,
    validation_error,
)
from passage.restrictions.schemas import MeasureCreate, normalise_exemptions
from passage.restrictions.taxonomy import EXEMPTIONS

REF_PREFIX = "passage:"
MAX_REF = 190


@dataclass(frozen=True)
class Column:
    """A template column: its name, its HXL hashtag and what it holds."""

    name: str
    hashtag: str
    description: str


COLUMNS: tuple[Column, ...] = (
    Column("ref", "#meta+id", "Your stable reference; re-importing the same ref updates it"),
    Column("country", "#country+code", "Imposing country, ISO 3166-1 alpha-3 (required)"),
    Column("measure_type", "#indicator+type", "A measure type of the taxonomy (required)"),
    Column("title", "#description+title", "Short title (required)"),
    Column("details", "#description+details", "Free text"),
    Column("nationalities", "#country+code+nationality", "Targeted nationalities (ISO3 list)"),
    Column("origins", "#country+code+origin", "Targeted countries of origin (ISO3 list)"),
    Column("transits", "#country+code+transit", "Targeted transit countries (ISO3 list)"),
    Column("residence", "#country+code+residence", "Targeted countries of residence"),
    Column("poe_scope", "#loc+poe+scope", "all, air, land, sea or named (default all)"),
    Column("poe_codes", "#loc+poe+code", "POE codes when the scope is named (list)"),
    Column("exemptions", "#group+exempted", "Exempted groups, separated by ; (list)"),
    Column("quarantine_days", "#indicator+num+quarantine", "Days of quarantine"),
    Column("announced_on", "#date+announced", "YYYY-MM-DD"),
    Column("effective_from", "#date+start", "YYYY-MM-DD (required)"),
    Column("effective_until", "#date+end", "YYYY-MM-DD, inclusive; blank: open-ended"),
    Column("status", "#status", "draft or published (default draft)"),
    Column("source_title", "#meta+source+title", "Title of the source"),
    Column("source_url", "#meta+source+url", "Address of the source"),
    Column("source_publisher", "#org+source", "Publisher of the source"),
    Column("source_retrieved_on", "#date+source+retrieved", "YYYY-MM-DD"),
    Column("last_verified_on", "#date+verified", "YYYY-MM-DD"),
)
NAMES = tuple(column.name for column in COLUMNS)
REQUIRED = ("country", "measure_type", "title", "effective_from")
OPTIONAL_TEXT = (
    "details",
    "quarantine_days",
    "announced_on",
    "effective_from",
    "effective_until",
    "last_verified_on",
)
COUNTRY_LISTS = ("nationalities", "origins", "transits", "residence", "poe_codes")
# Model field -> template column, so that validation errors name the column.
FIELD_COLUMNS = {
    "country_iso3": "country",
    "sources.title": "source_title",
    "sources.url": "source_url",
    "sources.publisher": "source_publisher",
    "sources.retrieved_on": "source_retrieved_on",
}
EXAMPLE = {
    "ref": "KEN-2020-03-quarantine",
    "country": "KEN",
    "measure_type": "quarantine",
    "title": "14-day quarantine for arrivals from affected countries",
    "details": "Self-isolation at a declared address, or at a government facility.",
    "nationalities": "",
    "origins": "CHN ITA IRN",
    "transits": "",
    "residence": "",
    "poe_scope": "air",
    "poe_codes": "",
    "exemptions": "nationals; diplomats; health_workers",
    "quarantine_days": "14",
    "announced_on": "2020-03-15",
    "effective_from": "2020-03-20",
    "effective_until": "2020-06-30",
    "status": "draft",
    "source_title": "Ministry of Health press statement",
    "source_url": "https://www.health.go.ke/",
    "source_publisher": "Ministry of Health, Kenya",
    "source_retrieved_on": "2020-03-16",
    "last_verified_on": "2020-03-21",
}


def hashtag_key(text: str) -> tuple[str, frozenset[str]] | None:
    """A hashtag as (tag, attributes), order-insensitive; None for a cell that is not one."""
    parts = text.strip().lower().replace(" ", "").split("+")
    if not parts[0].startswith("#") or len(parts[0]) < 2:
        return None
    return parts[0], frozenset(part for part in parts[1:] if part)


HASHTAGS = {hashtag_key(column.hashtag): column.name for column in COLUMNS}


def is_hashtag_row(cells: list[str]) -> bool:
    """True for an HXL hashtag row: every non-blank cell is a hashtag, and there is one."""
    filled = [cell for cell in cells if cell.strip()]
    return bool(filled) and all(hashtag_key(cell) is not None for cell in filled)


def parse_csv(text: str) -> Parsed:
    """Parse a template CSV (with or without an HXL hashtag row); a record an unbalanced quote
    made of several lines is reported, not read as a row."""
    reader = csv.reader(io.StringIO(text))
    broken: list[RowError] = []

    def numbered() -> Iterator[tuple[int, list[str]]]:
        end, header = reader.line_num, None
        for row in reader:
            start, end = end + 1, reader.line_num
            header = header or row
            if error := swallowed(start, end, row, header):
                broken.append(error)
                continue
            yield start, row

    parsed = parse_rows(numbered())
    parsed.candidates += [Candidate(error.line, error=error) for error in broken]
    parsed.rows += len(broken)
    return parsed


def parse_xlsx(content: bytes) -> Parsed:
    """Parse the first sheet of a template workbook (line = sheet row number)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise FileError(f"not a readable XLSX workbook: {error}") from None
    try:
        sheet = workbook.worksheets[0]
        rows = [
            (number, [_cell_text(value) for value in row])
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()
    return parse_rows(iter(rows))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_rows(rows: Iterator[tuple[int, list[str]]]) -> Parsed:
    """Candidates from numbered rows: a header, an optional hashtag row, then data rows."""
    first = next(rows, None)
    if first is None:
        raise FileError("the file is empty")
    pending: list[tuple[int, list[str]]] = []
    if is_hashtag_row(first[1]):
        positions = _positions(first[1], hashtags=True)
    else:
        second = next(rows, None)
        if second is not None and is_hashtag_row(second[1]):
            positions = _positions(first[1], False) | _positions(second[1], hashtags=True)
        else:
            positions = _positions(first[1], hashtags=False)
            pending = [second] if second is not None else []
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        raise FileError(f"missing column(s): {', '.join(missing)}")
    parsed = Parsed()
    for line, cells in _chain(pending, rows):
        if any(cell.strip() for cell in cells):
            parsed.rows += 1
            parsed.candidates.append(parse_row(line, _values(cells, positions)))
    return parsed


def _chain(
    first: list[tuple[int, list[str]]], rest: Iterator[tuple[int, list[str]]]
) -> Iterable[tuple[int, list[str]]]:
    yield from first
    yield from rest


def _positions(cells: list[str], hashtags: bool) -> dict[str, int]:
    """Column name -> index, from hashtags or from header names (unknown columns ignored)."""
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = HASHTAGS.get(hashtag_key(cell)) if hashtags else cell.strip().lower()
        if name in NAMES and name not in positions:
            positions[name] = index
    return positions


def _values(cells: list[str], positions: dict[str, int]) -> dict[str, str]:
    return {
        name: cells[index].strip() if index < len(cells) else ""
        for name, index in positions.items()
    }


def split_list(text: str, *, spaces: bool) -> list[str]:
    """A list cell: items separated by ; or , (and by spaces when `spaces`)."""
    if spaces:  # str.split runs in C: lists hold ~100 codes
        return text.replace(";", " ").replace(",", " ").split()
    return [item.strip() for item in re.split(r"[;,]+", text) if item.strip()]


def deterministic_ref(values: dict[str, str]) -> str:
    """A reference for a row without one: a hash of country, type, start date and title."""
    key = "|".join(
        values.get(name, "").strip().lower()
        for name in ("country", "measure_type", "effective_from", "title")
    )
    return "auto-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def parse_row(line: int, values: dict[str, str]) -> Candidate:
    """One data row as a candidate measure (or a row error naming the column)."""
    ref = values.get("ref") or deterministic_ref(values)
    if len(ref) > MAX_REF:
        return Candidate(line, error=RowError(line, f"ref is longer than {MAX_REF}", "ref"))
    unknown = _unknown_exemptions(values.get("exemptions", ""))
    if unknown:
        reason = f"unknown exemption(s) {', '.join(unknown)}; one of {', '.join(EXEMPTIONS)}"
        return Candidate(line, error=RowError(line, reason, "exemptions"))
    try:
        data = MeasureCreate.model_validate(_payload(values))
    except ValidationError as error:
        return Candidate(line, error=validation_error(line, error, FIELD_COLUMNS))
    except ValueError as error:
        return Candidate(line, error=RowError(line, str(error), "source_title"))
    return Candidate(line, REF_PREFIX + ref, data)


def _unknown_exemptions(text: str) -> list[str]:
    """Exemptions outside the taxonomy: the template has no free-text category (the editor's
    "other" box has), so a misspelt one would silently exempt nobody."""
    listed = normalise_exemptions(split_list(text, spaces=False))
    return [name for name in listed if name not in EXEMPTIONS]


def _payload(values: dict[str, str]) -> dict[str, Any]:
    """The MeasureCreate input of a row; blanks are left out so defaults apply."""
    payload: dict[str, Any] = {
        "country_iso3": values.get("country", ""),
        "measure_type": values.get("measure_type", "").strip().lower(),
        "title": values.get("title", ""),
    }
    for name in COUNTRY_LISTS:
        payload[name] = split_list(values.get(name, ""), spaces=True)
    payload["exemptions"] = split_list(values.get("exemptions", ""), spaces=False)
    for name in ("poe_scope", "status"):
        if values.get(name):
            payload[name] = values[name].lower()
    for name in OPTIONAL_TEXT:
        if values.get(name):
            payload[name] = values[name]
    payload["sources"] = _sources(values)
    return payload


def _sources(values: dict[str, str]) -> list[dict[str, str]]:
    source = {
        "title": values.get("source_title", ""),
        "url": values.get("source_url", ""),
        "publisher": values.get("source_publisher", ""),
        "retrieved_on": values.get("source_retrieved_on", ""),
    }
    if not any(source.values()):
        return []
    if not source["title"]:
        raise ValueError("source_title is required when a source is given")
    return [{key: value for key, value in source.items() if value}]


def template_rows(hxl: bool = False) -> list[list[str]]:
    """The template as rows: header, the hashtag row when `hxl`, and one example."""
    rows = [list(NAMES)]
    if hxl:
        rows.append([column.hashtag for column in COLUMNS])
    rows.append([EXAMPLE[name] for name in NAMES])
    return rows


def _csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def template_csv() -> str:
    """The CSV template: header and one example row."""
    return _csv_text(template_rows())


def template_hxl_csv() -> str:
    """The HXL-tagged CSV template: header, hashtag row and one example row."""
    return _csv_text(template_rows(hxl=True))


def template_xlsx() -> bytes:
    """The XLSX template: header, one example row, and a sheet describing the columns."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "measures"
    for row in template_rows():
        sheet.append(row)
    notes = workbook.create_sheet("columns")
    notes.append(["column", "hxl", "description"])
    for column in COLUMNS:
        notes.append([column.name, column.hashtag, column.description])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
