"""Request and response shapes of the journey check."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from passage.kit.clock import PlausibleDate
from passage.kit.i18n import LANGUAGES

ISO3_PATTERN = r"^[A-Za-z]{3}$"


def _iso3(value: str) -> str:
    return value.strip().upper()


class VaccinationIn(BaseModel):
    """A declared vaccination: product (EU code, e.g. EU/1/20/1528), doses, series, last dose."""

    model_config = ConfigDict(extra="forbid")

    product: str | None = Field(default=None, max_length=60)
    doses: int = Field(ge=0, le=10)
    total_doses: int | None = Field(default=None, ge=1, le=10)
    date: dt.date | None = None


class LabTestIn(BaseModel):
    """A declared test: type, when the sample was taken, result."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["pcr", "antigen", "other"] = "pcr"
    taken_at: datetime
    result: Literal["negative", "positive"]


class RecoveryIn(BaseModel):
    """A declared recovery: the date of the first positive test."""

    model_config = ConfigDict(extra="forbid")

    date: dt.date


class TravellerIn(BaseModel):
    """Who travels and what they can show."""

    model_config = ConfigDict(extra="forbid")

    nationalities: list[str] = Field(min_length=1, max_length=5)
    residence: str | None = Field(default=None, pattern=ISO3_PATTERN)
    age: int | None = Field(default=None, ge=0, le=130)
    birth_date: date | None = None
    purpose: str | None = Field(default=None, max_length=60)
    exemptions: list[str] = Field(default_factory=list, max_length=20)
    vaccination: VaccinationIn | None = None
    test: LabTestIn | None = None
    recovery: RecoveryIn | None = None
    certificate: str | None = Field(default=None, max_length=8000)

    @field_validator("nationalities")
    @classmethod
    def _codes(cls, values: list[str]) -> list[str]:
        codes = [_iso3(value) for value in values]
        for code in codes:
            if len(code) != 3 or not code.isalpha():
                raise ValueError(f"not an ISO 3166-1 alpha-3 code: {code!r}")
        return sorted(set(codes))

    @field_validator("residence")
    @classmethod
    def _residence(cls, value: str | None) -> str | None:
        return _iso3(value) if value else None

    @field_validator("exemptions")
    @classmethod
    def _categories(cls, values: list[str]) -> list[str]:
        cleaned = {value.strip().lower().replace(" ", "_") for value in values if value.strip()}
        if any(len(value) > 60 for value in cleaned):
            raise ValueError("an exemption category is at most 60 characters")
        return sorted(cleaned)

    @field_validator("certificate")
    @classmethod
    def _certificate(cls, value: str | None) -> str | None:
        return value.strip() or None if value else None


class TransitIn(BaseModel):
    """A transit country, with the date of transit."""

    model_config = ConfigDict(extra="forbid")

    country: str = Field(pattern=ISO3_PATTERN)
    date: dt.date | None = None

    @field_validator("country")
    @classmethod
    def _upper(cls, value: str) -> str:
        return _iso3(value)


class ItineraryIn(BaseModel):
    """Where and when: origin, transits, destination, point of entry or mode, arrival date."""

    model_config = ConfigDict(extra="forbid")

    origin: str = Field(pattern=ISO3_PATTERN)
    transits: list[TransitIn] = Field(default_factory=list, max_length=10)
    destination: str = Field(pattern=ISO3_PATTERN)
    poe_code: str | None = Field(default=None, max_length=40)
    mode: Literal["air", "land", "sea"] | None = None
    arrival_date: PlausibleDate

    @field_validator("origin", "destination")
    @classmethod
    def _upper(cls, value: str) -> str:
        return _iso3(value)

    @field_validator("poe_code")
    @classmethod
    def _poe(cls, value: str | None) -> str | None:
        return value.strip().upper() or None if value else None

    @model_validator(mode="after")
    def _dates(self) -> ItineraryIn:
        for transit in self.transits:
            if transit.date and transit.date > self.arrival_date:
                raise ValueError("a transit date is after the arrival date")
        return self


class JourneyCheck(BaseModel):
    """A question: this traveller, this itinerary; optionally the data version to answer from."""

    model_config = ConfigDict(extra="forbid")

    traveller: TravellerIn
    itinerary: ItineraryIn
    language: str | None = None
    as_of: datetime | None = None
    data_version: str | None = Field(default=None, max_length=80)

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is not None and value not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
        return value


class SourceOut(BaseModel):
    """Where a measure was read."""

    title: str
    url: str | None = None
    publisher: str | None = None


class ConditionOut(BaseModel):
    """A condition to meet; `status` is pending, satisfied or undetermined."""

    kind: str
    label: str
    status: str
    measure_id: str
    quarantine_days: int | None = None
    explanation: str | None = None


class MeasureExplanation(BaseModel):
    """One measure considered: whether it applies to this traveller, and why."""

    measure_id: str
    version_id: str
    measure_type: str
    title: str
    effect: str
    applies: bool
    reasons: list[str]
    sources: list[SourceOut]
    last_verified_on: date | None
    stale: bool
    effective_from: date | None = None
    effective_until: date | None = None
    self_declared_exemptions: list[str] = Field(default_factory=list)


class RuleExplanation(BaseModel):
    """One business rule evaluated on the presented certificate."""

    identifier: str
    version: str | None = None
    type: str | None = None
    result: str
    description: str | None = None


class CertificateOut(BaseModel):
    """What was made of the presented certificate."""

    kind: str | None
    status: str
    rules_result: str | None
    message: str | None = None


class JourneyAnswer(BaseModel):
    """The answer, its conditions and explanation, and the data it was computed from."""

    decision: Literal["ADMIT", "ADMIT_WITH_CONDITIONS", "REFUSE", "UNKNOWN"]
    decision_label: str
    destination: str
    arrival_date: PlausibleDate
    conditions: list[ConditionOut]
    explanation: list[MeasureExplanation]
    rules: list[RuleExplanation]
    notes: list[str]
    certificate: CertificateOut | None = None
    data_version: str
    as_of: datetime
    language: str


class ManifestRow(BaseModel):
    """The answer for one passenger of a manifest (or why the row could not be read)."""

    line: int
    passenger: str | None = None
    decision: str | None = None
    conditions: list[str] = Field(default_factory=list)
    refusing_measures: list[str] = Field(default_factory=list)
    error: str | None = None
    field: str | None = None


class ManifestAnswer(BaseModel):
    """Every passenger of a manifest, with counts by decision."""

    destination: str
    arrival_date: PlausibleDate
    data_version: str | None
    as_of: datetime
    counts: dict[str, int]
    rows: list[ManifestRow]
