"""HTML pages of the restriction tracker: search, measure forms, history, moderation, POE status."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from passage.access import Principal, ScopeTarget, can
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.errors import Invalid, NotFound, PassageError
from passage.exchange import partners as exchange_partners
from passage.geo import repository as geo_repository
from passage.kit.clock import today
from passage.restrictions import access, labels, repository, service
from passage.restrictions.models import MeasureVersion
from passage.restrictions.schemas import (
    CommentCreate,
    DiscrepancyCreate,
    DiscrepancyResolve,
    MeasureCreate,
    MeasureEdit,
    PoeStatusCreate,
    WorkflowAction,
)
from passage.restrictions.taxonomy import (
    EXEMPTIONS,
    MEASURE_TYPES,
    POE_SCOPES,
    TARGET_KINDS,
    MeasureClass,
)
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
PAGE_SIZE = 50
STALE_AFTER_DAYS = 30
TARGET_FIELDS = service.TARGET_FIELDS
SOURCE_PARTS = ("title", "url", "publisher", "retrieved_on")
WHO_MAY_CROSS = (
    "nationals",
    "regular_travellers",
    "migrants",
    "idps",
    "asylum_seekers",
    "goods_only",
)
POE_STATUSES = ("fully_operational", "partially_operational", "closed")


# ------------------------------------------------------------------ form <-> payload (pure)


def split_codes(text: str) -> list[str]:
    """Country or POE codes typed as a comma- or space-separated list."""
    return [code for code in re.split(r"[\s,;]+", text.strip()) if code]


def types_by_class() -> dict[str, list[str]]:
    """Measure types grouped by class, for the grouped type select."""
    groups: dict[str, list[str]] = {}
    for name, (measure_class, _, _) in MEASURE_TYPES.items():
        groups.setdefault(measure_class.value, []).append(name)
    return groups


def form_values(form: FormData) -> dict[str, Any]:
    """The raw form as shown back to the user (strings; exemptions as a list)."""
    values: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    values["exemptions"] = [v for v in form.getlist("exemptions") if isinstance(v, str)]
    return values


def _sources(values: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for index in range(20):
        row = {part: values.get(f"source_{part}_{index}", "").strip() for part in SOURCE_PARTS}
        if row["title"] or row["url"] or row["publisher"]:
            rows.append({k: v or None for k, v in row.items()} | {"title": row["title"]})
    return rows


def payload_from_form(values: dict[str, Any]) -> dict[str, Any]:
    """A MeasureContent-shaped dict from the raw form values."""
    other = [e.strip() for e in re.split(r"[,;\n]+", values.get("exemptions_other", ""))]
    payload: dict[str, Any] = {
        "country_iso3": values.get("country_iso3", ""),
        "measure_type": values.get("measure_type", ""),
        "title": values.get("title", "").strip(),
        "details": values.get("details", "").strip() or None,
        "poe_scope": values.get("poe_scope") or "all",
        "poe_codes": [c.upper() for c in split_codes(values.get("poe_codes", ""))],
        "exemptions": list(values.get("exemptions", [])) + [e for e in other if e],
        "sources": _sources(values),
    }
    for field in TARGET_FIELDS.values():
        payload[field] = split_codes(values.get(field, ""))
    for field in ("quarantine_days", "explicit_level"):
        payload[field] = values.get(field, "").strip() or None
    for field in ("announced_on", "effective_from", "effective_until", "last_verified_on"):
        payload[field] = values.get(field, "").strip() or None
    return payload


def form_from_version(version: MeasureVersion) -> dict[str, Any]:
    """Raw form values showing a recorded version (for the edit form)."""
    values: dict[str, Any] = {
        "country_iso3": version.country_iso3,
        "measure_type": version.measure_type,
        "title": version.title,
        "details": version.details or "",
        "poe_scope": version.poe_scope,
        "poe_codes": ", ".join(version.poe_codes or []),
        "exemptions": [e for e in version.exemptions or [] if e in EXEMPTIONS],
        "exemptions_other": ", ".join(e for e in version.exemptions or [] if e not in EXEMPTIONS),
        "quarantine_days": "" if version.quarantine_days is None else str(version.quarantine_days),
        "explicit_level": "" if version.explicit_level is None else str(version.explicit_level),
    }
    for field in TARGET_FIELDS.values():
        values[field] = ", ".join(getattr(version, field) or [])
    for field in ("announced_on", "effective_from", "effective_until", "last_verified_on"):
        value = getattr(version, field)
        values[field] = value.isoformat() if value else ""
    for index, source in enumerate(version.sources or []):
        for part in SOURCE_PARTS:
            values[f"source_{part}_{index}"] = source.get(part) or ""
    return values


def field_errors(error: ValidationError) -> dict[str, str]:
    """Pydantic errors keyed by the form field they belong to."""
    errors: dict[str, str] = {}
    for item in error.errors():
        location = [str(part) for part in item["loc"]]
        name = location[0] if location else "form"
        if name == "sources" and len(location) >= 3:
            name = f"source_{location[2]}_{location[1]}"
        errors.setdefault(name, item["msg"].removeprefix("Value error, "))
    return errors


def source_rows(values: dict[str, Any]) -> int:
    """How many source rows the form shows: those filled in plus one empty row."""
    filled = [
        i for i in range(20) if values.get(f"source_title_{i}") or values.get(f"source_url_{i}")
    ]
    return (max(filled) + 2) if filled else 1


# ------------------------------------------------------------------ search


@router.get("/measures")
def measures_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.read")],
    country: Annotated[str, Query(max_length=3)] = "",
    target_kind: Annotated[str, Query(max_length=12)] = "",
    target: Annotated[str, Query(max_length=3)] = "",
    measure_class: Annotated[str, Query(max_length=30)] = "",
    measure_type: Annotated[str, Query(max_length=40)] = "",
    status: Annotated[str, Query(max_length=20)] = "",
    on: Annotated[date | None, Query()] = None,
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=2000)] = 1,
) -> Response:
    """Search measures; HTMX swaps only the results."""
    filters = {
        "country": country.upper() or None,
        "target_kind": target_kind if target_kind in TARGET_KINDS else None,
        "target": target.upper() or None,
        "measure_class": measure_class or None,
        "measure_type": measure_type or None,
        "status": status or None,
        "on": on,
        "text": q or None,
    }
    items, total = access.search_visible(
        session, principal, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, **filters
    )
    query = urlencode(
        {
            "country": country,
            "target_kind": target_kind,
            "target": target,
            "measure_class": measure_class,
            "measure_type": measure_type,
            "status": status,
            "on": on.isoformat() if on else "",
            "q": q,
        }
    )
    context = {
        "measures": items,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "query": query,
        "filters": {**filters, "on": on.isoformat() if on else "", "q": q},
        "countries": geo_repository.list_countries(session),
        "classes": [c.value for c in MeasureClass],
        "types": types_by_class(),
        "target_kinds": TARGET_KINDS,
        "statuses": access.PUBLIC_STATUSES
        if not access.sees_drafts(principal)
        else ("draft", *access.PUBLIC_STATUSES),
    }
    return render(
        request, "restrictions/measures.html", context, partial="restrictions/_results.html"
    )


# ------------------------------------------------------------------ create and edit


def _form_page(
    request: Request,
    session: Session,
    values: dict[str, Any],
    *,
    measure_id: uuid.UUID | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "values": values,
        "errors": errors or {},
        "measure_id": measure_id,
        "countries": geo_repository.list_countries(session),
        "types": types_by_class(),
        "exemption_choices": EXEMPTIONS,
        "scopes": POE_SCOPES,
        "target_fields": TARGET_FIELDS,
        "source_rows": source_rows(values),
        "levels": labels.level_labels(),
    }
    return render(request, "restrictions/form.html", context, status_code=status_code)


def _with_errors(
    request: Request,
    session: Session,
    values: dict[str, Any],
    measure_id: uuid.UUID | None,
    error: ValidationError | PassageError,
) -> Response:
    session.rollback()
    if isinstance(error, ValidationError):
        errors = field_errors(error)
    else:
        errors = {error.field or "form": error.message}
    status_code = 422 if isinstance(error, ValidationError) else error.status
    return _form_page(
        request, session, values, measure_id=measure_id, errors=errors, status_code=status_code
    )


@router.get("/measures/new")
def new_measure_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.edit")],
) -> Response:
    """The form for a new measure."""
    values = {"poe_scope": "all", "status": "draft", "source_retrieved_on_0": today().isoformat()}
    return _form_page(request, session, values)


@router.post("/measures/new")
async def create_measure(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.edit")],
) -> Response:
    """Record a new measure from the form; errors re-show it next to the fields."""
    values = form_values(await request.form())
    try:
        data = MeasureCreate.model_validate(
            payload_from_form(values) | {"status": values.get("status") or "draft"}
        )
        written = access.create_in_scope(session, principal, data).measure
    except (ValidationError, PassageError) as error:
        return _with_errors(request, session, values, None, error)
    return redirect(f"/measures/{written.id}")


@router.get("/measures/{measure_id}/edit")
def edit_measure_page(
    measure_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.edit")],
) -> Response:
    """The form to record a new version of a measure."""
    measure, current = service.get_measure(session=session, measure_id=measure_id)
    values = form_from_version(current) | {"version": str(measure.version)}
    return _form_page(request, session, values, measure_id=measure_id)


@router.post("/measures/{measure_id}/edit")
async def edit_measure(
    measure_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.edit")],
) -> Response:
    """Record the edited measure as a new version (409 if someone edited it meanwhile)."""
    values = form_values(await request.form())
    try:
        extra = {"version": values.get("version"), "change_note": values.get("change_note") or None}
        data = MeasureEdit.model_validate(payload_from_form(values) | extra)
        access.edit_in_scope(session, principal, measure_id, data)
    except (ValidationError, PassageError) as error:
        return _with_errors(request, session, values, measure_id, error)
    return redirect(f"/measures/{measure_id}")


# ------------------------------------------------------------------ one measure


def _history(session: Session, principal: Principal, measure_id: uuid.UUID) -> list[dict[str, Any]]:
    versions = repository.versions_of(session, measure_id)
    shown = {v.id for v in access.visible_versions(principal, versions)}
    names = access.editor_names(session, principal, versions)
    rows = [row for row in service.version_diffs(versions) if row["version"].id in shown]
    for row in rows:
        row["recorded_by_name"] = names.get(row["version"].recorded_by or "", "")
    return list(reversed(rows))


def _measure_page(
    request: Request,
    session: Session,
    principal: Principal,
    measure_id: uuid.UUID,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    measure, current = access.visible_measure(session, principal, measure_id)
    editor = access.sees_drafts(principal)
    context = {
        "measure": measure,
        "current": current,
        "country": geo_repository.get_country(session, measure.country_iso3),
        "stale": bool(service.stale_measures([current], today(), STALE_AFTER_DAYS)),
        "stale_days": STALE_AFTER_DAYS,
        "history": _history(session, principal, measure_id),
        "origin": exchange_partners.origin(session, "measure", measure_id),
        "comments": repository.comments_of(session, measure_id) if editor else [],
        "target_fields": TARGET_FIELDS,
        "today": today().isoformat(),
        **extra,
    }
    return render(request, "restrictions/measure.html", context, status_code=status_code)


@router.get("/measures/{measure_id}")
def measure_page(
    measure_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.read")],
) -> Response:
    """A measure: current version, workflow buttons, comments, discrepancy form, history."""
    return _measure_page(request, session, principal, measure_id)


async def _workflow(
    request: Request, session: Session, principal: Principal, measure_id: uuid.UUID, step: str
) -> Response:
    form = await request.form()
    try:
        action = WorkflowAction.model_validate(
            {k: form.get(k) or None for k in ("version", "on", "note")}
        )
        access.run_workflow(session, principal, measure_id, step, action)
    except ValidationError as error:
        raise Invalid(error.errors()[0]["msg"], field="version") from None
    except PassageError as error:
        session.rollback()
        return _measure_page(
            request,
            session,
            principal,
            measure_id,
            status_code=error.status,
            workflow_error=error.message,
        )
    return redirect(f"/measures/{measure_id}")


@router.post("/measures/{measure_id}/publish")
async def publish_measure(
    measure_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.publish")],
) -> Response:
    """Publish a draft."""
    return await _workflow(request, session, principal, measure_id, "publish")


@router.post("/measures/{measure_id}/lift")
async def lift_measure(
    measure_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.publish")],
) -> Response:
    """Lift a published measure from a date."""
    return await _workflow(request, session, principal, measure_id, "lift")


@router.post("/measures/{measure_id}/verify")
async def verify_measure(
    measure_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.edit")],
) -> Response:
    """Mark a measure verified today."""
    return await _workflow(request, session, principal, measure_id, "verify")


@router.post("/measures/{measure_id}/comments")
async def comment_measure(
    measure_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.edit")],
) -> Response:
    """Add an editor's comment."""
    form = await request.form()
    try:
        data = CommentCreate.model_validate({"body": form.get("body") or ""})
    except ValidationError:
        return _measure_page(
            request, session, principal, measure_id, 422, comment_error="write a comment first"
        )
    service.add_comment(session=session, measure_id=measure_id, body=data.body, actor=principal)
    return redirect(f"/measures/{measure_id}#comments")


