"""Possible duplicates of a registration, before it is saved: the registration is compared
with the organisation's registry as it is, with the model of the latest run (or one trained
on the registry when there is none). The registry is held in memory per organisation and
filed again when it changed."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.errors import OutOfScope
from passage.kit import audit
from passage.linkage import repository
from passage.linkage.engine.records import prepare_one
from passage.linkage.persons import explanation, record_of
from passage.protection.access import acting_organisation, may
from passage.protection.registry.models import Person

if TYPE_CHECKING:  # Splink is loaded where a check first needs it
    from passage.linkage.engine.incremental import Reference

PURPOSE = "protection"
_lock = threading.Lock()


@dataclass
class Held:
    """An organisation's registry in memory, and the state it was filed at."""

    reference: Reference
    state: tuple[int, datetime | None]


_held: dict[tuple[str, str], Held] = {}


@dataclass(frozen=True)
class PossibleDuplicate:
    """A registered person who may be the one being registered, and why."""

    person: Person
    match_probability: float
    explanation: dict[str, Any]


def _reference(session: Session, organisation: str) -> Reference | None:
    key = (str(session.get_bind().engine.url), organisation)
    state = repository.registry_state(session, organisation)
    with _lock:
        held = _held.get(key)
        if held is not None and held.state == state:
            return held.reference
        people = repository.persons_of(session, organisation)
        if len(people) < 2:
            return None
        run = repository.latest_run(session, organisation)
        model = (run.model or {}).get("splink") if run is not None else None
        from passage.linkage.engine.incremental import Reference  # loads Splink: only here

        reference = Reference([record_of(person) for person in people], model or None)
        _held[key] = Held(reference, state)
        return reference


def model_for(session: Session, organisation: str) -> dict[str, Any] | None:
    """The organisation's linkage model: its latest run's, else one trained on its registry
    (None when the registry is too small to train one)."""
    run = repository.latest_run(session, organisation)
    model = (run.model or {}).get("splink") if run is not None else None
    if model:
        return dict(model)
    reference = _reference(session, organisation)
    return reference.model() if reference is not None else None


def possible_duplicates(
    *,
    session: Session,
    actor: Principal,
    row: dict[str, Any],
    organisation: str | None = None,
    threshold: float = 0.5,
) -> list[PossibleDuplicate]:
    """Registered persons of the actor's organisation who may be the person in `row` (the
    vocabulary's columns), most likely first; each one shown is audited as read."""
    if organisation and not may(actor, "linkage.check", organisation, False):
        raise OutOfScope("no such organisation")
    organisation = acting_organisation(actor, "linkage.check", organisation)
    reference = _reference(session, organisation)
    if reference is None:
        return []
    pairs = reference.check([prepare_one(row, "incoming")], threshold=threshold)
    people = repository.persons(session, [uuid.UUID(pair.id_l) for pair in pairs])
    found = [
        PossibleDuplicate(people[uuid.UUID(p.id_l)], p.match_probability, explanation(p))
        for p in pairs
        if uuid.UUID(p.id_l) in people and people[uuid.UUID(p.id_l)].organisation == organisation
    ]
    for duplicate in found:
        audit.record(
            session,
            action="read",
            object_type="protection_person",
            object_id=duplicate.person.id,
            purpose=PURPOSE,
            details={"why": "possible duplicate"},
        )
    return found


def forget() -> None:
    """Drop the registries held in memory (tests)."""
    with _lock:
        _held.clear()
