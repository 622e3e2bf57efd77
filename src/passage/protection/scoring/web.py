"""Pages of scoring: the models and their versions, adding a version from an XLSForm or as
JSON (no code), importing Kobo/ODK submissions, and re-scoring every case."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.errors import Invalid
from passage.kit.i18n import gettext_ as _
from passage.kit.uploads import read_upload
from passage.protection import pages
from passage.protection.cases import screening
from passage.protection.scoring import service as scoring
from passage.protection.scoring.schemas import ModelVersionCreate
from passage.protection.scoring.xlsform import FormProblems, read_form
from passage.web import forms
from passage.web.render import redirect

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _models_page(
    request: Request,
    session: Session,
    errors: dict[str, str] | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> Response:
    scoring.ensure_shipped(session)
    context = {
        "models": scoring.current_models(session),
        "errors": errors or {},
        "problems": problems or [],
    }
    return pages.page(request, "protection/models.html", context, status)


@router.get("/protection/models")
def models_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.models")],
) -> Response:
    """The scoring models, and the forms to add a version."""
    return _models_page(request, session)


@router.get("/protection/models/{code}")
def model_page(
    code: str,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.models")],
) -> Response:
    """A model's versions, the current one's factors by level."""
    versions = scoring.versions_of(session, code)
    if not versions:
        return _models_page(request, session, {"form": _("no such scoring model")}, status=404)
    model = scoring.engine_model(versions[0])
    return pages.page(
        request,
        "protection/model.html",
        {"versions": versions, "model": model, "current": versions[0]},
    )


def _definition_from(content: bytes, filename: str, values: dict[str, Any]) -> ModelVersionCreate:
    if filename.lower().endswith((".xlsx", ".xls")):
        read = read_form(content, filename)
        return ModelVersionCreate(
            code=read["code"], name=read["name"], definition=read["definition"]
        )
    try:
        definition = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise Invalid(
            "the file is neither an XLSForm nor a JSON definition", field="file"
        ) from None
    return ModelVersionCreate(
        code=values.get("code", ""), name=values.get("name", ""), definition=definition
    )


@router.post("/protection/models")
async def add_version(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.models")],
    file: Annotated[UploadFile, File()],
    code: Annotated[str, Form(max_length=60)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Add a version from an XLSForm (.xlsx) or a JSON definition."""
    content = await read_upload(file, max_megabytes=5)
    try:
        data = _definition_from(content, file.filename or "", {"code": code, "name": name})
    except FormProblems as error:
        return _models_page(
            request, session, {"file": _("The XLSForm cannot be used:")}, error.problems, 422
        )
    except (Invalid, ValueError) as error:
        return _models_page(
            request,
            session,
            pages.errors_of(
                error if isinstance(error, Invalid) else Invalid(str(error), field="file")
            ),
            status=422,
        )
    outcome = pages.submit(
        session,
        lambda: scoring.add_version(
            session=session,
            data=data,
            actor=principal,
            source="xlsform" if (file.filename or "").endswith((".xlsx", ".xls")) else "admin",
        ),
    )
    if isinstance(outcome, forms.Rejected):
        return _models_page(request, session, outcome.errors, status=outcome.status)
    return redirect(f"/protection/models/{outcome.code}")


@router.post("/protection/models/{code}/rescore")
def rescore(
    code: str,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.rescore")],
) -> Response:
    """Score every case again with the model's current version."""
    count = screening.rescore_all(session=session, model_code=code)
    return redirect(f"/protection/models/{code}?rescored={count}")


def _imports_page(
    request: Request,
    session: Session,
    report: Any = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    scoring.ensure_shipped(session)
    context = {"models": scoring.current_models(session), "report": report, "errors": errors or {}}
    return pages.page(request, "protection/imports.html", context, status)


@router.get("/protection/imports")
def imports_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> Response:
    """Import screenings exported from Kobo or ODK."""
    return _imports_page(request, session)


@router.post("/protection/imports")
async def import_submissions(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
    file: Annotated[UploadFile, File()],
    model_code: Annotated[str, Form(max_length=60)] = "",
) -> Response:
    """Import the file; every rejected row is listed with its line and reason."""
    content = await read_upload(file, max_megabytes=20)
    outcome = pages.submit(
        session,
        lambda: screening.import_submissions(
            session=session,
            model_code=model_code,
            filename=file.filename or "",
            content=content,
            actor=principal,
        ),
    )
    if isinstance(outcome, forms.Rejected):
        return _imports_page(request, session, None, outcome.errors, outcome.status)
    return _imports_page(request, session, outcome)