@router.post("/measures/{measure_id}/discrepancies")
async def report_discrepancy(
    measure_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.report")],
) -> Response:
    """Anyone reports that a measure is wrong; it goes to the moderation queue."""
    access.visible_measure(session, principal, measure_id)
    form = await request.form()
    values = {"body": form.get("body") or "", "source_url": form.get("source_url") or None}
    try:
        data = DiscrepancyCreate.model_validate(values)
    except ValidationError as error:
        return _measure_page(
            request,
            session,
            principal,
            measure_id,
            422,
            report_errors=field_errors(error),
            report_values=values,
        )
    service.report_discrepancy(session=session, measure_id=measure_id, data=data)
    return _measure_page(request, session, principal, measure_id, report_sent=True)


# ------------------------------------------------------------------ moderation


@router.get("/moderation")
def moderation_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.moderate")],
) -> Response:
    """Open discrepancy reports with their measures."""
    reports = repository.discrepancies(session, status="open")
    versions = repository.current_versions(session, list({r.measure_id for r in reports}))
    return render(
        request, "restrictions/moderation.html", {"reports": reports, "versions": versions}
    )


@router.post("/moderation/{report_id}")
async def resolve_report(
    report_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.moderate")],
) -> Response:
    """Accept or dismiss a report."""
    form = await request.form()
    try:
        data = DiscrepancyResolve.model_validate(
            {k: form.get(k) or None for k in ("version", "status", "note")}
        )
    except ValidationError as error:
        raise Invalid(error.errors()[0]["msg"], field="status") from None
    service.resolve_discrepancy(session=session, report_id=report_id, data=data, actor=principal)
    return redirect("/moderation")


