"""What the population mobility map's JSON routes give."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class PlaceRead(BaseModel):
    """One end of a movement: a country (ISO3), a flow monitoring point or a point of entry;
    lat/lon null when the place could not be placed (an unknown name)."""

    code: str
    name: str
    lat: float | None
    lon: float | None


class MovementRead(BaseModel):
    """People counted going from one place to another over the period (an arrow on the map)."""

    origin: PlaceRead
    destination: PlaceRead
    count: int
    points: list[str] = Field(description="Codes of the flow monitoring points that counted them")


class FlowsLayer(BaseModel):
    """Movements between places whose whole counting period lies within [from, to]."""

    from_: dt.date = Field(alias="from")
    to: dt.date
    movements: list[MovementRead]


class StrandedCountry(BaseModel):
    """Stranded migrants in one country; count null when withheld (under 5, or one that could be
    worked out from the total); iso3 "unknown" for persons whose country is not recorded."""

    iso3: str
    name: str
    count: int | None
    lat: float | None
    lon: float | None


class StrandedLayer(BaseModel):
    """Stranded migrants per country on a date (aggregated counts only, cells under 5 withheld)."""

    date: dt.date
    total: int | None
    threshold: int
    countries: list[StrandedCountry]


class PoePoint(BaseModel):
    """A point of entry with a reported status on the date (lat/lon null: not located)."""

    id: str
    code: str
    name: str
    country: str
    status: str
    last_verified_on: str | None
    stale: bool
    lat: float | None
    lon: float | None


class PoeLayer(BaseModel):
    """The points of entry with a reported status on the date (the others are unknown)."""

    points: list[PoePoint]


class LevelsLayer(BaseModel):
    """Each country's entry-restriction level (0-4) on the date; absent: no data."""

    levels: dict[str, int]
    stale: list[str]


class MobilityRead(BaseModel):
    """Every layer of the population mobility map the reader may see, for one date of the time
    slider: `layers` names them; flows and stranded are absent without their permission."""

    date: dt.date
    from_: dt.date = Field(alias="from", description="First day of the flows' period")
    days: int
    layers: list[str]
    levels: LevelsLayer
    poes: PoeLayer
    flows: FlowsLayer | None = None
    stranded: StrandedLayer | None = None
