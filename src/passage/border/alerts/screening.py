"""Screening travellers against the alert lists, and officers' resolution of the hits.

A hit is a candidate for an officer to resolve (confirmed or false positive, with a reason);
a hit never refuses anyone by itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal, ScopeTarget, can
from passage.border.alerts import repository
from passage.border.alerts.cache import CACHE, ScreeningIndexes
from passage.border.alerts.models import AlertPerson, LostDocument, ScreeningHit
from passage.border.alerts.repository import Listed
from passage.border.alerts.schemas import HitResolve, ScreenMatch, ScreenRequest
from passage.border.crossings.models import Crossing, TravelDocument, Traveller
from passage.border.matching import AlertQuery, Candidate, DocumentHit
from passage.errors import Conflict, Forbidden, NotFound
from passage.kit import audit
from passage.kit.clock import today, utcnow
from passage.kit.repository import check_version

PURPOSE = "border control"
DOCUMENT_SCORES = {"exact": 1.0, "ocr_confusion": 0.9}
CARRIED = "carried_over"  # explanation key of a hit resolved earlier for the same traveller


def threshold() -> float:
    """The score from which a candidate becomes a hit (PASSAGE_SCREENING_THRESHOLD)."""
    return CACHE.settings.threshold


def _query_for(traveller: Traveller, document: TravelDocument | None) -> AlertQuery:
    """The traveller's names and facts as an index query."""
    birth: str | date | None = traveller.birth_date or traveller.birth_date_text
    return AlertQuery(
        surname=traveller.surname,
        given_names=traveller.given_names,
        birth_date=birth,
        nationality=traveller.nationality,
        gender=traveller.sex,
        document_number=document.document_number if document else None,
    )


def person_explanation(candidate: Candidate, person: Listed) -> dict[str, Any]:
    """What matched, the penalties applied and the listed reason (for the officer only).

    `person`: a row of `repository.screenable_persons`."""
    return {
        "kind": "person",
        "list": person.list_name,
        "list_id": str(person.list_id),
        "external_ref": person.external_ref,
        "matched_name": candidate.matched_name,
        "features": {key: round(value, 3) for key, value in candidate.features.items()},
        "penalties": {key: round(value, 3) for key, value in candidate.penalties.items()},
        "evidence": {key: round(value, 3) for key, value in candidate.evidence.items()},
        "notes": list(candidate.explanation),
        "reason": person.reason,
    }


def document_explanation(hit: DocumentHit, presented: str, listed: Listed) -> dict[str, Any]:
    """How a presented document number matched a listed lost or stolen one.

    `listed`: a row of `repository.screenable_documents`."""
    notes = ["same document number"]
    if hit.match == "ocr_confusion":
        notes = [f"{presented} reads as {hit.number} when O/0, I/1, B/8 and S/5 are confused"]
    return {
        "kind": "document",
        "list": listed.list_name,
        "list_id": str(listed.list_id),
        "external_ref": listed.external_ref,
        "match": hit.match,
        "listed_number": listed.document_number,
        "presented_number": presented,
        "issuing_state": listed.issuing_state,
        "notes": notes,
        "reason": listed.reason,
    }


def find_matches(
    *,
    session: Session,
    query: AlertQuery,
    issuing_state: str | None = None,
    indexes: ScreeningIndexes | None = None,
) -> list[ScreenMatch]:
    """Person and document candidates over the threshold, best first (nothing stored)."""
    indexes = indexes or CACHE.indexes(session)
    day = today()
    lowest = min(threshold(), indexes.lowest_list_threshold or 1.0)
    candidates = indexes.persons.search(query, threshold=lowest, limit=CACHE.settings.limit)
    # The index may be a few seconds old: keep only rows this session still sees as valid.
    persons = repository.screenable_persons(
        session, [uuid.UUID(c.entry_id) for c in candidates], day
    )
    matches = [
        ScreenMatch(
            kind="person",
            score=round(candidate.score, 4),
            alert_person_id=person.id,
            explanation=person_explanation(candidate, person),
        )
        for candidate in candidates
        if (person := persons.get(uuid.UUID(candidate.entry_id)))
        and candidate.score >= (person.list_threshold or threshold())
    ]
    if query.document_number:
        matches += _document_matches(session, indexes, query.document_number, issuing_state, day)
    return sorted(matches, key=lambda match: -match.score)