# ------------------------------------------------------------------ point-of-entry status


def _poe_status_page(
    request: Request,
    session: Session,
    principal: Principal,
    poe_id: uuid.UUID,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    poe = geo_repository.get_poe(session, poe_id)
    if poe is None:
        raise NotFound("no such point of entry")
    target = ScopeTarget(country=poe.country_iso3, poe_id=poe.id)
    context = {
        "poe": poe,
        "history": repository.poe_status_history(session, poe_id),
        "may_edit": can(principal, "poe_status.edit", target),
        "statuses": POE_STATUSES,
        "who_choices": WHO_MAY_CROSS,
        "values": {"effective_from": today().isoformat(), "who_may_cross": []},
        "errors": {},
        **extra,
    }
    return render(request, "restrictions/poe_status.html", context, status_code=status_code)


@router.get("/poes/{poe_id}/status")
def poe_status_page(
    poe_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("reference.read")],
) -> Response:
    """A point of entry's status history, with the report form for whoever may edit it."""
    return _poe_status_page(request, session, principal, poe_id)


@router.post("/poes/{poe_id}/status")
async def poe_status_create(
    poe_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("poe_status.edit")],
) -> Response:
    """Record a status report (border officers: only for their own point of entry)."""
    form = await request.form()
    values: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    values["who_may_cross"] = [v for v in form.getlist("who_may_cross") if isinstance(v, str)]
    payload = {
        "status": values.get("status", ""),
        "effective_from": values.get("effective_from") or None,
        "who_may_cross": values["who_may_cross"],
        "health_measures": [
            m.strip() for m in values.get("health_measures", "").split(",") if m.strip()
        ],
        "last_verified_on": values.get("last_verified_on") or None,
        "notes": values.get("notes") or None,
        "source": values.get("source") or None,
    }
    try:
        data = PoeStatusCreate.model_validate(payload)
    except ValidationError as error:
        return _poe_status_page(
            request, session, principal, poe_id, 422, values=values, errors=field_errors(error)
        )
    access.record_poe_status(session, principal, poe_id, data)
    return redirect(f"/poes/{poe_id}/status")
