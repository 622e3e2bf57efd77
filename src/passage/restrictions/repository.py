"""Every query of the restriction tracker."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, and_, case, func, or_, select
from sqlalchemy.orm import Session

from passage.restrictions.models import (
    CountryEditorialSetting,
    DiscrepancyReport,
    Measure,
    MeasureComment,
    MeasureTarget,
    MeasureVersion,
    PoeStatus,
)
from passage.restrictions.vocabulary import (
    as_recorded_at,
    current_record,
    in_force_on,
    sets_entry_level,
)

V = MeasureVersion


def get_measure(session: Session, measure_id: uuid.UUID) -> Measure | None:
    """A measure by id."""
    return session.get(Measure, measure_id)


def get_measures_by_ref(session: Session, refs: list[str]) -> dict[str, Measure]:
    """Measures by external reference (imports)."""
    found: dict[str, Measure] = {}
    for start in range(0, len(refs), 500):
        statement = select(Measure).where(Measure.external_ref.in_(refs[start : start + 500]))
        found.update({m.external_ref: m for m in session.scalars(statement) if m.external_ref})
    return found


def current_version(session: Session, measure_id: uuid.UUID) -> MeasureVersion | None:
    """The current version of a measure."""
    statement = select(V).where(V.measure_id == measure_id, current_record())
    return session.scalars(statement).one_or_none()


def current_versions(
    session: Session, measure_ids: list[uuid.UUID]
) -> dict[uuid.UUID, MeasureVersion]:
    """Current versions of several measures."""
    found: dict[uuid.UUID, MeasureVersion] = {}
    for start in range(0, len(measure_ids), 500):
        chunk = measure_ids[start : start + 500]
        statement = select(V).where(V.measure_id.in_(chunk), current_record())
        found.update({v.measure_id: v for v in session.scalars(statement)})
    return found


def current_states(session: Session, refs: list[str]) -> dict[str, Row[Any]]:
    """By external reference: the measure's id and version (`measure_version`) and its current
    version's columns, as plain rows (imports compare them; a commit does not expire them)."""
    columns = [c for c in V.__table__.columns if c.name not in ("id", "version")]
    found: dict[str, Row[Any]] = {}
    for start in range(0, len(refs), 500):
        statement = (
            select(Measure.external_ref, Measure.version.label("measure_version"), *columns)
            .join(V, V.measure_id == Measure.id)
            .where(Measure.external_ref.in_(refs[start : start + 500]), current_record())
        )
        found.update({row.external_ref: row for row in session.execute(statement)})
    return found


def versions_of(session: Session, measure_id: uuid.UUID) -> Sequence[MeasureVersion]:
    """Every version of a measure, oldest first."""
    return session.scalars(select(V).where(V.measure_id == measure_id).order_by(V.version_no)).all()


def in_force(
    session: Session, *, country: str | None, on: date, recorded: datetime | None = None
) -> Sequence[MeasureVersion]:
    """Versions in force on a date (valid time), as the record stood at `recorded` (or now)."""
    statement = select(V).where(in_force_on(on), as_recorded_at(recorded))
    if country:
        statement = statement.where(V.country_iso3 == country)
    return session.scalars(statement.order_by(V.country_iso3, V.effective_from)).all()


def levels_on(session: Session, on: date) -> dict[str, int]:
    """Each country's entry-restriction level on a date: the highest level in force, exit
    restrictions not counted; countries without data are absent (no data is not level 0)."""
    statement = select(V.country_iso3, func.max(V.level)).where(
        in_force_on(on), current_record(), sets_entry_level()
    )
    rows = session.execute(statement.group_by(V.country_iso3)).all()
    return {row[0]: row[1] for row in rows}


def level_checks_on(session: Session, on: date) -> dict[str, date | None]:
    """Per country, when the measures setting its level on a date were last checked (the
    latest `last_verified_on`, or recorded day of a measure never verified)."""
    filters = (in_force_on(on), current_record(), sets_entry_level())
    top = (
        select(V.country_iso3.label("country"), func.max(V.level).label("level"))
        .where(*filters)
        .group_by(V.country_iso3)
        .subquery()
    )
    never_verified = case((V.last_verified_on.is_(None), V.recorded_at))
    statement = (
        select(V.country_iso3, func.max(V.last_verified_on), func.max(never_verified))
        .join(top, and_(V.country_iso3 == top.c.country, V.level == top.c.level))
        .where(*filters)
        .group_by(V.country_iso3)
    )
    checks: dict[str, date | None] = {}
    for country, verified, recorded in session.execute(statement):
        recorded_day = _as_date(recorded)
        days = [day for day in (verified, recorded_day) if day is not None]
        checks[country] = max(days) if days else None
    return checks


