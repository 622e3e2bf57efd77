"""Measures (identity + immutable bitemporal versions), their targets, POE status history,
and the editorial workflow (comments, discrepancy reports, per-country review setting)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from passage.kit.models import Base, RecordMixin


class Measure(RecordMixin, Base):
    """A travel measure's identity; its content lives in versions (an edit adds a version).

    `version` (optimistic lock) changes with every new version; `external_ref` makes imports
    idempotent (e.g. `oxcgrt:KEN:2020-03-17`).
    """

    __tablename__ = "measures"

    country_iso3: Mapped[str] = mapped_column(ForeignKey("countries.iso3"), index=True)
    external_ref: Mapped[str | None] = mapped_column(String(200), unique=True)
    current_version_no: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(20), index=True)

    versions: Mapped[list[MeasureVersion]] = relationship(
        back_populates="measure", lazy="raise", order_by="MeasureVersion.version_no"
    )


class MeasureVersion(RecordMixin, Base):
    """One recorded state of a measure. Never changed: a later edit sets `superseded_at` and
    adds a new version. Valid time: effective_from..effective_until (inclusive dates);
    recorded time: recorded_at..superseded_at."""

    __tablename__ = "measure_versions"
    __table_args__ = (
        UniqueConstraint("measure_id", "version_no"),
        Index("ix_measure_versions_current", "country_iso3", "is_current", "effective_from"),
        Index("ix_measure_versions_recorded", "country_iso3", "recorded_at"),
        # Covering index: the overview aggregates in-force versions from the index alone.
        Index(
            "ix_measure_versions_overview",
            "is_current", "status", "effective_from", "effective_until", "country_iso3",
            "measure_class", "measure_type", "level", "last_verified_on",
        ),
    )  # fmt: skip

    measure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("measures.id"), index=True)
    version_no: Mapped[int]
    is_current: Mapped[bool] = mapped_column(default=True)
    recorded_at: Mapped[datetime]
    superseded_at: Mapped[datetime | None]
    recorded_by: Mapped[str | None] = mapped_column(String(64))
    change_note: Mapped[str | None] = mapped_column(String(500))

    country_iso3: Mapped[str] = mapped_column(String(3))
    measure_class: Mapped[str] = mapped_column(String(30))
    measure_type: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    level: Mapped[int]
    explicit_level: Mapped[int | None]
    title: Mapped[str] = mapped_column(String(300))
    details: Mapped[str | None] = mapped_column(Text)
    nationalities: Mapped[list[str]] = mapped_column(default=list)
    origins: Mapped[list[str]] = mapped_column(default=list)
    transits: Mapped[list[str]] = mapped_column(default=list)
    residence: Mapped[list[str]] = mapped_column(default=list)
    poe_scope: Mapped[str] = mapped_column(String(10), default="all")
    poe_codes: Mapped[list[str]] = mapped_column(default=list)
    exemptions: Mapped[list[str]] = mapped_column(default=list)
    quarantine_days: Mapped[int | None]
    announced_on: Mapped[date | None]
    effective_from: Mapped[date]
    effective_until: Mapped[date | None]
    sources: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    last_verified_on: Mapped[date | None]

    measure: Mapped[Measure] = relationship(back_populates="versions", lazy="raise")
    targets: Mapped[list[MeasureTarget]] = relationship(lazy="raise", cascade="all")


class MeasureTarget(Base):
    """Index of a version's targets, kept separate by kind (nationality, origin, transit,
    residence) so that searches never mix them up."""

    __tablename__ = "measure_targets"
    __table_args__ = (Index("ix_measure_targets_lookup", "kind", "country_iso3"),)

    version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("measure_versions.id"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    country_iso3: Mapped[str] = mapped_column(String(3), primary_key=True)


class PoeStatus(RecordMixin, Base):
    """A reported status of a point of entry from a date on; history is every row."""

    __tablename__ = "poe_statuses"
    __table_args__ = (
        Index("ix_poe_statuses_poe_effective", "poe_id", "effective_from"),
        Index(
            "ix_poe_statuses_latest",
            "poe_id", "effective_from", "created_at", "id", "status", "last_verified_on",
        ),
    )  # fmt: skip

    poe_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("points_of_entry.id"))
    country_iso3: Mapped[str] = mapped_column(String(3), index=True)
    status: Mapped[str] = mapped_column(String(30))
    effective_from: Mapped[date]
    who_may_cross: Mapped[list[str]] = mapped_column(default=list)
    health_measures: Mapped[list[str]] = mapped_column(default=list)
    last_verified_on: Mapped[date | None]
    notes: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(300))
    recorded_by: Mapped[str | None] = mapped_column(String(64))


class MeasureComment(RecordMixin, Base):
    """An editor's comment on a measure."""

    __tablename__ = "measure_comments"

    measure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("measures.id"), index=True)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)


class DiscrepancyReport(RecordMixin, Base):
    """Anyone (the public too) saying a measure is wrong; moderated by coordinators."""

    __tablename__ = "discrepancy_reports"

    measure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("measures.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    resolution_note: Mapped[str | None] = mapped_column(Text)


class CountryEditorialSetting(RecordMixin, Base):
    """Per-country editorial rule: whether publishing needs a second person."""

    __tablename__ = "country_editorial_settings"

    country_iso3: Mapped[str] = mapped_column(ForeignKey("countries.iso3"), unique=True)
    review_required: Mapped[bool] = mapped_column(default=False)
