"""HTML pages of the rule sets: the list, one rule with its versions, and the upload form."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import Response

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.errors import Invalid
from passage.geo import service as geo_service
from passage.kit.i18n import current_language
from passage.kit.readable import explain
from passage.rules import service
from passage.rules.certlogic import supports_engine_version
from passage.rules.models import BusinessRule
from passage.rules.schemas import CERTIFICATE_TYPES, RULE_TYPES
from passage.rules.upload import MAX_UPLOAD_BYTES
from passage.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def latest_per_identifier(rules: list[BusinessRule]) -> list[tuple[BusinessRule, int]]:
    """The highest version of each Identifier with its number of versions (input is sorted)."""
    grouped: dict[str, tuple[BusinessRule, int]] = {}
    for rule in rules:
        first, count = grouped.get(rule.identifier, (rule, 0))
        grouped[rule.identifier] = (first, count + 1)
    return list(grouped.values())


@router.get("/rules")
def rules_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("rules.read")],
    country: Annotated[str, Query(max_length=3)] = "",
    type: Annotated[str, Query(max_length=20)] = "",
    certificate_type: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """Business rules by Identifier (highest version), filtered by country and type."""
    rules = service.list_rules(
        session=session,
        country=country or None,
        rule_type=type if type in RULE_TYPES else None,
        certificate_type=certificate_type if certificate_type in CERTIFICATE_TYPES else None,
    )
    context = {
        "rows": latest_per_identifier(rules),
        "country": country.upper(),
        "type": type,
        "certificate_type": certificate_type,
        "rule_types": RULE_TYPES,
        "certificate_types": CERTIFICATE_TYPES,
        "countries": geo_service.list_countries(session=session),
    }
    return render(request, "rules/rules.html", context, partial="rules/_results.html")


@router.get("/rules/upload")
def upload_page(
    request: Request, principal: Annotated[Principal, Require("rules.manage")]
) -> Response:
    """The upload form: a JSON file or pasted JSON, one rule or a list."""
    return render(request, "rules/upload.html", {"pasted": ""})


async def _read_upload(file: UploadFile | None, pasted: str) -> tuple[Any, str | None]:
    """The uploaded JSON (file first, else the pasted text), or the reason it cannot be read."""
    text = pasted
    if file is not None and file.filename:
        content = await file.read(MAX_UPLOAD_BYTES + 1)
        if len(content) > MAX_UPLOAD_BYTES:
            return None, "the file is larger than 5 MB"
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None, "the file is not UTF-8 text"
    if not text.strip():
        return None, "choose a JSON file or paste the rules"
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, f"the JSON cannot be read: {error}"


@router.post("/rules/upload")
async def upload(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("rules.manage")],
    file: Annotated[UploadFile | None, File()] = None,
    rules_json: Annotated[str, Form(max_length=MAX_UPLOAD_BYTES)] = "",
) -> Response:
    """Store the uploaded rules (all or none) and show what was accepted or why not."""
    documents, problem = await _read_upload(file, rules_json)
    report = None
    if problem is None:
        uploaded_by = str(principal.user_id) if principal.user_id else None
        try:
            report = service.import_rules(
                session=session, documents=documents, uploaded_by=uploaded_by, actor=principal
            )
        except Invalid as error:
            problem = explain(error)
    context = {"pasted": rules_json, "problem": problem, "report": report}
    failed = report is None or not report.ok
    return render(request, "rules/upload.html", context, status_code=422 if failed else 201)


@router.get("/rules/{reference}")
def rule_page(
    reference: str,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("rules.read")],
) -> Response:
    """One rule version: its description in the reader's language, its logic and versions."""
    rule = service.get_rule(session=session, reference=reference)
    language = current_language()
    context = {
        "rule": rule,
        "description": rule.description(language),
        "logic": json.dumps(rule.logic, indent=2, ensure_ascii=False),
        "versions": service.versions_of(session=session, identifier=rule.identifier),
        "engine_supported": supports_engine_version(rule.engine_version),
        "country": geo_service.find_country(session=session, iso3=rule.country_iso3),
    }
    return render(request, "rules/rule.html", context)
