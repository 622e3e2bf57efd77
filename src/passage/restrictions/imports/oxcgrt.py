"""Parser of the OxCGRT v1 CSV (indicator C8, international travel controls). Pure, no I/O.

Rules (documented in docs/restrictions-import.md):
- only national rows (`Jurisdiction` NAT_TOTAL) are read; regional rows are skipped and counted;
- the level of a day is `C8EV` when present and not blank, else `C8E` (or the legacy `C8`);
  `C8NV`/`C8V` values are kept in the details text; a blank level is "no data";
- per country, consecutive days with the same level form one measure, valid from the first to
  the last day of the run; a blank or missing day ends a run;
- level 0..4 -> no_measures, health_declaration, quarantine, origin_ban, complete_closure, with
  `explicit_level` set to the C8 value so the country's level on each day equals C8;
- reference `oxcgrt:<ISO3>:<first day>` makes re-import idempotent; a file extended by later
  days lengthens the last run (a new version of the same measure).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from pydantic import ValidationError

from passage.geo.codes import canonical_code
from passage.kit.imports import RowError
from passage.restrictions.imports.parsing import (
    Candidate,
    FileError,
    Parsed,
    swallowed,
    validation_error,
)
from passage.restrictions.schemas import MeasureCreate

if TYPE_CHECKING:
    from _csv import Reader

PUBLISHER = "Oxford COVID-19 Government Response Tracker, CC BY 4.0"
NATIONAL = "NAT_TOTAL"
MAX_DETAILS = 20000
TRUNCATED = "\n[... truncated]"

# C8 level -> (measure type, title)
LEVEL_MEASURES: dict[int, tuple[str, str]] = {
    0: ("no_measures", "No restrictions on international travel"),
    1: ("health_declaration", "Screening of arrivals"),
    2: ("quarantine", "Quarantine of arrivals from some or all regions"),
    3: ("origin_ban", "Ban on arrivals from some regions"),
    4: ("complete_closure", "Ban on all regions or total border closure"),
}


@dataclass(frozen=True)
class Columns:
    """Positions of the columns the parser reads (None when the file lacks one)."""

    country: int
    date: int
    jurisdiction: int | None
    region_code: int | None
    c8e: int | None
    c8nv: int | None
    c8v: int | None
    c8ev: int | None
    notes: int | None

    @classmethod
    def of(cls, header: list[str]) -> Columns:
        """Locate the columns in a header row; raises FileError when required ones are missing."""
        names = [name.strip() for name in header]

        def find(*prefixes: str) -> int | None:
            for prefix in prefixes:
                for index, name in enumerate(names):
                    if name == prefix or name.startswith(prefix + "_"):
                        return index
            return None

        missing = [n for n in ("CountryCode", "Date") if n not in names]
        c8e, c8ev = find("C8E"), find("C8EV")
        if c8e is None:
            c8e = find("C8_International travel controls")  # older single-value files
        if c8e is None and c8ev is None:
            missing.append("C8E_International travel controls")
        if missing:
            raise FileError(f"not an OxCGRT v1 file: missing column(s) {', '.join(missing)}")
        return cls(
            country=names.index("CountryCode"),
            date=names.index("Date"),
            jurisdiction=names.index("Jurisdiction") if "Jurisdiction" in names else None,
            region_code=names.index("RegionCode") if "RegionCode" in names else None,
            c8e=c8e,
            c8nv=find("C8NV"),
            c8v=find("C8V"),
            c8ev=c8ev,
            notes=names.index("C8_Notes") if "C8_Notes" in names else None,
        )


@dataclass(frozen=True)
class Day:
    """One national row: a country's C8 values on one day (level None: no data)."""

    line: int
    country: str
    on: date
    level: int | None
    non_vaccinated: str
    vaccinated: str
    note: str


