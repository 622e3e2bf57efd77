"""The scope walk's scenarios for flows (merged into tests/test_route_scope.py).

A flow monitoring point sits in a country and may be linked to a point of entry: a country
grant reaches the points of its country, a POE grant the point linked to its POE. Each
scenario makes a point at the place (linked to the place's POE); outside, the point is "not
found" (404) and the refusal audited; registering a point outside is refused (403); an
imported row naming a point outside is rejected with its line (the answer says so)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from passage.flows.models import FlowAlert, FlowPoint
from tests.flows.surveys.exports import kobo_csv, kobo_row
from tests.flows.surveys.helpers import survey
from tests.scope_walk import Call, Scenario

_call = Call


def _point(session: Session, place: Any) -> FlowPoint:
    code = f"FMP-{uuid.uuid4().hex[:8]}"
    point = FlowPoint(
        code=code, name=code, label=code, kind="border_crossing", imported=False,
        country_iso3=place.country, poe_id=place.poe.id, detector={},
    )  # fmt: skip
    session.add(point)
    session.flush()
    return point


def create(form: bool) -> Callable[[Session, Any], Any]:
    def setup(session: Session, place: Any) -> Any:
        body = {"code": f"FMP-{uuid.uuid4().hex[:8]}", "name": "Bus park", "kind": "transit_hub",
                "country_iso3": place.country, "poe_code": place.poe.code}  # fmt: skip
        return _call(data=body) if form else _call(json=body)

    return setup


def enter(form: bool) -> Callable[[Session, Any], Any]:
    def setup(session: Session, place: Any) -> Any:
        path = {"point_id": str(_point(session, place).id)}
        if form:
            return _call(path=path, data={"day": "2024-03-01", "direction": "incoming", "men": "4"})
        body = {"day": "2024-03-01", "direction": "incoming", "groups": {"men": 4}}
        return _call(path=path, json=body)

    return setup


def acknowledge(form: bool) -> Callable[[Session, Any], Any]:
    def setup(session: Session, place: Any) -> Any:
        point = _point(session, place)
        alert = FlowAlert(
            point_id=point.id, granularity="day", period_start=date(2024, 3, 1),
            period="2024-03-01", observed=90, expected=10, threshold=30, method="ears_c2",
            direction="up", explanation="A rise.", status="open",
        )  # fmt: skip
        session.add(alert)
        session.flush()
        body = {"note": "Checked with the team", "version": alert.version}
        path = {"alert_id": str(alert.id)}
        return _call(path=path, data=body) if form else _call(path=path, json=body)

    return setup


def follow(session: Session, place: Any) -> Any:
    point = _point(session, place)
    return _call(path={"point_id": str(point.id)}, data={"follow": "yes"})


def detector(session: Session, place: Any) -> Any:
    point = _point(session, place)
    return _call(path={"point_id": str(point.id)}, data={"config": "{}", "version": point.version})


def _outside(response: Any) -> bool:
    return response.status_code == 200 and "outside your scope" in response.text


def import_counts(session: Session, place: Any) -> Any:
    point = _point(session, place)
    content = f"point,period,count\n{point.code},2024-03-01,12\n".encode()
    return _call(files={"file": ("counts.csv", content, "text/csv")}, refused=_outside)


def webhook(session: Session, place: Any) -> Any:
    point = _point(session, place)
    body = {"name": f"hook {uuid.uuid4().hex[:6]}", "url": "https://hooks.example.org/f"}
    return _call(path={"point_id": str(point.id)}, json=body)


def import_interviews(session: Session, place: Any) -> Any:
    """A Kobo export whose row names a point at the place: outside, the row is rejected."""
    point = _point(session, place)
    found = survey(session)
    content = kobo_csv(kobo_row(1, point=point.code, uuid=str(uuid.uuid4())))
    files = {"file": ("kobo.csv", content, "text/csv")}
    refused = _outside_reach
    return _call(path={"survey_id": str(found.id)}, files=files, refused=refused)


def _outside_reach(response: Any) -> bool:
    if response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        return body.get("created") == 0 and "outside your reach" in str(body.get("rejected"))
    return response.status_code == 200 and "outside your reach" in response.text


SURVEY_FORMS = "a survey form is defined for the whole deployment (questions, never answers)"
UNSCOPED: dict[tuple[str, str], str] = {
    ("POST", "/api/v1/flows/surveys"): SURVEY_FORMS,
    ("POST", "/flows/surveys"): SURVEY_FORMS,
}

SCENARIOS: dict[tuple[str, str], Scenario] = {
    ("POST", "/api/v1/flows/surveys/{survey_id}/imports"): Scenario(import_interviews),
    ("POST", "/flows/surveys/{survey_id}/import"): Scenario(import_interviews),
    ("POST", "/api/v1/flows/points"): Scenario(create(False)),
    ("POST", "/flows/points/new"): Scenario(create(True)),
    ("POST", "/api/v1/flows/points/{point_id}/days"): Scenario(enter(False)),
    ("POST", "/flows/points/{point_id}/entry"): Scenario(enter(True)),
    ("POST", "/api/v1/flows/alerts/{alert_id}/acknowledge"): Scenario(acknowledge(False)),
    ("POST", "/flows/alerts/{alert_id}/acknowledge"): Scenario(acknowledge(True)),
    ("POST", "/flows/points/{point_id}/follow"): Scenario(follow),
    ("POST", "/flows/points/{point_id}/detector"): Scenario(detector),
    ("POST", "/api/v1/flows/imports"): Scenario(import_counts),
    ("POST", "/api/v1/flows/points/{point_id}/webhooks"): Scenario(webhook),
    ("POST", "/flows/import"): Scenario(import_counts),
}
