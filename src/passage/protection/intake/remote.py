"""Referrals from partners on other Passage deployments, received over the signed exchange:
the `protection_referral` kind of the feed (`exchange.kinds`). An entry addressed to another
deployment is left alone; one addressed here is opened with this deployment's key, checked, and
becomes a registration waiting for a case worker's verification (`revoked` erases it). The
answer goes back the same way: `protection_answer`, sealed for the sender, accepted
when the registration became a case here, rejected with the reason when it was refused."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from passage.errors import Invalid
from passage.exchange import keys, kinds
from passage.exchange import repository as exchange_repository
from passage.exchange.appliers import Context
from passage.exchange.entries import FeedEntryIn
from passage.kit import audit
from passage.kit.clock import utcnow
from passage.kit.i18n import N_
from passage.protection import sealing
from passage.protection.intake import service as intake
from passage.protection.referrals import repository as referrals_repository
from passage.protection.referrals.schemas import TRANSITIONS
from passage.protection.registry.schemas import PersonFields
from passage.protection.vocabulary import SHAREABLE_FIELDS


class ConsentSent(BaseModel):
    """The consent a referral travels under."""

    model_config = ConfigDict(extra="ignore")

    fields: list[str] = Field(min_length=1)
    purpose: str = Field(min_length=1, max_length=300)
    expires_on: date


class ReferralSent(BaseModel):
    """A referral as another deployment seals it."""

    model_config = ConfigDict(extra="ignore")

    person: dict[str, Any]
    consent: ConsentSent
    reason: str = Field(default="", max_length=2000)
    services: list[str] = Field(default_factory=list)
    organisation: str | None = Field(default=None, max_length=200)
    from_organisation: str | None = Field(default=None, max_length=200)


def _opened(session: Session, content: dict[str, Any]) -> dict[str, Any]:
    envelope = content.get("sealed")
    kid = envelope.get("kid") if isinstance(envelope, dict) else None
    key = exchange_repository.key_by_kid(session, str(kid)) if kid else None
    if key is None:
        raise Invalid("the referral is sealed for a key this deployment does not hold")
    try:
        message = json.loads(sealing.open_sealed(envelope, keys.signer_of(key).private_key))
    except (sealing.SealError, ValueError) as error:
        raise Invalid("the referral cannot be opened: %(error)s", params={"error": error}) from None
    if not isinstance(message, dict):
        raise Invalid("the referral is not an object")
    return message


def _checked(message: dict[str, Any]) -> dict[str, Any]:
    sent = ReferralSent.model_validate(message)
    extra = set(sent.person) - set(sent.consent.fields) - {"location"}
    if extra or not set(sent.consent.fields) <= set(SHAREABLE_FIELDS):
        raise Invalid("the referral carries fields without the person's consent")
    person = {k: v for k, v in sent.person.items() if k in PersonFields.model_fields}
    PersonFields.model_validate({"given_names": "-", **person})
    checked = sent.model_dump(mode="json")
    checked["person"] = {k: v for k, v in sent.person.items() if v not in (None, "", [])}
    return checked


def apply_referral(session: Session, context: Context, entry: FeedEntryIn, _kid: str) -> str:
    """Receive (or erase) a referral addressed to this deployment."""
    if entry.content.get("to") != str(exchange_repository.deployment_id(session)):
        return "unchanged"
    message = _opened(session, entry.content)
    deployment = context.partner.deployment_id or entry.deployment
    if entry.action == "revoked":
        erased = intake.erase_remote(
            session=session, deployment=deployment, referral_id=entry.record.id
        )
        return "updated" if erased else "unchanged"
    if entry.action != "sent":
        raise Invalid(
            "unknown action of a protection referral: %(action)s", params={"action": entry.action}
        )
    _, new = intake.receive_remote(
        session=session,
        deployment=uuid.UUID(str(deployment)),
        referral_id=entry.record.id,
        content=_checked(message),
    )
    return "imported" if new else "unchanged"


class StatusSent(BaseModel):
    """The answer of the deployment a referral was sent to."""

    model_config = ConfigDict(extra="ignore")

    status: Literal["accepted", "rejected"]
    note: str | None = Field(default=None, max_length=500)


def apply_status(session: Session, context: Context, entry: FeedEntryIn, _kid: str) -> str:
    """The deployment a referral was sent to took it up or not: the referral takes the
    status (only that deployment may answer it)."""
    if entry.content.get("to") != str(exchange_repository.deployment_id(session)):
        return "unchanged"
    answer = StatusSent.model_validate(_opened(session, entry.content))
    try:
        referral_id = uuid.UUID(entry.record.id)
    except ValueError:
        raise Invalid("no referral of this deployment has this id") from None
    referral = referrals_repository.get_referral(session, referral_id)
    provider = (
        referrals_repository.get_provider(session, referral.provider_id) if referral else None
    )
    if referral is None or provider is None or not referral.remote:
        raise Invalid("no referral of this deployment has this id")
    if provider.exchange_partner_id != context.partner.id:
        raise Invalid("this referral was not sent to this partner")
    if referral.status == answer.status:
        return "unchanged"
    if answer.status not in TRANSITIONS[referral.status]:
        raise Invalid(
            "a referral cannot go from %(current)s to %(new)s",
            params={"current": referral.status, "new": answer.status},
        )
    referral.status, referral.responded_at = answer.status, utcnow()
    referral.response_note = answer.note
    session.flush()
    audit.record(
        session,
        action="update",
        object_type="protection_referral",
        object_id=referral.id,
        purpose="protection",
        details={"to": answer.status, "via": "exchange"},
    )
    return "updated"


STATUS = kinds.RecordKind(
    name="protection_answer",
    label=N_("Protection referral status"),
    titles={
        "accepted": "Protection referral accepted",
        "rejected": "Protection referral rejected",
    },
    apply=apply_status,
)


REFERRAL = kinds.RecordKind(
    name="protection_referral",
    label=N_("Protection referral"),
    titles={"sent": "Protection referral sent", "revoked": "Protection referral revoked"},
    apply=apply_referral,
)


def install() -> None:
    """Let the exchange receive referrals from partners on other deployments."""
    kinds.register(REFERRAL)
    kinds.register(STATUS)
