"""Weekly and monthly reports of protection work, and a donor summary: counts only, every cell
under 5 suppressed, no personal data. The background job stores each finished week and month
(for every organisation and for all together); the page also shows the period in progress."""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.errors import Forbidden
from passage.kit import audit
from passage.kit.clock import today
from passage.protection.access import PURPOSE, organisations
from passage.protection.reports import repository, tables
from passage.protection.reports.models import ReportSnapshot
from passage.protection.vocabulary import age_band

PERIODS = ("week", "month")


@dataclass(frozen=True)
class Period:
    """A reporting period: a week (Monday to Sunday) or a calendar month."""

    kind: str
    starts_on: date
    ends_on: date

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as UTC moments."""
        start = datetime.combine(self.starts_on, time(), UTC)
        return start, datetime.combine(self.ends_on + timedelta(days=1), time(), UTC)


def period_of(kind: str, day: date) -> Period:
    """The week or month holding a day."""
    if kind == "week":
        monday = day - timedelta(days=day.weekday())
        return Period("week", monday, monday + timedelta(days=6))
    last = calendar.monthrange(day.year, day.month)[1]
    return Period("month", day.replace(day=1), day.replace(day=last))


def previous(kind: str, day: date) -> Period:
    """The last finished week or month before a day."""
    current = period_of(kind, day)
    return period_of(kind, current.starts_on - timedelta(days=1))


def _case_rows(found: list[tuple[Any, ...]], on: date) -> list[dict[str, list[str]]]:
    rows = []
    for _, nationality, sex, birth, situations, priority, country, admin1 in found:
        place = country or "unknown"
        rows.append(
            {
                "nationality": [nationality or "unknown"],
                "sex": [sex or "U"],
                "age_band": [age_band(birth, on)],
                "situation": list(situations or []) or ["none"],
                "priority": [priority or "not_screened"],
                "place": [f"{place} / {admin1}" if admin1 else place],
            }
        )
    return rows


def build(session: Session, reached: frozenset[str] | None, period: Period) -> dict[str, Any]:
    """The report of a period for these organisations (None: all): cases opened by category,
    services provided by type; counts suppressed."""
    start, end = period.bounds
    found = repository.cases_opened(session, reached, start, end)
    built = tables.tables_of(_case_rows(found, period.ends_on), len(found))
    services = repository.services_provided(session, reached, period.starts_on, period.ends_on)
    by_type = Counter(kind for _, kind in set(services))
    service_table = tables.suppress(by_type, len({case_id for case_id, _ in services}))
    service_table.dimension = "service"
    built = [service_table if table.dimension == "service" else table for table in built]
    return tables.as_dict(built, len(found)) | {
        "period": period.kind,
        "starts_on": period.starts_on.isoformat(),
        "ends_on": period.ends_on.isoformat(),
    }


def _reach(actor: Principal, organisation: str | None) -> frozenset[str] | None:
    reached = organisations(actor, "protection.reports")
    if organisation:
        if reached is not None and organisation not in reached:
            raise Forbidden("this organisation is outside your reach")
        return frozenset({organisation})
    return reached


def report(
    *, session: Session, actor: Principal, kind: str, day: date, organisation: str | None = None
) -> tuple[Period, dict[str, Any]]:
    """A period's report within the reader's reach (stored if finished, else computed)."""
    period = period_of(kind if kind in PERIODS else "week", day)
    reached = _reach(actor, organisation)
    key = organisation or ("" if reached is None else None)
    stored = (
        repository.snapshot(session, period.kind, period.starts_on, key)
        if key is not None
        else None
    )
    result = stored.tables if stored is not None else build(session, reached, period)
    audit.record(session, action="report", object_type="protection_report", purpose=PURPOSE)
    return period, result


def donor_summary(
    *, session: Session, actor: Principal, first: date, last: date, organisation: str | None = None
) -> dict[str, Any]:
    """People assisted, services by type and referrals by outcome over a period, suppressed."""
    reached = _reach(actor, organisation)
    start = datetime.combine(first, time(), UTC)
    end = datetime.combine(last + timedelta(days=1), time(), UTC)
    assisted = repository.persons_assisted(session, reached, first, last)
    services = Counter(
        kind for _, kind in repository.services_provided(session, reached, first, last)
    )
    outcomes = repository.referral_outcomes(session, reached, start, end)
    audit.record(session, action="report", object_type="protection_donor_summary", purpose=PURPOSE)
    return {
        "first": first.isoformat(),
        "last": last.isoformat(),
        "people_assisted": assisted if assisted >= tables.THRESHOLD else None,
        "services": tables.suppress(services, sum(services.values())).cells,
        "referrals": tables.suppress(outcomes, sum(outcomes.values())).cells,
    }


STRANDED_CASE_TYPE = "stranded_migrant"
STRANDED_SITUATION = "stranded"
UNKNOWN_PLACE = "unknown"


def stranded_by_country(*, session: Session, actor: Principal, on: date) -> dict[str, Any]:
    """Stranded migrants per country on a day, within the reader's reach: the persons with a
    case open that day (opened by its end, not closed before it) who are stranded (a stranded
    migrant case, or "stranded" among their situations), counted once each in the country
    where they are; counts only, suppressed as the reports are (`tables.suppress`: every cell
    under 5 withheld, and another where one could be worked out from the total)."""
    start, end = Period("day", on, on).bounds
    reached = _reach(actor, None)
    where: dict[Any, str] = {}
    for person_id, country, situations, case_type in repository.cases_open_between(
        session, reached, start, end
    ):
        if case_type == STRANDED_CASE_TYPE or STRANDED_SITUATION in (situations or []):
            where[person_id] = country or UNKNOWN_PLACE
    table = tables.suppress(Counter(where.values()), len(where))
    audit.record(session, action="report", object_type="protection_stranded_map", purpose=PURPOSE)
    return {
        "date": on.isoformat(),
        "total": table.total,
        "threshold": tables.THRESHOLD,
        "countries": {cell.category: cell.count for cell in table.cells},
    }


def make_snapshots(session: Session, day: date | None = None) -> int:
    """Store the last finished week's and month's reports (all organisations, and each one)
    that are not stored yet; how many were stored."""
    day, made = day or today(), 0
    for kind in PERIODS:
        period = previous(kind, day)
        for organisation in ["", *repository.active_organisations(session)]:
            if repository.snapshot(session, kind, period.starts_on, organisation) is not None:
                continue
            reached = frozenset({organisation}) if organisation else None
            repository.add(
                session,
                ReportSnapshot(
                    period=kind,
                    starts_on=period.starts_on,
                    ends_on=period.ends_on,
                    organisation=organisation,
                    tables=build(session, reached, period),
                ),
            )
            made += 1
    session.flush()
    return made


def stored(*, session: Session, actor: Principal) -> list[ReportSnapshot]:
    """Stored reports within reach."""
    reached = organisations(actor, "protection.reports")
    return list(repository.snapshots(session, reached))
