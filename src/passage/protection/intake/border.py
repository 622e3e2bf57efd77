"""A referral made at a point of entry (`border.referrals`) becomes a protection case: the
traveller becomes a person linked to them, the referral's flags become situations and the
case's type, and its consent (given or not, and when) stays with the case. Protection reads
the border's referrals; the border domain knows nothing of protection."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.border.crossings.models import Traveller
from passage.border.referrals import service as border_referrals
from passage.border.referrals.models import Referral
from passage.errors import NotFound, OutOfScope
from passage.kit import audit
from passage.protection.access import PURPOSE, may, organisations
from passage.protection.cases import service as cases
from passage.protection.cases.models import Case
from passage.protection.intake import repository
from passage.protection.referrals.service import BORDER_QUEUE
from passage.protection.registry import repository as registry_repository
from passage.protection.registry import service as registry
from passage.protection.registry.schemas import DocumentIn, PersonFields

SITUATION_OF_FLAG = {
    "unaccompanied_or_separated_child": "unaccompanied_child",
    "suspected_trafficking": "presumed_victim_of_trafficking",
    "medical_emergency": "medical_need",
    "pregnancy": "pregnant",
    "disability": "disability",
    "intention_to_seek_asylum": "asylum_seeker",
}
DOCUMENT_KIND = {"P": "passport", "I": "national_id", "A": "national_id", "C": "national_id"}


class TakeUp(BaseModel):
    """How the case of a border referral starts."""

    model_config = ConfigDict(extra="forbid")

    risk_level: Literal["low", "medium", "high", "critical"] = "high"
    note: str | None = Field(default=None, max_length=4000)


def case_type_of(flags: list[str]) -> str:
    """The case type a referral's flags call for (child protection and trafficking first)."""
    if "unaccompanied_or_separated_child" in flags:
        return "child_protection"
    if "suspected_trafficking" in flags:
        return "trafficking"
    if "medical_emergency" in flags:
        return "medical"
    return "general_protection"


RESTRICTED_CASE_TYPES = ("child_protection", "trafficking")


def can_take_up(actor: Principal, organisation: str, flags: list[str]) -> bool:
    """Whether the actor may open the case of a border referral with these flags to this
    organisation (a child or trafficking case needs a designated case worker)."""
    restricted = case_type_of(flags) in RESTRICTED_CASE_TYPES
    return may(actor, "protection.edit", organisation, restricted)


def waiting(*, session: Session, actor: Principal) -> list[tuple[Referral, Traveller]]:
    """Border referrals to the actor's organisations that are not a case yet and that the
    actor may take up (no read of a person: the list shows flags, places and dates)."""
    rows = repository.border_referrals_waiting(session, organisations(actor, "protection.edit"))
    return [
        (referral, traveller)
        for referral, traveller in rows
        if referral.organisation and can_take_up(actor, referral.organisation, referral.flags)
    ]


def count_waiting(*, session: Session, actor: Principal, unseen: bool = False) -> int:
    """How many border referrals to the actor's organisations wait to be taken up by the actor
    (dashboard); with `unseen`, only those made since the actor last opened the list (the
    header's notice). One query."""
    seen_by = actor.user_id if unseen else None
    rows = repository.border_referrals_to_count(
        session, organisations(actor, "protection.edit"), seen_by, BORDER_QUEUE
    )
    return sum(1 for organisation, flags in rows if can_take_up(actor, organisation, flags))


def _fields(session: Session, referral: Referral, traveller: Traveller) -> PersonFields:
    situations = [SITUATION_OF_FLAG[f] for f in referral.flags if f in SITUATION_OF_FLAG]
    documents = [
        DocumentIn(
            kind=DOCUMENT_KIND.get(document.document_code[:1], "travel_document"),
            number=document.document_number,
            issuing_country=document.issuing_state if len(document.issuing_state) == 3 else None,
            expires_on=document.expiry_date,
        )
        for document in repository.travel_documents(session, traveller.id)
    ]
    return PersonFields(
        given_names=traveller.given_names or "-",
        surname=traveller.surname,
        sex=traveller.sex if traveller.sex in ("F", "M", "X") else "U",
        birth_date=traveller.birth_date,
        nationality=traveller.nationality,
        phone=traveller.phone,
        situations=situations,
        migration_status="asylum_seeker" if "asylum_seeker" in situations else "unknown",
        documents=documents,
    )


def take_up(*, session: Session, referral_id: uuid.UUID, data: TakeUp, actor: Principal) -> Case:
    """Open the case of a border referral addressed to the actor's organisation, keeping its
    flags and consent; the border referral is accepted."""
    found = repository.border_referral(session, referral_id)
    organisation = found[0].organisation if found is not None else None
    if found is None or not organisation:
        raise NotFound("no such referral")
    referral, traveller = found
    if not can_take_up(actor, organisation, referral.flags):
        raise OutOfScope("no such referral")
    person = registry_repository.person_of_traveller(session, traveller.id)
    if person is None:
        person = registry.new_person(
            session=session,
            data=_fields(session, referral, traveller),
            organisation=organisation,
            source="border",
            actor=actor,
            traveller_id=traveller.id,
        )
    case = cases.new_case(
        session=session,
        person=person,
        case_type=case_type_of(referral.flags),
        risk_level=data.risk_level,
        organisation=organisation,
        actor=actor,
        note=data.note or referral.notes,
    )
    case.border_referral_id, case.border_flags = referral.id, list(referral.flags)
    case.border_consent_given = referral.consent_given
    case.border_consent_recorded_at = referral.consent_recorded_at
    if referral.status == "in_progress":
        border_referrals.check_transition(referral.status, "accepted")
        referral.status = "accepted"
    session.flush()
    audit.record(
        session,
        action="take_up",
        object_type="referral",
        object_id=referral.id,
        purpose=PURPOSE,
        details={"case": str(case.id)},
    )
    return case
