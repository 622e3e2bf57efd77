"""Restriction tracker operations: versioned edits, workflow, levels, editorial settings, POE
status. Flushes only. Comments and discrepancy reports: moderation.py."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.errors import Conflict, Forbidden, Invalid, NotFound
from passage.exchange import feed as exchange_feed
from passage.geo import repository as geo_repository
from passage.geo.models import PointOfEntry
from passage.kit import audit
from passage.kit.clock import today, utcnow
from passage.kit.i18n import N_
from passage.kit.ids import uuid7
from passage.kit.repository import check_version
from passage.restrictions import repository
from passage.restrictions.models import (
    CountryEditorialSetting,
    Measure,
    MeasureTarget,
    MeasureVersion,
    PoeStatus,
)
from passage.restrictions.schemas import (
    MeasureContent,
    MeasureCreate,
    MeasureEdit,
    PoeStatusCreate,
)
from passage.restrictions.sharing.changes import measure_change, poe_status_change
from passage.restrictions.taxonomy import (
    STALE_AFTER_DAYS,
    MeasureStatus,
    class_of,
    country_level,
    is_stale,
    measure_level,
    verified_day,
)
from passage.restrictions.vocabulary import counts_for_level

TARGET_FIELDS = {
    "nationality": "nationalities",
    "origin": "origins",
    "transit": "transits",
    "residence": "residence",
}
CONTENT_FIELDS = tuple(MeasureContent.model_fields)


def _actor_id(actor: Principal | None) -> str | None:
    return str(actor.user_id) if actor and actor.user_id else None


NO_COUNTRIES = N_(
    "no countries are loaded in this database: run `passage db upgrade` (it loads them) "
    "or `passage poe load-reference`"
)


def _check_countries(known: set[str], content: MeasureContent) -> None:
    if not known:
        raise Invalid(NO_COUNTRIES)
    if content.country_iso3 not in known:
        raise Invalid(
            "unknown country %(country_iso3)s",
            params={"country_iso3": content.country_iso3},
            field="country_iso3",
        )
    for kind, field in TARGET_FIELDS.items():
        codes = getattr(content, field)
        if known.issuperset(codes):  # the usual case, in one C loop (lists hold ~100 codes)
            continue
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise Invalid(
                "unknown %(kind)s country code(s): %(codes)s",
                params={"kind": kind, "codes": ", ".join(unknown)},
                field=field,
            )


def check_new_content(
    *, data: MeasureContent, known_countries: set[str], poe_countries: dict[str, str]
) -> None:
    """Raise Invalid (naming the field) unless every country code and named point of entry of
    new content is known; `poe_countries`: POE code -> its country, for the codes named."""
    _check_countries(known_countries, data)
    _check_poe_codes(None, data, poe_countries)


def _check_poe_codes(
    session: Session | None, content: MeasureContent, poes: dict[str, str] | None = None
) -> None:
    """Named points of entry must exist, in the measure's country (a partner's measure, read
    by the exchange, may name points of entry this deployment does not hold: not checked)."""
    if not content.poe_codes:
        return
    if poes is None:
        assert session is not None
        found = geo_repository.get_poes_by_code(session, content.poe_codes)
        poes = {code: poe.country_iso3 for code, poe in found.items()}
    unknown = [code for code in content.poe_codes if code not in poes]
    if unknown:
        raise Invalid(
            "unknown point of entry code(s): %(codes)s",
            params={"codes": ", ".join(unknown)},
            field="poe_codes",
        )
    elsewhere = [c for c in content.poe_codes if poes[c] != content.country_iso3]
    if elsewhere:
        message = N_("point(s) of entry not in %(country)s: %(codes)s")
        params = {"country": content.country_iso3, "codes": ", ".join(sorted(elsewhere))}
        raise Invalid(message, params=params, field="poe_codes")


def _content_values(content: MeasureContent) -> dict[str, Any]:
    values = content.model_dump(mode="json", include=set(CONTENT_FIELDS))
    for name in ("announced_on", "effective_from", "effective_until", "last_verified_on"):
        values[name] = getattr(content, name)
    return values


def _new_version(
    session: Session,
    measure: Measure,
    values: dict[str, Any],
    status: str,
    actor: Principal | None,
    note: str | None,
    recorded_at: datetime | None = None,
) -> MeasureVersion:
    """Supersede the current version (if any) and add the next one, with its target index."""
    now = recorded_at or utcnow()
    current = (
        repository.current_version(session, measure.id) if measure.current_version_no else None
    )
    if current is not None:
        current.is_current, current.superseded_at = False, now
    targeted = any(values.get(field) for field in TARGET_FIELDS.values())
    version = MeasureVersion(
        id=uuid7(),
        measure_id=measure.id,
        version_no=measure.current_version_no + 1,
        is_current=True,
        recorded_at=now,
        recorded_by=_actor_id(actor),
        change_note=note,
        status=status,
        measure_class=class_of(values["measure_type"]).value,
        level=measure_level(values["measure_type"], targeted, values.get("explicit_level")),
        **values,
    )
    version.targets = [
        MeasureTarget(kind=kind, country_iso3=code)
        for kind, field in TARGET_FIELDS.items()
        for code in values.get(field) or []
    ]
    session.add(version)
    measure.current_version_no, measure.status = version.version_no, status
    previous_status = current.status if current is not None else None
    change = measure_change(version, previous_status, measure.external_ref)
    exchange_feed.record_change(session, change)
    return version


@dataclass(frozen=True)
class Written:
    """A measure and the version just written."""

    measure: Measure
    version: MeasureVersion


def create_measure(
    *,
    session: Session,
    data: MeasureCreate,
    actor: Principal | None,
    external_ref: str | None = None,
    known_countries: set[str] | None = None,
    audit_each: bool = True,
) -> Written:
    """Record a new measure (draft or published) as version 1."""
    _check_countries(known_countries or _known_countries(session), data)
    _check_poe_codes(session, data)
    measure = Measure(
        id=uuid7(),
        country_iso3=data.country_iso3,
        external_ref=external_ref,
        current_version_no=0,
        status=data.status,
    )
    session.add(measure)
    version = _new_version(session, measure, _content_values(data), data.status, actor, "created")
    if audit_each:
        session.flush()
        audit.record(session, action="create", object_type="measure", object_id=measure.id)
    return Written(measure, version)


def record_received(
    *,
    session: Session,
    measure_id: uuid.UUID | None,
    data: MeasureContent,
    status: str,
    note: str,
    known_countries: set[str] | None = None,
    external_ref: str | None = None,
) -> Written:
    """Record a measure as a partner deployment published it: its status as given, no workflow
    step (the exchange importer; it checks provenance and conflicts). None: a new measure,
    keeping the partner's external reference unless a local measure holds it already."""
    _check_countries(known_countries or _known_countries(session), data)
    if measure_id is None:
        if external_ref and repository.get_measures_by_ref(session, [external_ref]):
            external_ref = None
        measure = Measure(
            id=uuid7(),
            country_iso3=data.country_iso3,
            current_version_no=0,
            status=status,
            external_ref=external_ref,
        )
        session.add(measure)
    else:
        measure, _ = get_measure(session=session, measure_id=measure_id)
        measure.country_iso3 = data.country_iso3
    version = _new_version(session, measure, _content_values(data), status, None, note)
    return Written(measure, version)


