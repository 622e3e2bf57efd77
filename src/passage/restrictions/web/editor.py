"""The editor's form for a measure: new measures and new versions. The form's flat fields and
the measure's payload are converted both ways here (pure functions); submitting goes through
the one form pipeline (`passage.web.forms`)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.geo import service as geo_service
from passage.kit.clock import today
from passage.restrictions import access, labels, service
from passage.restrictions.models import MeasureVersion
from passage.restrictions.schemas import MeasureCreate, MeasureEdit
from passage.restrictions.taxonomy import EXEMPTIONS, MEASURE_TYPES, POE_SCOPES
from passage.web import forms
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
TARGET_FIELDS = service.TARGET_FIELDS
SOURCE_PARTS = ("title", "url", "publisher", "retrieved_on")
DATE_FIELDS = ("announced_on", "effective_from", "effective_until", "last_verified_on")
LISTS = ("exemptions",)


# ------------------------------------------------------------------ form <-> payload (pure)


def types_by_class() -> dict[str, list[str]]:
    """Measure types grouped by class, for the grouped type select."""
    groups: dict[str, list[str]] = {}
    for name, (measure_class, _, _) in MEASURE_TYPES.items():
        groups.setdefault(measure_class.value, []).append(name)
    return groups


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
        "poe_codes": forms.code_list(values.get("poe_codes", ""), upper=True),
        "exemptions": list(values.get("exemptions", [])) + [e for e in other if e],
        "sources": _sources(values),
    }
    for field in TARGET_FIELDS.values():
        payload[field] = forms.code_list(values.get(field, ""))
    for field in ("quarantine_days", "explicit_level", *DATE_FIELDS):
        payload[field] = values.get(field, "").strip() or None
    return payload


def form_from_version(version: MeasureVersion) -> dict[str, Any]:
    """Raw form values showing a recorded version (for the edit form)."""
    exemptions = version.exemptions or []
    values: dict[str, Any] = {
        "country_iso3": version.country_iso3,
        "measure_type": version.measure_type,
        "title": version.title,
        "details": version.details or "",
        "poe_scope": version.poe_scope,
        "poe_codes": ", ".join(version.poe_codes or []),
        "exemptions": [e for e in exemptions if e in EXEMPTIONS],
        "exemptions_other": ", ".join(e for e in exemptions if e not in EXEMPTIONS),
        "quarantine_days": "" if version.quarantine_days is None else str(version.quarantine_days),
        "explicit_level": "" if version.explicit_level is None else str(version.explicit_level),
    }
    for field in TARGET_FIELDS.values():
        values[field] = ", ".join(getattr(version, field) or [])
    for field in DATE_FIELDS:
        value = getattr(version, field)
        values[field] = value.isoformat() if value else ""
    for index, source in enumerate(version.sources or []):
        for part in SOURCE_PARTS:
            values[f"source_{part}_{index}"] = source.get(part) or ""
    return values


def source_field(location: Sequence[str]) -> str:
    """The form field of a validation error: `sources.N.part` is shown at `source_part_N`."""
    if len(location) >= 3 and location[0] == "sources":
        return f"source_{location[2]}_{location[1]}"
    return forms.first_part(location)


def source_rows(values: dict[str, Any]) -> int:
    """How many source rows the form shows: those filled in plus one empty row."""
    filled = [
        i for i in range(20) if values.get(f"source_title_{i}") or values.get(f"source_url_{i}")
    ]
    return (max(filled) + 2) if filled else 1


# ------------------------------------------------------------------ pages


def _form_page(
    request: Request,
    session: Session,
    values: dict[str, Any],
    *,
    measure_id: uuid.UUID | None = None,
    rejected: forms.Rejected | None = None,
) -> Response:
    context = {
        "values": values,
        "errors": rejected.errors if rejected else {},
        "measure_id": measure_id,
        "countries": geo_service.list_countries(session=session),
        "types": types_by_class(),
        "exemption_choices": EXEMPTIONS,
        "scopes": POE_SCOPES,
        "target_fields": TARGET_FIELDS,
        "source_rows": source_rows(values),
        "levels": labels.level_labels(),
    }
    status_code = rejected.status if rejected else 200
    return render(request, "restrictions/form.html", context, status_code=status_code)


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
    values = forms.form_values(await request.form(), lists=LISTS)

    def create() -> service.Written:
        payload = payload_from_form(values) | {"status": values.get("status") or "draft"}
        data = MeasureCreate.model_validate(payload)
        return access.create_in_scope(session=session, principal=principal, data=data)

    outcome = forms.submit(session, create, field_of=source_field)
    if isinstance(outcome, forms.Rejected):
        return _form_page(request, session, values, rejected=outcome)
    return redirect(f"/measures/{outcome.measure.id}")


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
    values = forms.form_values(await request.form(), lists=LISTS)

    def edit() -> service.Written:
        extra = {"version": values.get("version"), "change_note": values.get("change_note") or None}
        data = MeasureEdit.model_validate(payload_from_form(values) | extra)
        return access.edit_in_scope(
            session=session, principal=principal, measure_id=measure_id, data=data
        )

    outcome = forms.submit(session, edit, field_of=source_field)
    if isinstance(outcome, forms.Rejected):
        return _form_page(request, session, values, measure_id=measure_id, rejected=outcome)
    return redirect(f"/measures/{measure_id}")
