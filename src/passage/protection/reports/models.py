"""Stored weekly and monthly reports (made by the background job, already suppressed)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base, RecordMixin


class ReportSnapshot(RecordMixin, Base):
    """The report of one week or month, for one organisation ("" for all): counts only, every
    cell under 5 already suppressed."""

    __tablename__ = "protection_report_snapshots"
    __table_args__ = (UniqueConstraint("period", "starts_on", "organisation"),)

    period: Mapped[str] = mapped_column(String(10))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    organisation: Mapped[str] = mapped_column(String(200), default="")
    tables: Mapped[dict[str, Any]] = mapped_column(default=dict)
