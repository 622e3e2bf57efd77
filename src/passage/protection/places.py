"""Countries as the pages offer them: ISO3 codes with names in the reader's language."""

from __future__ import annotations

from sqlalchemy.orm import Session

from passage.geo import service as geo_service
from passage.kit.i18n import current_language


def countries(session: Session) -> list[tuple[str, str]]:
    """(ISO3, name in the reader's language) of every country, by name."""
    language = current_language()
    named = [
        (country.iso3, getattr(country, f"name_{language}", None) or country.name_en)
        for country in geo_service.list_countries(session=session)
    ]
    return sorted(named, key=lambda item: item[1])
