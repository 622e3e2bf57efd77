"""Reports safe to publish: counts by category, channel, place and language, and the days to
acknowledge and to close, for a period. Every count under 5 is suppressed (and a second one
where the first could be worked out from the total); sensitive items are counted, never shown.
CSV with an HXL hashtag row."""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.feedback import access, repository
from passage.kit import audit
from passage.protection.reports.tables import THRESHOLD, Table, suppress

DIMENSIONS = ("category", "channel", "place", "language")
HXL = {
    "period_start": "#date+start",
    "period_end": "#date+end",
    "dimension": "#indicator+dimension",
    "category": "#indicator+category",
    "count": "#indicator+num",
    "suppressed": "#meta+suppressed",
}


@dataclass
class Report:
    """A period's counts (suppressed) and median days to acknowledge and to close."""

    starts_on: date
    ends_on: date
    total: int | None
    tables: list[Table] = field(default_factory=list)
    days_to_acknowledge: float | None = None
    days_to_close: float | None = None


def _median(days: list[int]) -> float | None:
    return float(statistics.median(days)) if len(days) >= THRESHOLD else None


def build(rows: list[tuple[Any, ...]], starts_on: date, ends_on: date) -> Report:
    """The report of the given rows (category, channel, country, language, received_on,
    acknowledged_at, closed_at). Pure."""
    counters = {dimension: Counter[str]() for dimension in DIMENSIONS}
    acknowledged, closed = [], []
    for category, channel, country, language, received_on, ack_at, closed_at in rows:
        for dimension, value in zip(
            DIMENSIONS, (category, channel, country or "unknown", language), strict=True
        ):
            counters[dimension][value] += 1
        if ack_at is not None:
            acknowledged.append((ack_at.date() - received_on).days)
        if closed_at is not None:
            closed.append((closed_at.date() - received_on).days)
    total = len(rows)
    tables = []
    for dimension in DIMENSIONS:
        table = suppress(counters[dimension], total)
        table.dimension = dimension
        tables.append(table)
    shown_total = total if total >= THRESHOLD else None
    return Report(starts_on, ends_on, shown_total, tables, _median(acknowledged), _median(closed))


def monthly(*, session: Session, starts_on: date, ends_on: date, actor: Principal) -> Report:
    """The report of a period within the caller's countries; audited."""
    rows = repository.for_report(
        session,
        starts_on=starts_on,
        ends_on=ends_on,
        countries=access.countries(actor, "feedback.reports"),
    )
    audit.record(
        session,
        action="report",
        object_type="feedback_item",
        purpose=access.PURPOSE,
        details={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
    )
    return build(rows, starts_on, ends_on)


def to_csv(report: Report) -> str:
    """The report as CSV with an HXL row; a suppressed count is blank and flagged."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(HXL))
    writer.writerow(list(HXL.values()))
    period = (report.starts_on.isoformat(), report.ends_on.isoformat())

    def row(dimension: str, category: str, count: float | None) -> None:
        writer.writerow(
            [*period, dimension, category, "" if count is None else count, int(count is None)]
        )

    row("total", "all", report.total)
    for table in report.tables:
        for cell in table.cells:
            row(table.dimension, cell.category, cell.count)
    row("days", "median_to_acknowledge", report.days_to_acknowledge)
    row("days", "median_to_close", report.days_to_close)
    return buffer.getvalue()


def as_dict(report: Report) -> dict[str, Any]:
    """The report as served by the API (counts already suppressed)."""
    return {
        "starts_on": report.starts_on.isoformat(),
        "ends_on": report.ends_on.isoformat(),
        "total": report.total,
        "days_to_acknowledge": report.days_to_acknowledge,
        "days_to_close": report.days_to_close,
        "tables": [
            {
                "dimension": table.dimension,
                "total": table.total,
                "cells": [{"category": c.category, "count": c.count} for c in table.cells],
            }
            for table in report.tables
        ],
    }
