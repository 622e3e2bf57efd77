"""Tables of flow monitoring surveys: the survey forms (their XLSForm definition as data) and
the interviews imported from Kobo/ODK exports, each at a flow monitoring point, keyed by its
submission id so that importing an export again adds nothing. An interview holds only the
answers that may be shown (choices, numbers): personal answers are never stored (`forms`)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base, RecordMixin


class FlowSurvey(RecordMixin, Base):
    """A survey form (XLSForm `form_id` as its code): its questions, choices and which
    question gives the day and the point (`forms.read_survey`)."""

    __tablename__ = "flow_surveys"

    code: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[dict[str, Any]] = mapped_column(default=dict)
    uploaded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class FlowInterview(RecordMixin, Base):
    """One interview at a point on a day: its answers that may be shown, by question name."""

    __tablename__ = "flow_interviews"
    __table_args__ = (
        UniqueConstraint("survey_id", "submission", name="uq_flow_interviews_submission"),
    )

    survey_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("flow_surveys.id"), index=True)
    point_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("flow_points.id"), index=True)
    submission: Mapped[str] = mapped_column(String(100))
    interviewed_on: Mapped[date] = mapped_column(index=True)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    imported_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
