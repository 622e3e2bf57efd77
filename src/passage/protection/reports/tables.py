"""Aggregate tables safe to publish: counts by category with every cell under 5 suppressed,
and a second cell suppressed where one alone could be worked out from the total. Pure.

Reports never hold a name, a date of birth or any other personal field: only categories
(nationality, sex, age band, situation, priority, service, place) and counts.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

THRESHOLD = 5
DIMENSIONS = ("nationality", "sex", "age_band", "situation", "priority", "service", "place")
HXL = {
    "period_start": "#date+start",
    "period_end": "#date+end",
    "dimension": "#indicator+dimension",
    "category": "#indicator+category",
    "count": "#affected+num",
    "suppressed": "#meta+suppressed",
}


@dataclass(frozen=True)
class Cell:
    """A category and its count (None when suppressed)."""

    category: str
    count: int | None

    @property
    def suppressed(self) -> bool:
        """Whether the count is withheld."""
        return self.count is None


@dataclass
class Table:
    """One dimension: its cells, largest first, and the total (None when suppressed)."""

    dimension: str
    cells: list[Cell] = field(default_factory=list)
    total: int | None = None


def suppress(counts: Mapping[str, int], total: int) -> Table:
    """The cells of a dimension with small counts withheld (primary), and the next smallest
    withheld too when one withheld cell could be recovered from the total (complementary)."""
    ordered = sorted(((k, v) for k, v in counts.items() if v > 0), key=lambda kv: (-kv[1], kv[0]))
    if total < THRESHOLD:
        return Table("", [Cell(k, None) for k, _ in ordered], None)
    hidden = {k for k, v in ordered if v < THRESHOLD}
    if len(hidden) == 1 and len(ordered) > 1:
        smallest = min((kv for kv in ordered if kv[0] not in hidden), key=lambda kv: (kv[1], kv[0]))
        hidden.add(smallest[0])
    return Table("", [Cell(k, None if k in hidden else v) for k, v in ordered], total)


def tables_of(rows: Iterable[Mapping[str, Sequence[str]]], total: int) -> list[Table]:
    """A table per dimension from rows of categories (a row may hold several categories of a
    dimension, e.g. situations, or services)."""
    counters = {dimension: Counter[str]() for dimension in DIMENSIONS}
    for row in rows:
        for dimension, categories in row.items():
            counters[dimension].update(set(categories))
    found = []
    for dimension in DIMENSIONS:
        table = suppress(counters[dimension], total)
        table.dimension = dimension
        found.append(table)
    return found


def as_dict(tables: Sequence[Table], total: int) -> dict[str, object]:
    """The tables as stored and served (counts already suppressed)."""
    return {
        "total": total if total >= THRESHOLD else None,
        "tables": [
            {
                "dimension": table.dimension,
                "total": table.total,
                "cells": [{"category": c.category, "count": c.count} for c in table.cells],
            }
            for table in tables
        ],
    }


def to_csv(report: Mapping[str, object], starts_on: date, ends_on: date) -> str:
    """The report as CSV with an HXL hashtag row; a suppressed count is blank, flagged."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(HXL))
    writer.writerow(list(HXL.values()))
    period = (starts_on.isoformat(), ends_on.isoformat())
    total = report.get("total")
    writer.writerow([*period, "total", "all", "" if total is None else total, int(total is None)])
    for table in report.get("tables", []):  # type: ignore[attr-defined]
        for cell in table["cells"]:
            count = cell["count"]
            writer.writerow(
                [
                    *period,
                    table["dimension"],
                    cell["category"],
                    "" if count is None else count,
                    int(count is None),
                ]
            )
    return buffer.getvalue()
