"""The incremental check: a new registration against the existing records, with the model
trained once, finds the person registered before and explains why."""

from __future__ import annotations

import pytest

from passage.linkage.engine import prepare
from passage.linkage.engine.incremental import Reference
from passage.synthetic.registrations import registrations


@pytest.fixture(scope="module")
def reference():
    rows, _ = registrations(1500, duplicate_rate=0.2, seed=7)
    return Reference(prepare(rows, "id")), rows


def _again(row: dict, **changes: str) -> dict:
    return prepare([row | {"id": "new"} | changes], "id")[0]


def test_a_new_registration_of_a_known_person_is_a_possible_duplicate(reference):
    held, rows = reference
    known = next(row for row in rows if len(row["full_name"].split()) >= 2)
    words = known["full_name"].split()
    swapped = " ".join([words[-1], *words[:-1]])
    pairs = held.check([_again(known, full_name=swapped)], threshold=0.5)
    assert pairs and pairs[0].id_l == known["id"] and pairs[0].id_r == "new"
    assert pairs[0].fields["date_of_birth"][0] == "same date of birth"


def test_a_stranger_finds_no_duplicate(reference):
    held, _ = reference
    stranger = prepare(
        [{"id": "new", "full_name": "Zebediah Quixwell", "date_of_birth": "1901-01-01"}], "id"
    )
    assert held.check(stranger, threshold=0.5) == []


def test_records_added_later_are_found(reference):
    held, _ = reference
    late = prepare(
        [
            {
                "id": "late",
                "full_name": "Oluwaseun Adebayo-Okafor",
                "date_of_birth": "1977-07-07",
                "sex": "F",
            }
        ],
        "id",
    )
    held.add(late)
    pairs = held.check([_again(late[0] | {"id": "x"}, full_name="Adebayo Okafor Oluwaseun")])
    assert [pair.id_l for pair in pairs][:1] == ["late"]
