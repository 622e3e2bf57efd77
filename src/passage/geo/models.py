"""Countries and points of entry."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base, RecordMixin


class PoeKind(StrEnum):
    """Location types of a point of entry (IOM DTM)."""

    AIRPORT = "airport"
    LAND_CROSSING = "land_crossing"
    SEA_PORT = "sea_port"
    RIVER_PORT = "river_port"
    LAKE_PORT = "lake_port"
    INTERNAL_TRANSIT = "internal_transit"


class Country(RecordMixin, Base):
    """A country, territory or area, keyed by ISO 3166-1 alpha-3, with its UN M49 regions."""

    __tablename__ = "countries"

    iso3: Mapped[str] = mapped_column(String(3), unique=True)
    iso2: Mapped[str | None] = mapped_column(String(2))
    m49: Mapped[int | None]
    name_en: Mapped[str] = mapped_column(String(120))
    name_fr: Mapped[str | None] = mapped_column(String(120))
    name_es: Mapped[str | None] = mapped_column(String(120))
    name_ar: Mapped[str | None] = mapped_column(String(120))
    region_code: Mapped[int | None]
    region_name: Mapped[str | None] = mapped_column(String(60))
    subregion_code: Mapped[int | None]
    subregion_name: Mapped[str | None] = mapped_column(String(60))
    intermediate_region_code: Mapped[int | None]
    intermediate_region_name: Mapped[str | None] = mapped_column(String(60))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]

    def name(self, language: str = "en") -> str:
        """The country's short name in a UN language, falling back to English."""
        return getattr(self, f"name_{language}", None) or self.name_en


class PointOfEntry(RecordMixin, Base):
    """An airport, land crossing, sea/river/lake port or internal transit point."""

    __tablename__ = "points_of_entry"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    country_iso3: Mapped[str] = mapped_column(ForeignKey("countries.iso3"), index=True)
    admin_area: Mapped[str | None] = mapped_column(String(120))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    iata: Mapped[str | None] = mapped_column(String(3))
    icao: Mapped[str | None] = mapped_column(String(4))
    source: Mapped[str] = mapped_column(String(120), default="manual")
    is_active: Mapped[bool] = mapped_column(default=True)
