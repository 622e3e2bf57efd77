"""Registered persons as the linkage engine reads them (the column vocabulary), and the
explanation of a pair as stored and shown."""

from __future__ import annotations

from typing import Any

from passage.linkage.engine import Pair
from passage.linkage.engine.records import prepare_one
from passage.protection.registry.models import Person


def row_of(person: Person) -> dict[str, Any]:
    """A person's fields under the vocabulary's column names; an estimated date of birth
    counts for its year only."""
    born = person.birth_date.isoformat() if person.birth_date else None
    if born and person.birth_date_estimated:
        born = born[:4]
    numbers = [doc.get("number") for doc in person.documents or [] if doc.get("number")]
    return {
        "given_name": person.given_names,
        "surname": person.surname,
        "date_of_birth": born,
        "sex": person.sex if person.sex in ("M", "F") else None,
        "nationality": person.nationality,
        "place": person.location,
        "region": person.admin1,
        "phone": person.phone,
        "document_number": numbers[0] if numbers else None,
    }


def record_of(person: Person) -> dict[str, Any]:
    """A person prepared for the engine, keyed by the person's id."""
    return prepare_one(row_of(person), str(person.id))


def explanation(pair: Pair) -> dict[str, Any]:
    """Each field's agreement in words and its weight, strongest evidence first."""
    ordered = sorted(pair.fields.items(), key=lambda item: -abs(item[1][1]))
    return {field: {"level": words, "weight": weight} for field, (words, weight) in ordered}
