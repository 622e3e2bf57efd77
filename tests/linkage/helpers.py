"""Plain factories for the linkage tests: persons of an organisation, a pair in the queue."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.orm import Session

from passage.linkage.models import Candidate, LinkageRun, Merge
from passage.protection.registry.models import Person


def person(session: Session, organisation: str, given: str, surname: str, **fields) -> Person:
    """A registered person of an organisation."""
    record = Person(
        reference=f"P-{uuid.uuid4().hex[:10].upper()}",
        given_names=given,
        surname=surname,
        organisation=organisation,
        **fields,
    )
    session.add(record)
    session.flush()
    return record


def queued_pair(session: Session, organisation: str, status: str = "pending") -> Candidate:
    """Two persons of an organisation queued as a possible duplicate."""
    born = date(1990, 5, 4)
    left = person(session, organisation, "Amina", "Yusuf", birth_date=born, sex="F")
    right = person(session, organisation, "Aminah", "Youssouf", birth_date=born, sex="F")
    run = LinkageRun(organisation=organisation, threshold=0.5, records=2)
    session.add(run)
    session.flush()
    candidate = Candidate(
        run_id=run.id,
        organisation=organisation,
        person_l_id=min(left.id, right.id),
        person_r_id=max(left.id, right.id),
        match_probability=0.97,
        explanation={"name": {"level": "two name words sound alike", "weight": 6.2}},
        status=status,
    )
    session.add(candidate)
    session.flush()
    return candidate


def merged_pair(session: Session, organisation: str) -> Merge:
    """A confirmed pair and the merge it made."""
    candidate = queued_pair(session, organisation, status="confirmed")
    merge = Merge(
        candidate_id=candidate.id,
        organisation=organisation,
        kept_id=candidate.person_l_id,
        merged_id=candidate.person_r_id,
    )
    session.add(merge)
    session.flush()
    return merge
