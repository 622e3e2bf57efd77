"""Trust lists of DCC signer certificates (rotated by revision) and imported value sets.

None of these hold personal data: administrators manage them.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base, RecordMixin


class TrustList(RecordMixin, Base):
    """A named list of trusted DCC signer certificates; importing it again rotates it."""

    __tablename__ = "dcc_trust_lists"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str | None] = mapped_column(String(300))
    current_revision: Mapped[int] = mapped_column(default=0)
    signer_count: Mapped[int] = mapped_column(default=0)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class DccSigner(RecordMixin, Base):
    """A document signer certificate (DER) in one revision of a trust list."""

    __tablename__ = "dcc_signers"
    __table_args__ = (Index("ix_dcc_signers_list_revision", "trust_list_id", "revision"),)

    trust_list_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dcc_trust_lists.id"))
    revision: Mapped[int]
    kid: Mapped[str] = mapped_column(String(16))
    der: Mapped[bytes] = mapped_column(LargeBinary)
    subject: Mapped[str] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(2))
    not_before: Mapped[datetime]
    not_after: Mapped[datetime]
    usages: Mapped[list[str]] = mapped_column(default=list)


class DccValueSet(RecordMixin, Base):
    """An EU DCC value set imported from its official JSON file (codes only)."""

    __tablename__ = "dcc_value_sets"

    value_set_id: Mapped[str] = mapped_column(String(80), unique=True)
    value_set_date: Mapped[str | None] = mapped_column(String(20))
    codes: Mapped[list[str]] = mapped_column(default=list)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