def _known_countries(session: Session) -> set[str]:
    return set(geo_repository.country_codes(session).values())


def get_measure(*, session: Session, measure_id: uuid.UUID) -> tuple[Measure, MeasureVersion]:
    """A measure and its current version, or NotFound."""
    measure = repository.get_measure(session, measure_id)
    current = repository.current_version(session, measure_id) if measure else None
    if measure is None or current is None:
        raise NotFound("no such measure")
    return measure, current


def _values_of(version: MeasureVersion) -> dict[str, Any]:
    return {name: getattr(version, name) for name in CONTENT_FIELDS}


def edit_measure(
    *,
    session: Session,
    measure_id: uuid.UUID,
    data: MeasureEdit,
    actor: Principal | None,
    known_countries: set[str] | None = None,
    audit_each: bool = True,
) -> Written:
    """Record a new version with new content; the status stays as it was."""
    measure, current = get_measure(session=session, measure_id=measure_id)
    check_version(measure, data.version)
    _check_countries(known_countries or _known_countries(session), data)
    _check_poe_codes(session, data)
    values = _content_values(data)
    if values == _values_of(current):
        return Written(measure, current)
    note = data.change_note or "edited"
    version = _new_version(session, measure, values, current.status, actor, note)
    if audit_each:
        session.flush()
        changed = sorted(diff_values(_values_of(current), values))
        audit.record(
            session, action="update", object_type="measure", object_id=measure.id,
            details={"fields": changed},
        )  # fmt: skip
    return Written(measure, version)


