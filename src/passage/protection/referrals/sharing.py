"""Referrals to a partner on another Passage deployment, sent over the signed exchange feed.

The feed is public, so an entry of kind `protection_referral` carries only the deployment it
is addressed to and a sealed envelope (`protection.sealing`) that only that deployment opens:
the consented fields, the consent's purpose and expiry, the reason and services. When the
consent is withdrawn, an entry `revoked` asks the receiver to forget what it was sent.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from passage.errors import Invalid
from passage.exchange import feed, jws
from passage.exchange import repository as exchange_repository
from passage.exchange.entries import Change, json_value
from passage.protection import sealing
from passage.protection.referrals.models import Consent, ServiceProvider, ServiceReferral

KIND = "protection_referral"
STATUS_KIND = "protection_answer"
ANSWERS = ("accepted", "rejected")


def _recipient(session: Session, provider: ServiceProvider) -> tuple[str, str, bytes]:
    """(deployment id, key id, Ed25519 public key) of the deployment a provider is on."""
    partner = exchange_repository.get_partner(session, provider.exchange_partner_id)  # type: ignore[arg-type]
    return _sealing_key(session, partner)


def _sealing_key(session: Session, partner: Any) -> tuple[str, str, bytes]:
    if partner is None or partner.deployment_id is None:
        raise Invalid(
            "this provider's deployment is not known yet: pull its feed once, then refer",
            field="provider_id",
        )
    keys = [
        k for k in exchange_repository.partner_keys(session, partner.id) if k.valid_until is None
    ]
    if not keys:
        raise Invalid(
            "no current key is trusted for this provider's deployment", field="provider_id"
        )
    key = keys[-1]
    return str(partner.deployment_id), key.kid, jws.b64url_decode(key.public_x)


def _sealed_change(
    session: Session,
    referral: ServiceReferral,
    provider: ServiceProvider,
    action: str,
    message: dict[str, Any],
) -> Change:
    deployment, kid, public_key = _recipient(session, provider)
    payload = json.dumps(message, ensure_ascii=False, sort_keys=True).encode()
    return Change(
        kind=KIND,
        action=action,
        record_id=str(referral.id),
        record_version=1 if action == "sent" else 2,
        effective_from=None,
        content={"to": deployment, "sealed": sealing.seal(payload, public_key, kid)},
        is_new=True,
    )


def send(
    session: Session,
    *,
    referral: ServiceReferral,
    provider: ServiceProvider,
    consent: Consent,
    shared: dict[str, Any],
    from_organisation: str,
) -> None:
    """Publish a referral to a provider on another deployment, sealed for it."""
    message = {
        "person": {key: json_value(value) for key, value in shared.items()},
        "consent": {
            "fields": list(consent.fields),
            "purpose": consent.purpose,
            "expires_on": consent.expires_on.isoformat(),
        },
        "reason": referral.reason,
        "services": list(referral.services),
        "organisation": provider.organisation,
        "from_organisation": from_organisation,
    }
    feed.record_change(session, _sealed_change(session, referral, provider, "sent", message))


def revoke(session: Session, *, referral: ServiceReferral, provider: ServiceProvider) -> None:
    """Ask the receiving deployment to forget a referral (the consent was withdrawn)."""
    message = {"revoked_on": date.today().isoformat()}
    feed.record_change(session, _sealed_change(session, referral, provider, "revoked", message))


def answer(
    session: Session, *, deployment: uuid.UUID, referral_id: str, status: str, note: str | None
) -> None:
    """Tell the deployment a referral came from that it was taken up (`accepted`: it became a
    case here) or not (`rejected`, with the reason), sealed for that deployment alone."""
    partner = next(
        (p for p in exchange_repository.list_partners(session) if p.deployment_id == deployment),
        None,
    )
    deployment_key, kid, public_key = _sealing_key(session, partner)
    message = {"status": status, "note": note, "on": date.today().isoformat()}
    payload = json.dumps(message, ensure_ascii=False, sort_keys=True).encode()
    change = Change(
        kind=STATUS_KIND,
        action=status,
        record_id=referral_id,
        record_version=1,
        effective_from=None,
        content={"to": deployment_key, "sealed": sealing.seal(payload, public_key, kid)},
        is_new=True,
    )
    feed.record_change(session, change)
