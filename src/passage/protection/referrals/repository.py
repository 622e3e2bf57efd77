"""Every query about the directory, consents and referrals out."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from passage.protection.referrals.models import (
    Consent,
    QueueSeen,
    ServiceProvider,
    ServiceReferral,
)


def add(session: Session, record: object) -> None:
    """Stage a new record."""
    session.add(record)


def providers(
    session: Session,
    *,
    service: str | None = None,
    country: str | None = None,
    language: str | None = None,
    active_only: bool = True,
) -> Sequence[ServiceProvider]:
    """The directory, filtered (services and languages are matched in Python: JSON lists)."""
    statement = select(ServiceProvider)
    if active_only:
        statement = statement.where(ServiceProvider.active.is_(True))
    if country:
        statement = statement.where(ServiceProvider.country_iso3 == country)
    rows = session.scalars(statement.order_by(ServiceProvider.name)).all()
    return [
        row
        for row in rows
        if (not service or service in row.services) and (not language or language in row.languages)
    ]


def get_provider(session: Session, provider_id: uuid.UUID) -> ServiceProvider | None:
    """One service point."""
    return session.get(ServiceProvider, provider_id)


def provider_by_name(session: Session, name: str) -> ServiceProvider | None:
    """A service point by its name."""
    return session.scalar(select(ServiceProvider).where(ServiceProvider.name == name))


def open_referral_counts(session: Session) -> dict[uuid.UUID, int]:
    """Provider id -> referrals pending or accepted (what is left of the capacity)."""
    statement = (
        select(ServiceReferral.provider_id, func.count())
        .where(ServiceReferral.status.in_(("pending", "accepted")))
        .group_by(ServiceReferral.provider_id)
    )
    return {provider_id: count for provider_id, count in session.execute(statement)}


def get_consent(session: Session, consent_id: uuid.UUID) -> Consent | None:
    """One consent."""
    return session.get(Consent, consent_id)


def consents_of(session: Session, person_id: uuid.UUID) -> Sequence[Consent]:
    """A person's consents, newest first."""
    statement = select(Consent).where(Consent.person_id == person_id)
    return session.scalars(statement.order_by(Consent.created_at.desc())).all()


def get_referral(session: Session, referral_id: uuid.UUID) -> ServiceReferral | None:
    """One referral."""
    return session.get(ServiceReferral, referral_id)


def referrals_of_case(session: Session, case_id: uuid.UUID) -> Sequence[ServiceReferral]:
    """A case's referrals, newest first."""
    statement = select(ServiceReferral).where(ServiceReferral.case_id == case_id)
    return session.scalars(statement.order_by(ServiceReferral.created_at.desc())).all()


def referrals_under(session: Session, consent_id: uuid.UUID) -> Sequence[ServiceReferral]:
    """The referrals that rely on a consent."""
    statement = select(ServiceReferral).where(ServiceReferral.consent_id == consent_id)
    return session.scalars(statement).all()


def count_referrals_to(
    session: Session,
    organisations: frozenset[str] | None,
    *,
    status: str,
    seen_by: uuid.UUID | None = None,
    queue: str = "partner",
) -> int:
    """How many referrals to these organisations (None: all) are in a status; with `seen_by`,
    only those made since that user last opened the list `queue` (one query)."""
    statement = select(func.count(ServiceReferral.id)).where(ServiceReferral.status == status)
    if seen_by is not None:
        seen = (
            select(QueueSeen.seen_at)
            .where(QueueSeen.user_id == seen_by, QueueSeen.queue == queue)
            .scalar_subquery()
        )
        statement = statement.where(or_(seen.is_(None), ServiceReferral.created_at > seen))
    if organisations is not None:
        statement = statement.where(ServiceReferral.organisation.in_(sorted(organisations)))
    return session.scalar(statement) or 0


def referrals_to(
    session: Session, organisations: frozenset[str] | None, *, status: str | None, limit: int
) -> Sequence[ServiceReferral]:
    """Referrals addressed to these organisations (None: all), newest first."""
    statement = select(ServiceReferral)
    if organisations is not None:
        statement = statement.where(ServiceReferral.organisation.in_(sorted(organisations)))
    if status:
        statement = statement.where(ServiceReferral.status == status)
    return session.scalars(statement.order_by(ServiceReferral.created_at.desc()).limit(limit)).all()


def mark_seen(session: Session, user_id: uuid.UUID, queue: str, at: datetime) -> None:
    """Remember that the user opened a list of new referrals at `at`."""
    row = session.get(QueueSeen, (user_id, queue))
    if row is None:
        session.add(QueueSeen(user_id=user_id, queue=queue, seen_at=at))
    else:
        row.seen_at = at
