"""Every query about registrations and anonymous questions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, false, func, or_, select, true
from sqlalchemy.orm import Session

from passage.border.crossings.models import TravelDocument, Traveller
from passage.border.referrals.models import Referral
from passage.protection import repository as shared
from passage.protection.access import Reach
from passage.protection.cases.models import Case
from passage.protection.intake.models import InformationRequest, Registration
from passage.protection.referrals.models import QueueSeen


def add(session: Session, record: object) -> None:
    """Stage a new record."""
    session.add(record)


def get_registration(session: Session, registration_id: uuid.UUID) -> Registration | None:
    """One registration by id, unchecked."""
    return session.get(Registration, registration_id)


def registration_by_code(session: Session, code_hash: str) -> Registration | None:
    """The registration of a receipt code."""
    return session.scalar(select(Registration).where(Registration.code_hash == code_hash))


def registration_of_remote(
    session: Session, deployment: uuid.UUID, referral_id: str
) -> Registration | None:
    """The registration received from another deployment's referral, if any."""
    statement = select(Registration).where(
        Registration.remote_deployment == deployment,
        Registration.remote_referral_id == referral_id,
    )
    return session.scalar(statement)


def _any(reach: frozenset[str] | None) -> ColumnElement[bool]:
    return true() if reach is None or reach else false()


def _visible(reach: Reach) -> ColumnElement[bool]:
    """Registrations routed to an organisation within reach, and the unrouted ones (a shared
    inbox) for every case worker; restricted ones for designated staff only."""
    unrouted = Registration.organisation.is_(None)
    return or_(
        and_(unrouted, Registration.restricted.is_(False), _any(reach.ordinary)),
        and_(unrouted, Registration.restricted.is_(True), _any(reach.restricted)),
        and_(
            Registration.organisation.is_not(None),
            shared.visible(reach, Registration.organisation, Registration.restricted),
        ),
    )


def list_registrations(
    session: Session, reach: Reach, *, status: str | None, limit: int, offset: int
) -> tuple[Sequence[Registration], int]:
    """A page of registrations within reach, oldest waiting first, and the total."""
    statement = select(Registration).where(_visible(reach))
    if status:
        statement = statement.where(Registration.status == status)
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    page = statement.order_by(Registration.created_at).limit(limit).offset(offset)
    return session.scalars(page).all(), total


def count_waiting(session: Session, reach: Reach) -> int:
    """Registrations waiting for verification within reach."""
    statement = select(func.count(Registration.id)).where(
        _visible(reach), Registration.status == "submitted"
    )
    return session.scalar(statement) or 0


def get_request(session: Session, request_id: uuid.UUID) -> InformationRequest | None:
    """One question by id."""
    return session.get(InformationRequest, request_id)


def request_by_code(session: Session, code_hash: str) -> InformationRequest | None:
    """The question of a receipt code."""
    return session.scalar(
        select(InformationRequest).where(InformationRequest.code_hash == code_hash)
    )


def list_requests(
    session: Session, *, status: str | None, limit: int, offset: int
) -> tuple[Sequence[InformationRequest], int]:
    """A page of anonymous questions, oldest first."""
    statement = select(InformationRequest)
    if status:
        statement = statement.where(InformationRequest.status == status)
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    page = statement.order_by(InformationRequest.created_at).limit(limit).offset(offset)
    return session.scalars(page).all(), total


def border_referrals_waiting(
    session: Session, organisations: frozenset[str] | None, limit: int = 100
) -> list[tuple[Referral, Traveller]]:
    """Border referrals addressed to these organisations (None: all) that are not a case yet
    and were not rejected or closed, oldest first."""
    taken = select(Case.border_referral_id).where(Case.border_referral_id.is_not(None))
    statement = (
        select(Referral, Traveller)
        .join(Traveller, Traveller.id == Referral.traveller_id)
        .where(Referral.id.not_in(taken), Referral.status.in_(("in_progress", "accepted")))
    )
    if organisations is not None:
        statement = statement.where(Referral.organisation.in_(sorted(organisations)))
    rows = session.execute(statement.order_by(Referral.created_at).limit(limit)).all()
    return [(referral, traveller) for referral, traveller in rows]


def border_referrals_to_count(
    session: Session,
    organisations: frozenset[str] | None,
    seen_by: uuid.UUID | None = None,
    queue: str = "border",
) -> list[tuple[str, list[str]]]:
    """The organisation and flags of each border referral to these organisations (None: all)
    waiting to be taken up; with `seen_by`, only those made since that user last opened the
    list `queue`. One query: what a count needs, no person."""
    taken = select(Case.border_referral_id).where(Case.border_referral_id.is_not(None))
    statement = select(Referral.organisation, Referral.flags).where(
        Referral.id.not_in(taken),
        Referral.status.in_(("in_progress", "accepted")),
        Referral.organisation.is_not(None),
    )
    if organisations is not None:
        statement = statement.where(Referral.organisation.in_(sorted(organisations)))
    if seen_by is not None:
        seen = (
            select(QueueSeen.seen_at)
            .where(QueueSeen.user_id == seen_by, QueueSeen.queue == queue)
            .scalar_subquery()
        )
        statement = statement.where(or_(seen.is_(None), Referral.created_at > seen))
    rows = session.execute(statement)
    return [(organisation or "", list(flags or ())) for organisation, flags in rows]


def border_referral(session: Session, referral_id: uuid.UUID) -> tuple[Referral, Traveller] | None:
    """A border referral and its traveller, unchecked."""
    referral = session.get(Referral, referral_id)
    if referral is None:
        return None
    traveller = session.get(Traveller, referral.traveller_id)
    return (referral, traveller) if traveller else None


def travel_documents(session: Session, traveller_id: uuid.UUID) -> Sequence[TravelDocument]:
    """A traveller's documents."""
    statement = select(TravelDocument).where(TravelDocument.traveller_id == traveller_id)
    return session.scalars(statement).all()
