"""The scope walk's scenarios for feedback (merged into tests/test_route_scope.py).

A feedback item sits in a country (where the person is): a grant for a country reaches the
items of that country only. Each scenario makes a non-sensitive item in the place's country;
outside, the item is "not found" (404) and the refusal audited; recording feedback for another
country is refused (403); an import rejects the rows of other countries and audits it."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from passage.feedback import service
from passage.feedback.schemas import FeedbackSubmit
from passage.kit.clock import today
from tests import scope_walk
from tests.scope_walk import COUNTRY_ONLY, Call

PUBLIC = "anyone may send feedback or follow it by code (public, throttled per source)"


# A country grant reaches feedback: items carry a country, no point of entry or organisation.
Scenario = partial(scope_walk.Scenario, scopes=COUNTRY_ONLY)
_call = Call


def _item(session: Session, place: Any, **fields: Any) -> Any:
    data = FeedbackSubmit(
        client_id=f"scope-{uuid.uuid4().hex}",
        category="assistance",
        message="We need blankets at the reception centre.",
        country_iso3=place.country,
        **fields,
    )
    item, _ = service.new_item(session, data, channel="web", received_on=today())
    return item


def action(name: str, form: bool) -> Callable[[Session, Any], Any]:
    def setup(session: Session, place: Any) -> Any:
        item = _item(session, place)
        path = {"item_id": str(item.id), "action": name}
        body = {"version": item.version}
        return _call(path=path, data=body) if form else _call(path=path, json=body)

    return setup


def referral(form: bool) -> Callable[[Session, Any], Any]:
    def setup(session: Session, place: Any) -> Any:
        item = _item(session, place, consent_to_refer=True)
        path, body = {"item_id": str(item.id)}, {"version": item.version}
        return _call(path=path, data=body) if form else _call(path=path, json=body)

    return setup


def record(form: bool) -> Callable[[Session, Any], Any]:
    def setup(session: Session, place: Any) -> Any:
        body = {
            "category": "question",
            "message": "When does the distribution start?",
            "country_iso3": place.country,
            "channel": "hotline",
        }
        if form:
            return _call(data=body)
        return _call(json=body | {"client_id": f"hotline-{uuid.uuid4().hex}"})

    return setup


def _refused(response: Any) -> bool:
    return response.status_code == 200 and "outside your scope" in response.text


def import_export(session: Session, place: Any) -> Any:
    content = (
        "category,message,country_iso3,_uuid\n"
        f"question,When is the next distribution?,{place.country},{uuid.uuid4()}\n"
    ).encode()
    files = {"file": ("export.csv", io.BytesIO(content), "text/csv")}
    return _call(files=files, refused=_refused)


ACTIONS = ("acknowledge", "assign", "start", "close")
SCENARIOS: dict[tuple[str, str], Scenario] = {
    ("POST", "/api/v1/feedback/{item_id}/actions/{action}"): Scenario(action("acknowledge", False)),
    ("POST", "/feedback/items/{item_id}/actions/{action}"): Scenario(action("acknowledge", True)),
    ("POST", "/api/v1/feedback/{item_id}/referral"): Scenario(referral(False)),
    ("POST", "/feedback/items/{item_id}/referral"): Scenario(referral(True)),
    ("POST", "/api/v1/feedback/recorded"): Scenario(record(False)),
    ("POST", "/feedback/record"): Scenario(record(True)),
    ("POST", "/api/v1/feedback/import"): Scenario(import_export),
    ("POST", "/feedback/import"): Scenario(import_export),
}
UNSCOPED: dict[tuple[str, str], str] = {
    ("POST", "/api/v1/feedback"): PUBLIC,
    ("POST", "/api/v1/feedback/status"): PUBLIC,
    ("POST", "/feedback"): PUBLIC,
    ("POST", "/feedback/follow"): PUBLIC,
}