def _document_matches(
    session: Session, indexes: ScreeningIndexes, number: str, state: str | None, day: date
) -> list[ScreenMatch]:
    """Lost or stolen documents matching a presented number."""
    hits = indexes.documents.search(number, state)
    listed = repository.screenable_documents(session, [uuid.UUID(h.record_id) for h in hits], day)
    return [
        ScreenMatch(
            kind="document",
            score=DOCUMENT_SCORES[hit.match],
            lost_document_id=row.id,
            explanation=document_explanation(hit, number, row),
        )
        for hit in hits
        if (row := listed.get(uuid.UUID(hit.record_id)))
    ]


def screen_crossing(
    *,
    session: Session,
    crossing: Crossing,
    traveller: Traveller,
    document: TravelDocument | None,
) -> list[ScreeningHit]:
    """Screen a stored crossing's traveller and document; store and return the new hits.

    Screening again adds only candidates the crossing has no hit for yet. Never refuses."""
    matches = _matches_for(session, traveller, document)
    existing = repository.hits_for_crossing(session, crossing.id)
    known = {hit.alert_person_id or hit.lost_document_id for hit in existing}
    fresh = [match for match in matches if _listed_id(match) not in known]
    _carry_over(session, traveller, fresh)
    hits = [ScreeningHit(**_hit_values(crossing, match)) for match in fresh]
    session.add_all(hits)
    session.flush()
    _set_status(crossing, [*existing, *hits])
    _audit_screening(session, crossing, hits)
    return hits


def screen_new_crossing(
    *,
    session: Session,
    crossing: Crossing,
    traveller: Traveller,
    document: TravelDocument | None,
) -> list[ScreenMatch]:
    """Screen a crossing before it is stored: set its status and return the matches, which
    `store_new_hits` stores once the crossing is flushed (no hit to look up, no UPDATE)."""
    matches = _matches_for(session, traveller, document)
    _carry_over(session, traveller, matches)
    if not matches:
        crossing.screening_status = "clear"
    elif any(CARRIED not in match.explanation for match in matches):
        crossing.screening_status = "open_hits"
    else:
        crossing.screening_status = "resolved"
    _audit_screening(session, crossing, matches)
    return matches


def store_new_hits(*, session: Session, crossing: Crossing, matches: Sequence[ScreenMatch]) -> None:
    """Insert the hits of a just-stored crossing in one statement."""
    if matches:
        repository.insert_hits(session, [_hit_values(crossing, match) for match in matches])


def _matches_for(
    session: Session, traveller: Traveller, document: TravelDocument | None
) -> list[ScreenMatch]:
    state = document.issuing_state if document else None
    return find_matches(session=session, query=_query_for(traveller, document), issuing_state=state)


def _listed_id(match: ScreenMatch) -> uuid.UUID | None:
    return match.alert_person_id or match.lost_document_id


def _carry_over(session: Session, traveller: Traveller, matches: Sequence[ScreenMatch]) -> None:
    """Mark the matches this traveller already had resolved as false positives (at an entry,
    say, before this exit) while the listed entry has not changed since: an officer resolved
    them, and they are not raised again. A changed entry is raised again."""
    if traveller.id is None or not matches:
        return
    listed_ids = [listed for match in matches if (listed := _listed_id(match))]
    earlier = repository.standing_false_positives(session, traveller.id, listed_ids)
    for match in matches:
        hit = earlier.get(_listed_id(match))  # type: ignore[arg-type]
        if hit is not None and hit.resolved_at is not None:
            previous = hit.explanation.get(CARRIED, {})
            match.explanation[CARRIED] = {
                "hit_id": previous.get("hit_id", str(hit.id)),
                "crossing_id": previous.get("crossing_id", str(hit.crossing_id)),
                "resolved_at": hit.resolved_at.isoformat(),
                "resolved_by": str(hit.resolved_by) if hit.resolved_by else None,
                "reason": hit.resolution_reason,
            }


