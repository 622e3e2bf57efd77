"""The destination's business rules on a decoded certificate, through the rules engine
(`passage.rules.service`: select_rules, evaluate_rules), and the `rules` step they add to a
verification report."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from passage.geo import repository as geo_repository
from passage.kit.i18n import current_language
from passage.rules import service as rules_service
from passage.rules.service import RulesOutcome

RULE_TYPES = {"vaccination": "Vaccination", "test": "Test", "recovery": "Recovery"}


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


def with_rules(report: dict[str, Any], outcome: str | None) -> dict[str, Any]:
    """The report with the business-rules step: pass, fail, open, or None (no rule applies)."""
    steps = {**report["steps"], "rules": {"pass": True, "fail": False}.get(outcome or "")}
    updated = {**report, "steps": steps}
    if outcome == "fail":
        message = "a business rule of the destination is not met"
        return updated | {"result": "INVALID", "failed_step": "rules", "message": message}
    if outcome == "open" and report["result"] == "VALID":
        message = "a business rule of the destination could not be decided"
        return updated | {"result": "UNKNOWN", "failed_step": "rules", "message": message}
    return updated
