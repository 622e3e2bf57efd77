"""Record linkage over the protection registry: runs that fill the review queue, the
reviewer's decisions (a confirmed pair is merged: reversible, no record is deleted), and the
queue itself. Every list of candidates shown is audited: it shows personal data."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.errors import Conflict, Invalid, OutOfScope
from passage.kit import audit
from passage.kit.clock import utcnow
from passage.linkage import repository
from passage.linkage.models import Candidate, LinkageRun, Merge
from passage.linkage.persons import explanation, record_of
from passage.protection.access import acting_organisation, may, organisations
from passage.protection.registry.models import Person

PURPOSE = "protection"
REVIEW = "linkage.review"
DECISIONS = {"confirm": "confirmed", "reject": "rejected"}


@dataclass(frozen=True)
class QueueItem:
    """A candidate with its two persons, for the reviewer."""

    candidate: Candidate
    left: Person
    right: Person


def _reviewable(actor: Principal, organisation: str) -> None:
    if not may(actor, REVIEW, organisation, False):
        raise OutOfScope("no such record")


def run(
    *, session: Session, actor: Principal, organisation: str | None, threshold: float = 0.5
) -> LinkageRun:
    """De-duplicate an organisation's registry: new candidate pairs above `threshold` join the
    queue (pairs already queued or decided are kept as they are) and clusters are filed."""
    if not 0.0 < threshold < 1.0:
        raise Invalid("the threshold is a probability between 0 and 1", field="threshold")
    if organisation:
        _reviewable(actor, organisation)
    organisation = acting_organisation(actor, REVIEW, organisation)
    people = repository.persons_of(session, organisation)
    run = LinkageRun(organisation=organisation, threshold=threshold, started_by=actor.user_id)
    run.records = len(people)
    repository.add(session, run)
    session.flush()
    if len(people) >= 2:
        _fill(session, run, people, threshold)
    audit.record(
        session,
        action="linkage.run",
        object_type="linkage_run",
        object_id=run.id,
        purpose=PURPOSE,
        details={"records": run.records, "candidates": run.candidates},
    )
    return run


def _fill(session: Session, run: LinkageRun, people: Sequence[Person], threshold: float) -> None:
    from passage.linkage.engine.model import dedupe  # loads Splink: only when a run starts

    result = dedupe([record_of(person) for person in people], threshold=threshold)
    known = repository.known_pairs(session, run.organisation)
    for pair in result.pairs:
        left, right = sorted((uuid.UUID(pair.id_l), uuid.UUID(pair.id_r)))
        if (left, right) in known:
            continue
        known.add((left, right))
        repository.add(
            session,
            Candidate(
                run_id=run.id,
                organisation=run.organisation,
                person_l_id=left,
                person_r_id=right,
                match_probability=pair.match_probability,
                explanation=explanation(pair),
            ),
        )
        run.candidates += 1
    run.seconds = result.seconds
    run.model = {"parameters": result.parameters, "splink": result.model}
    clusters = {uuid.UUID(k): v for k, v in result.clusters.items()}
    repository.replace_memberships(session, run.id, clusters)
    session.flush()


def queue(
    *, session: Session, actor: Principal, status: str = "pending", limit: int = 50
) -> list[QueueItem]:
    """Candidates of a status within the reviewer's organisations; the persons shown are
    audited as read."""
    reach = organisations(actor, REVIEW)
    found = repository.candidates(session, reach, status, limit)
    people = repository.persons(
        session, [c.person_l_id for c in found] + [c.person_r_id for c in found]
    )
    items = [QueueItem(c, people[c.person_l_id], people[c.person_r_id]) for c in found]
    for item in items:
        audit.record(
            session,
            action="read",
            object_type="linkage_candidate",
            object_id=item.candidate.id,
            purpose=PURPOSE,
            details={"persons": 2},
        )
    return items


def decide(
    *,
    session: Session,
    actor: Principal,
    candidate_id: uuid.UUID,
    decision: str,
    version: int,
    reason: str | None = None,
) -> Candidate:
    """Confirm (the same person: the newer record is merged into the older) or reject a
    pending candidate."""
    candidate = repository.get_candidate(session, candidate_id)
    if candidate is None:
        raise OutOfScope("no such record")
    _reviewable(actor, candidate.organisation)
    if decision not in DECISIONS:
        raise Invalid("decide confirm or reject", field="decision")
    if candidate.version != version or candidate.status != "pending":
        raise Conflict("this candidate was decided or changed meanwhile", field="version")
    candidate.status = DECISIONS[decision]
    candidate.decided_by, candidate.decided_at = actor.user_id, utcnow()
    candidate.reason = (reason or "").strip()[:300] or None
    if decision == "confirm":
        _merge(session, candidate, actor)
    session.flush()
    audit.record(
        session,
        action=f"linkage.{decision}",
        object_type="linkage_candidate",
        object_id=candidate.id,
        purpose=PURPOSE,
    )
    return candidate


def _merge(session: Session, candidate: Candidate, actor: Principal) -> Merge:
    people = repository.persons(session, [candidate.person_l_id, candidate.person_r_id])
    kept, merged = sorted(people.values(), key=lambda person: (person.created_at, person.id))
    merge = Merge(
        candidate_id=candidate.id,
        organisation=candidate.organisation,
        kept_id=kept.id,
        merged_id=merged.id,
        merged_by=actor.user_id,
    )
    repository.add(session, merge)
    session.flush()
    audit.record(
        session,
        action="linkage.merge",
        object_type="linkage_merge",
        object_id=merge.id,
        purpose=PURPOSE,
        details={"kept": str(kept.id), "merged": str(merged.id)},
    )
    return merge


def undo_merge(*, session: Session, actor: Principal, merge_id: uuid.UUID) -> Merge:
    """Undo a merge: both records stand apart again and the pair returns to the queue."""
    merge = repository.get_merge(session, merge_id)
    if merge is None:
        raise OutOfScope("no such record")
    _reviewable(actor, merge.organisation)
    if merge.undone_at is not None:
        raise Conflict("this merge was already undone")
    merge.undone_at, merge.undone_by = utcnow(), actor.user_id
    candidate = repository.get_candidate(session, merge.candidate_id)
    if candidate is not None:
        candidate.status, candidate.decided_by, candidate.decided_at = "pending", None, None
    session.flush()
    audit.record(
        session,
        action="linkage.unmerge",
        object_type="linkage_merge",
        object_id=merge.id,
        purpose=PURPOSE,
    )
    return merge


def merges(*, session: Session, actor: Principal, limit: int = 50) -> Sequence[Merge]:
    """Merges in force within the reviewer's organisations."""
    return repository.merges(session, organisations(actor, REVIEW), limit)


def merge_of(*, session: Session, candidate_id: uuid.UUID) -> Merge | None:
    """The merge in force that a confirmed candidate made."""
    return repository.active_merge_of(session, candidate_id)