def _hit_values(crossing: Crossing, match: ScreenMatch) -> dict[str, Any]:
    """The columns of a hit of a crossing, for an ORM object or a bulk insert: open, or
    already a false positive when an earlier resolution for this traveller stands."""
    values: dict[str, Any] = {
        "crossing_id": crossing.id,
        "alert_person_id": match.alert_person_id,
        "lost_document_id": match.lost_document_id,
        "score": match.score,
        "explanation": match.explanation,
        "status": "open",
    }
    carried = match.explanation.get(CARRIED)
    if carried:
        resolver = carried.get("resolved_by")
        values |= {
            "status": "false_positive",
            "resolution_reason": f"resolved as a false positive at crossing "
            f"{carried['crossing_id']} (hit {carried['hit_id']}): {carried.get('reason') or ''}",
            "resolved_by": uuid.UUID(resolver) if resolver else None,
            "resolved_at": datetime.fromisoformat(carried["resolved_at"]),
        }
    return values


def _audit_screening(
    session: Session, crossing: Crossing, hits: Sequence[ScreeningHit] | Sequence[ScreenMatch]
) -> None:
    audit.record(
        session,
        action="screen",
        object_type="crossing",
        object_id=crossing.id,
        purpose=PURPOSE,
        details=_hit_counts(hits),
    )


def _hit_counts(hits: Sequence[ScreeningHit] | Sequence[ScreenMatch]) -> dict[str, int]:
    """Counts only: an audit entry never holds names, numbers or listed reasons."""
    persons = sum(1 for hit in hits if hit.alert_person_id)
    carried = sum(1 for hit in hits if CARRIED in hit.explanation)
    return {
        "hits": len(hits),
        "person_hits": persons,
        "document_hits": len(hits) - persons,
        "carried_over": carried,
    }


def _update_status(session: Session, crossing: Crossing) -> None:
    """Recompute a crossing's screening status from its hits."""
    _set_status(crossing, repository.hits_for_crossing(session, crossing.id))


def _set_status(crossing: Crossing, hits: Sequence[ScreeningHit]) -> None:
    """clear (no hit), open_hits (some to resolve) or resolved (all resolved)."""
    if not hits:
        status = "clear"
    elif any(hit.status == "open" for hit in hits):
        status = "open_hits"
    else:
        status = "resolved"
    if crossing.screening_status != status:
        crossing.screening_status = status


def screen_request(*, session: Session, data: ScreenRequest) -> list[ScreenMatch]:
    """Ad-hoc screening for the officer screen's preview; audited as a read, stores nothing."""
    query = AlertQuery(
        names=data.names,
        surname=data.surname,
        given_names=data.given_names,
        birth_date=data.birth_date,
        nationality=data.nationality,
        gender=data.gender,
        document_number=data.document_number,
    )
    matches = find_matches(session=session, query=query, issuing_state=data.issuing_state)
    audit.record(
        session,
        action="read",
        object_type="alert_screening",
        purpose=PURPOSE,
        details={"matches": len(matches)},
    )
    return matches


def scope_of(session: Session, crossing: Crossing) -> ScopeTarget:
    """Where a crossing sits, for scope checks."""
    poe = repository.get_poe(session, crossing.poe_id)
    return ScopeTarget(country=poe.country_iso3 if poe else None, poe_id=crossing.poe_id)


