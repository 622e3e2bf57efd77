"""Referrals of vulnerable travellers to service providers: create, read, list, move status.

Services flush, never commit. Every read of a referral is audited (purpose: protection).
A border officer works within the POE of their grant; case and partner workers see the
referrals addressed to their organisation and move them along.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from passage.access import Principal, ScopeTarget, can
from passage.border.crossings.models import Crossing, Traveller
from passage.border.referrals import directory, repository
from passage.border.referrals.models import Referral
from passage.border.referrals.schemas import TRANSITIONS, ReferralCreate, ReferralStatusUpdate
from passage.errors import Forbidden, Invalid, NotFound, OutOfScope
from passage.geo import repository as geo_repository
from passage.geo.models import PointOfEntry
from passage.kit import audit
from passage.kit.clock import utcnow
from passage.kit.repository import check_version
from passage.webhooks import service as webhooks

PURPOSE = "protection referral"


# ---------------------------------------------------------------- scope


# Webhook topic of new referrals (border and protection), for a deployment to notify people by
# its own means: the body names the list, the organisation and the referral's id, never a person.
NEW_REFERRALS_TOPIC = "referrals.new"


def announce(
    session: Session, *, queue: str, organisation: str | None, referral_id: uuid.UUID
) -> None:
    """Tell the configured webhook endpoints that a referral arrived in a list."""
    payload = {
        "event": "referral.new",
        "queue": queue,
        "organisation": organisation,
        "referral_id": str(referral_id),
        "at": utcnow().isoformat(),
    }
    webhooks.announce(session, topic=NEW_REFERRALS_TOPIC, payload=payload)


def subscribe(*, session: Session, name: str, url: str) -> str:
    """A webhook endpoint told of every new referral; returns its shared secret."""
    _endpoint, secret = webhooks.create_endpoint(
        session=session, topic=NEW_REFERRALS_TOPIC, name=name, url=url
    )
    return secret


def scope_of(session: Session, referral: Referral) -> ScopeTarget:
    """Where a referral sits: its POE (and country) and the organisation it is addressed to."""
    poe = session.get(PointOfEntry, referral.poe_id) if referral.poe_id else None
    return ScopeTarget(
        country=poe.country_iso3 if poe else None,
        poe_id=referral.poe_id,
        organisation=referral.organisation,
    )


def _poe_for(session: Session, data: ReferralCreate) -> tuple[PointOfEntry, Crossing | None]:
    """The POE the referral is made at: the crossing's, or the one given."""
    crossing = None
    poe_id = data.poe_id
    if data.crossing_id is not None:
        crossing = session.get(Crossing, data.crossing_id)
        if crossing is None:
            raise NotFound("no such crossing", field="crossing_id")
        if crossing.traveller_id != data.traveller_id:
            raise Invalid("the crossing is not this traveller's", field="crossing_id")
        if poe_id is not None and poe_id != crossing.poe_id:
            raise Invalid("the POE is not the crossing's POE", field="poe_id")
        poe_id = crossing.poe_id
    if poe_id is None:
        raise Invalid("give the crossing or the point of entry", field="poe_id")
    poe = session.get(PointOfEntry, poe_id)
    if poe is None:
        raise NotFound("no such point of entry", field="poe_id")
    return poe, crossing


def _readable(session: Session, referral_id: uuid.UUID, actor: Principal) -> Referral:
    """A referral the actor may read; one outside their scope answers like a missing one."""
    referral = repository.get_referral_row(session, referral_id)
    if referral is None:
        raise NotFound("no such referral")
    if not can(actor, "referrals.read", scope_of(session, referral)):
        raise OutOfScope("no such referral")
    return referral


# ---------------------------------------------------------------- operations


