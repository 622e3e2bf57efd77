"""Measures (current versions) downloaded as CSV or XLSX, with the filters of the search:
what a reader sees (drafts for editors only), one row per measure, lists as `a|b`."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.kit.tables import table_file
from passage.restrictions import access
from passage.restrictions.models import MeasureVersion

COLUMNS = (
    "measure_id",
    "country_iso3",
    "measure_class",
    "measure_type",
    "status",
    "level",
    "title",
    "nationalities",
    "origins",
    "transits",
    "residence",
    "poe_scope",
    "poe_codes",
    "exemptions",
    "quarantine_days",
    "announced_on",
    "effective_from",
    "effective_until",
    "last_verified_on",
    "sources",
)
EXPORT_LIMIT = 100_000


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(
            item.get("url", "") if isinstance(item, dict) else str(item) for item in value
        )
    return str(value)


def _row(version: MeasureVersion) -> list[str]:
    return [_cell(getattr(version, name)) for name in COLUMNS]


def export(
    *,
    session: Session,
    principal: Principal,
    file_format: Literal["csv", "xlsx"],
    **filters: Any,
) -> tuple[bytes, str]:
    """The measures matching the search filters as a file: (content, media type)."""
    versions, _ = access.search_visible(
        session=session, principal=principal, limit=EXPORT_LIMIT, offset=0, **filters
    )
    return table_file(COLUMNS, (_row(version) for version in versions), file_format, "measures")
