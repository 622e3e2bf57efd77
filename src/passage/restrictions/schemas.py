"""Request and response shapes of the restriction tracker."""

from __future__ import annotations

import datetime as dt
import uuid
from datetime import datetime
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationInfo,
    field_validator,
)

from passage.geo.codes import ALIASES, canonical_code
from passage.kit.clock import PlausibleDate
from passage.restrictions.taxonomy import MEASURE_TYPES, POE_SCOPES

CountryCode = str


def _codes(values: list[str]) -> list[str]:
    upper = set(map(str.upper, map(str.strip, values)))  # C loops: lists hold ~100 codes
    upper.discard("")
    if not upper.isdisjoint(ALIASES):
        upper = {ALIASES.get(code, code) for code in upper}
    return sorted(upper)


def normalise_exemptions(values: list[str]) -> list[str]:
    return sorted({value.strip().lower().replace(" ", "_") for value in values if value.strip()})


class SourceRef(BaseModel):
    """Where a measure was read: title, address, publisher and when it was retrieved."""

    title: str = Field(min_length=1, max_length=300)
    url: HttpUrl | None = None
    publisher: str | None = Field(default=None, max_length=200)
    retrieved_on: PlausibleDate | None = None


class MeasureContent(BaseModel):
    """Everything recorded about a measure in one version."""

    country_iso3: CountryCode = Field(min_length=3, max_length=3)
    measure_type: str
    title: str = Field(min_length=1, max_length=300)
    details: str | None = Field(default=None, max_length=20000)
    nationalities: list[CountryCode] = Field(default_factory=list)
    origins: list[CountryCode] = Field(default_factory=list)
    transits: list[CountryCode] = Field(default_factory=list)
    residence: list[CountryCode] = Field(default_factory=list)
    poe_scope: str = "all"
    poe_codes: list[str] = Field(default_factory=list, validate_default=True)
    exemptions: list[str] = Field(default_factory=list)
    quarantine_days: int | None = Field(default=None, ge=0, le=365)
    announced_on: PlausibleDate | None = None
    effective_from: PlausibleDate
    effective_until: PlausibleDate | None = Field(default=None, validate_default=True)
    sources: list[SourceRef] = Field(default_factory=list)
    last_verified_on: PlausibleDate | None = Field(default=None, validate_default=True)
    explicit_level: int | None = Field(default=None, ge=0, le=4)

    @field_validator("country_iso3")
    @classmethod
    def _upper(cls, value: str) -> str:
        return canonical_code(value)

    @field_validator("nationalities", "origins", "transits", "residence")
    @classmethod
    def _normalise_codes(cls, values: list[str]) -> list[str]:
        return _codes(values)

    @field_validator("exemptions")
    @classmethod
    def _normalise_exemptions(cls, values: list[str]) -> list[str]:
        return normalise_exemptions(values)

    @field_validator("measure_type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in MEASURE_TYPES:
            raise ValueError(f"unknown measure type {value!r}; one of {', '.join(MEASURE_TYPES)}")
        return value

    @field_validator("poe_scope")
    @classmethod
    def _known_scope(cls, value: str) -> str:
        if value not in POE_SCOPES:
            raise ValueError(f"poe_scope must be one of {', '.join(POE_SCOPES)}")
        return value

    # Cross-field checks are field validators (fields are validated in order), so that an
    # error names the field (and an import the column) instead of the whole row.
    @field_validator("effective_until")
    @classmethod
    def _until_after_from(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("effective_from")
        if value and start and value < start:
            raise ValueError("effective_until is before effective_from")
        return value

    @field_validator("poe_codes")
    @classmethod
    def _named_scope_has_codes(cls, values: list[str], info: ValidationInfo) -> list[str]:
        codes = sorted({value.strip().upper() for value in values if value.strip()})
        if info.data.get("poe_scope") == "named" and not codes:
            raise ValueError("a measure scoped to named points of entry needs poe_codes")
        return codes

    @field_validator("last_verified_on")
    @classmethod
    def _verified_when_read(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        read_on = [source.retrieved_on for source in info.data.get("sources") or []]
        read_on = [day for day in read_on if day]
        if value is None and read_on:
            return max(read_on)  # reading the source is checking the measure
        return value


class MeasureCreate(MeasureContent):
    """A new measure; it starts as a draft unless published at once."""

    status: Literal["draft", "published"] = "draft"


class MeasureEdit(MeasureContent):
    """A full new state of a measure, made from the version read (`version`)."""

    version: int
    change_note: str | None = Field(default=None, max_length=500)


class WorkflowAction(BaseModel):
    """Publish, lift or verify, made from the version read."""

    version: int
    on: PlausibleDate | None = None
    note: str | None = Field(default=None, max_length=500)


class MeasureVersionRead(MeasureContent):
    """One recorded version of a measure."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    measure_id: uuid.UUID
    version_no: int
    measure_class: str
    status: str
    level: int
    is_current: bool
    recorded_at: datetime
    superseded_at: datetime | None
    recorded_by: str | None
    change_note: str | None
    sources: list[SourceRef]


class MeasureRead(BaseModel):
    """A measure with its current version."""

    id: uuid.UUID
    version: int
    external_ref: str | None
    current: MeasureVersionRead


class MeasurePage(BaseModel):
    """A page of search results."""

    total: int
    items: list[MeasureVersionRead]


class LevelRead(BaseModel):
    """A country's entry-restriction level on a date (null level: no data)."""

    country: str
    date: PlausibleDate
    level: int | None
    measures: list[uuid.UUID]
    # When the measures setting the level were last checked, and whether that is too long ago.
    last_verified_on: dt.date | None = None
    stale: bool = False
    stale_days: int = 30


class PoeStatusCreate(BaseModel):
    """A status report for a point of entry."""

    status: Literal["fully_operational", "partially_operational", "closed"]
    effective_from: PlausibleDate
    who_may_cross: list[
        Literal[
            "nationals", "regular_travellers", "migrants", "idps", "asylum_seekers", "goods_only"
        ]
    ] = Field(default_factory=list)
    health_measures: list[str] = Field(default_factory=list)
    last_verified_on: PlausibleDate | None = None
    notes: str | None = Field(default=None, max_length=5000)
    source: str | None = Field(default=None, max_length=300)


class PoeStatusRead(PoeStatusCreate):
    """A recorded POE status."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    poe_id: uuid.UUID
    country_iso3: str
    recorded_by: str | None
    created_at: datetime


class CommentCreate(BaseModel):
    """An editor's comment."""

    body: str = Field(min_length=1, max_length=5000)


class DiscrepancyCreate(BaseModel):
    """A report that a measure is wrong (anyone may send one; no personal data needed)."""

    body: str = Field(min_length=5, max_length=5000)
    source_url: HttpUrl | None = None


class DiscrepancyResolve(BaseModel):
    """A coordinator's decision on a report."""

    version: int
    status: Literal["accepted", "dismissed"]
    note: str | None = Field(default=None, max_length=2000)
