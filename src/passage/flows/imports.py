"""Importing count series from a CSV or XLSX file (`passage flows import`, the import page,
`POST /api/v1/flows/imports`).

Rows with the same point, period and breakdown are summed within a file (a file may split a
cell by a column Passage does not keep); the file then states the counts of its cells: a cell
already imported is replaced, never added to, so importing the same file again changes nothing.
A point the file names that Passage does not know (by code or by an earlier file's label)
becomes an imported series under that label, with no kind and no country (nothing more is
known). Alerts of the points touched (only those) are judged again.

Through the pages and the API the importer's grants decide, row by row: a row naming a point
outside their reach is rejected with its line (the others are kept), and only a global grant
creates imported series (a series with no country is reached by global grants only)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal, ScopeTarget, can
from passage.flows import access, alerts, repository
from passage.flows.models import BREAKDOWN, FlowCount, FlowPoint
from passage.flows.reading import CountRow, read_upload
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


PERMISSION = "flows.import"
OUTSIDE = "the point {point!r} is outside your scope"
NO_NEW_SERIES = (
    "no point has the code {point!r} within your reach (only a global grant adds series)"
)


def within_reach(
    session: Session, rows: list[CountRow], actor: Principal, outcome: CountImport
) -> list[CountRow]:
    """The rows whose point the actor may import into; the others rejected with their line."""
    labels = {row.point for row in rows}
    known = repository.points_by_label(session, labels)
    may_add = can(actor, PERMISSION, ScopeTarget())
    allowed = {
        label: (can(actor, PERMISSION, access.target(known[label])) if label in known else may_add)
        for label in labels
    }
    refused = [row for row in rows if not allowed[row.point]]
    for row in refused:
        reason = OUTSIDE if row.point in known else NO_NEW_SERIES
        outcome.report.reject(row.line, reason.format(point=row.point), "point")
    if refused:
        audit.record(
            session,
            action="access.denied",
            object_type="flow_count",
            purpose=access.PURPOSE,
            details={"reason": "rows outside the importer's scope", "rows": len(refused)},
        )
    return [row for row in rows if allowed[row.point]]


def import_counts(
    session: Session, *, content: bytes, filename: str, actor: Principal | None = None
) -> CountImport:
    """Import a count CSV or XLSX file (raises `reading.Unreadable`); each rejected row with
    its line. With an actor (pages, API), rows outside the actor's reach are rejected."""
    reading = read_upload(content, filename)
    outcome = CountImport(rows=len(reading.rows) + len(reading.rejected))
    for line, column, reason in reading.rejected:
        outcome.report.reject(line, reason, column)
    rows = reading.rows
    if actor is not None:
        rows = within_reach(session, rows, actor, outcome)
        outcome.report.rejected.sort(key=lambda error: error.line)
    touched = store(session, rows, outcome)
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
