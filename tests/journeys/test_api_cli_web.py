"""The journey check through the API, the CLI and the public page."""

from __future__ import annotations

import json
from datetime import date

from typer.testing import CliRunner

from passage.journeys.cli import journeys_app
from tests.factories import bearer, csrf_from, make_user, token_for
from tests.restrictions.factories import make_measure

VERIFIED = date(2020, 3, 25)
QUESTION = {
    "traveller": {"nationalities": ["FRA"], "residence": "FRA"},
    "itinerary": {
        "origin": "FRA",
        "destination": "KEN",
        "arrival_date": "2020-04-01",
        "mode": "air",
    },
}
CSV = (
    "passenger,nationalities,residence,vaccination_doses,vaccination_total_doses\n"
    "P1,FRA,FRA,2,2\n"
    "P2,KEN,KEN,,\n"
    "P3,ZZ9,FRA,,\n"
)


def test_public_api_check_needs_no_sign_in(client, session):
    make_measure(session, last_verified_on=VERIFIED)
    session.commit()
    response = client.post("/api/v1/journeys/check", json=QUESTION)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["decision"] == "ADMIT_WITH_CONDITIONS"
    assert body["data_version"].startswith("m-") and body["as_of"]


def test_api_bad_input_is_a_422_with_the_field(client, session):
    bad = {"traveller": {"nationalities": []}, "itinerary": QUESTION["itinerary"]}
    response = client.post("/api/v1/journeys/check", json=bad)
    assert response.status_code == 422
    assert response.json()["field"] == "traveller.nationalities"


def test_manifest_reports_every_row_with_its_line(client, session):
    make_measure(
        session,
        measure_type="complete_closure",
        title="Closed",
        quarantine_days=None,
        exemptions=["nationals"],
        last_verified_on=VERIFIED,
    )
    headers = bearer(token_for(session, make_user(session, "border_officer")))
    session.commit()
    response = client.post(
        "/api/v1/journeys/manifest",
        headers=headers,
        files={"file": ("flight.csv", CSV, "text/csv")},
        data={"origin": "FRA", "destination": "KEN", "arrival_date": "2020-04-01", "mode": "air"},
    )
    assert response.status_code == 200, response.text
    rows = {row["line"]: row for row in response.json()["rows"]}
    assert rows[2]["decision"] == "REFUSE" and rows[2]["refusing_measures"]
    assert rows[3]["decision"] == "ADMIT"
    assert rows[4]["decision"] is None and rows[4]["field"]
    assert response.json()["counts"] == {"REFUSE": 1, "ADMIT": 1, "ERROR": 1}


def test_manifest_is_for_staff(client, session):
    response = client.post(
        "/api/v1/journeys/manifest",
        files={"file": ("flight.csv", CSV, "text/csv")},
        data={"origin": "FRA", "destination": "KEN", "arrival_date": "2020-04-01"},
    )
    assert response.status_code == 401


def test_cli_prints_the_answer_as_json(session, tmp_path, monkeypatch):
    from passage.journeys import cli

    class Borrowed:
        def __enter__(self):
            return session

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(cli, "cli_transaction", lambda purpose=None: Borrowed())
    make_measure(session, last_verified_on=VERIFIED)
    path = tmp_path / "question.json"
    path.write_text(json.dumps(QUESTION))
    result = CliRunner().invoke(journeys_app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["decision"] == "ADMIT_WITH_CONDITIONS"


def test_cli_bad_input_exits_2(tmp_path):
    path = tmp_path / "question.json"
    path.write_text('{"traveller": {}}')
    result = CliRunner().invoke(journeys_app, ["check", str(path)])
    assert result.exit_code == 2
    assert "invalid question" in result.stderr


def test_public_page_answers_a_form_post_without_javascript(client, session):
    make_measure(session, last_verified_on=VERIFIED)
    session.commit()
    page = client.get("/travel")
    assert page.status_code == 200 and "Can I travel?" in page.text
    form = {
        "csrf_token": csrf_from(page.text),
        "nationality": "FRA",
        "origin": "FRA",
        "destination": "KEN",
        "mode": "air",
        "arrival_date": "2020-04-01",
    }
    answer = client.post("/travel", data=form)
    assert answer.status_code == 200, answer.text
    assert 'data-decision="ADMIT_WITH_CONDITIONS"' in answer.text
    assert "Ministry of Health notice" in answer.text and "2020-03-25" in answer.text


def test_public_page_shows_no_data_as_unknown(client, session):
    page = client.get("/travel")
    form = {
        "csrf_token": csrf_from(page.text),
        "nationality": "FRA",
        "origin": "FRA",
        "destination": "NRU",
        "arrival_date": "2020-04-01",
    }
    answer = client.post("/travel", data=form)
    assert 'data-decision="UNKNOWN"' in answer.text
    assert "Unknown does not mean there are no restrictions." in answer.text


def test_public_page_form_without_csrf_is_refused(client):
    response = client.post("/travel", data={"nationality": "FRA"})
    assert response.status_code == 403
