"""Importing count series from a CSV (`passage flows import`, the import page).

Rows with the same point, period and breakdown are summed within a file (a file may split a
cell by a column Passage does not keep); the file then states the counts of its cells: a cell
already imported is replaced, never added to, so importing the same file again changes nothing.
A point the file names that Passage does not know (by code or by an earlier file's label)
becomes an imported series under that label, with no kind and no country (nothing more is
known). Alerts of the points touched are judged again."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from passage.flows import alerts, repository
from passage.flows.models import BREAKDOWN, FlowCount, FlowPoint
from passage.flows.reading import CountRow, read
from passage.kit import audit
from passage.kit.imports import ImportReport

SOURCE = "import"


@dataclass
class CountImport:
    """What an import did: cells created/updated/unchanged, rejected rows, new points."""

    report: ImportReport = field(default_factory=ImportReport)
    rows: int = 0
    new_points: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return self.report.to_dict() | {"rows": self.rows, "new_points": self.new_points}


def _cells(rows: list[CountRow]) -> dict[tuple[Any, ...], int]:
    summed: dict[tuple[Any, ...], int] = defaultdict(int)
    for row in rows:
        key = (row.point, row.period.granularity, row.period.start)
        summed[key + tuple(value for _, value in row.breakdown)] += row.count
    return summed


def _points(session: Session, labels: set[str], outcome: CountImport) -> dict[str, FlowPoint]:
    known = repository.points_by_label(session, labels)
    for label in sorted(labels - set(known)):
        created = FlowPoint(code=label, name=label, label=label, kind=None, imported=True)
        repository.add(session, created)
        known[label] = created
        outcome.new_points.append(label)
    session.flush()
    return known


def store(session: Session, rows: list[CountRow], outcome: CountImport) -> list[uuid.UUID]:
    """Write the summed cells of good rows; the ids of the points touched."""
    summed = _cells(rows)
    points = _points(session, {key[0] for key in summed}, outcome)
    point_ids = sorted({found.id for found in points.values()})
    existing = repository.cells_of_points(session, point_ids, SOURCE)
    report = outcome.report
    for key, count in summed.items():
        point = points[key[0]]
        cell = existing.get((point.id, *key[1:]))
        if cell is None:
            breakdown = dict(zip(BREAKDOWN, key[3:], strict=True))
            repository.add(
                session,
                FlowCount(
                    point_id=point.id,
                    granularity=key[1],
                    period_start=key[2],
                    source=SOURCE,
                    count=count,
                    **breakdown,
                ),
            )
            report.created += 1
        elif cell.count != count:
            cell.count = count
            report.updated += 1
        else:
            report.unchanged += 1
    session.flush()
    return point_ids


def import_counts(session: Session, *, content: bytes, filename: str) -> CountImport:
    """Import a count CSV (raises `reading.Unreadable`); each rejected row with its line."""
    reading = read(content)
    outcome = CountImport(rows=len(reading.rows) + len(reading.rejected))
    for line, column, reason in reading.rejected:
        outcome.report.reject(line, reason, column)
    touched = store(session, reading.rows, outcome)
    alerts.refresh(session, point_ids=touched)
    audit.record(
        session,
        action="import",
        object_type="flow_count",
        purpose="flows",
        details={
            "file": filename[:200],
            "created": outcome.report.created,
            "updated": outcome.report.updated,
            "rejected": len(outcome.report.rejected),
        },
    )
    return outcome