def _as_date(value: date | datetime | str | None) -> date | None:
    """A date from an aggregate (SQLite returns the stored text of a max over a CASE)."""
    if value is None or type(value) is date:
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def search(
    session: Session,
    *,
    country: str | None = None,
    target_kind: str | None = None,
    target: str | None = None,
    measure_class: str | None = None,
    measure_type: str | None = None,
    status: str | None = None,
    statuses: Sequence[str] | None = None,
    on: date | None = None,
    text: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[MeasureVersion], int]:
    """Current versions matching the filters, newest effective first, with the total."""
    statement = select(V).where(current_record())
    if country:
        statement = statement.where(V.country_iso3 == country)
    if target:
        kinds = [target_kind] if target_kind else ["nationality", "origin", "transit", "residence"]
        targeted = select(MeasureTarget.version_id).where(
            MeasureTarget.kind.in_(kinds), MeasureTarget.country_iso3 == target
        )
        statement = statement.where(V.id.in_(targeted))
    if measure_class:
        statement = statement.where(V.measure_class == measure_class)
    if measure_type:
        statement = statement.where(V.measure_type == measure_type)
    if status:
        statement = statement.where(V.status == status)
    if statuses is not None:
        statement = statement.where(V.status.in_(list(statuses)))
    if on:
        statement = statement.where(in_force_on(on))
    if text:
        pattern = f"%{text.strip().lower()}%"
        statement = statement.where(
            or_(func.lower(V.title).like(pattern), func.lower(V.details).like(pattern))
        )
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    page = statement.order_by(V.effective_from.desc(), V.id).limit(limit).offset(offset)
    return session.scalars(page).all(), total


def review_required(session: Session, country: str) -> bool:
    """Whether publishing in a country needs a second person."""
    statement = select(CountryEditorialSetting.review_required).where(
        CountryEditorialSetting.country_iso3 == country
    )
    return bool(session.scalar(statement))


def get_editorial_setting(session: Session, country: str) -> CountryEditorialSetting | None:
    """The editorial setting of a country."""
    statement = select(CountryEditorialSetting).where(
        CountryEditorialSetting.country_iso3 == country
    )
    return session.scalars(statement).one_or_none()


def comments_of(session: Session, measure_id: uuid.UUID) -> Sequence[MeasureComment]:
    """Comments on a measure, oldest first."""
    statement = select(MeasureComment).where(MeasureComment.measure_id == measure_id)
    return session.scalars(statement.order_by(MeasureComment.created_at)).all()


def discrepancies(
    session: Session,
    *,
    status: str | None = "open",
    measure_id: uuid.UUID | None = None,
    countries: Collection[str] | None = None,
) -> Sequence[DiscrepancyReport]:
    """Discrepancy reports, newest first (on measures of `countries`, when given)."""
    statement = select(DiscrepancyReport)
    if countries is not None:
        of_countries = select(Measure.id).where(Measure.country_iso3.in_(list(countries)))
        statement = statement.where(DiscrepancyReport.measure_id.in_(of_countries))
    if status:
        statement = statement.where(DiscrepancyReport.status == status)
    if measure_id:
        statement = statement.where(DiscrepancyReport.measure_id == measure_id)
    return session.scalars(statement.order_by(DiscrepancyReport.created_at.desc())).all()


def count_work(session: Session, *, countries: Collection[str] | None) -> dict[str, int]:
    """Current drafts and open discrepancy reports (of `countries`, when given)."""
    drafts = select(func.count()).where(current_record(), V.status == "draft")
    reports = select(func.count(DiscrepancyReport.id)).where(DiscrepancyReport.status == "open")
    if countries is not None:
        drafts = drafts.where(V.country_iso3.in_(list(countries)))
        of_countries = select(Measure.id).where(Measure.country_iso3.in_(list(countries)))
        reports = reports.where(DiscrepancyReport.measure_id.in_(of_countries))
    return {
        "drafts": session.scalar(drafts.select_from(V)) or 0,
        "reports": session.scalar(reports) or 0,
    }


def get_discrepancy(session: Session, report_id: uuid.UUID) -> DiscrepancyReport | None:
    """A discrepancy report by id."""
    return session.get(DiscrepancyReport, report_id)


def poe_status_history(session: Session, poe_id: uuid.UUID) -> Sequence[PoeStatus]:
    """Every status report of a point of entry, newest effective first."""
    statement = select(PoeStatus).where(PoeStatus.poe_id == poe_id)
    return session.scalars(
        statement.order_by(PoeStatus.effective_from.desc(), PoeStatus.created_at.desc())
    ).all()


def poe_statuses_on(
    session: Session, on: date, country: str | None = None
) -> dict[uuid.UUID, PoeStatus]:
    """The status of each point of entry on a date (the latest report effective by then)."""
    latest = (
        select(PoeStatus.poe_id, func.max(PoeStatus.effective_from).label("effective_from"))
        .where(PoeStatus.effective_from <= on)
        .group_by(PoeStatus.poe_id)
    )
    if country:
        latest = latest.where(PoeStatus.country_iso3 == country)
    sub = latest.subquery()
    statement = select(PoeStatus).join(
        sub,
        and_(PoeStatus.poe_id == sub.c.poe_id, PoeStatus.effective_from == sub.c.effective_from),
    )
    result: dict[uuid.UUID, PoeStatus] = {}
    for status in session.scalars(statement.order_by(PoeStatus.created_at)):
        result[status.poe_id] = status  # a later report for the same day wins
    return result
