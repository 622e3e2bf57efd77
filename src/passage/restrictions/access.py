"""Who may see and change which measures: visibility of drafts, editors' country scope, the
workflow steps. Shared by the JSON API and the web pages; routes stay thin."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal, ScopeTarget, can
from passage.auth import repository as auth_repository
from passage.errors import Forbidden, Invalid, NotFound
from passage.geo import repository as geo_repository
from passage.geo import service as geo_service
from passage.kit.clock import as_utc
from passage.restrictions import repository, service
from passage.restrictions.models import (
    CountryEditorialSetting,
    Measure,
    MeasureVersion,
    PoeStatus,
)
from passage.restrictions.schemas import MeasureCreate, MeasureEdit, PoeStatusCreate, WorkflowAction
from passage.restrictions.taxonomy import MeasureStatus
from passage.restrictions.vocabulary import IN_FORCE_STATUSES, was_record_at

PUBLIC_STATUSES = IN_FORCE_STATUSES
PUBLIC_EDITOR_NAME = "an editor"


def sees_drafts(principal: Principal) -> bool:
    """Whether the principal may see drafts (editors); the public sees published records."""
    return can(principal, "measures.edit")


def require_in_scope(principal: Principal, permission: str, country: str) -> None:
    """Refuse an editor whose grant does not cover the measure's country."""
    if not can(principal, permission, ScopeTarget(country=country)):
        raise Forbidden("this country is outside your scope")


def visible_measure(
    *, session: Session, principal: Principal, measure_id: uuid.UUID
) -> tuple[Measure, MeasureVersion]:
    """A measure and its current version; a draft is 'not found' for the public."""
    measure, current = service.get_measure(session=session, measure_id=measure_id)
    if current.status == MeasureStatus.DRAFT and not sees_drafts(principal):
        raise NotFound("no such measure")
    return measure, current


def visible_versions(
    principal: Principal, versions: Sequence[MeasureVersion]
) -> list[MeasureVersion]:
    """The versions a principal may read (draft versions are for editors only)."""
    if sees_drafts(principal):
        return list(versions)
    return [v for v in versions if v.status != MeasureStatus.DRAFT]


def version_as_of(versions: Sequence[MeasureVersion], as_of: datetime) -> MeasureVersion | None:
    """The version the record showed at a moment of recorded time."""
    moment = as_utc(as_of)
    return next((version for version in versions if was_record_at(version, moment)), None)


def editor_names(
    *, session: Session, principal: Principal, versions: Sequence[MeasureVersion]
) -> dict[str, str]:
    """Recorded-by user id -> full name for staff; the public only ever sees 'an editor'."""
    names: dict[str, str] = {}
    for user_id in {v.recorded_by for v in versions if v.recorded_by}:
        if not principal.is_authenticated:
            names[user_id] = PUBLIC_EDITOR_NAME
            continue
        user = auth_repository.get_user(session, uuid.UUID(user_id))
        names[user_id] = user.full_name if user else PUBLIC_EDITOR_NAME
    return names


def visible_versions_of(
    *, session: Session, principal: Principal, measure_id: uuid.UUID
) -> list[MeasureVersion]:
    """A measure's versions the principal may read, oldest first."""
    return visible_versions(principal, repository.versions_of(session, measure_id))


@dataclass(frozen=True)
class VersionChange:
    """One version of a measure's history: who recorded it and what it changed."""

    version: MeasureVersion
    changes: dict[str, tuple[Any, Any]]
    recorded_by_name: str | None


def visible_history(
    *, session: Session, principal: Principal, measure_id: uuid.UUID
) -> list[VersionChange]:
    """The versions the principal may read, oldest first, each with what it changed from the
    version before and who recorded it (the public sees 'an editor')."""
    versions = repository.versions_of(session, measure_id)
    shown = {v.id for v in visible_versions(principal, versions)}
    names = editor_names(session=session, principal=principal, versions=versions)
    return [
        VersionChange(row["version"], row["changes"], names.get(row["version"].recorded_by or ""))
        for row in service.version_diffs(versions)
        if row["version"].id in shown
    ]


def search_visible(
    *, session: Session, principal: Principal, limit: int, offset: int, **filters: Any
) -> tuple[list[MeasureVersion], int]:
    """Search current versions; without drafts for the public, paged like repository.search."""
    status = filters.pop("status", None)
    if status and status not in PUBLIC_STATUSES and not sees_drafts(principal):
        return [], 0
    statuses = None if sees_drafts(principal) else list(PUBLIC_STATUSES)
    items, total = repository.search(
        session, status=status, statuses=statuses, limit=limit, offset=offset, **filters
    )
    return list(items), total


def create_in_scope(
    *, session: Session, principal: Principal, data: MeasureCreate
) -> service.Written:
    """Record a new measure within the editor's country scope (publishing at once needs the
    publish permission, and is refused where the country requires a second person)."""
    require_in_scope(principal, "measures.edit", data.country_iso3)
    if data.status == MeasureStatus.PUBLISHED:
        require_in_scope(principal, "measures.publish", data.country_iso3)
        if repository.review_required(session, data.country_iso3):
            raise Forbidden("this country requires a second person to review and publish")
    return service.create_measure(session=session, data=data, actor=principal)


def edit_in_scope(
    *, session: Session, principal: Principal, measure_id: uuid.UUID, data: MeasureEdit
) -> service.Written:
    """Record a new version, if both the old and the new country are in the editor's scope."""
    measure, _ = service.get_measure(session=session, measure_id=measure_id)
    require_in_scope(principal, "measures.edit", measure.country_iso3)
    require_in_scope(principal, "measures.edit", data.country_iso3)
    return service.edit_measure(session=session, measure_id=measure_id, data=data, actor=principal)


def run_workflow(
    *,
    session: Session,
    principal: Principal,
    measure_id: uuid.UUID,
    step: str,
    action: WorkflowAction,
) -> service.Written:
    """Publish, lift or verify a measure (permission and scope checked here)."""
    measure, _ = service.get_measure(session=session, measure_id=measure_id)
    permission = "measures.edit" if step == "verify" else "measures.publish"
    require_in_scope(principal, permission, measure.country_iso3)
    common: dict[str, Any] = {
        "session": session,
        "measure_id": measure_id,
        "version": action.version,
        "actor": principal,
    }
    if step == "publish":
        return service.publish(**common)
    if step == "lift":
        if action.on is None:
            raise Invalid("give the date from which the measure no longer applies", field="on")
        return service.lift(**common, on=action.on)
    return service.mark_verified(**common, on=action.on)


def record_poe_status(
    *, session: Session, principal: Principal, poe_id: uuid.UUID, data: PoeStatusCreate
) -> PoeStatus:
    """Record a POE status if the principal's scope covers that point of entry."""
    poe = geo_repository.get_poe(session, poe_id)
    if poe is None:
        raise NotFound("no such point of entry")
    if not can(principal, "poe_status.edit", ScopeTarget(country=poe.country_iso3, poe_id=poe.id)):
        raise Forbidden("this point of entry is outside your scope")
    status = service.record_poe_status(session=session, poe_id=poe_id, data=data, actor=principal)
    session.flush()
    return status


def set_review_required(
    *, session: Session, principal: Principal, iso3: str, required: bool
) -> CountryEditorialSetting:
    """Turn second-person review on or off for a country within the publisher's scope."""
    country = geo_service.get_country(session=session, iso3=iso3)
    require_in_scope(principal, "measures.publish", country.iso3)
    return service.set_review_required(session=session, country=country.iso3, required=required)
