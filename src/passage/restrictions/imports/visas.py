"""Parser of visa requirements by passport and destination (`--format visa`). Pure, no I/O.

Reads the two shapes public data sets use (e.g. the Passport Index data set, MIT): a tidy CSV
`Passport,Destination,Requirement[,Date]` or a matrix (first column `Passport`, one column per
destination ISO3). Documented in docs/restrictions-import.md.

- Requirements: `visa required`, `e-visa` (also eTA, ESTA), `visa on arrival` and special
  permits become `visa_requirement` measures; `covid ban` and `no admission` become
  `nationality_ban` measures; visa-free rows (`visa free` or a number of days) and `-1`
  (passport = destination) set no condition and are counted as skipped.
- One measure per destination, requirement and date, targeted by the passports (nationalities)
  it names; reference `visa:<destination>:<requirement>` so that a later file records a new
  version of the same measure.
- Rejected rows (line, column, reason): unknown passport or destination code, unknown
  requirement, bad date, a pair repeated in the file.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from pydantic import ValidationError

from passage.kit.imports import RowError
from passage.restrictions.imports.parsing import Candidate, FileError, Parsed, validation_error
from passage.restrictions.schemas import MeasureCreate

if TYPE_CHECKING:
    from _csv import Reader

# requirement key -> (measure type, title)
REQUIREMENTS: dict[str, tuple[str, str]] = {
    "visa_required": ("visa_requirement", "Visa required"),
    "e_visa": ("visa_requirement", "e-Visa or electronic travel authorisation required"),
    "visa_on_arrival": ("visa_requirement", "Visa on arrival"),
    "entry_permit": ("visa_requirement", "Special entry permit required"),
    "covid_ban": ("nationality_ban", "Entry banned for most travellers (COVID-19)"),
    "no_admission": ("nationality_ban", "No admission"),
}
SPELLINGS = {
    "visa required": "visa_required",
    "visa": "visa_required",
    "e-visa": "e_visa",
    "evisa": "e_visa",
    "eta": "e_visa",
    "esta": "e_visa",
    "electronic travel authorisation": "e_visa",
    "electronic travel authorization": "e_visa",
    "visa on arrival": "visa_on_arrival",
    "hayya entry permit": "entry_permit",
    "covid ban": "covid_ban",
    "no admission": "no_admission",
}
VISA_FREE = {"visa free", "visa-free", "visa not required", "freedom of movement", "-1"}
PUBLISHER = "Visa requirements by passport and destination"
_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


@dataclass
class _Group:
    """The passports one destination asks one requirement of, from one date."""

    line: int
    passports: set[str] = field(default_factory=set)


def parse(
    text: str,
    *,
    file_name: str,
    known_countries: set[str] | None = None,
    effective_from: date | None = None,
) -> Parsed:
    """Parse a tidy or matrix visa-requirement CSV into one candidate per destination and
    requirement; `effective_from` (else a `Date` column, else a date in the file name)."""
    rows = csv.reader(io.StringIO(text))
    header = [cell.strip() for cell in next(rows, None) or []]
    if not header:
        raise FileError("the file is empty")
    names = [cell.lower() for cell in header]
    default = effective_from or _date_in_name(file_name)
    reader = _Reader(known_countries, default)
    if {"passport", "destination", "requirement"} <= set(names):
        reader.tidy(rows, names)
    elif names[0] == "passport" and len(names) > 1:
        reader.matrix(rows, header)
    else:
        raise FileError(
            "not a visa-requirement file: expected the columns Passport, Destination, "
            "Requirement (tidy) or Passport followed by destination codes (matrix)"
        )
    return reader.parsed_with(file_name)


def _date_in_name(file_name: str) -> date | None:
    found = _DATE_IN_NAME.search(file_name)
    try:
        return date.fromisoformat(found.group(1)) if found else None
    except ValueError:
        return None


class _Reader:
    """Reads rows into groups (destination, requirement, date) and rejected rows."""

    def __init__(self, known: set[str] | None, default: date | None) -> None:
        self.known, self.default = known, default
        self.parsed = Parsed()
        self.groups: dict[tuple[str, str, date], _Group] = {}
        self.seen: dict[tuple[str, str], int] = {}

    def tidy(self, rows: Reader, names: list[str]) -> None:
        """One requirement per row: Passport, Destination, Requirement[, Date]."""
        at = {name: names.index(name) for name in ("passport", "destination", "requirement")}
        when = next((names.index(n) for n in ("date", "effective_from") if n in names), None)
        if when is None and self.default is None:
            raise FileError(_NO_DATE)
        previous_end = rows.line_num
        for row in rows:
            line, previous_end = previous_end + 1, rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            cell = {key: _cell(row, index) for key, index in at.items()}
            day = _cell(row, when) if when is not None else ""
            self.read(line, cell["passport"], cell["destination"], cell["requirement"], day)

    def matrix(self, rows: Reader, header: list[str]) -> None:
        """One passport per row, one destination per column."""
        if self.default is None:
            raise FileError(_NO_DATE)
        destinations = [code.upper() for code in header[1:]]
        previous_end = rows.line_num
        for row in rows:
            line, previous_end = previous_end + 1, rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            passport = _cell(row, 0)
            for index, destination in enumerate(destinations, start=1):
                self.read(line, passport, destination, _cell(row, index), "", column=destination)

    def read(
        self, line: int, passport: str, destination: str, text: str, day: str, column: str = ""
    ) -> None:
        """One (passport, destination, requirement) cell, grouped or rejected."""
        self.parsed.rows += 1
        problem = self._problem(passport.upper(), destination.upper(), text, day)
        if problem is not None:
            reason, name = problem
            self.parsed.candidates.append(
                Candidate(line, error=RowError(line, reason, column or name))
            )
            return
        passport, destination = passport.upper(), destination.upper()
        pair = (passport, destination)
        if pair in self.seen:
            reason = f"{passport} to {destination} repeats line {self.seen[pair]}"
            self.parsed.candidates.append(
                Candidate(line, error=RowError(line, reason, column or "Destination"))
            )
            return
        self.seen[pair] = line
        key = SPELLINGS.get(text.strip().lower())
        if key is None or passport == destination:
            self.parsed.skipped += 1  # visa free, or the passport's own country
            return
        on = date.fromisoformat(day) if day else self.default
        assert on is not None
        self.groups.setdefault((destination, key, on), _Group(line)).passports.add(passport)

    def _problem(
        self, passport: str, destination: str, text: str, day: str
    ) -> tuple[str, str] | None:
        """Why a cell is rejected (reason, column), or None."""
        for code, column in ((passport, "Passport"), (destination, "Destination")):
            if not code or (self.known is not None and code not in self.known):
                return f"unknown country code {code!r}", column
        requirement = text.strip().lower()
        if (
            requirement not in SPELLINGS
            and requirement not in VISA_FREE
            and not requirement.isdigit()
        ):
            return f"unknown requirement {text.strip()!r}", "Requirement"
        if day:
            try:
                date.fromisoformat(day)
            except ValueError:
                return f"bad date {day!r} (expected YYYY-MM-DD)", "Date"
        return None

    def parsed_with(self, file_name: str) -> Parsed:
        """The rejected rows and one candidate per group, in file order."""
        source = {"title": f"Visa requirements ({file_name[:200]})", "publisher": PUBLISHER}
        for (destination, key, on), group in sorted(self.groups.items(), key=lambda i: i[1].line):
            self.parsed.candidates.append(_candidate(destination, key, on, group, source))
        return self.parsed


_NO_DATE = (
    "give the date the requirements hold from: a Date column, a date in the file name "
    "(YYYY-MM-DD) or the effective-from option"
)


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def _candidate(
    destination: str, key: str, on: date, group: _Group, source: dict[str, str]
) -> Candidate:
    measure_type, title = REQUIREMENTS[key]
    ref = f"visa:{destination}:{key}"
    try:
        data = MeasureCreate(
            country_iso3=destination,
            measure_type=measure_type,
            title=title,
            nationalities=sorted(group.passports),
            effective_from=on,
            status="published",
            sources=[source],
            last_verified_on=on,
        )
    except ValidationError as error:
        return Candidate(group.line, ref, error=validation_error(group.line, error, {}))
    return Candidate(group.line, ref, data)
