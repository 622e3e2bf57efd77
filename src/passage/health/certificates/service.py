"""The certificate check at a point of entry: verify a QR payload with the one DCC verification
(`passage.dcc.service.verify_qr`: trust lists, value sets and the destination's business rules)
and keep the check as health data, read back only within the health scope."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.dcc.service import Verification, verify_qr
from passage.errors import NotFound
from passage.geo import service as geo_service
from passage.health import access
from passage.health.certificates.models import CertificateCheck
from passage.kit import audit


def verify_and_record(
    *,
    session: Session,
    qr_text: str,
    actor: Principal,
    source: str,
    poe_id: uuid.UUID | None,
    destination: str | None = None,
    at: datetime | None = None,
) -> CertificateCheck:
    """Verify a QR payload and keep the check; at a POE (in the actor's scope) the POE's
    country is the destination unless another one is given."""
    if poe_id is not None:
        poe = geo_service.require_poe_in_scope(session, poe_id, actor, "certificates.verify")
        destination = destination or poe.country_iso3
    verification = verify_qr(session=session, qr_text=qr_text, destination=destination, at=at)
    return record_check(
        session=session,
        verification=verification,
        actor=actor,
        poe_id=poe_id,
        destination=destination,
        source=source,
    )


def record_check(
    *,
    session: Session,
    verification: Verification,
    actor: Principal,
    poe_id: Any,
    destination: str | None,
    source: str,
) -> CertificateCheck:
    """Store a verification (health data: the decoded certificate is kept for the record)."""
    report = verification.report
    check = CertificateCheck(
        poe_id=poe_id,
        checked_by=actor.user_id,
        checked_at=verification.at,
        source=source,
        destination_iso3=destination,
        result=report["result"],
        failed_step=report.get("failed_step"),
        message=(report.get("message") or "")[:2000],
        steps=report["steps"],
        certificate_type=report.get("certificate_type"),
        issuer_country=(report.get("issuer_country") or "")[:2] or None,
        kid=report.get("kid"),
        rules_result=verification.rules_result,
        rules=verification.rules,
        decoded=report.get("decoded"),
    )
    session.add(check)
    session.flush()
    audit.record(
        session,
        action="health.certificate.verify",
        object_type="certificate_check",
        object_id=check.id,
        purpose="port health",
        details={"result": check.result, "failed_step": check.failed_step, "source": source},
    )
    return check


def get_check(*, session: Session, check_id: Any, actor: Principal) -> CertificateCheck:
    """A stored verification in the actor's health scope (an audited read)."""
    check = session.get(CertificateCheck, check_id)
    if check is None or (check.poe_id is None and check.checked_by != actor.user_id):
        raise NotFound("no such certificate check")
    if check.poe_id is not None:
        access.check_record_poe(session, check.poe_id, actor, "certificate check")
    audit.record(
        session,
        action="health.certificate.read",
        object_type="certificate_check",
        object_id=check.id,
        purpose="port health",
    )
    return check