def create_referral(*, session: Session, data: ReferralCreate, actor: Principal) -> Referral:
    """Refer a traveller who crossed at a POE within the actor's scope; consent is stamped when
    given. A traveller who never crossed there answers like an unknown one (nothing about them
    is revealed), and the attempt is audited."""
    poe, crossing = _poe_for(session, data)
    target = ScopeTarget(country=poe.country_iso3, poe_id=poe.id)
    if not can(actor, "referrals.create", target):
        raise Forbidden("this point of entry is outside your scope")
    if crossing is None and not repository.crossed_at(session, data.traveller_id, poe.id):
        raise OutOfScope("no such traveller at this point of entry", field="traveller_id")
    organisation = directory.listed_organisation(session, data.organisation)
    referral = Referral(
        traveller_id=data.traveller_id,
        crossing_id=crossing.id if crossing else None,
        poe_id=poe.id,
        flags=list(data.flags),
        indicators=list(data.indicators),
        consent_given=data.consent_given,
        consent_recorded_at=utcnow() if data.consent_given else None,
        service_provider=data.service_provider,
        organisation=organisation,
        notes=data.notes,
        referred_by=actor.user_id,
    )
    session.add(referral)
    session.flush()
    audit.record(
        session,
        action="create",
        object_type="referral",
        object_id=referral.id,
        purpose=PURPOSE,
        details={"flags": list(data.flags), "consent_given": data.consent_given},
    )
    announce(session, queue="border", organisation=organisation, referral_id=referral.id)
    return referral


def referral_directory(*, session: Session) -> dict[str, list[str]]:
    """What the referral form offers: the organisations and the service points."""
    return {
        "organisations": directory.organisations(session),
        "service_points": [point.name for point in directory.service_points(session)],
    }


def get_referral(*, session: Session, referral_id: uuid.UUID, actor: Principal) -> Referral:
    """One referral the actor may read (not found when outside scope); the read is audited."""
    referral = _readable(session, referral_id, actor)
    audit.record(
        session, action="read", object_type="referral", object_id=referral.id, purpose=PURPOSE
    )
    return referral


def referral_detail(
    *, session: Session, referral_id: uuid.UUID, actor: Principal
) -> tuple[Referral, Traveller | None, PointOfEntry | None]:
    """One referral the actor may read, with its traveller and POE; the read is audited."""
    referral = get_referral(session=session, referral_id=referral_id, actor=actor)
    traveller = session.get(Traveller, referral.traveller_id)
    poe = geo_repository.get_poe(session, referral.poe_id) if referral.poe_id else None
    return referral, traveller, poe


def referrals_of_crossing(
    *, session: Session, actor: Principal, crossing_id: uuid.UUID
) -> Sequence[Referral]:
    """The referrals made at a crossing that the actor may see, for the crossing's page (whose
    read is audited already)."""
    items, _ = repository.search_referrals(session, principal=actor, crossing_id=crossing_id)
    return items


def may_manage(*, actor: Principal, referral: Referral) -> bool:
    """Whether the actor may move this referral along (it is addressed to their organisation)."""
    return can(actor, "referrals.manage", ScopeTarget(organisation=referral.organisation))


def list_referrals(
    *,
    session: Session,
    actor: Principal,
    status: str | None = None,
    crossing_id: uuid.UUID | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[Referral], int]:
    """The referrals within the actor's scope; the listing is audited (a count, no names)."""
    items, total = repository.search_referrals(
        session,
        principal=actor,
        status=status,
        crossing_id=crossing_id,
        limit=limit,
        offset=offset,
    )
    audit.record(
        session,
        action="list",
        object_type="referral",
        purpose=PURPOSE,
        details={"count": len(items), "total": total},
    )
    return items, total


def check_transition(current: str, new: str) -> None:
    """Refuse a status change the referral workflow does not allow."""
    if new not in TRANSITIONS.get(current, frozenset()):
        allowed = ", ".join(sorted(TRANSITIONS.get(current, frozenset()))) or "none (final)"
        raise Invalid(
            "a referral cannot go from %(current)s to %(new)s; allowed: %(allowed)s",
            params={"current": current, "new": new, "allowed": allowed},
            field="status",
        )


def update_referral_status(
    *,
    session: Session,
    referral_id: uuid.UUID,
    data: ReferralStatusUpdate,
    actor: Principal,
) -> Referral:
    """Accept, reject or close a referral addressed to the actor's organisation."""
    referral = _readable(session, referral_id, actor)
    if not may_manage(actor=actor, referral=referral):
        raise Forbidden("this referral is addressed to another organisation")
    check_version(referral, data.version)
    check_transition(referral.status, data.status)
    previous = referral.status
    referral.status = data.status
    if data.notes:
        referral.notes = f"{referral.notes}\n{data.notes}" if referral.notes else data.notes
    session.flush()
    audit.record(
        session,
        action="update",
        object_type="referral",
        object_id=referral.id,
        purpose=PURPOSE,
        details={"from": previous, "to": data.status},
    )
    return referral
