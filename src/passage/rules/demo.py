"""Demonstration rule sets for Kenya and France, in the EU DCC business rule format."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from passage.rules import repository, service

VALID_FROM = "2021-06-01T00:00:00Z"
VALID_TO = "2030-01-01T00:00:00Z"
_CLOCK = {"plusTime": [{"var": "external.validationClock"}, 0, "day"]}


def _at(path: str, amount: int, unit: str) -> dict[str, Any]:
    return {"plusTime": [{"var": path}, amount, unit]}


def _only_if(section: str, logic: dict[str, Any], otherwise: bool = True) -> dict[str, Any]:
    """Apply logic only to certificates holding that section (v, t or r)."""
    return {"if": [{"var": f"payload.{section}.0"}, logic, otherwise]}


def _rule(
    identifier: str,
    certificate_type: str,
    descriptions: dict[str, str],
    fields: list[str],
    logic: dict[str, Any],
) -> dict[str, Any]:
    prefix, country, _ = identifier.split("-")
    return {
        "Identifier": identifier,
        "Type": "Invalidation" if prefix == "IR" else "Acceptance",
        "Country": country,
        "Version": "1.0.0",
        "SchemaVersion": "1.3.0",
        "Engine": "CERTLOGIC",
        "EngineVersion": "1.2.2",
        "CertificateType": certificate_type,
        "Description": [{"lang": lang, "desc": text} for lang, text in descriptions.items()],
        "ValidFrom": VALID_FROM,
        "ValidTo": VALID_TO,
        "AffectedFields": fields,
        "Logic": logic,
    }


def _complete_schedule(days_after: int) -> dict[str, Any]:
    return _only_if(
        "v",
        {
            "and": [
                {">=": [{"var": "payload.v.0.dn"}, {"var": "payload.v.0.sd"}]},
                {"not-before": [_CLOCK, _at("payload.v.0.dt", days_after, "day")]},
            ]
        },
    )


def _negative_test() -> dict[str, Any]:
    return _only_if("t", {"===": [{"var": "payload.t.0.tr"}, "260415000"]})


def _test_age(hours: int) -> dict[str, Any]:
    return _only_if("t", {"before": [_CLOCK, _at("payload.t.0.sc", hours, "hour")]})


def _recovery_window(min_days: int, max_days: int) -> dict[str, Any]:
    return _only_if(
        "r",
        {
            "and": [
                {"not-before": [_CLOCK, _at("payload.r.0.fr", min_days, "day")]},
                {"not-after": [_CLOCK, _at("payload.r.0.fr", max_days, "day")]},
            ]
        },
    )


VACCINATION_FIELDS = ["v.0", "v.0.dn", "v.0.sd", "v.0.dt"]
EU_VACCINES = "external.valueSets.vaccines-covid-19-names"


def _recovery_rule(identifier: str) -> dict[str, Any]:
    """A recovery certificate is accepted 11 to 180 days after the first positive test."""
    descriptions = {
        "en": "The first positive test must date from 11 to 180 days before arrival.",
        "fr": "Le premier test positif doit dater de 11 à 180 jours avant l'arrivée.",
    }
    return _rule(identifier, "Recovery", descriptions, ["r.0", "r.0.fr"], _recovery_window(11, 180))


def demo_rules() -> list[dict[str, Any]]:
    """The demonstration rules: Kenyan and French acceptance rules, a French invalidation."""
    return [*_kenya_rules(), *_france_rules()]


def _kenya_rules() -> list[dict[str, Any]]:
    """Kenya: a complete schedule 14 days before arrival, a negative test under 72 hours, a
    recovery of 11 to 180 days."""
    return [
        _rule(
            "VR-KE-0001",
            "Vaccination",
            {
                "en": "The vaccination schedule must be complete, the last dose given at least "
                "14 days before arrival.",
                "fr": "Le schéma vaccinal doit être complet, la dernière dose administrée au "
                "moins 14 jours avant l'arrivée.",
            },
            VACCINATION_FIELDS,
            _complete_schedule(14),
        ),
        _rule(
            "TR-KE-0001",
            "Test",
            {
                "en": "The test result must be negative (not detected).",
                "fr": "Le résultat du test doit être négatif (non détecté).",
            },
            ["t.0", "t.0.tr"],
            _negative_test(),
        ),
        _rule(
            "TR-KE-0002",
            "Test",
            {
                "en": "The sample must have been taken less than 72 hours before arrival.",
                "fr": "Le prélèvement doit dater de moins de 72 heures avant l'arrivée.",
            },
            ["t.0", "t.0.sc"],
            _test_age(72),
        ),
        _recovery_rule("RR-KE-0001"),
    ]


def _france_rules() -> list[dict[str, Any]]:
    """France: EU-authorised vaccines, a complete schedule 7 days before arrival, a negative
    test under 24 hours, a recovery of 11 to 180 days, and revoked certificates invalid."""
    return [
        _rule(
            "VR-FR-0001",
            "Vaccination",
            {
                "en": "Only vaccines authorised in the EU are accepted.",
                "fr": "Seuls les vaccins autorisés dans l'UE sont acceptés.",
            },
            ["v.0", "v.0.mp"],
            _only_if("v", {"in": [{"var": "payload.v.0.mp"}, {"var": EU_VACCINES}]}),
        ),
        _rule(
            "VR-FR-0002",
            "Vaccination",
            {
                "en": "The vaccination schedule must be complete, the last dose given at least "
                "7 days before arrival.",
                "fr": "Le schéma vaccinal doit être complet, la dernière dose administrée au "
                "moins 7 jours avant l'arrivée.",
            },
            VACCINATION_FIELDS,
            _complete_schedule(7),
        ),
        _rule(
            "TR-FR-0001",
            "Test",
            {
                "en": "The test result must be negative and the sample less than 24 hours old.",
                "fr": "Le résultat doit être négatif et le prélèvement dater de moins de "
                "24 heures.",
            },
            ["t.0", "t.0.tr", "t.0.sc"],
            {"and": [_negative_test(), _test_age(24)]},
        ),
        _recovery_rule("RR-FR-0001"),
        _rule(
            "IR-FR-0001",
            "Vaccination",
            {
                "en": "Certificates issued by France with a revoked identifier are invalid.",
                "fr": "Les certificats français dont l'identifiant a été révoqué sont invalides.",
            },
            ["v.0", "v.0.ci"],
            _only_if(
                "v",
                {"in": [{"var": "payload.v.0.ci"}, ["URN:UVCI:01:FR:REVOKED0000001#Q"]]},
                otherwise=False,
            ),
        ),
    ]


def load_demo_rules(session: Session) -> int:
    """Store the demonstration rules that are not stored yet; returns how many were added."""
    rules = demo_rules()
    stored = repository.highest_versions(session, [rule["Identifier"] for rule in rules])
    missing = [rule for rule in rules if rule["Identifier"] not in stored]
    if not missing:
        return 0
    report = service.import_rules(session=session, documents=missing, uploaded_by="demo")
    if not report.ok:
        raise RuntimeError("demo rules refused: " + "; ".join(report.reasons()))
    return len(missing)