def _transition(
    session: Session,
    measure_id: uuid.UUID,
    expected: int,
    actor: Principal | None,
    status: MeasureStatus,
    note: str,
    **changes: Any,
) -> Written:
    measure, current = get_measure(session=session, measure_id=measure_id)
    check_version(measure, expected)
    values = _values_of(current) | changes
    version = _new_version(session, measure, values, status.value, actor, note)
    session.flush()
    audit.record(
        session,
        action="update",
        object_type="measure",
        object_id=measure.id,
        details={"status": status.value},
    )
    return Written(measure, version)


def publish(*, session: Session, measure_id: uuid.UUID, version: int, actor: Principal) -> Written:
    """Publish a draft; where the country requires review, not by the draft's last editor."""
    measure, current = get_measure(session=session, measure_id=measure_id)
    if current.status != MeasureStatus.DRAFT:
        raise Conflict(
            "only a draft can be published (this measure is %(status)s)",
            params={"status": current.status},
        )
    if repository.review_required(
        session, measure.country_iso3
    ) and current.recorded_by == _actor_id(actor):
        raise Forbidden("this country requires a second person to review and publish")
    return _transition(session, measure_id, version, actor, MeasureStatus.PUBLISHED, "published")


def lift(
    *, session: Session, measure_id: uuid.UUID, version: int, on: date, actor: Principal
) -> Written:
    """Lift a published measure: in force until the day before `on`."""
    _, current = get_measure(session=session, measure_id=measure_id)
    if current.status != MeasureStatus.PUBLISHED:
        raise Conflict("only a published measure can be lifted")
    if on <= current.effective_from:
        raise Invalid("a measure is lifted after the day it took effect", field="on")
    last_day = date.fromordinal(on.toordinal() - 1)
    return _transition(
        session,
        measure_id,
        version,
        actor,
        MeasureStatus.LIFTED,
        f"lifted on {on}",
        effective_until=last_day,
    )


def mark_verified(
    *, session: Session, measure_id: uuid.UUID, version: int, on: date | None, actor: Principal
) -> Written:
    """Record that the measure was checked against its sources on a date."""
    _, current = get_measure(session=session, measure_id=measure_id)
    status = MeasureStatus(current.status)
    return _transition(
        session, measure_id, version, actor, status, "verified", last_verified_on=on or today()
    )


