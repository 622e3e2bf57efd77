"""The restriction tracker's query vocabulary: what "in force on a day", "the current record",
"the record as it stood at a moment" and "sets the entry-restriction level" mean.

One definition each, as SQLAlchemy clauses for queries (this package's repository and those of
the overview, the map and the journey check) and, where rows are already loaded, as plain
tests on them. A measure version is *in force* on day D when its status is published, lifted
or superseded (never a draft) and D lies in effective_from..effective_until (inclusive; no end
date: still in force).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from sqlalchemy import ColumnElement, and_, or_

from passage.restrictions.models import MeasureVersion
from passage.restrictions.taxonomy import MeasureClass, MeasureStatus

V = MeasureVersion
IN_FORCE_STATUSES: tuple[str, ...] = (
    MeasureStatus.PUBLISHED.value,
    MeasureStatus.LIFTED.value,
    MeasureStatus.SUPERSEDED.value,
)
"""The editorial statuses of versions that are ever in force (the public sees only these)."""
NOT_COUNTED_FOR_LEVEL = MeasureClass.EXIT_RESTRICTION.value
"""Exit restrictions do not count towards a country's entry-restriction level."""


def in_force_status() -> ColumnElement[bool]:
    """The version's status is one that is ever in force (not a draft)."""
    return V.status.in_(IN_FORCE_STATUSES)


def in_force_on(day: date) -> ColumnElement[bool]:
    """The version is in force on `day` (status and validity interval)."""
    return and_(
        in_force_status(),
        V.effective_from <= day,
        or_(V.effective_until.is_(None), V.effective_until >= day),
    )


def current_record() -> ColumnElement[bool]:
    """The version is the measure's current record (not superseded by a later edit)."""
    return V.is_current.is_(True)


def recorded_by(moment: datetime) -> ColumnElement[bool]:
    """The version had been recorded by `moment` (whether or not it was superseded since)."""
    return V.recorded_at <= moment


def as_recorded_at(moment: datetime | None) -> ColumnElement[bool]:
    """The version was the measure's record at `moment` (recorded time); None: now."""
    if moment is None:
        return current_record()
    return and_(recorded_by(moment), or_(V.superseded_at.is_(None), V.superseded_at > moment))


def sets_entry_level() -> ColumnElement[bool]:
    """The version counts towards the country's entry-restriction level."""
    return V.measure_class != NOT_COUNTED_FOR_LEVEL


class ValidityRow(Protocol):
    """What the row-level test reads of a loaded version (an ORM object or a result row)."""

    @property
    def status(self) -> str: ...

    @property
    def effective_from(self) -> date: ...

    @property
    def effective_until(self) -> date | None: ...


def is_in_force_on(row: ValidityRow, day: date) -> bool:
    """`in_force_on` for a version already loaded."""
    return (
        row.status in IN_FORCE_STATUSES
        and row.effective_from <= day
        and (row.effective_until is None or row.effective_until >= day)
    )


def was_record_at(version: MeasureVersion, moment: datetime) -> bool:
    """`as_recorded_at` for a version already loaded (`moment` in UTC)."""
    ended = version.superseded_at is None or version.superseded_at > moment
    return version.recorded_at <= moment and ended


def counts_for_level(measure_class: str) -> bool:
    """`sets_entry_level` for a measure class already loaded."""
    return measure_class != NOT_COUNTED_FOR_LEVEL
