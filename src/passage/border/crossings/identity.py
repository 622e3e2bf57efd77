"""Who the traveller is, from the MRZ and the typed form: pure, no session.

The MRZ (if any) is parsed and checked, the typed fields complete or override it, and the
name is normalised to ICAO Latin letters to recognise the traveller across crossings; the
traveller's known details are updated from each registration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from passage.border import mrz
from passage.border.crossings.checks import COMPARED, document_checks, mrz_mismatches
from passage.border.crossings.models import Traveller
from passage.border.crossings.schemas import CrossingCreate
from passage.errors import Invalid
from passage.names.transliteration import transliterate


@dataclass
class Identity:
    """Who the traveller is and which document they hold, after merging MRZ and typed data."""

    surname: str
    given_names: str = ""
    sex: str | None = None
    birth_date: date | None = None
    birth_date_text: str | None = None
    nationality: str | None = None
    document_code: str | None = None
    document_number: str | None = None
    issuing_state: str | None = None
    expiry_date: date | None = None
    mrz_format: str | None = None

    @property
    def has_document(self) -> bool:
        """Whether the document is identified (state, code and number)."""
        return bool(self.document_code and self.document_number and self.issuing_state)


def read_mrz(text: str) -> dict[str, Any]:
    """The MRZ's fields and format, or 422 naming the unreadable part or the failed checks."""
    try:
        result = mrz.parse(text)
    except mrz.MRZUnreadable as error:
        raise Invalid(
            "the MRZ cannot be read: %(error)s", params={"error": error}, field="mrz"
        ) from None
    if not result.valid:
        failed = sorted(name for name, check in result.checks.items() if not check.valid)
        detail = "; ".join(result.errors)
        raise Invalid(
            "the MRZ is not valid: %(detail)s",
            params={"detail": detail},
            field="mrz",
            context={"failed_checks": failed, "errors": list(result.errors)},
        )
    return {"format": result.format, **result.fields}


def _mrz_date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None


def identity_from(data: CrossingCreate) -> Identity:
    """Merge the MRZ (if any) with the typed fields, which complete or override it."""
    fields = read_mrz(data.mrz) if data.mrz else {}
    identity = Identity(
        surname=fields.get("surname") or "",
        given_names=fields.get("given_names") or "",
        sex=fields.get("sex"),
        birth_date=_mrz_date(fields.get("birth_date")),
        birth_date_text=fields.get("birth_date_partial"),
        nationality=fields.get("nationality"),
        document_code=fields.get("document_code"),
        document_number=fields.get("document_number"),
        issuing_state=fields.get("issuing_state"),
        expiry_date=_mrz_date(fields.get("expiry_date")),
        mrz_format=fields.get("format"),
    )
    typed: dict[str, Any] = {}
    if data.traveller:
        typed |= data.traveller.model_dump(exclude_none=True, include=set(Identity.__annotations__))
    if data.document:
        typed |= data.document.model_dump(exclude_none=True)
    for name, value in typed.items():
        setattr(identity, name, value)
    if "birth_date" in typed:
        identity.birth_date_text = identity.birth_date.isoformat() if identity.birth_date else None
    if not identity.surname.strip():
        raise Invalid("the traveller's surname is missing", field="traveller.surname")
    if identity.document_number and not identity.has_document:
        raise Invalid(
            "a document needs its issuing state, type and number", field="document.issuing_state"
        )
    return identity


def name_key(surname: str, given_names: str) -> str:
    """The normalised name used to recognise a traveller: ICAO Latin letters, no separators."""
    return f"{_letters(surname)}<<{_letters(given_names)}"


def _letters(name: str) -> str:
    return re.sub(r"[^A-Z]", "", transliterate(name))


def traveller_values(identity: Identity, data: CrossingCreate) -> dict[str, Any]:
    """Traveller columns known from this registration (unknown ones are left as they are)."""
    values: dict[str, Any] = {
        "surname": identity.surname,
        "given_names": identity.given_names,
        "sex": identity.sex,
        "birth_date": identity.birth_date,
        "birth_date_text": identity.birth_date_text,
        "nationality": identity.nationality,
    }
    if data.traveller:
        values |= data.traveller.model_dump(
            exclude_none=True, include={"residence_iso3", "phone", "address", "emergency_contact"}
        )
    return {name: value for name, value in values.items() if value not in (None, "")}


def update_traveller(traveller: Traveller, values: dict[str, Any]) -> None:
    """Keep the traveller's details up to date (no UPDATE when nothing changed)."""
    for name, value in values.items():
        if getattr(traveller, name) != value:
            setattr(traveller, name, value)
    traveller.name_key = name_key(traveller.surname, traveller.given_names)


def registration_checks(data: CrossingCreate, identity: Identity, on: date) -> list[dict[str, Any]]:
    """The document checks of a registration: on the merged identity, and each typed field
    against the MRZ it overrides."""
    merged = {name: getattr(identity, name) for name in COMPARED}
    checks = document_checks(typed=merged, mrz=None, on=on)
    if data.mrz:
        typed: dict[str, Any] = {}
        if data.traveller:
            typed |= data.traveller.model_dump(exclude_none=True)
        if data.document:
            typed |= data.document.model_dump(exclude_none=True)
        checks += mrz_mismatches(typed, read_mrz(data.mrz))
    return checks
