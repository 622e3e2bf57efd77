"""A presented EU DCC as journey evidence: its verification and what it gives the engine.

The certificate is verified by `passage.dcc.service.verify_qr`, the one verification port health
uses too (trust lists and value sets from the database), with the destination's business rules;
this module turns the result into the engine's evidence and the answer's summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from passage.dcc import service as dcc_service
from passage.journeys.engine import Certificate, LabTest, Recovery, Vaccination
from passage.journeys.schemas import CertificateOut, RuleExplanation
from passage.rules import service as rules_service
from passage.rules.service import RulesOutcome

NOT_DETECTED = "260415000"  # SNOMED CT: the DCC value of a negative test result


@dataclass
class CertificateCheck:
    """What the certificate gives the engine, and what the answer shows about it."""

    evidence: Certificate
    summary: CertificateOut
    rules: list[RuleExplanation] = field(default_factory=list)
    rules_version: str | None = None


def check_certificate(
    *, session: Session, qr_text: str, destination: str, at: datetime
) -> CertificateCheck:
    """Verify a certificate at the arrival time and evaluate the destination's rules on it."""
    verification = dcc_service.verify_qr(
        session=session, qr_text=qr_text, destination=destination, at=at
    )
    report = verification.certificate
    decoded = report.get("decoded")
    status = _status(report["result"], decoded)
    kind = report.get("certificate_type")
    rules_result = verification.rules_result
    rules, version = _explained(session, verification.rules_outcome)
    evidence = _evidence(decoded or {}, kind, status, rules_result)
    summary = CertificateOut(
        kind=kind, status=status, rules_result=rules_result, message=report.get("message")
    )
    return CertificateCheck(evidence, summary, rules, version)


def _status(result: str, decoded: dict[str, Any] | None) -> str:
    if decoded is None or result == "INVALID":
        return "invalid"
    return "verified" if result == "VALID" else "unverified"


def _evidence(
    decoded: dict[str, Any], kind: str | None, status: str, rules_result: str | None
) -> Certificate:
    return Certificate(
        kind=kind,
        status=status,
        rules_result=rules_result,
        vaccination=_vaccination(decoded),
        test=_test(decoded),
        recovery=_recovery(decoded),
    )


def _first(decoded: dict[str, Any], key: str) -> dict[str, Any] | None:
    entries = decoded.get(key)
    if isinstance(entries, list) and entries and isinstance(entries[0], dict):
        return entries[0]
    return None


def _vaccination(decoded: dict[str, Any]) -> Vaccination | None:
    entry = _first(decoded, "v")
    if entry is None:
        return None
    try:
        return Vaccination(
            doses=int(entry.get("dn", 0)),
            total_doses=int(entry["sd"]) if entry.get("sd") else None,
            product=str(entry.get("mp")) if entry.get("mp") else None,
            last_dose_on=date.fromisoformat(str(entry["dt"])[:10]) if entry.get("dt") else None,
        )
    except (TypeError, ValueError):
        return None


def _test(decoded: dict[str, Any]) -> LabTest | None:
    entry = _first(decoded, "t")
    if entry is None or not entry.get("sc"):
        return None
    try:
        taken = datetime.fromisoformat(str(entry["sc"]).replace("Z", "+00:00"))
    except ValueError:
        return None
    result = "negative" if str(entry.get("tr")) == NOT_DETECTED else "positive"
    return LabTest(taken_at=taken, result=result, kind=str(entry.get("tt") or "") or None)


def _recovery(decoded: dict[str, Any]) -> Recovery | None:
    entry = _first(decoded, "r")
    try:
        return Recovery(date.fromisoformat(str(entry["fr"])[:10])) if entry else None
    except (KeyError, ValueError):
        return None


def _explained(
    session: Session, outcome: RulesOutcome | None
) -> tuple[list[RuleExplanation], str | None]:
    """The rules evaluated, explained, and the rules data version (nothing when none ran)."""
    if outcome is None:
        return [], None
    rules = [
        RuleExplanation(
            identifier=item.identifier,
            version=item.version,
            type=item.rule_type,
            result=item.result,
            description=item.description or item.error,
        )
        for item in outcome.rules
    ]
    return rules, rules_service.data_version(session)
