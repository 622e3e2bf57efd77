"""Counts and alerts as CSV with an HXL hashtag row, and as JSON. Counts are aggregates of
people observed moving (no record about a person exists in this domain); every export is
audited and limited to the points within the caller's reach."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.flows import access, repository
from passage.kit import audit

COUNT_COLUMNS = {
    "point": "#loc+name",
    "point_code": "#loc+code",
    "country": "#country+code",
    "period": "#date",
    "granularity": "#date+type",
    "direction": "#indicator+direction",
    "nationality": "#population+nationality",
    "sex": "#population+sex",
    "age_band": "#population+age",
    "origin": "#loc+origin",
    "destination": "#loc+destination",
    "transport": "#indicator+transport",
    "vulnerability": "#population+vulnerability",
    "source": "#meta+source",
    "count": "#affected+num",
}
ALERT_COLUMNS = {
    "point": "#loc+name",
    "country": "#country+code",
    "period": "#date",
    "observed": "#affected+num+observed",
    "expected": "#affected+num+expected",
    "threshold": "#affected+num+threshold",
    "method": "#meta+method",
    "direction": "#indicator+direction",
    "status": "#status",
    "explanation": "#description",
    "series": "#indicator+series",  # "" for the point's total (flows.series keys)
}


def _period(granularity: str, start: Any) -> str:
    if granularity == "month":
        return start.strftime("%Y-%m")
    if granularity == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return str(start.isoformat())


def count_rows(
    *, session: Session, actor: Principal, point_id: uuid.UUID | None = None
) -> list[dict[str, Any]]:
    """Every counted cell within reach (of one point when given); audited."""
    found = repository.counts(
        session, countries=access.countries(actor, "flows.read"), point_id=point_id
    )
    audit.record(
        session, action="export", object_type="flow_count", purpose=access.PURPOSE,
        details={"rows": len(found)},
    )  # fmt: skip
    return [
        {
            "point": point.label,
            "point_code": point.code,
            "country": point.country_iso3 or "",
            "period": _period(cell.granularity, cell.period_start),
            "granularity": cell.granularity,
            "direction": cell.direction,
            "nationality": cell.nationality,
            "sex": cell.sex,
            "age_band": cell.age_band,
            "origin": cell.origin,
            "destination": cell.destination,
            "transport": cell.transport,
            "vulnerability": cell.vulnerability,
            "source": cell.source,
            "count": cell.count,
        }
        for cell, point in found
    ]


def alert_rows(*, session: Session, actor: Principal) -> list[dict[str, Any]]:
    """Every stored alert within reach, open or acknowledged; audited."""
    found = repository.alerts(
        session, countries=access.countries(actor, "flows.alerts"), limit=100_000
    )
    audit.record(
        session, action="export", object_type="flow_alert", purpose=access.PURPOSE,
        details={"rows": len(found)},
    )  # fmt: skip
    return [
        {
            "point": point.label,
            "series": alert.series,
            "country": point.country_iso3 or "",
            "period": alert.period,
            "observed": alert.observed,
            "expected": round(alert.expected, 2),
            "threshold": round(alert.threshold, 2),
            "method": alert.method,
            "direction": alert.direction,
            "status": alert.status,
            "explanation": alert.explanation,
        }
        for alert, point in found
    ]


def to_csv(rows: list[dict[str, Any]], columns: dict[str, str]) -> str:
    """Rows as CSV: a header, the HXL hashtag row, then the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(columns))
    writer.writerow(list(columns.values()))
    for row in rows:
        writer.writerow([row[name] for name in columns])
    return buffer.getvalue()
