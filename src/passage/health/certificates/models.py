"""Certificate checks made at a point of entry (health data: the decoded certificate is kept)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base, RecordMixin


class CertificateCheck(RecordMixin, Base):
    """A health certificate verified at a point of entry: the report of every step."""

    __tablename__ = "certificate_checks"

    poe_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("points_of_entry.id"))
    checked_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    checked_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(10))
    destination_iso3: Mapped[str | None] = mapped_column(String(3))
    result: Mapped[str] = mapped_column(String(10))
    failed_step: Mapped[str | None] = mapped_column(String(20))
    message: Mapped[str | None] = mapped_column(Text)
    steps: Mapped[dict[str, Any]] = mapped_column(default=dict)
    certificate_type: Mapped[str | None] = mapped_column(String(20))
    issuer_country: Mapped[str | None] = mapped_column(String(2))
    kid: Mapped[str | None] = mapped_column(String(20))
    rules_result: Mapped[str | None] = mapped_column(String(10))
    rules: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    decoded: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    trust_list: Mapped[str | None] = mapped_column(String(200))
