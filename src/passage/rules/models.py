"""Business rules (EU DCC validation rules): every uploaded version, kept as uploaded."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base, JSONType, RecordMixin


class BusinessRule(RecordMixin, Base):
    """One version of an EU DCC business rule; never changed nor deleted, a new upload adds one.

    `rule_version` is the rule's semantic Version (the inherited `version` is the row lock);
    `country_code` is the rule's ISO alpha-2 Country, `country_iso3` our key for it;
    `document` is the JSON exactly as uploaded.
    """

    __tablename__ = "business_rules"
    __table_args__ = (
        UniqueConstraint("identifier", "rule_version"),
        Index("ix_business_rules_selection", "country_iso3", "rule_type", "valid_from"),
    )

    identifier: Mapped[str] = mapped_column(String(20), index=True)
    rule_type: Mapped[str] = mapped_column(String(20))
    country_code: Mapped[str] = mapped_column(String(2))
    country_iso3: Mapped[str] = mapped_column(ForeignKey("countries.iso3"))
    rule_version: Mapped[str] = mapped_column(String(32))
    version_major: Mapped[int]
    version_minor: Mapped[int]
    version_patch: Mapped[int]
    schema_version: Mapped[str] = mapped_column(String(32))
    engine: Mapped[str] = mapped_column(String(20))
    engine_version: Mapped[str] = mapped_column(String(32))
    certificate_type: Mapped[str] = mapped_column(String(20))
    descriptions: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    valid_from: Mapped[datetime]
    valid_to: Mapped[datetime]
    affected_fields: Mapped[list[str]] = mapped_column(default=list)
    logic: Mapped[Any] = mapped_column(JSONType)
    document: Mapped[dict[str, Any]]
    uploaded_at: Mapped[datetime]
    uploaded_by: Mapped[str | None] = mapped_column(String(64))

    @property
    def semver(self) -> tuple[int, int, int]:
        """The rule's Version as numbers, for ordering."""
        return self.version_major, self.version_minor, self.version_patch

    def description(self, language: str = "en") -> str:
        """The description in a language, else English, else the first one given."""
        texts = {item.get("lang"): item.get("desc", "") for item in self.descriptions}
        return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")
