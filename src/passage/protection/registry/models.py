"""Tables of the registry: persons, households or travelling groups, and each change of a
person's personal fields (field-level history)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base, RecordMixin


class Household(RecordMixin, Base):
    """A household or a group travelling together; its members are persons pointing to it (the
    head is the member whose relationship is `head`)."""

    __tablename__ = "protection_households"

    kind: Mapped[str] = mapped_column(String(20), default="household")
    label: Mapped[str | None] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), index=True)
    country_iso3: Mapped[str | None] = mapped_column(String(3))


class Person(RecordMixin, Base):
    """A migrant registered for protection and assistance.

    `restricted` marks a person only designated staff may see (a child on their own, a victim
    or presumed victim of trafficking); `traveller_id` links a traveller met at a point of entry.
    """

    __tablename__ = "protection_persons"
    __table_args__ = (Index("ix_protection_persons_changed", "updated_at"),)

    reference: Mapped[str] = mapped_column(String(16), unique=True)
    given_names: Mapped[str] = mapped_column(String(200))
    surname: Mapped[str] = mapped_column(String(200))
    other_names: Mapped[list[str]] = mapped_column(default=list)
    sex: Mapped[str] = mapped_column(String(1), default="U")
    birth_date: Mapped[date | None]
    birth_date_estimated: Mapped[bool] = mapped_column(default=False)
    nationality: Mapped[str | None] = mapped_column(String(3), index=True)
    other_nationalities: Mapped[list[str]] = mapped_column(default=list)
    languages: Mapped[list[str]] = mapped_column(default=list)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    country_iso3: Mapped[str | None] = mapped_column(String(3), index=True)
    admin1: Mapped[str | None] = mapped_column(String(100))
    admin2: Mapped[str | None] = mapped_column(String(100))
    location: Mapped[str | None] = mapped_column(String(300))
    migration_status: Mapped[str] = mapped_column(String(20), default="unknown")
    situations: Mapped[list[str]] = mapped_column(default=list)
    needs: Mapped[list[str]] = mapped_column(default=list)
    documents: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    household_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("protection_households.id"), index=True
    )
    relationship: Mapped[str | None] = mapped_column(String(20))
    organisation: Mapped[str] = mapped_column(String(200), index=True)
    restricted: Mapped[bool] = mapped_column(default=False)
    traveller_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("travellers.id"), index=True)
    source: Mapped[str] = mapped_column(String(20), default="intake")
    registered_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    notes: Mapped[str | None] = mapped_column(Text)


class PersonChange(RecordMixin, Base):
    """One change of one personal field: the value before and after, who changed it and why."""

    __tablename__ = "protection_person_changes"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_persons.id"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[dict[str, Any]] = mapped_column(default=dict)
    new_value: Mapped[dict[str, Any]] = mapped_column(default=dict)
    changed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(String(300))
