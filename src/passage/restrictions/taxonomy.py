"""IOM's taxonomy of mobility measures, and the 0-4 entry-restriction level (comparable with
OxCGRT C8). Pure data and functions, no I/O; documented in docs/restrictions.md."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum


class MeasureClass(StrEnum):
    """The broad class of a measure."""

    ENTRY_RESTRICTION = "entry_restriction"
    ENTRY_CONDITION = "entry_condition"
    EXIT_RESTRICTION = "exit_restriction"
    NONE = "none"


class MeasureStatus(StrEnum):
    """Editorial status: only published, lifted and superseded measures are ever in force
    (`vocabulary.IN_FORCE_STATUSES`)."""

    DRAFT = "draft"
    PUBLISHED = "published"
    LIFTED = "lifted"
    SUPERSEDED = "superseded"


# type -> (class, level when it applies to all arrivals, level when it targets some)
MEASURE_TYPES: dict[str, tuple[MeasureClass, int, int]] = {
    "complete_closure": (MeasureClass.ENTRY_RESTRICTION, 4, 4),
    "nationality_ban": (MeasureClass.ENTRY_RESTRICTION, 4, 3),
    "origin_ban": (MeasureClass.ENTRY_RESTRICTION, 4, 3),
    "transit_ban": (MeasureClass.ENTRY_RESTRICTION, 3, 3),
    "visa_suspension": (MeasureClass.ENTRY_RESTRICTION, 3, 3),
    "flight_suspension": (MeasureClass.ENTRY_RESTRICTION, 4, 3),
    "test_before_arrival": (MeasureClass.ENTRY_CONDITION, 1, 1),
    "test_after_arrival": (MeasureClass.ENTRY_CONDITION, 1, 1),
    "quarantine": (MeasureClass.ENTRY_CONDITION, 2, 2),
    "vaccination": (MeasureClass.ENTRY_CONDITION, 1, 1),
    "health_declaration": (MeasureClass.ENTRY_CONDITION, 1, 1),
    "health_certificate": (MeasureClass.ENTRY_CONDITION, 1, 1),
    "visa_requirement": (MeasureClass.ENTRY_CONDITION, 1, 1),
    "other_condition": (MeasureClass.ENTRY_CONDITION, 1, 1),
    "exit_ban": (MeasureClass.EXIT_RESTRICTION, 0, 0),
    "other_exit_restriction": (MeasureClass.EXIT_RESTRICTION, 0, 0),
    "no_measures": (MeasureClass.NONE, 0, 0),
}

EXEMPTIONS = (
    "nationals",
    "residents",
    "diplomats",
    "health_workers",
    "border_workers",
    "cross_border_traders",
    "seasonal_workers",
    "transit_passengers",
    "humanitarian_workers",
    "students",
    "family_reunification",
)

TARGET_KINDS = ("nationality", "origin", "transit", "residence")
POE_SCOPES = ("all", "air", "land", "sea", "named")
POE_STATUSES = ("fully_operational", "partially_operational", "closed")
WHO_MAY_CROSS = (
    "nationals",
    "regular_travellers",
    "migrants",
    "idps",
    "asylum_seekers",
    "goods_only",
)

LEVEL_LABELS = {
    0: "No restriction",
    1: "Screening arrivals",
    2: "Quarantine arrivals",
    3: "Ban arrivals from some regions",
    4: "Ban on all regions or total border closure",
}


def class_of(measure_type: str) -> MeasureClass:
    """The class a measure type belongs to."""
    return MEASURE_TYPES[measure_type][0]


def measure_level(measure_type: str, targeted: bool, explicit: int | None = None) -> int:
    """The entry-restriction level a measure sets (an explicit, e.g. OxCGRT, level wins)."""
    if explicit is not None:
        return explicit
    _, all_level, some_level = MEASURE_TYPES[measure_type]
    return some_level if targeted else all_level


def country_level(levels: list[int]) -> int | None:
    """A country's level on a day: the highest level in force; None when there is no data."""
    return max(levels) if levels else None


STALE_AFTER_DAYS = 30


def verified_day(last_verified_on: date | None, recorded_at: datetime | None) -> date | None:
    """When a record was last checked against its sources (else the day it was recorded)."""
    return last_verified_on or (recorded_at.date() if recorded_at else None)


def is_stale(verified: date | None, on: date, today: date, days: int = STALE_AFTER_DAYS) -> bool:
    """Data shown for `on` is stale when last checked more than `days` days before the
    reference day min(on, today) (the journey check's rule, docs/journeys.md)."""
    return verified is None or verified < min(on, today) - timedelta(days=days)
