"""Editors' comments on measures, and the public's discrepancy reports with their moderation
queue. Flushes only."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from passage.access import Principal, poe_scope
from passage.errors import Conflict, NotFound
from passage.kit import audit
from passage.kit.repository import check_version
from passage.restrictions import repository, service
from passage.restrictions.access import require_in_scope
from passage.restrictions.models import DiscrepancyReport, MeasureComment, MeasureVersion
from passage.restrictions.schemas import DiscrepancyCreate, DiscrepancyResolve

MODERATE = "measures.moderate"


def comments_of(*, session: Session, measure_id: uuid.UUID) -> Sequence[MeasureComment]:
    """Editors' comments on a measure, oldest first."""
    return repository.comments_of(session, measure_id)


def add_comment(
    *, session: Session, measure_id: uuid.UUID, body: str, actor: Principal
) -> MeasureComment:
    """Comment on a measure of a country within the editor's scope."""
    measure, _ = service.get_measure(session=session, measure_id=measure_id)
    require_in_scope(actor, "measures.edit", measure.country_iso3)
    comment = MeasureComment(measure_id=measure_id, author_id=actor.user_id, body=body)
    session.add(comment)
    session.flush()
    audit.record(session, action="create", object_type="measure_comment", object_id=comment.id)
    return comment


def report_discrepancy(
    *, session: Session, measure_id: uuid.UUID, data: DiscrepancyCreate
) -> DiscrepancyReport:
    """Anyone reports that a measure is wrong; it waits in the moderation queue."""
    service.get_measure(session=session, measure_id=measure_id)
    report = DiscrepancyReport(
        measure_id=measure_id,
        body=data.body,
        source_url=str(data.source_url) if data.source_url else None,
    )
    session.add(report)
    session.flush()
    audit.record(session, action="create", object_type="discrepancy_report", object_id=report.id)
    return report


def resolve_discrepancy(
    *, session: Session, report_id: uuid.UUID, data: DiscrepancyResolve, actor: Principal
) -> DiscrepancyReport:
    """Accept or dismiss a report on a measure of a country within the moderator's scope."""
    report = repository.get_discrepancy(session, report_id)
    if report is None:
        raise NotFound("no such report")
    measure, _ = service.get_measure(session=session, measure_id=report.measure_id)
    require_in_scope(actor, MODERATE, measure.country_iso3)
    check_version(report, data.version)
    if report.status != "open":
        raise Conflict("this report is already %(status)s", params={"status": report.status})
    report.status, report.resolution_note, report.resolved_by = (
        data.status,
        data.note,
        actor.user_id,
    )
    session.flush()
    audit.record(
        session,
        action="update",
        object_type="discrepancy_report",
        object_id=report.id,
        details={"status": data.status},
    )
    return report


def _countries(actor: Principal) -> frozenset[str] | None:
    """The countries whose reports a moderator handles (None: every country)."""
    scope = poe_scope(actor, MODERATE)
    return None if scope is None else scope.countries


def reports(
    *, session: Session, actor: Principal, status: str | None = "open"
) -> Sequence[DiscrepancyReport]:
    """Discrepancy reports in a status (open by default; None: all) on measures of the
    moderator's countries, newest first."""
    return repository.discrepancies(session, status=status, countries=_countries(actor))


def open_reports(
    *, session: Session, actor: Principal
) -> tuple[Sequence[DiscrepancyReport], dict[uuid.UUID, MeasureVersion]]:
    """The moderation queue: open reports on measures of the moderator's countries, newest
    first, and their measures' current versions."""
    found = repository.discrepancies(session, status="open", countries=_countries(actor))
    versions = repository.current_versions(session, list({r.measure_id for r in found}))
    return found, versions


def work_queue(*, session: Session, actor: Principal) -> dict[str, int | str]:
    """The coordinator's queues in their countries: drafts to review and discrepancy reports
    to moderate, with the country to filter the drafts by when the scope is one country."""
    countries = _countries(actor)
    counts: dict[str, int | str] = dict(repository.count_work(session, countries=countries))
    counts["country"] = next(iter(countries)) if countries and len(countries) == 1 else ""
    return counts
