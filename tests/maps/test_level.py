"""The level of one country on one date: the API and `passage restrictions level` agree."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date

import pytest
from typer.testing import CliRunner

from passage.cli import app as cli
from passage.kit.clock import today
from tests.restrictions.factories import make_measure

APRIL = "2020-04-01"
NO_CHECK = {"last_verified_on": None, "stale": False, "stale_days": 30}  # no data: nothing stale


@pytest.fixture
def uganda(session):
    """Uganda on 2020-04-01: a health declaration (level 1) and a ban from China (level 3)."""
    make_measure(session, country_iso3="UGA", measure_type="health_declaration", title="Form")
    ban = make_measure(
        session, country_iso3="UGA", measure_type="origin_ban", title="Ban", origins=["CHN"]
    )
    session.commit()
    return ban.measure.id


@pytest.fixture
def bound_cli(session, monkeypatch):
    """The CLI's unit of work bound to the test's transaction."""

    @contextmanager
    def bound(purpose=None):
        yield session

    monkeypatch.setattr("passage.restrictions.cli.cli_transaction", bound)
    return lambda *args: CliRunner().invoke(cli, ["restrictions", "level", *args])


def test_api_answers_the_exact_shape(client, uganda):
    response = client.get("/api/v1/countries/UGA/level", params={"date": APRIL})
    assert response.status_code == 200
    assert response.json() == {
        "country": "UGA",
        "date": APRIL,
        "level": 3,
        "measures": [str(uganda)],
        "last_verified_on": today().isoformat(),  # never verified: the day it was recorded
        "stale": False,
        "stale_days": 30,
    }


def test_every_measure_at_the_top_level_is_listed(client, session, uganda):
    closure = make_measure(
        session,
        country_iso3="UGA",
        measure_type="complete_closure",
        title="Closed",
        effective_from=date(2020, 3, 25),
    )
    second = make_measure(
        session,
        country_iso3="UGA",
        measure_type="flight_suspension",
        title="No flights",
        effective_from=date(2020, 3, 25),
    )
    session.commit()
    body = client.get("/api/v1/countries/UGA/level", params={"date": APRIL}).json()
    assert body["level"] == 4
    assert sorted(body["measures"]) == sorted([str(closure.measure.id), str(second.measure.id)])


def test_level_is_null_without_data(client, uganda):
    before = client.get("/api/v1/countries/UGA/level", params={"date": "2020-03-19"}).json()
    assert (
        before == {"country": "UGA", "date": "2020-03-19", "level": None, "measures": []} | NO_CHECK
    )
    elsewhere = client.get("/api/v1/countries/TZA/level", params={"date": APRIL}).json()
    assert elsewhere["level"] is None


def test_level_zero_is_data_not_null(client, session):
    make_measure(session, country_iso3="TZA", measure_type="no_measures", title="Open")
    session.commit()
    body = client.get("/api/v1/countries/TZA/level", params={"date": APRIL}).json()
    assert body["level"] == 0 and len(body["measures"]) == 1


def test_exit_restrictions_do_not_set_an_entry_level(client, session):
    make_measure(session, country_iso3="TZA", measure_type="exit_ban", title="No exit")
    session.commit()
    assert client.get("/api/v1/countries/TZA/level", params={"date": APRIL}).json()["level"] is None


def test_lower_case_code_is_accepted(client, uganda):
    body = client.get("/api/v1/countries/uga/level", params={"date": APRIL}).json()
    assert (body["country"], body["level"]) == ("UGA", 3)


def test_unknown_country_is_404_json(client):
    response = client.get("/api/v1/countries/ZZZ/level", params={"date": APRIL})
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


@pytest.mark.parametrize("bad", ["2020-13-01", "yesterday", "2020-02-30"])
def test_bad_date_is_422_json(client, bad):
    response = client.get("/api/v1/countries/KEN/level", params={"date": bad})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid" and response.json()["field"] == "date"


def test_cli_prints_the_same_json_as_the_api(client, uganda, bound_cli):
    result = bound_cli("--country", "UGA", "--date", APRIL)
    assert result.exit_code == 0, result.output
    api = client.get("/api/v1/countries/UGA/level", params={"date": APRIL}).json()
    assert json.loads(result.stdout) == api


def test_cli_prints_null_level_without_data(bound_cli):
    result = bound_cli("--country", "TZA", "--date", APRIL)
    assert result.exit_code == 0, result.output
    assert (
        json.loads(result.stdout)
        == {
            "country": "TZA",
            "date": APRIL,
            "level": None,
            "measures": [],
        }
        | NO_CHECK
    )


def test_cli_exits_2_on_a_bad_date(bound_cli):
    result = bound_cli("--country", "KEN", "--date", "01/04/2020")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr and result.stdout == ""


def test_cli_exits_2_on_an_unknown_country(bound_cli):
    result = bound_cli("--country", "ZZZ", "--date", APRIL)
    assert result.exit_code == 2
    assert "ZZZ" in result.stderr and result.stdout == ""
