"""How a tracing request meets the registry: the sought person as engine records (one per name
variant), scored with the organisation's linkage model against the persons who may be traced,
and the reunification follow-up planned on the found person's open case."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal, ScopeTarget, can
from passage.kit.clock import today
from passage.linkage import checks
from passage.linkage.engine.records import prepare_one
from passage.linkage.persons import explanation, record_of
from passage.linkage.tracing.models import TracingRequest
from passage.protection.cases import plan
from passage.protection.cases import service as cases
from passage.protection.cases.schemas import FollowUpCreate
from passage.protection.registry.models import Person
from passage.protection.vocabulary import OPEN_STATUSES

FOUND_SHARE = 0.5


def sought_records(request: TracingRequest) -> list[dict[str, Any]]:
    """The sought person as engine records: the names given, then each variant alone; an
    approximate age counts as a year of birth."""
    born = request.birth_date
    if not born and request.approximate_age is not None:
        born = str(today().year - request.approximate_age)
    base = {
        "given_name": request.given_names,
        "surname": request.surname,
        "date_of_birth": born,
        "sex": request.sex,
        "nationality": request.nationality,
    }
    records = [prepare_one(base, "sought-0")]
    for number, variant in enumerate(request.name_variants or [], start=1):
        row = base | {"given_name": None, "surname": None, "full_name": variant}
        records.append(prepare_one(row, f"sought-{number}"))
    return records


def candidates(
    session: Session, request: TracingRequest, people: Sequence[Person], *, threshold: float
) -> list[tuple[uuid.UUID, float, dict[str, Any]]]:
    """The persons who may be the one sought, each with its best probability over the name
    variants and that pair's explanation; none when the organisation has no model yet."""
    model = checks.model_for(session, request.organisation)
    if model is None or not people:
        return []
    # The prior of a tracing pair is not the registry's duplicate rate: one person is sought,
    # and taken to be among those who may be traced half the time.
    prior = min(FOUND_SHARE / len(people), 0.5)
    model = model | {"probability_two_random_records_match": prior}
    from passage.linkage.engine.incremental import compare  # loads Splink: only when matching

    pairs = compare(
        [record_of(p) for p in people], sought_records(request), model, threshold=threshold
    )
    best: dict[str, Any] = {}
    for pair in pairs:  # most likely first
        best.setdefault(pair.id_l, pair)
    return [(uuid.UUID(k), p.match_probability, explanation(p)) for k, p in best.items()]


def plan_follow_up(
    session: Session, request: TracingRequest, person: Person, actor: Principal
) -> None:
    """A reunification follow-up on the found person's open case, when there is one the actor
    may edit; the request carries its own due date either way."""
    for case in cases.cases_of_person(session=session, person=person, actor=actor):
        if case.status not in OPEN_STATUSES:
            continue
        if not can(actor, "protection.edit", ScopeTarget(organisation=case.organisation)):
            return
        due = request.follow_up_due or today() + timedelta(days=7)
        purpose = f"Family reunification: tracing request {request.reference}"
        data = FollowUpCreate(due_on=due, purpose=purpose)
        plan.add_follow_up(session=session, case_id=case.id, data=data, actor=actor)
        return
