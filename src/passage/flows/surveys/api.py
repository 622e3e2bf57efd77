"""JSON routes of flow monitoring surveys: forms (XLSForm), imports of Kobo/ODK exports and the
results (suppressed counts and shares; never an answer of one person)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from starlette.concurrency import run_in_threadpool

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.flows.surveys import results, service
from passage.flows.surveys.schemas import SurveyRead
from passage.kit.uploads import read_upload

router = APIRouter(prefix="/api/v1/flows/surveys", tags=["flows"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such record within your reach"}
}


@router.get("")
def list_surveys(
    session: SessionDep, principal: Annotated[Principal, Require("flows.read")]
) -> list[SurveyRead]:
    """The survey forms."""
    return [SurveyRead.model_validate(found) for found in service.surveys(session=session)]


@router.post("", status_code=201)
async def upload_form(
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.manage")],
    file: Annotated[UploadFile, File()],
) -> SurveyRead:
    """Define a survey from an XLSForm (.xlsx or .xls); a form with the same form_id replaces
    the earlier definition. Personal questions are marked (`personal`), never imported."""
    content = await read_upload(file)
    created = await run_in_threadpool(
        service.upload_form,
        session=session,
        content=content,
        filename=file.filename or "",
        actor=principal,
    )
    return SurveyRead.model_validate(created)


@router.post("/{survey_id}/imports", responses=NOT_FOUND)
async def import_export(
    survey_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.import")],
    file: Annotated[UploadFile, File()],
    point_id: Annotated[uuid.UUID | None, Form()] = None,
) -> dict[str, Any]:
    """Import a Kobo/ODK export (CSV or XLSX): the summary lists each rejected row with its
    line, question and reason; the good rows are kept, an interview imported again is not
    added twice (`_uuid`)."""
    content = await read_upload(file)
    outcome = await run_in_threadpool(
        service.import_export,
        session=session,
        survey_id=survey_id,
        content=content,
        filename=file.filename or "upload",
        actor=principal,
        point_id=point_id,
    )
    return outcome.to_dict()


@router.get("/{survey_id}/results", responses=NOT_FOUND)
def survey_results(
    survey_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.read")],
    point_id: uuid.UUID | None = None,
    start: date | None = None,
    end: date | None = None,
) -> dict[str, Any]:
    """Counts and shares per question over the interviews within reach (a point, days from
    `start` to `end`); a count under 5 is null."""
    found = service.survey_results(
        session=session,
        survey_id=survey_id,
        actor=principal,
        point_id=point_id,
        start=start,
        end=end,
    )
    return results.as_dict(found)