def diff_values(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Fields whose value differs between two versions: name -> (before, after)."""
    return {
        name: (before.get(name), after.get(name))
        for name in after
        if before.get(name) != after.get(name)
    }


def version_diffs(versions: Sequence[MeasureVersion]) -> list[dict[str, Any]]:
    """Each version with who recorded it and what it changed from the previous one."""
    rows, previous = [], None
    for version in versions:
        values = _values_of(version) | {"status": version.status}
        rows.append(
            {"version": version, "changes": diff_values(previous or {}, values) if previous else {}}
        )
        previous = values
    return rows


def measures_in_force(
    *, session: Session, country: str | None, on: date, recorded: datetime | None = None
) -> Sequence[MeasureVersion]:
    """Versions in force on a date (valid time), as the record stood at `recorded` (or now)."""
    return repository.in_force(session, country=country, on=on, recorded=recorded)


def levels_on_date(*, session: Session, on: date) -> tuple[dict[str, int], dict[str, date | None]]:
    """Every country's entry-restriction level on a date (countries without data absent) and
    when the measures setting each were last checked: the maps' restriction layer."""
    return repository.levels_on(session, on), repository.level_checks_on(session, on)


def poe_statuses_on(
    *, session: Session, on: date, country: str | None = None
) -> dict[uuid.UUID, PoeStatus]:
    """Each reported point of entry's status report in effect on a date (the latest effective by
    then), by id: the maps' POE layer."""
    return repository.poe_statuses_on(session, on, country)


def level_on(*, session: Session, country: str, on: date) -> dict[str, Any]:
    """A country's entry-restriction level on a date and the measures that set it."""
    if geo_repository.get_country(session, country) is None:
        raise NotFound(
            "no country with code %(country)s", params={"country": country}, field="country"
        )
    versions = [
        v
        for v in repository.in_force(session, country=country.upper(), on=on)
        if counts_for_level(v.measure_class)
    ]
    level = country_level([v.level for v in versions])
    setting = [v for v in versions if v.level == level] if level is not None else []
    checked = [verified_day(v.last_verified_on, v.recorded_at) for v in setting]
    verified = max((day for day in checked if day is not None), default=None)
    return {
        "country": country.upper(),
        "date": on,
        "level": level,
        "measures": [v.measure_id for v in setting],
        "last_verified_on": verified,
        "stale": level is not None and is_stale(verified, on, today()),
        "stale_days": STALE_AFTER_DAYS,
    }


def set_review_required(
    *, session: Session, country: str, required: bool
) -> CountryEditorialSetting:
    """Turn second-person review on or off for a country."""
    setting = repository.get_editorial_setting(session, country)
    if setting is None:
        setting = CountryEditorialSetting(country_iso3=country, review_required=required)
        session.add(setting)
    setting.review_required = required
    session.flush()
    audit.record(
        session,
        action="update",
        object_type="country_editorial_setting",
        object_id=country,
        details={"review_required": required},
    )
    return setting


def record_poe_status(
    *,
    session: Session,
    poe_id: uuid.UUID,
    data: PoeStatusCreate,
    actor: Principal | None,
    audit_each: bool = True,
) -> PoeStatus:
    """Add a status report to a point of entry's history."""
    poe = geo_repository.get_poe(session, poe_id)
    if poe is None:
        raise NotFound("no such point of entry")
    status = PoeStatus(
        id=uuid7(),
        poe_id=poe.id,
        country_iso3=poe.country_iso3,
        recorded_by=_actor_id(actor),
        **data.model_dump(),
    )
    session.add(status)
    exchange_feed.record_change(session, poe_status_change(status, poe))
    if audit_each:
        session.flush()
        audit.record(session, action="create", object_type="poe_status", object_id=status.id)
    return status


def poe_status_history(
    *, session: Session, poe_id: uuid.UUID
) -> tuple[PointOfEntry, Sequence[PoeStatus]]:
    """A point of entry and its status reports, newest effective first (NotFound if unknown)."""
    poe = geo_repository.get_poe(session, poe_id)
    if poe is None:
        raise NotFound("no such point of entry")
    return poe, repository.poe_status_history(session, poe_id)


def stale_measures(versions: Sequence[MeasureVersion], on: date, days: int) -> list[MeasureVersion]:
    """Versions not verified within `days` before `on` (never verified counts as stale)."""
    limit = date.fromordinal(on.toordinal() - days)
    return [v for v in versions if v.last_verified_on is None or v.last_verified_on < limit]


def current_version_of(*, session: Session, measure_id: uuid.UUID) -> MeasureVersion | None:
    """The version of a measure in force now (None: no such measure)."""
    return repository.current_version(session, measure_id)
