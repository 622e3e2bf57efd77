"""JSON routes of flow monitoring: points, a day's counts, alerts and their acknowledgement,
counts and alerts as JSON or CSV with HXL."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.flows import exports, service
from passage.flows.schemas import (
    Acknowledgement,
    DayEntry,
    PointCreate,
    PointRead,
    WebhookCreate,
    WebhookRead,
)
from passage.kit.uploads import read_upload

router = APIRouter(prefix="/api/v1/flows", tags=["flows"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such record within your reach"}
}
CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "CSV with an HXL hashtag row"}
}


@router.get("/points")
def list_points(
    session: SessionDep, principal: Annotated[Principal, Require("flows.read")]
) -> list[PointRead]:
    """The flow monitoring points within reach."""
    found = service.points(session=session, actor=principal)
    return [PointRead.model_validate(point) for point in found]


@router.post("/points", status_code=201)
def create_point(
    data: PointCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.manage")],
) -> PointRead:
    """Register a flow monitoring point."""
    created = service.create_point(session=session, data=data, actor=principal)
    return PointRead.model_validate(created)


@router.post("/points/{point_id}/days", status_code=201, responses=NOT_FOUND)
def enter_day(
    point_id: uuid.UUID,
    data: DayEntry,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.enter")],
) -> dict[str, int]:
    """A day's counts at a point in one direction (the same cells again replace them)."""
    raised = service.enter_day(session=session, point_id=point_id, data=data, actor=principal)
    return {"alerts_raised": len(raised)}


@router.post("/points/{point_id}/webhooks", status_code=201, responses=NOT_FOUND)
def add_webhook(
    point_id: uuid.UUID,
    data: WebhookCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.manage")],
) -> WebhookRead:
    """Register a webhook told of the point's new alerts: a JSON body with the point and its
    alerts, signed with the shared secret (returned this once)."""
    return service.add_webhook(session=session, point_id=point_id, data=data, actor=principal)


@router.post("/imports")
async def import_counts(
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.import")],
    file: Annotated[UploadFile, File()],
) -> dict[str, Any]:
    """Import counts from a CSV or XLSX file (columns point, period, count; optional direction,
    nationality, sex, age_band, origin, destination, transport): the summary lists each rejected
    row with its line, column and reason; the good rows are kept."""
    content = await read_upload(file)
    outcome = await run_in_threadpool(
        service.import_file,
        session=session,
        content=content,
        filename=file.filename or "upload",
        actor=principal,
    )
    return outcome.to_dict()


@router.get("/alerts")
def list_alerts(
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.alerts")],
    status: str | None = None,
) -> list[dict[str, Any]]:
    """Stored alerts within reach (all statuses unless one is asked)."""
    found = service.alert_list(session=session, actor=principal, status=status)
    return [_alert(view) for view in found]


def _alert(view: service.AlertView) -> dict[str, Any]:
    alert = view.alert
    return {
        "id": str(alert.id),
        "point": view.point.label,
        "series": alert.series,
        "period": alert.period,
        "observed": alert.observed,
        "expected": alert.expected,
        "threshold": alert.threshold,
        "method": alert.method,
        "direction": alert.direction,
        "explanation": alert.explanation,
        "status": alert.status,
        "note": alert.note,
        "version": alert.version,
    }


@router.post("/alerts/{alert_id}/acknowledge", responses=NOT_FOUND)
def acknowledge(
    alert_id: uuid.UUID,
    data: Acknowledgement,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.acknowledge")],
) -> dict[str, Any]:
    """Acknowledge an alert with a note."""
    service.acknowledge(session=session, alert_id=alert_id, data=data, actor=principal)
    return _alert(service.get_alert(session=session, alert_id=alert_id, actor=principal))


@router.get("/counts")
def counts_json(
    session: SessionDep, principal: Annotated[Principal, Require("flows.read")]
) -> list[dict[str, Any]]:
    """Every counted cell within reach."""
    return exports.count_rows(session=session, actor=principal)


@router.get("/counts.csv", responses=CSV)
def counts_csv(
    session: SessionDep, principal: Annotated[Principal, Require("flows.read")]
) -> Response:
    """Every counted cell within reach, as CSV with an HXL row."""
    rows = exports.count_rows(session=session, actor=principal)
    body = exports.to_csv(rows, exports.COUNT_COLUMNS)
    return Response(body, media_type="text/csv; charset=utf-8")


@router.get("/alerts.csv", responses=CSV)
def alerts_csv(
    session: SessionDep, principal: Annotated[Principal, Require("flows.alerts")]
) -> Response:
    """Every alert within reach, as CSV with an HXL row."""
    rows = exports.alert_rows(session=session, actor=principal)
    return Response(
        exports.to_csv(rows, exports.ALERT_COLUMNS), media_type="text/csv; charset=utf-8"
    )
