"""A presented EU DCC as journey evidence: verification, its content, and the rule sets.

The rule sets come from `passage.rules.service` (select_rules, evaluate_rules, data_version);
`_rules_outcome` is the one adapter to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from passage.config import get_settings
from passage.geo import repository as geo_repository
from passage.health.dcc import load_trust_list, verify
from passage.journeys.engine import Certificate, LabTest, Recovery, Vaccination
from passage.journeys.schemas import CertificateOut, RuleExplanation
from passage.kit.i18n import current_language

if TYPE_CHECKING:
    from passage.rules.service import RulesOutcome

NOT_DETECTED = "260415000"  # SNOMED CT: the DCC value of a negative test result
RULE_TYPES = {"vaccination": "Vaccination", "test": "Test", "recovery": "Recovery"}


@dataclass
class CertificateCheck:
    """What the certificate gives the engine, and what the answer shows about it."""

    evidence: Certificate
    summary: CertificateOut
    rules: list[RuleExplanation] = field(default_factory=list)
    rules_version: str | None = None


@lru_cache(maxsize=4)
def _trust_list_from(path: str) -> tuple[bytes, ...]:
    return tuple(load_trust_list(path))


def configured_trust_list() -> list[bytes]:
    """The signer certificates named by PASSAGE_DCC_TRUST_LIST (a file or folder), if any."""
    path = get_settings().dcc_trust_list
    return list(_trust_list_from(str(path))) if path else []


def check_certificate(
    *,
    session: Session,
    qr_text: str,
    destination: str,
    at: datetime,
    trust_list: Sequence[bytes] | None,
) -> CertificateCheck:
    """Verify a certificate at the arrival time and evaluate the destination's rules on it."""
    report = verify(qr_text, list(trust_list) if trust_list else None, at=at)
    decoded = report.get("decoded")
    status = _status(report["result"], decoded)
    kind = report.get("certificate_type")
    rules_result: str | None = None
    rules: list[RuleExplanation] = []
    version: str | None = None
    if status != "invalid" and decoded and kind in RULE_TYPES:
        outcome = _rules_outcome(session, destination, report, decoded, at)
        if outcome is not None:
            rules_result, rules, version = outcome
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


# ---------------------------------------------------------------- adapter to the rule sets


def _rules_outcome(
    session: Session,
    destination: str,
    report: dict[str, Any],
    payload: dict[str, Any],
    at: datetime,
) -> tuple[str, list[RuleExplanation], str] | None:
    """(result, rules evaluated, rules data version), or None when no rule set applies."""
    from passage.rules import service as rules_service

    outcome = destination_rules(
        session=session, destination=destination, report=report, payload=payload, at=at
    )
    if outcome is None:
        return None
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
    return outcome.result, rules, rules_service.data_version(session)


def destination_rules(
    *,
    session: Session,
    destination: str,
    report: dict[str, Any],
    payload: dict[str, Any],
    at: datetime,
    value_sets: dict[str, list[str]] | None = None,
) -> RulesOutcome | None:
    """The destination's business rules (and the issuer's invalidation rules) evaluated on a
    decoded certificate through the rules engine; None when no rule applies or the type is
    unknown. ``value_sets`` (id -> codes) is what the rules see as external.valueSets."""
    from passage.rules import service as rules_service

    kind = report.get("certificate_type")
    if kind not in RULE_TYPES:
        return None
    codes = geo_repository.country_codes(session)
    issuer = str(report.get("issuer_country") or "").upper()
    country = geo_repository.get_country(session, destination)
    selected = rules_service.select_rules(
        session=session,
        arrival_country=destination,
        issuer_country=codes.get(issuer),
        certificate_type=RULE_TYPES[kind],
        at=at,
    )
    if not selected:
        return None
    external: dict[str, Any] = {
        "validationClock": at.isoformat(),
        "valueSets": value_sets or {},
        "countryCode": country.iso2 if country and country.iso2 else destination,
        "exp": report.get("expires_at"),
        "iat": report.get("issued_at"),
        "issuerCountryCode": issuer,
        "kid": report.get("kid"),
        "region": "",
    }
    return rules_service.evaluate_rules(
        rules=selected, payload=payload, external=external, language=current_language()
    )
