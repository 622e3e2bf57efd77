"""Family tracing: a request filed for a missing family member, matched against the persons
who may be traced, the case worker's decisions, and what the requester is told.

Need to know: only case staff of the request's organisation see matches, and a restricted
person (a child on their own, a victim of trafficking) only designated case workers. Whoever
filed a request (a partner worker, a case worker at the requester's side) sees where it stands;
a found adult's details reach the requester only as far as that adult consented, and a child's
never. Every person shown and every disclosure is audited."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.errors import Conflict, Invalid, OutOfScope
from passage.kit import audit
from passage.kit.clock import today, utcnow
from passage.linkage.tracing import matching, repository
from passage.linkage.tracing.models import TracingMatch, TracingRequest
from passage.linkage.tracing.schemas import TracingRequestCreate
from passage.linkage.tracing.vocabulary import ADULT_AGE, SHAREABLE
from passage.protection.access import acting_organisation, may, organisations
from passage.protection.registry.models import Person

PURPOSE = "family tracing"
FILE = "linkage.trace.request"
TRACE = "linkage.trace"
DECISIONS = {"confirm": "confirmed", "reject": "rejected"}
FOLLOW_UP_DAYS = 7


@dataclass(frozen=True)
class MatchItem:
    """A match with its person, for the case worker."""

    match: TracingMatch
    person: Person
    child: bool


def is_child(person: Person, day: date) -> bool:
    """Whether a person is under 18 on `day` (by the recorded date of birth)."""
    return person.birth_date is not None and person.birth_date > adult_born_by(day)


def adult_born_by(day: date) -> date:
    """The latest date of birth of a person who is an adult on `day`."""
    try:
        return day.replace(year=day.year - ADULT_AGE)
    except ValueError:  # 29 February
        return day.replace(year=day.year - ADULT_AGE, day=28)


def _reference(session: Session) -> str:
    while True:
        reference = "T-" + secrets.token_hex(4).upper()
        if not repository.reference_taken(session, reference):
            return reference


def _audit(session: Session, action: str, request: TracingRequest, **details: Any) -> None:
    audit.record(
        session,
        action=action,
        object_type="linkage_tracing_request",
        object_id=request.id,
        purpose=PURPOSE,
        details=details,
    )


def file_request(
    *, session: Session, actor: Principal, data: TracingRequestCreate
) -> TracingRequest:
    """File a tracing request for the actor's organisation (or the one named, within reach)."""
    organisation = acting_organisation(actor, FILE, data.organisation)
    values = data.model_dump(exclude={"organisation"})
    request = TracingRequest(
        reference=_reference(session),
        organisation=organisation,
        filed_by=actor.user_id,
        **values,
    )
    repository.add(session, request)
    session.flush()
    _audit(session, "create", request)
    return request


def _handles(actor: Principal, request: TracingRequest) -> bool:
    return may(actor, TRACE, request.organisation, False)


def _filed_or_handles(actor: Principal, request: TracingRequest) -> bool:
    if _handles(actor, request):
        return True
    mine = request.filed_by is not None and request.filed_by == actor.user_id
    return mine and may(actor, FILE, request.organisation, False)


def requests(*, session: Session, actor: Principal, limit: int = 100) -> Sequence[TracingRequest]:
    """The requests the actor may follow: all of their organisations' for case staff, the ones
    they filed for others."""
    handled = organisations(actor, TRACE)
    if handled is None or handled:
        return repository.requests(session, handled, None, limit)
    return repository.requests(session, organisations(actor, FILE), actor.user_id, limit)


def get_request(*, session: Session, actor: Principal, request_id: uuid.UUID) -> TracingRequest:
    """A request the actor filed or handles."""
    request = repository.get_request(session, request_id)
    if request is None or not _filed_or_handles(actor, request):
        raise OutOfScope("no such record")
    return request


def handled_request(*, session: Session, actor: Principal, request_id: uuid.UUID) -> TracingRequest:
    """A request the actor handles as case staff of its organisation."""
    request = repository.get_request(session, request_id)
    if request is None or not _handles(actor, request):
        raise OutOfScope("no such record")
    return request


