"""The pages of flow monitoring: the points, the collector's phone-width form for a day's
counts, the coordinators' alerts with their chart, causes and acknowledgement, the detector
settings with the backtest, and the exports."""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from passage.access import Principal, can
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.errors import Invalid
from passage.flows import access, causes, exports, service
from passage.flows.schemas import Acknowledgement, DayEntry, DetectorSettings, PointCreate
from passage.flows.vocabulary import DIRECTIONS, GROUPS, KINDS, TRANSPORT, VULNERABILITIES
from passage.kit.clock import today
from passage.kit.i18n import gettext_ as _
from passage.kit.uploads import read_chosen_file
from passage.protection import pages
from passage.web import forms

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _options(table: dict[str, str] | Any) -> list[tuple[str, str]]:
    return [(code, _(label)) for code, label in table.items()]


@router.get("/flows/points")
def points_page(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("flows.read")]
) -> Response:
    """The flow monitoring points within reach."""
    context = {
        "points": service.points(session=session, actor=principal),
        "may_enter": can(principal, "flows.enter"),
        "may_manage": can(principal, "flows.manage"),
        "may_see_alerts": can(principal, "flows.alerts"),
        "may_import": can(principal, "flows.import"),
    }
    return pages.page(request, "flows/points.html", context)


def _new_point_page(
    request: Request, values: dict[str, Any], errors: dict[str, str], status: int = 200
) -> Response:
    context = {"values": values, "errors": errors, "kinds": _options(KINDS)}
    return pages.page(request, "flows/point_new.html", context, status)


@router.get("/flows/points/new")
def new_point_page(
    request: Request, principal: Annotated[Principal, Require("flows.manage")]
) -> Response:
    """Register a flow monitoring point."""
    return _new_point_page(request, {}, {})


@router.post("/flows/points/new")
async def new_point(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("flows.manage")]
) -> Response:
    """Store a new point."""
    values = forms.form_values(await request.form())
    optional = ("latitude", "longitude", "hours", "team", "poe_code")
    payload = pages.blank_none(values, optional) | {
        name: values.get(name, "") for name in ("code", "name", "kind", "country_iso3")
    }
    outcome = pages.submit(
        session,
        lambda: service.create_point(
            session=session, data=PointCreate.model_validate(payload), actor=principal
        ),
    )
    if isinstance(outcome, forms.Rejected):
        return _new_point_page(request, values, outcome.errors, outcome.status)
    return RedirectResponse("/flows/points", status_code=303)


@router.get("/flows/import")
def import_page(
    request: Request, principal: Annotated[Principal, Require("flows.import")]
) -> Response:
    """Import counts from a CSV or XLSX file."""
    return pages.page(request, "flows/import.html", {"errors": {}, "outcome": None})


