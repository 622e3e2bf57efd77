"""The officer's forms, pure: MRZ fields -> prefilled form values, parser errors -> the fields
they concern, and form values -> CrossingCreate / DecisionCreate / ReferralCreate-shaped dicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from passage.border.crossings.models import Crossing
from passage.border.crossings.schemas import TRAVEL_FIELDS
from passage.web.forms import WHOLE_FORM, code_list

TRAVELLER_FIELDS = ("surname", "given_names", "sex", "birth_date", "nationality", "residence_iso3")
DOCUMENT_FIELDS = ("document_code", "document_number", "issuing_state", "expiry_date")
NESTED = ("traveller", "document")
# MRZ check digits and error prefixes -> the form field they concern.
MRZ_FIELD_OF = {"personal_number": "document_number", "optional_data": "document_number"}


def values_from_mrz(fields: dict[str, Any]) -> dict[str, str]:
    """Form values prefilled from parsed MRZ fields (dates only when complete)."""
    values = {name: str(fields.get(name) or "") for name in TRAVELLER_FIELDS + DOCUMENT_FIELDS}
    values["sex"] = values["sex"] if values["sex"] in ("M", "F", "X") else ""
    for name in ("birth_date", "expiry_date"):
        if fields.get(f"{name}_unknown_parts"):
            values[name] = ""
    return values


def mrz_problems(errors: Sequence[str]) -> dict[str, str]:
    """Parser errors keyed by the form field they concern (the rest under `mrz`)."""
    problems: dict[str, str] = {}
    known = set(TRAVELLER_FIELDS + DOCUMENT_FIELDS)
    for error in errors:
        name, _, message = error.partition(": ")
        name = MRZ_FIELD_OF.get(name, name)
        key, text = (name, message) if name in known and message else ("mrz", error)
        problems[key] = f"{problems[key]}; {text}" if key in problems else text
    return problems


def form_field(location: Sequence[str]) -> str:
    """The form field of a validation error: nested traveller and document fields flattened
    (`traveller.surname` is the form's `surname`)."""
    if location and location[0] in NESTED and len(location) > 1:
        location = location[1:]
    return location[0] if location else WHOLE_FORM


def _filled(values: dict[str, Any], names: Sequence[str]) -> dict[str, str]:
    return {name: value.strip() for name in names if (value := values.get(name, "")).strip()}


def crossing_payload(values: dict[str, Any]) -> dict[str, Any]:
    """A CrossingCreate-shaped dict from the check form: typed values override the MRZ."""
    payload: dict[str, Any] = {
        "poe_id": values.get("poe_id", ""),
        "direction": values.get("direction", ""),
        "mrz": values.get("mrz") or None,
        "transits": transits(values),
    }
    payload |= _filled(values, TRAVEL_FIELDS)
    traveller = _filled(values, TRAVELLER_FIELDS)
    if "given_names" in values and "given_names" not in traveller:
        traveller["given_names"] = ""
    document = _filled(values, DOCUMENT_FIELDS)
    if traveller:
        payload["traveller"] = traveller
    if document:
        payload["document"] = document
    return payload


def transits(values: dict[str, Any]) -> list[dict[str, str]]:
    """The transit countries typed as a list of codes."""
    return [{"country": code} for code in code_list(values.get("transits", ""), upper=True)]


def decision_payload(values: dict[str, Any]) -> dict[str, Any]:
    """A DecisionCreate-shaped dict from the decision form."""
    return {
        "version": values.get("version") or 0,
        "decision": values.get("decision", ""),
        "reason": values.get("reason") or None,
    }


def referral_payload(crossing: Crossing, values: dict[str, Any]) -> dict[str, Any]:
    """A ReferralCreate-shaped dict from the flags form of a crossing."""
    return {
        "traveller_id": crossing.traveller_id,
        "crossing_id": crossing.id,
        "flags": values.get("flags", []),
        "indicators": values.get("indicators", []),
        "consent_given": values.get("consent_given") == "yes",
        "service_provider": values.get("service_provider", ""),
        "organisation": values.get("organisation", ""),
        "notes": values.get("notes") or None,
    }
