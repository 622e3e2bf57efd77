"""The administrator's page of the DCC trust: trust lists of signer certificates and value sets
(no personal data). The URLs stay under /admin/health, where port health published them first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.dcc import service
from passage.errors import PassageError
from passage.kit.uploads import read_upload
from passage.web import forms
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _certificates_page(
    request: Request,
    session: Session,
    report: service.TrustImport | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "lists": service.trust_lists(session=session),
        "value_sets": service.value_set_reads(session=session),
        "report": report,
        "errors": errors or {},
    }
    return render(request, "dcc/certificates.html", context, status_code=status)


@router.get("/admin/health/certificates")
def certificates_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
) -> Response:
    """Trust lists of signer certificates and the value sets in force."""
    return _certificates_page(request, session)


@router.post("/admin/health/trust-lists")
async def import_trust_list(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
    file: Annotated[UploadFile, File()],
    name: Annotated[str, Form(max_length=120)] = "",
) -> Response:
    """Import (or rotate) a trust list from a file of signer certificates."""
    try:
        content = await read_upload(file, max_megabytes=50)
        report = service.import_trust_list(
            session=session, name=name, data=content, actor=principal
        )
    except PassageError as error:
        rejected = forms.reject(session, error)
        return _certificates_page(request, session, None, rejected.errors, rejected.status)
    return _certificates_page(request, session, report)


@router.post("/admin/health/value-sets")
async def import_value_sets(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
    file: Annotated[UploadFile, File()],
) -> Response:
    """Import official value-set JSON."""
    try:
        content = await read_upload(file, max_megabytes=20)
        service.import_value_sets(session=session, data=content, actor=principal)
    except PassageError as error:
        rejected = forms.reject(session, error)
        errors = {"value_sets": " ".join(rejected.errors.values())}
        return _certificates_page(request, session, None, errors, rejected.status)
    return redirect("/admin/health/certificates#value-sets")
