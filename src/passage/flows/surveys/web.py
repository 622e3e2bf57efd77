"""The pages of flow monitoring surveys: the survey forms (with the upload of an XLSForm), the
import of a Kobo/ODK export with its report of rejected rows, and the results per question as
tables and bar charts (suppressed counts and shares), by point and months."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from passage.access import Principal, can
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.errors import Invalid
from passage.flows.surveys import results, service
from passage.kit.uploads import read_chosen_file
from passage.protection import pages
from passage.web import forms

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _list_page(
    request: Request, session: Any, principal: Principal, errors: dict[str, str], status: int = 200
) -> Response:
    context = {
        "surveys": service.surveys(session=session),
        "errors": errors,
        "may_manage": can(principal, "flows.manage"),
        "may_import": can(principal, "flows.import"),
    }
    return pages.page(request, "flows/surveys/list.html", context, status)


@router.get("/flows/surveys")
def surveys_page(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("flows.read")]
) -> Response:
    """The survey forms, and the upload of a new one."""
    return _list_page(request, session, principal, {})


@router.post("/flows/surveys")
async def upload_form(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.manage")],
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Define (or redefine) a survey from an XLSForm."""
    try:
        filename, content = await read_chosen_file(file)
        survey = service.upload_form(
            session=session, content=content, filename=filename, actor=principal
        )
    except Invalid as error:
        rejected = forms.reject(session, error)
        return _list_page(request, session, principal, pages.errors_of(error), rejected.status)
    return RedirectResponse(f"/flows/surveys/{survey.id}/import", status_code=303)


def _import_page(
    request: Request,
    session: Any,
    principal: Principal,
    survey_id: uuid.UUID,
    errors: dict[str, str],
    outcome: service.SurveyImport | None = None,
    status: int = 200,
) -> Response:
    context = {
        "survey": service.get_survey(session=session, survey_id=survey_id),
        "points": service.points_within_reach(
            session=session, actor=principal, permission="flows.import"
        ),
        "errors": errors,
        "outcome": outcome,
    }
    return pages.page(request, "flows/surveys/import.html", context, status)


@router.get("/flows/surveys/{survey_id}/import")
def import_page(
    survey_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.import")],
) -> Response:
    """Import a Kobo/ODK export of a survey."""
    return _import_page(request, session, principal, survey_id, {})


@router.post("/flows/surveys/{survey_id}/import")
async def import_export(
    survey_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.import")],
    file: Annotated[UploadFile | None, File()] = None,
    point_id: Annotated[str | None, Form()] = None,
) -> Response:
    """Import an export; each rejected row is listed with its line, question and reason."""
    try:
        filename, content = await read_chosen_file(file)
        point = _uuid_or_none(point_id)
        outcome = service.import_export(
            session=session,
            survey_id=survey_id,
            content=content,
            filename=filename,
            actor=principal,
            point_id=point,
        )
    except Invalid as error:
        rejected = forms.reject(session, error)
        errors = pages.errors_of(error)
        return _import_page(request, session, principal, survey_id, errors, None, rejected.status)
    return _import_page(request, session, principal, survey_id, {}, outcome)


def _uuid_or_none(text: str | None) -> uuid.UUID | None:
    if not (text or "").strip():
        return None
    try:
        return uuid.UUID(str(text).strip())
    except ValueError:
        raise Invalid("choose one of the options", field="point_id") from None


def _month(text: str | None, field: str, last: bool) -> date | None:
    value = (text or "").strip()
    if not value:
        return None
    try:
        first = date.fromisoformat(f"{value}-01")
    except ValueError:
        raise Invalid("enter a month as YYYY-MM", field=field) from None
    if not last:
        return first
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _chosen(
    session: Any,
    principal: Principal,
    survey_id: uuid.UUID,
    query: dict[str, Any],
    export: bool = False,
) -> results.Results:
    read = service.export_results if export else service.survey_results
    return read(
        session=session,
        survey_id=survey_id,
        actor=principal,
        point_id=_uuid_or_none(query.get("point_id")),
        start=_month(query.get("start"), "start", last=False),
        end=_month(query.get("end"), "end", last=True),
    )


@router.get("/flows/surveys/{survey_id}")
def results_page(
    survey_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.read")],
) -> Response:
    """The results per question (tables and bars), by point and months."""
    query = dict(request.query_params)
    errors: dict[str, str] = {}
    try:
        found = _chosen(session, principal, survey_id, query)
    except Invalid as error:
        errors = pages.errors_of(error)
        found = _chosen(session, principal, survey_id, {})
    context = {
        "survey": service.get_survey(session=session, survey_id=survey_id),
        "results": found,
        "points": service.points_within_reach(
            session=session, actor=principal, permission="flows.read"
        ),
        "query": query,
        "errors": errors,
        "bar_width": results.BAR_WIDTH,
        "may_import": can(principal, "flows.import"),
    }
    return pages.page(request, "flows/surveys/results.html", context)


@router.get("/flows/surveys/{survey_id}/results.csv")
def results_csv(
    survey_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.read")],
) -> Response:
    """The results shown as CSV with an HXL row (suppressed counts blank and flagged)."""
    found = _chosen(session, principal, survey_id, dict(request.query_params), export=True)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(results.csv_rows(found))
    headers = {"Content-Disposition": 'attachment; filename="survey-results.csv"'}
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
