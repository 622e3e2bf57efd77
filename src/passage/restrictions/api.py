"""JSON routes of the restriction tracker: measures, history, workflow, moderation, POE status."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.errors import NotFound
from passage.kit.clock import IsoDate, IsoDateTime, as_utc
from passage.restrictions import access, export, moderation, service
from passage.restrictions.api_schemas import (
    CommentRead,
    DiscrepancyRead,
    DiscrepancyReceipt,
    EditorialSettingRead,
    EditorialSettingUpdate,
    FieldChange,
    MeasureDetail,
    VersionChangeRead,
)
from passage.restrictions.models import Measure, MeasureVersion
from passage.restrictions.schemas import (
    CommentCreate,
    DiscrepancyCreate,
    DiscrepancyResolve,
    MeasureCreate,
    MeasureEdit,
    MeasurePage,
    MeasureRead,
    MeasureVersionRead,
    PoeStatusCreate,
    PoeStatusRead,
    WorkflowAction,
)
from passage.web.downloads import table_response

router = APIRouter(prefix="/api/v1", tags=["restrictions"])


def _public_version(principal: Principal, version: MeasureVersion) -> MeasureVersionRead:
    read = MeasureVersionRead.model_validate(version)
    if not principal.is_authenticated:
        read.recorded_by = None
    return read


def _measure_read(principal: Principal, measure: Measure, current: MeasureVersion) -> MeasureRead:
    return MeasureRead(
        id=measure.id,
        version=measure.version,
        external_ref=measure.external_ref,
        current=_public_version(principal, current),
    )


# ------------------------------------------------------------------ measures: read


@router.get("/measures", response_model=MeasurePage)
def search_measures(
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.read")],
    country: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
    target_kind: Annotated[
        str | None, Query(pattern="^(nationality|origin|transit|residence)$")
    ] = None,
    target: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
    measure_class: Annotated[str | None, Query(alias="class", max_length=30)] = None,
    measure_type: Annotated[str | None, Query(alias="type", max_length=40)] = None,
    status: Annotated[str | None, Query(pattern="^(draft|published|lifted|superseded)$")] = None,
    on: Annotated[IsoDate | None, Query(alias="date")] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> MeasurePage:
    """Search measures (current versions) by country, target, class, type, status, date, text."""
    items, total = access.search_visible(
        session=session,
        principal=principal,
        limit=limit,
        offset=offset,
        country=country.upper() if country else None,
        target_kind=target_kind,
        target=target.upper() if target else None,
        measure_class=measure_class,
        measure_type=measure_type,
        status=status,
        on=on,
        text=q,
    )
    return MeasurePage(total=total, items=[_public_version(principal, v) for v in items])


@router.get(
    "/measures/export",
    response_class=Response,
    responses=table_response("The measures as CSV, or XLSX with format=xlsx"),
)
def export_measures(
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.read")],
    country: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
    measure_type: Annotated[str | None, Query(alias="type", max_length=40)] = None,
    status: Annotated[str | None, Query(pattern="^(draft|published|lifted|superseded)$")] = None,
    on: Annotated[IsoDate | None, Query(alias="date")] = None,
    file_format: Annotated[Literal["csv", "xlsx"], Query(alias="format")] = "csv",
) -> Response:
    """Measures (current versions) by country, type, status and date, as CSV or XLSX."""
    content, media_type = export.export(
        session=session,
        principal=principal,
        file_format=file_format,
        country=country.upper() if country else None,
        measure_type=measure_type,
        status=status,
        on=on,
    )
    headers = {"Content-Disposition": f'attachment; filename="measures.{file_format}"'}
    return Response(content, media_type=media_type, headers=headers)


@router.get("/measures/in-force", response_model=list[MeasureVersionRead])
def measures_in_force(
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.read")],
    on: Annotated[IsoDate, Query(alias="date")],
    country: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
    as_recorded: IsoDateTime | None = None,
) -> list[MeasureVersionRead]:
    """Measures in force on a date (valid time), as the record stood at `as_recorded`."""
    versions = service.measures_in_force(
        session=session,
        country=country.upper() if country else None,
        on=on,
        recorded=as_utc(as_recorded) if as_recorded else None,
    )
    return [_public_version(principal, v) for v in versions]


@router.get("/measures/{measure_id}", response_model=MeasureDetail)
def read_measure(
    measure_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.read")],
    as_of: IsoDateTime | None = None,
) -> MeasureDetail:
    """A measure's current version (or the one recorded at `as_of`) and its versions."""
    measure, current = access.visible_measure(
        session=session, principal=principal, measure_id=measure_id
    )
    versions = access.visible_versions_of(
        session=session, principal=principal, measure_id=measure_id
    )
    shown = access.version_as_of(versions, as_of) if as_of else current
    if shown is None:
        raise NotFound("the measure had no published version at that time", field="as_of")
    return MeasureDetail(
        **_measure_read(principal, measure, shown).model_dump(),
        versions=[_public_version(principal, v) for v in versions],
    )


@router.get("/measures/{measure_id}/versions", response_model=list[VersionChangeRead])
def measure_versions(
    measure_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.read")],
) -> list[VersionChangeRead]:
    """Every version with who recorded it and what changed."""
    access.visible_measure(session=session, principal=principal, measure_id=measure_id)
    history = access.visible_history(session=session, principal=principal, measure_id=measure_id)
    return [
        VersionChangeRead(
            version=_public_version(principal, row.version),
            recorded_by_name=row.recorded_by_name,
            changes={
                name: FieldChange(before=before, after=after)
                for name, (before, after) in row.changes.items()
            },
        )
        for row in history
    ]


# ------------------------------------------------------------------ measures: write


