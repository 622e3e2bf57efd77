"""What the flows routes take and give."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from passage.flows.vocabulary import DIRECTIONS, KINDS, TRANSPORT


class PointCreate(BaseModel):
    """A flow monitoring point registered by a coordinator."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=200)
    kind: str
    country_iso3: str = Field(pattern=r"^[A-Z]{3}$")
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    hours: str | None = Field(default=None, max_length=100)
    team: str | None = Field(default=None, max_length=200)
    poe_code: str | None = Field(default=None, max_length=40)

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in KINDS:
            raise ValueError("not a kind of flow monitoring point")
        return value


class PointRead(BaseModel):
    """A point as the API gives it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str
    name: str
    label: str
    kind: str | None
    imported: bool
    country_iso3: str | None
    latitude: float | None
    longitude: float | None
    hours: str | None
    team: str | None
    poe_id: uuid.UUID | None
    version: int


class DayEntry(BaseModel):
    """A day's counts at a point in one direction, from the collector's form: people by sex
    and age band, and how many of them showed each vulnerability."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    day: date
    direction: str
    nationality: str | None = Field(default=None, max_length=100)
    origin: str | None = Field(default=None, max_length=100)
    destination: str | None = Field(default=None, max_length=100)
    transport: str | None = None
    groups: dict[str, int] = Field(default_factory=dict)
    vulnerabilities: dict[str, int] = Field(default_factory=dict)

    @field_validator("direction")
    @classmethod
    def _direction(cls, value: str) -> str:
        if value not in DIRECTIONS:
            raise ValueError("choose incoming or outgoing")
        return value

    @field_validator("transport")
    @classmethod
    def _transport(cls, value: str | None) -> str | None:
        if value is not None and value not in TRANSPORT:
            raise ValueError("not a means of transport")
        return value

    @field_validator("groups", "vulnerabilities")
    @classmethod
    def _counts(cls, value: dict[str, int]) -> dict[str, int]:
        if any(count < 0 or count > 1_000_000 for count in value.values()):
            raise ValueError("counts are whole numbers from 0 to 1,000,000")
        return value


class Acknowledgement(BaseModel):
    """A coordinator's acknowledgement of an alert, with a note."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    note: str = Field(min_length=3, max_length=2000)
    version: int


class DetectorSettings(BaseModel):
    """The detector configuration of one series of a point (the engine's DetectorConfig as a
    dict): its total (`series` ""), a nationality or a corridor (flows.series keys); a
    sub-series can be muted (`enabled` off). `version`: the point's for its total, the
    sub-series' settings' (or the point's when it has none yet)."""

    model_config = ConfigDict(extra="forbid")

    config: dict[str, Any] = Field(default_factory=dict)
    series: str = Field(default="", max_length=250)
    enabled: bool = True
    version: int


class WebhookCreate(BaseModel):
    """A follower's webhook for a point's new alerts (the secret is generated when not given)."""

    name: str = Field(min_length=1, max_length=200)
    url: str = Field(min_length=1, max_length=500)
    secret: str | None = Field(default=None, min_length=16, max_length=200)


class WebhookRead(BaseModel):
    """A registered webhook, with its shared secret (shown this once)."""

    id: uuid.UUID
    name: str
    url: str
    topic: str
    secret: str
