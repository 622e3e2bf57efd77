"""Tables of record linkage: runs over the registry, candidate pairs for review with their
explanation, merges (reversible: no record is deleted), and stable cluster ids."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base, RecordMixin


class LinkageRun(RecordMixin, Base):
    """A de-duplication run over one organisation's registry: counts and the trained model
    (Splink's JSON), which the incremental check reuses."""

    __tablename__ = "linkage_runs"

    organisation: Mapped[str] = mapped_column(String(200), index=True)
    threshold: Mapped[float]
    records: Mapped[int] = mapped_column(default=0)
    candidates: Mapped[int] = mapped_column(default=0)
    seconds: Mapped[float] = mapped_column(default=0.0)
    model: Mapped[dict[str, Any]] = mapped_column(default=dict)
    started_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class Candidate(RecordMixin, Base):
    """Two registered persons that may be one: the probability, each field's agreement in
    words with its weight, and the reviewer's decision (pending, confirmed, rejected)."""

    __tablename__ = "linkage_candidates"
    __table_args__ = (UniqueConstraint("person_l_id", "person_r_id"),)

    run_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("linkage_runs.id"), index=True)
    organisation: Mapped[str] = mapped_column(String(200), index=True)
    person_l_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_persons.id"))
    person_r_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_persons.id"))
    match_probability: Mapped[float]
    explanation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(String(300))


class Merge(RecordMixin, Base):
    """A confirmed duplicate: `merged` is the same person as `kept` (the older record). Both
    records and their histories stay; undoing sets `undone_at`."""

    __tablename__ = "linkage_merges"

    candidate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("linkage_candidates.id"))
    organisation: Mapped[str] = mapped_column(String(200), index=True)
    kept_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_persons.id"), index=True)
    merged_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_persons.id"), index=True)
    merged_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    undone_at: Mapped[datetime | None]
    undone_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class Membership(Base):
    """The cluster a person belongs to after the latest run (its id is the smallest person id
    of the cluster, so it stays as the registry grows)."""

    __tablename__ = "linkage_memberships"

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("protection_persons.id"), primary_key=True
    )
    cluster_id: Mapped[str] = mapped_column(String(36), index=True)
    run_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("linkage_runs.id"))