def _crossing_in_scope(
    session: Session, crossing_id: uuid.UUID, actor: Principal, permission: str
) -> Crossing:
    crossing = repository.get_crossing(session, crossing_id)
    if crossing is None:
        raise NotFound("no such crossing", field="crossing_id")
    if not can(actor, permission, scope_of(session, crossing)):
        raise Forbidden("this crossing is outside your point of entry")
    return crossing


def hits_for_crossing(*, session: Session, crossing_id: uuid.UUID) -> list[ScreeningHit]:
    """The hits of a crossing, best first (no scope check: callers check)."""
    return list(repository.hits_for_crossing(session, crossing_id))


def crossing_hits(
    *, session: Session, crossing_id: uuid.UUID, actor: Principal
) -> list[ScreeningHit]:
    """The hits of a crossing in the actor's scope; an audited read."""
    _crossing_in_scope(session, crossing_id, actor, "border.read")
    hits = hits_for_crossing(session=session, crossing_id=crossing_id)
    audit.record(
        session,
        action="read",
        object_type="crossing",
        object_id=crossing_id,
        purpose=PURPOSE,
        details={"hits": len(hits)},
    )
    return hits


def get_hit(
    *, session: Session, hit_id: uuid.UUID, actor: Principal, permission: str = "alerts.resolve"
) -> tuple[ScreeningHit, Crossing]:
    """A hit and its crossing, in the actor's scope; an audited read."""
    hit = repository.get_hit(session, hit_id)
    if hit is None:
        raise NotFound("no such screening hit", field="hit_id")
    crossing = _crossing_in_scope(session, hit.crossing_id, actor, permission)
    audit.record(
        session,
        action="read",
        object_type="screening_hit",
        object_id=hit.id,
        purpose=PURPOSE,
        details={"crossing_id": str(crossing.id)},
    )
    return hit, crossing


def resolve_hit(
    *, session: Session, hit_id: uuid.UUID, data: HitResolve, actor: Principal
) -> ScreeningHit:
    """Confirm a hit or mark it a false positive, with a reason; once only, audited."""
    hit = repository.get_hit(session, hit_id)
    if hit is None:
        raise NotFound("no such screening hit", field="hit_id")
    crossing = _crossing_in_scope(session, hit.crossing_id, actor, "alerts.resolve")
    check_version(hit, data.version)
    if hit.status != "open":
        raise Conflict(
            "this hit was already resolved (%(status)s)",
            params={"status": hit.status},
            field="status",
        )
    hit.status = data.status
    hit.resolution_reason = data.reason
    hit.resolved_by = actor.user_id
    hit.resolved_at = utcnow()
    session.flush()
    _update_status(session, crossing)
    audit.record(
        session,
        action="resolve",
        object_type="screening_hit",
        object_id=hit.id,
        purpose=PURPOSE,
        details={"status": data.status, "crossing_id": str(crossing.id)},
    )
    return hit


@dataclass(frozen=True)
class HitSides:
    """Both sides of a hit: the traveller and document presented, and the listed entry."""

    traveller: Traveller | None
    document: TravelDocument | None
    person: AlertPerson | None
    listed_document: LostDocument | None


def hit_sides(*, session: Session, hit: ScreeningHit, crossing: Crossing) -> HitSides:
    """The traveller and document of a hit's crossing and the listed person or document it
    matched (for the officer who resolves it); reading the traveller is audited."""
    traveller = repository.get_traveller(session, crossing.traveller_id)
    audit.record(
        session,
        action="read",
        object_type="traveller",
        object_id=crossing.traveller_id,
        purpose=PURPOSE,
    )
    document_id = crossing.document_id
    person_id, listed_id = hit.alert_person_id, hit.lost_document_id
    document = repository.get_travel_document(session, document_id) if document_id else None
    person = repository.get_person(session, person_id) if person_id else None
    listed = repository.get_document_entry(session, listed_id) if listed_id else None
    return HitSides(traveller, document, person, listed)
