"""Request and response shapes of the reference-data API."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from passage.geo.models import PoeKind


class CountryRead(BaseModel):
    """A country with its M49 regions."""

    model_config = ConfigDict(from_attributes=True)

    iso3: str
    iso2: str | None
    m49: int | None
    name_en: str
    name_fr: str | None
    name_es: str | None
    name_ar: str | None
    region_code: int | None
    region_name: str | None
    subregion_code: int | None
    subregion_name: str | None
    latitude: float | None
    longitude: float | None


class PoeFields(BaseModel):
    """The editable fields of a point of entry."""

    name: str = Field(min_length=1, max_length=200)
    kind: PoeKind
    country_iso3: str = Field(min_length=3, max_length=3)
    admin_area: str | None = Field(default=None, max_length=120)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    iata: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    icao: str | None = Field(default=None, pattern=r"^[A-Z0-9]{4}$")
    is_active: bool = True


class PoeCreate(PoeFields):
    """A new point of entry; `code` is its stable public identifier."""

    code: str = Field(min_length=2, max_length=40, pattern=r"^[A-Za-z0-9._-]+$")


class PoeUpdate(BaseModel):
    """Changes to a point of entry, made from the version read."""

    version: int
    name: str | None = Field(default=None, min_length=1, max_length=200)
    kind: PoeKind | None = None
    admin_area: str | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    is_active: bool | None = None


class PoeRead(PoeCreate):
    """A point of entry as the API shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    source: str
    version: int
    created_at: datetime
    updated_at: datetime
