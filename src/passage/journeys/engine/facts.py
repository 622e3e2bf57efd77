"""What the journey engine reads: a measure version's facts, the traveller with their evidence
(vaccination, test, recovery, certificate) and the itinerary. Plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

POE_MODES = {
    "airport": "air",
    "land_crossing": "land",
    "sea_port": "sea",
    "river_port": "sea",
    "lake_port": "sea",
}


@dataclass(frozen=True, slots=True)
class MeasureFacts:
    """What the engine needs of one measure version (built once per version by the service)."""

    version_id: str
    measure_id: str
    measure_type: str
    title: str
    nationalities: frozenset[str] = frozenset()
    origins: frozenset[str] = frozenset()
    transits: frozenset[str] = frozenset()
    residence: frozenset[str] = frozenset()
    poe_scope: str = "all"
    poe_codes: frozenset[str] = frozenset()
    exemptions: frozenset[str] = frozenset()
    quarantine_days: int | None = None
    sources: tuple[dict[str, Any], ...] = ()
    last_verified_on: date | None = None
    recorded_on: date | None = None
    effective_from: date | None = None
    effective_until: date | None = None
    # A level given by the source (OxCGRT C8): the source says how strict, not whom it concerns.
    explicit_level: int | None = None

    @property
    def verified_on(self) -> date | None:
        """The last check against the sources (falls back to the day it was recorded)."""
        return self.last_verified_on or self.recorded_on


@dataclass(frozen=True, slots=True)
class Vaccination:
    """A vaccination: product (EU code), doses received, doses in the full series, last dose."""

    doses: int
    total_doses: int | None = None
    product: str | None = None
    last_dose_on: date | None = None


@dataclass(frozen=True, slots=True)
class LabTest:
    """A test: kind (pcr, antigen...), when the sample was taken, and the result."""

    taken_at: datetime
    result: str
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class Recovery:
    """A recovery: the date of the first positive test."""

    positive_on: date


@dataclass(frozen=True, slots=True)
class Certificate:
    """A presented certificate: its kind, signature status, rules outcome and its evidence.

    status: verified | unverified (no trust list / no signer) | invalid.
    rules_result: pass | fail | open, or None when the destination has no rules for it.
    """

    kind: str | None
    status: str
    rules_result: str | None = None
    vaccination: Vaccination | None = None
    test: LabTest | None = None
    recovery: Recovery | None = None


@dataclass(frozen=True, slots=True)
class Traveller:
    """Who travels: nationalities, residence, claimed exemption categories and evidence."""

    nationalities: frozenset[str]
    residence: str | None = None
    exemptions: frozenset[str] = frozenset()
    vaccination: Vaccination | None = None
    test: LabTest | None = None
    recovery: Recovery | None = None
    certificate: Certificate | None = None


@dataclass(frozen=True, slots=True)
class Itinerary:
    """Where and when: origin, transit countries, destination, POE (code and mode), arrival."""

    origin: str
    destination: str
    arrival: date
    transits: tuple[str, ...] = ()
    poe_code: str | None = None
    mode: str | None = None  # air | land | sea, from the POE kind or given by the traveller
