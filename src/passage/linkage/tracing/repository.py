"""Every query of family tracing: requests, their matches, and the registered persons who may
be traced (a valid tracing consent, or a child)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import Session

from passage.linkage.tracing.models import TracingMatch, TracingRequest
from passage.linkage.tracing.vocabulary import TRACING_PURPOSE
from passage.protection.referrals.models import Consent
from passage.protection.registry.models import Person


def add(session: Session, record: object) -> None:
    """Stage a new record."""
    session.add(record)


def get_request(session: Session, request_id: uuid.UUID) -> TracingRequest | None:
    """One request, unchecked."""
    return session.get(TracingRequest, request_id)


def reference_taken(session: Session, reference: str) -> bool:
    """Whether a request already has this reference."""
    statement = select(TracingRequest.id).where(TracingRequest.reference == reference)
    return session.scalar(statement) is not None


def requests(
    session: Session,
    organisations: frozenset[str] | None,
    filed_by: uuid.UUID | None,
    limit: int,
) -> Sequence[TracingRequest]:
    """Requests within the organisations (None: all), only those filed by `filed_by` when
    given; newest first."""
    statement = select(TracingRequest)
    if organisations is not None:
        statement = statement.where(TracingRequest.organisation.in_(organisations))
    if filed_by is not None:
        statement = statement.where(TracingRequest.filed_by == filed_by)
    ordered = statement.order_by(TracingRequest.created_at.desc(), TracingRequest.id)
    return session.scalars(ordered.limit(limit)).all()


def _tracing_consent(day: date) -> Select[uuid.UUID]:
    return (
        select(Consent.id)
        .where(
            Consent.person_id == Person.id,
            Consent.purpose == TRACING_PURPOSE,
            Consent.withdrawn_at.is_(None),
            Consent.expires_on >= day,
        )
        .correlate(Person)
    )


def traceable(session: Session, organisation: str, day: date, born_after: date) -> Sequence[Person]:
    """The persons of an organisation who may be traced on `day`: those with a valid consent to
    tracing, and children (born after `born_after`), whose tracing is in their interest."""
    statement = select(Person).where(
        Person.organisation == organisation,
        or_(exists(_tracing_consent(day)), Person.birth_date > born_after),
    )
    return session.scalars(statement.order_by(Person.id)).all()


def tracing_consent(session: Session, person_id: uuid.UUID, day: date) -> Consent | None:
    """A person's valid consent to tracing on `day`, the newest."""
    statement = select(Consent).where(
        Consent.person_id == person_id,
        Consent.purpose == TRACING_PURPOSE,
        Consent.withdrawn_at.is_(None),
        Consent.expires_on >= day,
    )
    return session.scalar(statement.order_by(Consent.created_at.desc()).limit(1))


def matches_of(session: Session, request_id: uuid.UUID) -> Sequence[TracingMatch]:
    """A request's matches, most likely first."""
    statement = select(TracingMatch).where(TracingMatch.request_id == request_id)
    ordered = statement.order_by(TracingMatch.match_probability.desc(), TracingMatch.id)
    return session.scalars(ordered).all()


def get_match(session: Session, match_id: uuid.UUID) -> TracingMatch | None:
    """One match, unchecked."""
    return session.get(TracingMatch, match_id)


def persons(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Person]:
    """Persons by id."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    return {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(wanted)))}
