"""Every query of record linkage: the persons of an organisation as the engine reads them,
runs, candidates, merges and cluster memberships."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from passage.linkage.models import Candidate, LinkageRun, Membership, Merge
from passage.protection.registry.models import Person


def add(session: Session, record: object) -> None:
    """Stage a new record."""
    session.add(record)


def persons_of(session: Session, organisation: str) -> Sequence[Person]:
    """The persons of an organisation that linkage compares (restricted records excluded:
    only designated staff may see them)."""
    statement = select(Person).where(
        Person.organisation == organisation, Person.restricted.is_(False)
    )
    return session.scalars(statement.order_by(Person.id)).all()


def registry_state(session: Session, organisation: str) -> tuple[int, datetime | None]:
    """How many persons an organisation has, and the newest change among them."""
    statement = select(func.count(), func.max(Person.updated_at)).where(
        Person.organisation == organisation, Person.restricted.is_(False)
    )
    count, newest = session.execute(statement).one()
    return int(count), newest


def persons(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Person]:
    """Persons by id."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    return {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(wanted)))}


def latest_run(session: Session, organisation: str) -> LinkageRun | None:
    """The newest run of an organisation."""
    statement = select(LinkageRun).where(LinkageRun.organisation == organisation)
    return session.scalar(statement.order_by(LinkageRun.created_at.desc()).limit(1))


def known_pairs(session: Session, organisation: str) -> set[tuple[uuid.UUID, uuid.UUID]]:
    """The pairs already in the queue or decided."""
    statement = select(Candidate.person_l_id, Candidate.person_r_id).where(
        Candidate.organisation == organisation
    )
    return {(left, right) for left, right in session.execute(statement)}


def get_candidate(session: Session, candidate_id: uuid.UUID) -> Candidate | None:
    """One candidate, unchecked."""
    return session.get(Candidate, candidate_id)


def candidates(
    session: Session, organisations: frozenset[str] | None, status: str, limit: int
) -> Sequence[Candidate]:
    """Candidates of a status within the organisations (None: all), most likely first."""
    statement = select(Candidate).where(Candidate.status == status)
    if organisations is not None:
        statement = statement.where(Candidate.organisation.in_(organisations))
    ordered = statement.order_by(Candidate.match_probability.desc(), Candidate.id)
    return session.scalars(ordered.limit(limit)).all()


def get_merge(session: Session, merge_id: uuid.UUID) -> Merge | None:
    """One merge, unchecked."""
    return session.get(Merge, merge_id)


def active_merge_of(session: Session, candidate_id: uuid.UUID) -> Merge | None:
    """The merge a confirmed candidate made, unless undone."""
    statement = select(Merge).where(Merge.candidate_id == candidate_id, Merge.undone_at.is_(None))
    return session.scalar(statement)


def merges(session: Session, organisations: frozenset[str] | None, limit: int) -> Sequence[Merge]:
    """Merges in force within the organisations, newest first."""
    statement = select(Merge).where(Merge.undone_at.is_(None))
    if organisations is not None:
        statement = statement.where(Merge.organisation.in_(organisations))
    return session.scalars(statement.order_by(Merge.created_at.desc()).limit(limit)).all()


def replace_memberships(
    session: Session, run_id: uuid.UUID, clusters: dict[uuid.UUID, str]
) -> None:
    """File each person's cluster after a run (replacing the previous run's)."""
    if not clusters:
        return
    ids = list(clusters)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        session.execute(delete(Membership).where(Membership.person_id.in_(chunk)))
    session.add_all(
        Membership(person_id=person_id, cluster_id=cluster_id, run_id=run_id)
        for person_id, cluster_id in clusters.items()
    )


def clusters_of(session: Session, person_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The cluster ids of persons."""
    wanted = list(person_ids)
    statement = select(Membership.person_id, Membership.cluster_id).where(
        Membership.person_id.in_(wanted)
    )
    return dict(session.execute(statement).tuples().all())
