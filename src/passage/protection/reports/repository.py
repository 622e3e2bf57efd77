"""The queries behind the reports: categories only, never a personal field leaves here except
the birth date, turned into an age band at once by the service."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from passage.protection.cases.models import Case, CaseService
from passage.protection.referrals.models import ServiceReferral
from passage.protection.registry.models import Person
from passage.protection.reports.models import ReportSnapshot


def _orgs(column: Any, organisations: frozenset[str] | None) -> Any:
    return True if organisations is None else column.in_(sorted(organisations))


def cases_opened(
    session: Session, organisations: frozenset[str] | None, start: datetime, end: datetime
) -> list[tuple[Any, ...]]:
    """(case id, nationality, sex, birth date, situations, priority, country, admin1) of the
    cases opened in [start, end)."""
    statement = (
        select(
            Case.id,
            Person.nationality,
            Person.sex,
            Person.birth_date,
            Person.situations,
            Case.priority,
            Person.country_iso3,
            Person.admin1,
        )
        .join(Person, Person.id == Case.person_id)
        .where(
            Case.opened_at >= start, Case.opened_at < end, _orgs(Case.organisation, organisations)
        )
    )
    return [tuple(row) for row in session.execute(statement)]


def cases_open_between(
    session: Session, organisations: frozenset[str] | None, start: datetime, end: datetime
) -> list[tuple[Any, ...]]:
    """(person id, country, situations, case type) of the cases open at some moment of
    [start, end): opened before `end`, not closed before `start`."""
    statement = (
        select(Person.id, Person.country_iso3, Person.situations, Case.case_type)
        .join(Person, Person.id == Case.person_id)
        .where(
            Case.opened_at < end,
            (Case.closed_at.is_(None)) | (Case.closed_at >= start),
            _orgs(Case.organisation, organisations),
        )
    )
    return [tuple(row) for row in session.execute(statement)]


def services_provided(
    session: Session, organisations: frozenset[str] | None, first: date, last: date
) -> list[tuple[Any, str]]:
    """(case id, service type) of the services provided from `first` to `last`."""
    statement = (
        select(CaseService.case_id, CaseService.service_type)
        .join(Case, Case.id == CaseService.case_id)
        .where(
            CaseService.status == "provided",
            CaseService.provided_on >= first,
            CaseService.provided_on <= last,
            _orgs(Case.organisation, organisations),
        )
    )
    return [(case_id, kind) for case_id, kind in session.execute(statement)]


def persons_assisted(
    session: Session, organisations: frozenset[str] | None, first: date, last: date
) -> int:
    """Distinct persons who received a service from `first` to `last`."""
    statement = (
        select(func.count(func.distinct(Case.person_id)))
        .join(CaseService, CaseService.case_id == Case.id)
        .where(
            CaseService.status == "provided",
            CaseService.provided_on >= first,
            CaseService.provided_on <= last,
            _orgs(Case.organisation, organisations),
        )
    )
    return session.scalar(statement) or 0


def referral_outcomes(
    session: Session, organisations: frozenset[str] | None, start: datetime, end: datetime
) -> dict[str, int]:
    """Referrals made in [start, end) by their status now."""
    statement = (
        select(ServiceReferral.status, func.count())
        .join(Case, Case.id == ServiceReferral.case_id)
        .where(
            ServiceReferral.created_at >= start,
            ServiceReferral.created_at < end,
            _orgs(Case.organisation, organisations),
        )
        .group_by(ServiceReferral.status)
    )
    return {status: count for status, count in session.execute(statement)}


def snapshot(
    session: Session, period: str, starts_on: date, organisation: str
) -> ReportSnapshot | None:
    """A stored report."""
    statement = select(ReportSnapshot).where(
        ReportSnapshot.period == period,
        ReportSnapshot.starts_on == starts_on,
        ReportSnapshot.organisation == organisation,
    )
    return session.scalar(statement)


def snapshots(
    session: Session, organisations: frozenset[str] | None, limit: int = 60
) -> Sequence[ReportSnapshot]:
    """Stored reports within reach, newest first ("" is the report of all organisations, for
    readers who reach every organisation)."""
    statement = select(ReportSnapshot)
    if organisations is not None:
        statement = statement.where(ReportSnapshot.organisation.in_(sorted(organisations)))
    return session.scalars(statement.order_by(ReportSnapshot.starts_on.desc()).limit(limit)).all()


def add(session: Session, record: object) -> None:
    """Stage a new record."""
    session.add(record)


def active_organisations(session: Session) -> list[str]:
    """Organisations that own at least one case."""
    return list(session.scalars(select(Case.organisation).distinct().order_by(Case.organisation)))