def matches(*, session: Session, actor: Principal, request_id: uuid.UUID) -> list[MatchItem]:
    """The request's matches the actor may see (restricted persons: designated case workers
    only), most likely first; each person shown is audited as read."""
    request = handled_request(session=session, actor=actor, request_id=request_id)
    found = repository.matches_of(session, request.id)
    people = repository.persons(session, [item.person_id for item in found])
    day = today()
    items = [
        MatchItem(item, people[item.person_id], is_child(people[item.person_id], day))
        for item in found
        if may(actor, TRACE, people[item.person_id].organisation, people[item.person_id].restricted)
    ]
    for item in items:
        audit.record(
            session,
            action="read",
            object_type="protection_person",
            object_id=item.person.id,
            purpose=PURPOSE,
            details={"tracing_request": request.reference},
        )
    return items


def match(
    *, session: Session, actor: Principal, request_id: uuid.UUID, threshold: float = 0.3
) -> list[MatchItem]:
    """Match the request against the persons who may be traced; new matches join the request
    (those already decided stay as they are). Returns the matches the actor may see."""
    request = handled_request(session=session, actor=actor, request_id=request_id)
    if request.status != "open":
        raise Invalid("this request is no longer open", field="status")
    day = today()
    people = repository.traceable(session, request.organisation, day, adult_born_by(day))
    known = {item.person_id for item in repository.matches_of(session, request.id)}
    found = matching.candidates(session, request, people, threshold=threshold)
    for person_id, probability, explanation in found:
        if person_id in known:
            continue
        repository.add(
            session,
            TracingMatch(
                request_id=request.id,
                person_id=person_id,
                match_probability=probability,
                explanation=explanation,
            ),
        )
    request.matched_at = utcnow()
    session.flush()
    _audit(session, "linkage.trace", request, compared=len(people), found=len(found))
    return matches(session=session, actor=actor, request_id=request.id)


def decide(
    *, session: Session, actor: Principal, match_id: uuid.UUID, decision: str, version: int
) -> TracingMatch:
    """Confirm a match (the person is found: the request moves to reunification, with a
    follow-up due on the person's open case) or reject it."""
    item = repository.get_match(session, match_id)
    request = repository.get_request(session, item.request_id) if item else None
    person = repository.persons(session, [item.person_id]).get(item.person_id) if item else None
    if item is None or request is None or person is None or not _handles(actor, request):
        raise OutOfScope("no such record")
    if not may(actor, TRACE, person.organisation, person.restricted):
        raise OutOfScope("no such record")
    if decision not in DECISIONS:
        raise Invalid("decide confirm or reject", field="decision")
    if item.version != version or item.status != "pending":
        raise Conflict("this match was decided or changed meanwhile", field="version")
    if decision == "confirm" and request.status != "open":
        raise Conflict("this request already found its person", field="status")
    item.status = DECISIONS[decision]
    item.decided_by, item.decided_at = actor.user_id, utcnow()
    if decision == "confirm":
        request.status, request.found_person_id = "reunification", person.id
        request.follow_up_due = today() + timedelta(days=FOLLOW_UP_DAYS)
        matching.plan_follow_up(session, request, person, actor)
    session.flush()
    _audit(session, f"linkage.trace.{decision}", request, match=str(item.id))
    return item


@dataclass(frozen=True)
class RequesterView:
    """What the requester may be told: where the request stands, and the found person's fields
    that person agreed to share with the family (never anything about a child or a restricted
    person)."""

    reference: str
    status: str
    shared: dict[str, str]


def requester_view(*, session: Session, actor: Principal, request_id: uuid.UUID) -> RequesterView:
    """The request as its requester may see it; a disclosure is audited."""
    request = get_request(session=session, actor=actor, request_id=request_id)
    shared = _shared(session, request)
    if shared:
        audit.record(
            session,
            action="disclose",
            object_type="protection_person",
            object_id=request.found_person_id,
            purpose=PURPOSE,
            details={"tracing_request": request.reference, "fields": sorted(shared)},
        )
    return RequesterView(request.reference, request.status, shared)


def _shared(session: Session, request: TracingRequest) -> dict[str, str]:
    if request.status != "reunification" or request.found_person_id is None:
        return {}
    person = repository.persons(session, [request.found_person_id]).get(request.found_person_id)
    day = today()
    if person is None or person.restricted or is_child(person, day):
        return {}
    consent = repository.tracing_consent(session, person.id, day)
    if consent is None:
        return {}
    values = {name: getattr(person, name) for name in SHAREABLE if name in consent.fields}
    return {name: str(value) for name, value in values.items() if value}