@router.post("/flows/import")
async def import_file(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.import")],
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Import a count file; each rejected row is listed with its line, column and reason."""
    try:
        filename, content = await read_chosen_file(file)
        outcome = service.import_file(
            session=session, content=content, filename=filename, actor=principal
        )
    except Invalid as error:
        rejected = forms.reject(session, error)
        context = {"errors": pages.errors_of(error), "outcome": None}
        return pages.page(request, "flows/import.html", context, rejected.status)
    return pages.page(request, "flows/import.html", {"errors": {}, "outcome": outcome})


def _entry_page(
    request: Request,
    point: Any,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
    saved: bool = False,
) -> Response:
    context = {
        "point": point,
        "values": values,
        "errors": errors,
        "saved": saved,
        "directions": _options(DIRECTIONS),
        "groups": [(code, _(spec[2])) for code, spec in GROUPS.items()],
        "transport": _options(TRANSPORT),
        "vulnerabilities": _options(VULNERABILITIES),
    }
    return pages.page(request, "flows/entry.html", context, status)


@router.get("/flows/points/{point_id}/entry")
def entry_page(
    point_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.enter")],
    saved: bool = False,
) -> Response:
    """The collector's form: a day's counts at a point."""
    point = service.get_point(
        session=session, point_id=point_id, actor=principal, permission="flows.enter"
    )
    values = {"day": today().isoformat(), "direction": "incoming"}
    return _entry_page(request, point, values, {}, saved=saved)


def _counts(values: dict[str, Any], names: Any) -> dict[str, int]:
    found = {}
    for name in names:
        text = str(values.get(name) or "").strip()
        if not text:
            continue
        if not text.isdigit():
            raise Invalid("Enter a whole number.", field=name)
        found[name] = int(text)
    return found


@router.post("/flows/points/{point_id}/entry")
async def enter(
    point_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.enter")],
) -> Response:
    """Store a day's counts; the form comes back empty for the other direction."""
    values = forms.form_values(await request.form())

    def run() -> object:
        payload = pages.blank_none(
            values, ("nationality", "origin", "destination", "transport")
        ) | {
            "day": values.get("day", ""),
            "direction": values.get("direction", ""),
            "groups": _counts(values, GROUPS),
            "vulnerabilities": _counts(values, VULNERABILITIES),
        }
        data = DayEntry.model_validate(payload)
        return service.enter_day(session=session, point_id=point_id, data=data, actor=principal)

    outcome = pages.submit(session, run)
    if isinstance(outcome, forms.Rejected):
        point = service.get_point(
            session=session, point_id=point_id, actor=principal, permission="flows.enter"
        )
        return _entry_page(request, point, values, outcome.errors, outcome.status)
    return RedirectResponse(f"/flows/points/{point_id}/entry?saved=1", status_code=303)


@router.get("/flows")
def dashboard(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.alerts")],
    followed: bool = False,
) -> Response:
    """Open alerts within reach (only the followed points' when asked)."""
    found = service.alert_list(session=session, actor=principal, followed=followed)
    return pages.page(request, "flows/dashboard.html", {"alerts": found, "followed": followed})


@router.get("/flows/alerts/{alert_id}")
def alert_page(
    alert_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.alerts")],
) -> Response:
    """An alert: its chart, explanation, the changes near the point, acknowledgement."""
    return _alert_page(request, session, principal, alert_id, {})


def _alert_page(
    request: Request,
    session: Any,
    principal: Principal,
    alert_id: uuid.UUID,
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    view = service.get_alert(session=session, alert_id=alert_id, actor=principal)
    drawn, found = causes.alert_chart(session, view.point, view.alert)
    context = {
        "view": view,
        "chart": drawn,
        "causes": found,
        "errors": errors,
        "may_acknowledge": can(principal, "flows.acknowledge", access.target(view.point)),
        "following": service.is_following(session=session, point_id=view.point.id, actor=principal),
    }
    return pages.page(request, "flows/alert.html", context, status)


@router.post("/flows/alerts/{alert_id}/acknowledge")
async def acknowledge(
    alert_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.acknowledge")],
) -> Response:
    """Acknowledge an alert with a note."""
    values = forms.form_values(await request.form())
    outcome = pages.submit(
        session,
        lambda: service.acknowledge(
            session=session,
            alert_id=alert_id,
            data=Acknowledgement.model_validate(
                {"note": values.get("note", ""), "version": values.get("version", "")}
            ),
            actor=principal,
        ),
    )
    if isinstance(outcome, forms.Rejected):
        return _alert_page(request, session, principal, alert_id, outcome.errors, outcome.status)
    return RedirectResponse(f"/flows/alerts/{alert_id}", status_code=303)


@router.post("/flows/points/{point_id}/follow")
async def follow(
    point_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.alerts")],
) -> Response:
    """Follow a point's alerts, or stop following them."""
    values = forms.form_values(await request.form())
    wanted = values.get("follow") == "yes"
    service.set_following(session=session, point_id=point_id, follow=wanted, actor=principal)
    back = str(values.get("back") or "")
    return RedirectResponse(back if back.startswith("/flows/") else "/flows", status_code=303)


@router.get("/flows/points/{point_id}/detector")
def detector_page(
    point_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.alerts")],
    config: str | None = None,
    series: str = "",
) -> Response:
    """The detector settings of one series of the point (its total unless `series` names a
    nationality or a corridor) and what they would have flagged over its history."""
    return _detector_page(request, session, principal, point_id, config, {}, series=series)


def _detector_page(
    request: Request,
    session: Any,
    principal: Principal,
    point_id: uuid.UUID,
    config: str | None,
    errors: dict[str, str],
    status: int = 200,
    series: str = "",
) -> Response:
    point = service.get_point(
        session=session, point_id=point_id, actor=principal, permission="flows.alerts"
    )
    key = service.series_key(series)
    every = service.point_series(session=session, point_id=point_id, actor=principal)
    chosen = [one for one in every if one.key == key]
    tried = None
    if config:
        try:
            tried = json.loads(config)
            if not isinstance(tried, dict):
                raise ValueError("give a JSON object")
            results = service.backtest(
                session=session, point_id=point_id, actor=principal, config=tried, series=key.code
            )
        except ValueError as problem:
            errors, tried = {"config": str(problem)}, None
    if tried is None:
        results = service.backtest(
            session=session, point_id=point_id, actor=principal, config=None, series=key.code
        )
    stored = point.detector or {}
    version, enabled = point.version, True
    if key.kind != "total":
        setting = service.series_setting(session=session, point=point, key=key)
        stored = setting.detector if setting is not None else {}
        version = setting.version if setting is not None else point.version
        enabled = setting.enabled if setting is not None else True
    shown = config if config else json.dumps(stored, indent=1)
    listed: dict[str, Any] = {}
    for one in every:
        listed.setdefault(one.key.code, one)
    context = {
        "point": point,
        "results": results,
        "config": shown,
        "errors": errors,
        "series": key.code,
        "series_list": list(listed.values()),
        "judged": any(one.judged for one in chosen),
        "version": version,
        "enabled": enabled,
        "may_manage": can(principal, "flows.manage", access.target(point)),
    }
    return pages.page(request, "flows/detector.html", context, status)


@router.post("/flows/points/{point_id}/detector")
async def save_detector(
    point_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.manage")],
) -> Response:
    """Save the point's detector settings (checked by the engine)."""
    values = forms.form_values(await request.form())
    text = str(values.get("config") or "{}")

    def run() -> object:
        try:
            config = json.loads(text)
        except ValueError:
            raise Invalid("give a JSON object", field="config") from None
        if not isinstance(config, dict):
            raise Invalid("give a JSON object", field="config")
        data = DetectorSettings.model_validate(
            {
                "config": config,
                "series": series,
                "enabled": values.get("enabled", "yes") != "no",
                "version": values.get("version", ""),
            }
        )
        return service.set_detector(session=session, point_id=point_id, data=data, actor=principal)

    series = str(values.get("series") or "")
    outcome = pages.submit(session, run)
    if isinstance(outcome, forms.Rejected):
        return _detector_page(
            request,
            session,
            principal,
            point_id,
            text,
            outcome.errors,
            outcome.status,
            series=series,
        )
    back = f"/flows/points/{point_id}/detector"
    if series:
        back += "?" + urlencode({"series": series})
    return RedirectResponse(back, status_code=303)


@router.get("/flows/counts.csv")
def counts_csv(
    session: SessionDep, principal: Annotated[Principal, Require("flows.read")]
) -> Response:
    """The counts within reach as CSV with an HXL row (a download)."""
    body = exports.to_csv(
        exports.count_rows(session=session, actor=principal), exports.COUNT_COLUMNS
    )
    headers = {"Content-Disposition": 'attachment; filename="flow-counts.csv"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/flows/alerts.csv")
def alerts_csv(
    session: SessionDep, principal: Annotated[Principal, Require("flows.alerts")]
) -> Response:
    """The alerts within reach as CSV with an HXL row (a download)."""
    body = exports.to_csv(
        exports.alert_rows(session=session, actor=principal), exports.ALERT_COLUMNS
    )
    headers = {"Content-Disposition": 'attachment; filename="flow-alerts.csv"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)