@router.post("/measures", response_model=MeasureRead, status_code=201)
def create_measure(
    data: MeasureCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.edit")],
) -> MeasureRead:
    """Record a new measure (a draft, or published at once by a publisher)."""
    written = access.create_in_scope(session=session, principal=principal, data=data)
    return _measure_read(principal, written.measure, written.version)


@router.put("/measures/{measure_id}", response_model=MeasureRead)
def edit_measure(
    measure_id: uuid.UUID,
    data: MeasureEdit,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.edit")],
) -> MeasureRead:
    """Record a new version; a stale `version` is refused with 409."""
    written = access.edit_in_scope(
        session=session, principal=principal, measure_id=measure_id, data=data
    )
    return _measure_read(principal, written.measure, written.version)


@router.post("/measures/{measure_id}/publish", response_model=MeasureRead)
def publish_measure(
    measure_id: uuid.UUID,
    action: WorkflowAction,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.publish")],
) -> MeasureRead:
    """Publish a draft (second person where the country requires review)."""
    written = access.run_workflow(
        session=session, principal=principal, measure_id=measure_id, step="publish", action=action
    )
    return _measure_read(principal, written.measure, written.version)


@router.post("/measures/{measure_id}/lift", response_model=MeasureRead)
def lift_measure(
    measure_id: uuid.UUID,
    action: WorkflowAction,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.publish")],
) -> MeasureRead:
    """Lift a published measure from the date `on`."""
    written = access.run_workflow(
        session=session, principal=principal, measure_id=measure_id, step="lift", action=action
    )
    return _measure_read(principal, written.measure, written.version)


@router.post("/measures/{measure_id}/verify", response_model=MeasureRead)
def verify_measure(
    measure_id: uuid.UUID,
    action: WorkflowAction,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.edit")],
) -> MeasureRead:
    """Record that the measure was checked against its sources (on `on`, default today)."""
    written = access.run_workflow(
        session=session, principal=principal, measure_id=measure_id, step="verify", action=action
    )
    return _measure_read(principal, written.measure, written.version)


# ------------------------------------------------------------------ comments and moderation


@router.get("/measures/{measure_id}/comments", response_model=list[CommentRead])
def list_comments(
    measure_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.edit")],
) -> list[CommentRead]:
    """Editors' comments on a measure, oldest first."""
    service.get_measure(session=session, measure_id=measure_id)
    comments = moderation.comments_of(session=session, measure_id=measure_id)
    return [CommentRead.model_validate(comment) for comment in comments]


@router.post("/measures/{measure_id}/comments", response_model=CommentRead, status_code=201)
def add_comment(
    measure_id: uuid.UUID,
    data: CommentCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.edit")],
) -> CommentRead:
    """Comment on a measure."""
    comment = moderation.add_comment(
        session=session, measure_id=measure_id, body=data.body, actor=principal
    )
    return CommentRead.model_validate(comment)


@router.post(
    "/measures/{measure_id}/discrepancies", response_model=DiscrepancyReceipt, status_code=201
)
def report_discrepancy(
    measure_id: uuid.UUID,
    data: DiscrepancyCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.report")],
) -> DiscrepancyReceipt:
    """Anyone reports that a measure is wrong; no personal data is asked."""
    access.visible_measure(session=session, principal=principal, measure_id=measure_id)
    report = moderation.report_discrepancy(session=session, measure_id=measure_id, data=data)
    return DiscrepancyReceipt(id=report.id, status=report.status)


@router.get("/discrepancies", response_model=list[DiscrepancyRead])
def list_discrepancies(
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.moderate")],
    status: Annotated[str | None, Query(pattern="^(open|accepted|dismissed)$")] = "open",
) -> list[DiscrepancyRead]:
    """The moderation queue (open reports by default), newest first."""
    reports = moderation.reports(session=session, actor=principal, status=status)
    return [DiscrepancyRead.model_validate(report) for report in reports]


@router.post("/discrepancies/{report_id}/resolve", response_model=DiscrepancyRead)
def resolve_discrepancy(
    report_id: uuid.UUID,
    data: DiscrepancyResolve,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.moderate")],
) -> DiscrepancyRead:
    """Accept or dismiss a report."""
    report = moderation.resolve_discrepancy(
        session=session, report_id=report_id, data=data, actor=principal
    )
    return DiscrepancyRead.model_validate(report)


@router.put("/countries/{iso3}/editorial", response_model=EditorialSettingRead)
def set_editorial(
    iso3: str,
    data: EditorialSettingUpdate,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.publish")],
) -> EditorialSettingRead:
    """Turn second-person review on or off for a country."""
    setting = access.set_review_required(
        session=session, principal=principal, iso3=iso3, required=data.review_required
    )
    return EditorialSettingRead(
        country=setting.country_iso3, review_required=setting.review_required
    )


# ------------------------------------------------------------------ point-of-entry status


@router.post("/poes/{poe_id}/statuses", response_model=PoeStatusRead, status_code=201)
def add_poe_status(
    poe_id: uuid.UUID,
    data: PoeStatusCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("poe_status.edit")],
) -> PoeStatusRead:
    """Report a point of entry's status (border officers: only their own POE)."""
    status = access.record_poe_status(
        session=session, principal=principal, poe_id=poe_id, data=data
    )
    return PoeStatusRead.model_validate(status)


@router.get("/poes/{poe_id}/statuses", response_model=list[PoeStatusRead])
def list_poe_statuses(
    poe_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("reference.read")],
) -> list[PoeStatusRead]:
    """A point of entry's status history, newest first."""
    _, history = service.poe_status_history(session=session, poe_id=poe_id)
    items = [PoeStatusRead.model_validate(s) for s in history]
    if not principal.is_authenticated:
        for item in items:
            item.recorded_by = None
    return items