def parse(text: str, *, file_name: str, known_countries: set[str] | None = None) -> Parsed:
    """Parse an OxCGRT v1 CSV into one candidate measure per run of equal levels."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise FileError("the file is empty")
    columns = Columns.of(header)
    parsed = Parsed(ignore_fields=frozenset({"sources"}))
    read = _read_days(reader, columns, known_countries, parsed, header)
    for country in sorted(read.days):
        ordered = sorted(read.days[country], key=lambda day: day.on)
        for run in runs(ordered, bridged=read.rejected[country]):
            open_end = run[-1].on >= read.last_day[country]
            parsed.candidates.append(_candidate(run, file_name, open_end))
    return parsed


@dataclass
class _Read:
    """National days by country, the days whose row was rejected (they do not break a run) and
    the last day the file covers for each country."""

    days: dict[str, list[Day]] = field(default_factory=lambda: defaultdict(list))
    rejected: dict[str, set[date]] = field(default_factory=lambda: defaultdict(set))
    last_day: dict[str, date] = field(default_factory=dict)

    def cover(self, country: str, on: date) -> None:
        """Note that the file speaks of this country on this day."""
        self.last_day[country] = max(on, self.last_day.get(country, on))


def _read_days(
    reader: Reader, columns: Columns, known: set[str] | None, parsed: Parsed, header: list[str]
) -> _Read:
    """National rows by country; rejected rows become error candidates on `parsed`."""
    read = _Read()
    seen: dict[tuple[str, date], int] = {}
    previous_end = reader.line_num
    for row in reader:
        line, previous_end = previous_end + 1, reader.line_num
        if not row or not any(cell.strip() for cell in row):
            continue
        parsed.rows += 1
        if broken := swallowed(line, previous_end, row, header):
            parsed.candidates.append(Candidate(line, error=broken))
            continue
        if not _is_national(row, columns):
            parsed.skipped += 1
            continue
        try:
            day = read_day(row, line, columns, known)
        except RowProblem as problem:
            if isinstance(problem, LevelProblem):  # a known day with an unreadable level
                read.rejected[problem.country].add(problem.on)
                read.cover(problem.country, problem.on)
            parsed.candidates.append(Candidate(line, error=RowError(line, *problem.args)))
            continue
        key = (day.country, day.on)
        if key in seen:
            reason = f"{day.country} {day.on} repeats line {seen[key]}"
            parsed.candidates.append(Candidate(line, error=RowError(line, reason, "Date")))
            continue
        seen[key] = line
        read.days[day.country].append(day)
        read.cover(day.country, day.on)
    return read


class RowProblem(ValueError):
    """A row that cannot be read: (reason, column)."""


class LevelProblem(RowProblem):
    """A row of a known country and day whose level cannot be read."""

    def __init__(self, reason: str, column: str, *, country: str, on: date):
        super().__init__(reason, column)
        self.country, self.on = country, on


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def _is_national(row: list[str], columns: Columns) -> bool:
    if columns.jurisdiction is not None:
        return _cell(row, columns.jurisdiction) == NATIONAL
    return not _cell(row, columns.region_code)


def read_day(row: list[str], line: int, columns: Columns, known: set[str] | None) -> Day:
    """One national row as a Day; raises RowProblem(reason, column)."""
    country = canonical_code(_cell(row, columns.country))  # OxCGRT's RKS is XKX
    if not country or (known is not None and country not in known):
        raise RowProblem(f"unknown country code {country!r}", "CountryCode")
    on = _date(_cell(row, columns.date))
    try:
        level = _level_of(row, columns)
    except RowProblem as problem:
        raise LevelProblem(*problem.args, country=country, on=on) from None
    return Day(
        line=line,
        country=country,
        on=on,
        level=level,
        non_vaccinated=_cell(row, columns.c8nv),
        vaccinated=_cell(row, columns.c8v),
        note=_cell(row, columns.notes),
    )


def _date(text: str) -> date:
    try:
        if len(text) != 8 or not text.isdigit():
            raise ValueError
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise RowProblem(f"bad date {text!r} (expected YYYYMMDD)", "Date") from None


def _level_of(row: list[str], columns: Columns) -> int | None:
    """C8EV when present and not blank, else C8E; None when both are blank (no data)."""
    for index, name in ((columns.c8ev, "C8EV"), (columns.c8e, "C8E")):
        text = _cell(row, index)
        if text:
            return parse_level(text, name)
    return None


def parse_level(text: str, column: str) -> int:
    """A C8 value such as "3" or "3.00"; raises RowProblem unless it is a whole number 0-4."""
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if number not in (0, 1, 2, 3, 4):
        raise RowProblem(f"{column} level {text!r} is not one of 0, 1, 2, 3, 4", column)
    return int(number)


def runs(days: list[Day], bridged: set[date] | None = None) -> list[list[Day]]:
    """Runs of consecutive calendar days with the same level; no-data days end a run. Days in
    `bridged` (rows rejected for their level) neither end nor extend a run: a rejected row says
    nothing, so it must not cut a hole in the data."""
    result: list[list[Day]] = []
    current: list[Day] = []
    for day in days:
        continues = (
            current
            and day.level == current[-1].level
            and _adjacent(current[-1].on, day.on, bridged or set())
        )
        if not continues and current:
            result.append(current)
            current = []
        if day.level is not None:
            current.append(day)
    if current:
        result.append(current)
    return result


def _adjacent(before: date, after: date, bridged: set[date]) -> bool:
    """True when only bridged days (if any) lie between two days."""
    gap = (after - before).days - 1
    return gap >= 0 and all(before + timedelta(days=n) in bridged for n in range(1, gap + 1))


def details(run: list[Day]) -> str | None:
    """Differentiated values (when they change) and the distinct notes, each with its date."""
    lines: list[str] = []
    previous: tuple[str, str] | None = None
    for day in run:
        values = (day.non_vaccinated, day.vaccinated)
        if values != previous and any(values):
            lines.append(
                f"{day.on}: non-vaccinated (C8NV) {values[0] or '-'}, "
                f"vaccinated (C8V) {values[1] or '-'}"
            )
        previous = values
    notes_seen: set[str] = set()
    for day in run:
        if day.note and day.note not in notes_seen:
            notes_seen.add(day.note)
            lines.append(f"{day.on}: {day.note}")
    text = "\n".join(lines)
    if len(text) > MAX_DETAILS:
        text = text[: MAX_DETAILS - len(TRUNCATED)] + TRUNCATED
    return text or None


def _candidate(run: list[Day], file_name: str, open_end: bool = False) -> Candidate:
    first, last = run[0], run[-1]
    assert first.level is not None
    measure_type, label = LEVEL_MEASURES[first.level]
    ref = f"oxcgrt:{first.country}:{first.on.isoformat()}"
    source = {"title": f"OxCGRT v1 ({file_name[:200]}, line {first.line})", "publisher": PUBLISHER}
    try:
        data = MeasureCreate(
            country_iso3=first.country,
            measure_type=measure_type,
            title=f"{label} (OxCGRT C8 level {first.level})",
            details=details(run),
            effective_from=first.on,
            effective_until=last.on,
            explicit_level=first.level,
            status="published",
            sources=[source],
        )
    except ValidationError as error:
        return Candidate(first.line, ref, error=validation_error(first.line, error, {}))
    return Candidate(first.line, ref, data, open_end=open_end)
