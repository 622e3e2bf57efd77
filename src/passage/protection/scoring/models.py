"""Tables of scoring: the versions of each scoring model (immutable once stored) and the
screenings scored with them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base, RecordMixin


class ScoringModel(RecordMixin, Base):
    """One version of a scoring model: factors by level with question, weight and rule, and the
    thresholds of each priority. A version never changes once stored; a change is a new one."""

    __tablename__ = "protection_scoring_models"
    __table_args__ = (UniqueConstraint("code", "version_no"),)

    code: Mapped[str] = mapped_column(String(60), index=True)
    version_no: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    definition: Mapped[dict[str, Any]] = mapped_column(default=dict)
    source: Mapped[str] = mapped_column(String(20), default="shipped")
    is_current: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class Screening(RecordMixin, Base):
    """A person's answers scored with one model version: the total, the priority and every
    factor's contribution, stored with the model's code and version."""

    __tablename__ = "protection_screenings"
    # re-scoring walks it backwards: each case's newest screening with a model, case by case
    __table_args__ = (
        Index("ix_protection_screenings_latest", "model_code", "case_id", "created_at", "id"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_persons.id"), index=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("protection_cases.id"), index=True)
    model_code: Mapped[str] = mapped_column(String(60))
    model_version: Mapped[int]
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    total: Mapped[float]
    maximum: Mapped[float]
    priority: Mapped[str] = mapped_column(String(10))
    contributions: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    source: Mapped[str] = mapped_column(String(20), default="form")
    submission_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    rescored_from: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("protection_screenings.id"))
    screened_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
