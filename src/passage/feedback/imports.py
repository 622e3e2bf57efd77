"""Feedback from Kobo or ODK Central exports (CSV or XLSX), row by row.

Columns are the form's question names (group paths dropped): `category`, `message`, and
optionally `language`, `contact`, `country_iso3`, `place`, `interpreter_language`,
`consent_to_refer` (yes/no), `today` or `_submission_time` (the day received). Each row's
submission id (`meta/instanceID`, `_uuid`) becomes its `client_id`: importing a file again
creates nothing new. A bad row is rejected with its line and reason; the others are kept."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.errors import Invalid
from passage.feedback import access, repository, service
from passage.feedback.schemas import FeedbackSubmit
from passage.kit import audit, kobo
from passage.kit.clock import today
from passage.kit.imports import ImportReport
from passage.kit.readable import describe

YES = {"yes", "true", "1", "oui", "si", "sí"}
DAY_COLUMNS = ("today", "_submission_time", "end", "start")
FIELDS = ("category", "message", "language", "contact", "place", "interpreter_language")


def _day(row: dict[str, str]) -> date:
    for column in DAY_COLUMNS:
        if value := row.get(column, "").strip():
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                raise ValueError(f"{column} is not a date (YYYY-MM-DD)") from None
    return today()


def _payload(row: dict[str, str], submission: str) -> dict[str, Any]:
    values: dict[str, Any] = {name: row[name].strip() for name in FIELDS if row.get(name, "")}
    values["client_id"] = f"kobo:{submission}"
    if country := row.get("country_iso3", "").strip().upper():
        values["country_iso3"] = country
    values["consent_to_refer"] = row.get("consent_to_refer", "").strip().lower() in YES
    return values


def _reason(error: ValidationError) -> tuple[str, str | None]:
    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else None
    return describe(first), field


def _import_row(session: Session, line: int, row: dict[str, str], report: ImportReport) -> None:
    submission = kobo.submission_id(row)
    if submission is None:
        report.reject(line, "no submission id (_uuid or meta/instanceID)", "instanceID")
        return
    try:
        data = FeedbackSubmit.model_validate(_payload(row, submission))
        received_on = _day(row)
    except ValidationError as error:
        reason, field = _reason(error)
        report.reject(line, reason, field)
        return
    except ValueError as error:
        report.reject(line, str(error), "today")
        return
    if repository.by_client_id(session, data.client_id) is not None:
        report.unchanged += 1
        return
    service.new_item(session, data, channel="kobo", received_on=received_on)
    report.created += 1


def import_export(
    *, session: Session, content: bytes, filename: str, actor: Principal
) -> ImportReport:
    """Import a Kobo/ODK export; returns counts and each rejected row (line, reason)."""
    try:
        rows = kobo.read_rows(content, filename)
    except kobo.UnreadableFile as error:
        raise Invalid(str(error), field="file") from None
    report = ImportReport()
    scope = access.countries(actor, "feedback.import")
    outside = 0
    for line, row in rows:
        country = row.get("country_iso3", "").strip().upper() or None
        if scope is not None and country not in scope:
            report.reject(line, "this country is outside your scope", "country_iso3")
            outside += 1
            continue
        _import_row(session, line, row, report)
    session.flush()
    if outside:
        audit.record(
            session,
            action="access.denied",
            object_type="feedback_item",
            purpose=access.PURPOSE,
            details={"reason": "rows outside the importer's scope", "rows": outside},
        )
    audit.record(
        session,
        action="import",
        object_type="feedback_item",
        purpose=access.PURPOSE,
        details={"created": report.created, "rejected": len(report.rejected)},
    )
    return report
