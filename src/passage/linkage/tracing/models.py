"""Tables of family tracing: the requests (who is sought, by whom, from where) and the
registered persons each request was matched with, with the case worker's decision."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base, RecordMixin


class TracingRequest(RecordMixin, Base):
    """A request to find a family member: the sought person as the requester knows them (names
    and their variants, an approximate age or a date of birth of any precision), the place and
    date of separation, the relationship, and the requester's contact. `status` is open,
    reunification (a match confirmed: a follow-up is due) or closed."""

    __tablename__ = "linkage_tracing_requests"

    reference: Mapped[str] = mapped_column(String(16), unique=True)
    organisation: Mapped[str] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    given_names: Mapped[str] = mapped_column(String(200))
    surname: Mapped[str] = mapped_column(String(200), default="")
    name_variants: Mapped[list[str]] = mapped_column(default=list)
    birth_date: Mapped[str | None] = mapped_column(String(10))
    approximate_age: Mapped[int | None]
    sex: Mapped[str | None] = mapped_column(String(1))
    nationality: Mapped[str | None] = mapped_column(String(3))
    separation_place: Mapped[str | None] = mapped_column(String(300))
    separation_date: Mapped[date | None]
    relationship: Mapped[str] = mapped_column(String(20))
    requester_name: Mapped[str] = mapped_column(String(200))
    requester_contact: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    filed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    found_person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("protection_persons.id"))
    follow_up_due: Mapped[date | None]
    matched_at: Mapped[datetime | None]


class TracingMatch(RecordMixin, Base):
    """A registered person who may be the one sought: the probability, each field's agreement
    in words, and the case worker's decision (pending, confirmed, rejected)."""

    __tablename__ = "linkage_tracing_matches"
    __table_args__ = (UniqueConstraint("request_id", "person_id"),)

    request_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("linkage_tracing_requests.id"), index=True
    )
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_persons.id"))
    match_probability: Mapped[float]
    explanation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
