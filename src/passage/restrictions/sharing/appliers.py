"""Partners' measures and POE status reports applied here, with their provenance: the kinds
`measure` and `poe_status` of the exchange feed (`exchange.kinds`)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from passage.errors import Invalid
from passage.exchange import kinds
from passage.exchange.appliers import Context, new_provenance, open_conflict, provenance_of, seen
from passage.exchange.entries import FeedEntryIn
from passage.exchange.models import ImportConflict, Partner
from passage.geo import service as geo_service
from passage.kit.i18n import N_
from passage.restrictions import repository
from passage.restrictions import service as restrictions
from passage.restrictions.sharing.changes import (
    MeasureEntryContent,
    PoeStatusEntryContent,
    measure_change,
)


def apply_measure(session: Session, context: Context, entry: FeedEntryIn, _kid: str) -> str:
    """Create, update or hold for review the local copy of a partner's measure."""
    content = MeasureEntryContent.model_validate(entry.content)
    provenance = context.provenance_of(entry)
    if provenance is None and (same := _same_reference(session, content, entry.content)):
        context.remember(session, new_provenance(context, entry, same.measure_id, same.version_no))
        return "unchanged"  # one measure, two sources
    if provenance is None:
        written = _write_measure(session, context, None, content)
        local_version = written.version.version_no
        context.remember(session, new_provenance(context, entry, written.measure.id, local_version))
        return "imported"
    if entry.record.version <= provenance.remote_version:
        return "unchanged"
    measure, current = restrictions.get_measure(
        session=session, measure_id=provenance.local_record_id
    )
    if _same_measure(current, entry.content):
        seen(provenance, entry)
        provenance.local_version = current.version_no
        return "unchanged"
    if current.version_no != provenance.local_version:
        open_conflict(
            session, context, provenance, entry, current, "edited here since the last import"
        )
        seen(provenance, entry)
        return "conflicts"
    written = _write_measure(session, context, measure.id, content)
    seen(provenance, entry)
    provenance.local_version = written.version.version_no
    return "updated"


def _same_measure(current: Any, content: dict[str, Any]) -> bool:
    change = measure_change(current, "published")
    compared = {name: value for name, value in content.items() if name != "external_ref"}
    return change is not None and change.content == compared


def _same_reference(
    session: Session, content: MeasureEntryContent, raw: dict[str, Any]
) -> Any | None:
    """The current version of the local measure with the partner's external reference and the
    same content (the same OxCGRT row imported by two deployments), if there is one."""
    if not content.external_ref:
        return None
    measure = repository.get_measures_by_ref(session, [content.external_ref]).get(
        content.external_ref
    )
    current = repository.current_version(session, measure.id) if measure else None
    return current if current is not None and _same_measure(current, raw) else None


def _write_measure(
    session: Session, context: Context, measure_id: Any, content: MeasureEntryContent
) -> restrictions.Written:
    return restrictions.record_received(
        session=session,
        measure_id=measure_id,
        data=content,
        status=content.status,
        note=f"received from {context.partner.name}"[:500],
        known_countries=context.countries,
        external_ref=content.external_ref,
    )


def accept_measure(session: Session, conflict: ImportConflict, partner: Partner) -> None:
    """Apply a held change of a measure over the local edit (the reviewer chose theirs)."""
    provenance = provenance_of(session, conflict)
    assert provenance is not None  # a measure's conflict always has one
    content = MeasureEntryContent.model_validate(conflict.entry["content"])
    context = Context(partner, {}, geo_service.known_country_codes(session=session))
    written = _write_measure(session, context, provenance.local_record_id, content)
    provenance.local_version = written.version.version_no


def local_measure(session: Session, measure_id: uuid.UUID) -> dict[str, Any] | None:
    """The local measure as the feed would carry it (to compare with a partner's change)."""
    current = restrictions.current_version_of(session=session, measure_id=measure_id)
    change = measure_change(current, "published") if current else None
    return change.content if change else None


def apply_poe_status(session: Session, context: Context, entry: FeedEntryIn, _kid: str) -> str:
    """Add a partner's POE status report to the history of the matching (or a new) POE."""
    content = PoeStatusEntryContent.model_validate(entry.content)
    if context.provenance_of(entry) is not None:
        return "unchanged"
    code = content.poe.code
    poe = geo_service.poe_by_code(session=session, code=code)
    if poe is None:
        poe = geo_service.create_poe(session=session, data=content.poe)
        poe.source = f"exchange: {context.partner.name}"[:120]
    elif poe.country_iso3 != content.poe.country_iso3:
        message = N_("point of entry %(code)s is in %(here)s here, not %(there)s")
        there = content.poe.country_iso3
        params = {"code": code, "here": poe.country_iso3, "there": there}
        raise Invalid(message, params=params, field="poe.code")
    status = restrictions.record_poe_status(
        session=session, poe_id=poe.id, data=content.status, actor=None, audit_each=False
    )
    context.remember(session, new_provenance(context, entry, status.id, 1))
    return "imported"


MEASURE = kinds.RecordKind(
    name="measure",
    label=N_("Measure"),
    titles={
        "published": "Measure published",
        "updated": "Measure updated",
        "lifted": "Measure lifted",
    },
    apply=apply_measure,
    local_content=local_measure,
    accept=accept_measure,
)
POE_STATUS = kinds.RecordKind(
    name="poe_status",
    label=N_("Point-of-entry status"),
    titles={"reported": "Point-of-entry status"},
    apply=apply_poe_status,
)


def install() -> None:
    """Let the exchange import partners' measures and POE statuses."""
    kinds.register(MEASURE)
    kinds.register(POE_STATUS)
