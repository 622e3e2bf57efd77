"""Generated registrations with known truth (record linkage tests and benchmarks): people of the
synthetic naming traditions, some registered again with the errors registrations really have
(another transliteration, typos, swapped name order, a dropped middle name, a date of birth
known to the year only or mistyped)."""

from __future__ import annotations

import random
from typing import Any

from passage.synthetic.people import SyntheticPerson, generate_people, make_variant


def _date_error(rng: random.Random, born: str) -> str:
    roll = rng.random()
    if roll < 0.1:
        return born[:4]  # only the year is known
    if roll < 0.15:
        return f"{born[:3]}{(int(born[3]) + 1) % 10}{born[4:]}"  # one digit mistyped
    if roll < 0.2:
        return born.replace("-", "")  # YYYYMMDD
    return born


def record(person: SyntheticPerson, id_value: str, name: str, born: str) -> dict[str, Any]:
    """A CSV row for a person under a name and a date of birth."""
    return {
        "id": id_value,
        "full_name": name,
        "date_of_birth": born,
        "sex": person.gender,
        "nationality": person.nationality,
        "document_number": person.documents[0] if person.documents else "",
    }


def registrations(
    count: int, duplicate_rate: float = 0.3, seed: int = 17
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """`count` people registered once, a share of them again with errors; rows and truth
    (row id -> person id)."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    truth: dict[str, str] = {}
    for person in generate_people(count, seed=seed):
        rows.append(record(person, f"{person.id}-a", person.listed_name, person.birth_date))
        truth[f"{person.id}-a"] = person.id
        if rng.random() < duplicate_rate:
            name, _ = make_variant(rng, person)
            row = record(person, f"{person.id}-b", name, _date_error(rng, person.birth_date))
            if rng.random() < 0.5:
                row["document_number"] = ""
            rows.append(row)
            truth[f"{person.id}-b"] = person.id
    rng.shuffle(rows)
    return rows, truth


def true_pairs(truth: dict[str, str]) -> set[frozenset[str]]:
    """Every pair of rows that are the same person."""
    by_person: dict[str, list[str]] = {}
    for row_id, person in truth.items():
        by_person.setdefault(person, []).append(row_id)
    return {
        frozenset((a, b))
        for ids in by_person.values()
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    }
