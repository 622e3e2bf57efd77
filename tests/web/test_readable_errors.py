"""Errors people can read: a sentence naming the field, never pydantic's text (#15.6)."""

from __future__ import annotations

import uuid

import pytest

from tests.factories import csrf_from, demo_poe, make_user, web_login
from tests.journeys.test_api_cli_web import QUESTION

RAW_TEXTS = ("String should", "Field required", "Input should", "Value error")


def _no_raw_text(text: str) -> None:
    for raw in RAW_TEXTS:
        assert raw not in text, raw


def test_an_api_detail_names_the_field_in_a_sentence(client):
    bad = {**QUESTION, "itinerary": {**QUESTION["itinerary"], "origin": "K1"}}
    body = client.post("/api/v1/journeys/check", json=bad).json()
    assert body["detail"] == "Origin must be a three-letter code."
    assert body["field"] == "itinerary.origin"
    assert body["context"][0]["type"] == "string_pattern_mismatch"
    _no_raw_text(str(body))


def test_a_missing_field_is_named(client):
    body = client.post(
        "/api/v1/journeys/check", json={"traveller": {"nationalities": ["FRA"]}}
    ).json()
    assert body["detail"] == "Itinerary is required."


def test_the_api_speaks_the_callers_language(client):
    bad = {**QUESTION, "itinerary": {**QUESTION["itinerary"], "origin": "K1"}}
    headers = {"Accept-Language": "fr"}
    body = client.post("/api/v1/journeys/check", json=bad, headers=headers).json()
    assert body["detail"] == "Provenance doit être un code de trois lettres."


def test_the_public_travel_page_shows_sentences(client):
    page = client.get("/travel")
    form = {
        "csrf_token": csrf_from(page.text),
        "nationality": "FRA",
        "origin": "K1",
        "destination": "",
        "arrival_date": "2020-04-01",
    }
    answer = client.post("/travel", data=form)
    assert answer.status_code == 422
    _no_raw_text(answer.text)
    assert "must be a three-letter code" in answer.text or "is required" in answer.text


def test_the_new_user_form_names_the_field(client, session):
    admin = make_user(session, "admin")
    session.commit()
    web_login(client, admin.email)
    page = client.get("/admin/users")
    form = {
        "csrf_token": csrf_from(page.text),
        "email": "not-an-address",
        "full_name": "Amina Diallo",
        "password": "a long enough password 42",
        "role": "analyst",
    }
    response = client.post("/admin/users", data=form)
    assert response.status_code == 422
    assert "E-mail must be an e-mail address such as name@example.org." in response.text
    _no_raw_text(response.text)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_an_absurd_overview_date_is_refused_with_a_message(client, day):
    api = client.get("/api/v1/overview", params={"date": day})
    assert api.status_code == 422
    assert api.json()["detail"] == "Date: the date must be between 1900-01-01 and 2199-12-31"
    page = client.get("/overview", params={"date": day})
    assert page.status_code == 422 and "between 1900-01-01 and 2199-12-31" in page.text


def test_a_poe_status_effective_in_year_9999_is_refused(client, session):
    coordinator = make_user(session, "coordinator")
    poe = demo_poe(session)
    session.commit()
    web_login(client, coordinator.email)
    page = client.get(f"/poes/{poe.id}/status")
    form = {
        "csrf_token": csrf_from(page.text),
        "status": "closed",
        "effective_from": "9999-12-31",
    }
    response = client.post(f"/poes/{poe.id}/status", data=form)
    assert response.status_code == 422
    assert "between 1900-01-01 and 2199-12-31" in response.text
    assert uuid.UUID(str(poe.id))
