"""Passenger manifests: one CSV row per passenger, one shared itinerary, one answer per row.

Columns are documented in docs/journeys.md; every row gets a result (a bad row its line, field
and reason), none is dropped.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from passage.errors import Invalid
from passage.journeys import service
from passage.journeys.schemas import ItineraryIn, JourneyCheck, ManifestRow, TravellerIn
from passage.kit.clock import utcnow
from passage.kit.i18n import LANGUAGES
from passage.kit.readable import describe, explain

MAX_ROWS = 5_000
COLUMNS = (
    "passenger",
    "nationalities",
    "residence",
    "birth_date",
    "purpose",
    "exemptions",
    "vaccination_doses",
    "vaccination_total_doses",
    "vaccination_product",
    "vaccination_date",
    "test_type",
    "test_taken_at",
    "test_result",
    "recovery_date",
    "certificate",
)
REQUIRED = ("nationalities",)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]


def itinerary_fields(
    *,
    origin: str,
    destination: str,
    arrival_date: date | str,
    transits: str,
    poe_code: str,
    mode: str,
) -> ItineraryIn:
    """The shared itinerary from form fields (transits: ISO3 codes separated by ; or ,)."""
    try:
        return ItineraryIn(
            origin=origin,
            destination=destination,
            arrival_date=arrival_date,
            transits=[{"country": code} for code in _split(transits)],
            poe_code=poe_code or None,
            mode=mode or None,
        )
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first.get("loc", ()))
        raise Invalid(describe(first), field=field or None) from None


def traveller_from_row(row: dict[str, str]) -> TravellerIn:
    """A traveller from a manifest row (raises ValidationError on bad values)."""
    value = {key: (row.get(key) or "").strip() for key in COLUMNS}
    data: dict[str, Any] = {
        "nationalities": _split(value["nationalities"]),
        "residence": value["residence"] or None,
        "birth_date": value["birth_date"] or None,
        "purpose": value["purpose"] or None,
        "exemptions": _split(value["exemptions"]),
        "certificate": value["certificate"] or None,
    }
    if value["vaccination_doses"]:
        data["vaccination"] = {
            "doses": value["vaccination_doses"],
            "total_doses": value["vaccination_total_doses"] or None,
            "product": value["vaccination_product"] or None,
            "date": value["vaccination_date"] or None,
        }
    if value["test_taken_at"] or value["test_result"]:
        data["test"] = {
            "type": value["test_type"] or "pcr",
            "taken_at": value["test_taken_at"],
            "result": value["test_result"],
        }
    if value["recovery_date"]:
        data["recovery"] = {"date": value["recovery_date"]}
    return TravellerIn.model_validate(data)


def _row_error(line: int, passenger: str | None, error: ValidationError | Invalid) -> ManifestRow:
    if isinstance(error, Invalid):
        text = explain(error, name_field=False)
        return ManifestRow(line=line, passenger=passenger, error=text, field=error.field)
    first = error.errors()[0]
    field = ".".join(str(part) for part in first.get("loc", ()))
    return ManifestRow(line=line, passenger=passenger, error=describe(first), field=field)


def _row_answer(line: int, passenger: str | None, answer: dict[str, Any]) -> ManifestRow:
    return ManifestRow(
        line=line,
        passenger=passenger,
        decision=answer["decision"],
        conditions=[c["kind"] for c in answer["conditions"] if c["status"] != "satisfied"],
        refusing_measures=[
            item["measure_id"] for item in answer["explanation"] if item["effect"] == "refuse"
        ],
    )


def read_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """(line, row) pairs of a CSV with a header that names at least the required columns."""
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise Invalid(
            "the header lacks the column(s): %(names)s",
            params={"names": ", ".join(missing)},
            field="file",
        )
    reader.fieldnames = header
    rows: list[tuple[int, dict[str, str]]] = []
    for row in reader:
        if len(rows) >= MAX_ROWS:
            raise Invalid(
                "a manifest has at most %(limit)s passengers",
                params={"limit": MAX_ROWS},
                field="file",
            )
        rows.append((reader.line_num, {k: v or "" for k, v in row.items() if k}))
    return rows


def check_manifest(
    *, session: Session, text: str, itinerary: ItineraryIn, language: str | None
) -> dict[str, Any]:
    """Answer every passenger of a manifest against one itinerary (same snapshot for all)."""
    if language and language not in LANGUAGES:
        raise Invalid(
            "language must be one of %(languages)s",
            params={"languages": ", ".join(LANGUAGES)},
            field="language",
        )
    as_of = utcnow()
    rows: list[ManifestRow] = []
    version: str | None = None
    for line, row in read_rows(text):
        passenger = (row.get("passenger") or "").strip() or None
        try:
            traveller = traveller_from_row(row)
            request = JourneyCheck(
                traveller=traveller, itinerary=itinerary, language=language, as_of=as_of
            )
            answer = service.check_journey(session=session, request=request)
        except (ValidationError, Invalid) as error:
            rows.append(_row_error(line, passenger, error))
            continue
        version = version or answer["data_version"]
        rows.append(_row_answer(line, passenger, answer))
    counts: dict[str, int] = {}
    for result in rows:
        counts[result.decision or "ERROR"] = counts.get(result.decision or "ERROR", 0) + 1
    return {
        "destination": itinerary.destination,
        "arrival_date": itinerary.arrival_date.isoformat(),
        "data_version": version,
        "as_of": as_of.isoformat(),
        "counts": counts,
        "rows": [result.model_dump() for result in rows],
    }
