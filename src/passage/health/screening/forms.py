"""Payloads from the screening and criteria forms (pure functions, no I/O); the values and
errors themselves go through the one form pipeline, `passage.web.forms`."""

from __future__ import annotations

import re
from typing import Any

from passage.web.forms import code_list

LIST_FIELDS = ("symptoms", "decisive_symptoms")
VISIT = re.compile(r"^([A-Za-z]{3})(?:\s*[:/ ]\s*(\d{4}-\d{2}-\d{2}))?$")


def parse_visits(text: str) -> list[dict[str, str | None]]:
    """`COD 2026-11-20, UGA` -> [{country, left_on}]; a bad item is kept for the validator."""
    visits: list[dict[str, str | None]] = []
    for item in re.split(r"[,;\n]+", text or ""):
        item = item.strip()
        if not item:
            continue
        match = VISIT.match(item)
        if match:
            visits.append({"country": match.group(1).upper(), "left_on": match.group(2)})
        else:
            visits.append({"country": item, "left_on": None})
    return visits


def _blank_to_none(values: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: (values.get(name) or "").strip() or None for name in names}


def screening_payload(values: dict[str, Any]) -> dict[str, Any]:
    """A ScreeningCreate-shaped dict from the screening form."""
    optional = (
        "crossing_id",
        "sex",
        "birth_date",
        "nationality",
        "document_number",
        "phone",
        "address_during_stay",
        "arrival_date",
        "origin_iso3",
        "temperature_c",
        "symptom_onset",
        "last_contact_on",
        "certificate_qr",
        "notes",
    )
    payload = _blank_to_none(values, optional)
    payload |= {
        "poe_id": values.get("poe_id", ""),
        "surname": values.get("surname", ""),
        "given_names": values.get("given_names", ""),
        "countries_visited": parse_visits(values.get("countries_visited", "")),
        "symptoms": values.get("symptoms", []),
        "contact_with_case": values.get("contact_with_case") == "yes",
        "evidence_kind": values.get("evidence_kind") or "none",
        "evidence_valid": values.get("evidence_valid") == "yes",
    }
    return payload


def criteria_payload(values: dict[str, Any]) -> dict[str, Any]:
    """A CriteriaInput-shaped dict from the criteria form."""
    countries = code_list(values.get("affected_countries", ""))
    extra = code_list(values.get("extra_symptoms", ""))
    payload = {
        name: values.get(name, "")
        for name in (
            "disease_code",
            "name",
            "case_definition",
            "incubation_days",
            "min_symptoms",
            "outcome_signs_and_link",
            "outcome_signs_only",
            "outcome_link_only",
        )
    }
    return payload | {
        "fever_threshold_c": values.get("fever_threshold_c") or None,
        "symptoms": [*values.get("symptoms", []), *extra],
        "decisive_symptoms": values.get("decisive_symptoms", []),
        "affected_countries": countries,
        "exposure_is_link": values.get("exposure_is_link") == "yes",
        "evidence_clears": values.get("evidence_clears") == "yes",
        "is_active": values.get("is_active") == "yes",
        "change_note": values.get("change_note") or None,
        "based_on_revision": values.get("based_on_revision") or None,
    }


def visits_text(visits: list[dict[str, Any]]) -> str:
    """Stored visits back as form text."""
    return ", ".join(
        f"{v['country']} {v['left_on']}" if v.get("left_on") else str(v["country"]) for v in visits
    )
