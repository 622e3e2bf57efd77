"""Crossing statistics: grouping, age bands, scope, CSV with HXL and suppression, the chart page."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from passage.access import Role, ScopeType
from passage.audit.models import AuditEntry
from passage.auth.service import principal_for
from passage.border.crossings import figures, service, stats
from passage.border.crossings.schemas import CrossingCreate
from tests.factories import bearer, demo_poe, make_user, token_for, web_login

NAMANGA = "LND-KEN-NAMANGA"
BUSIA = "LND-KEN-BUSIA"
DAY = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)


def register(session, actor, *, code=NAMANGA, direction="entry", at=DAY, **traveller):
    person = {"surname": "Test", "nationality": "UGA", "sex": "F"} | traveller
    data = CrossingCreate.model_validate(
        {
            "poe_id": demo_poe(session, code).id,
            "direction": direction,
            "occurred_at": at,
            "traveller": person,
            "run_journey_check": False,
        }
    )
    return service.register_crossing(session=session, data=data, actor=actor)


@pytest.fixture
def admin(session):
    return principal_for(make_user(session, Role.ADMIN))


@pytest.fixture
def crossings(session, admin):
    """Namanga, 1 March: a child, an adult and a senior enter, the adult leaves on 2 March;
    a traveller of unknown age enters at Busia."""
    register(session, admin, surname="Child", birth_date="2015-03-02")  # 8 the day before 9
    register(session, admin, surname="Adult", birth_date="1990-01-01", nationality="KEN", sex="M")
    register(session, admin, surname="Senior", birth_date="1964-03-01")  # 60 that very day
    register(
        session,
        admin,
        surname="Adult",
        birth_date="1990-01-01",
        nationality="KEN",
        sex="M",
        direction="exit",
        at=DAY + timedelta(days=1),
    )
    register(session, admin, code=BUSIA, surname="Unknown")
    session.commit()


def counts(session, actor, group_by, **filters):
    rows = figures.statistics(
        session=session,
        actor=actor,
        date_from=DAY.date(),
        date_to=DAY.date() + timedelta(days=1),
        group_by=group_by,
        **filters,
    )
    return {
        tuple(str(row[key]) for key in group_by): (row["entries"], row["exits"]) for row in rows
    }


def test_entries_and_exits_by_poe_and_day(session, admin, crossings):
    found = counts(session, admin, ["poe", "day"])
    assert found == {
        (NAMANGA, "2024-03-01"): (3, 0),
        (NAMANGA, "2024-03-02"): (0, 1),
        (BUSIA, "2024-03-01"): (1, 0),
    }


def test_age_bands_are_computed_on_the_day_of_the_crossing(session, admin, crossings):
    found = counts(session, admin, ["age_band"])
    assert found == {
        ("0-17",): (1, 0),
        ("18-59",): (1, 1),
        ("60+",): (1, 0),
        ("unknown",): (1, 0),
    }


def test_nationality_and_sex(session, admin, crossings):
    found = counts(session, admin, ["nationality", "sex"], poe_id=demo_poe(session, NAMANGA).id)
    assert found == {("KEN", "M"): (1, 1), ("UGA", "F"): (2, 0)}


def test_an_officer_counts_only_their_poe(session, crossings):
    poe = demo_poe(session, BUSIA)
    officer = principal_for(
        make_user(session, Role.BORDER_OFFICER, scope_type=ScopeType.POE, scope_value=str(poe.id))
    )
    assert counts(session, officer, ["poe"]) == {(BUSIA,): (1, 0)}


def test_the_api_groups_and_totals(client, session, crossings):
    headers = bearer(token_for(session, make_user(session, Role.ANALYST)))
    session.commit()
    response = client.get(
        "/api/v1/border/statistics?from=2024-03-01&to=2024-03-02&group_by=sex,day",
        headers=headers,
    )
    assert response.status_code == 200
    data = response.json()
    assert data["group_by"] == ["day", "sex"]
    assert data["totals"] == {"entries": 4, "exits": 1}
    assert {"day": "2024-03-02", "sex": "M", "entries": 0, "exits": 1} in [
        {k: v for k, v in row.items() if v is not None} for row in data["rows"]
    ]
    assert "surname" not in response.text and "Adult" not in response.text


def test_the_api_refuses_unknown_groupings_and_reversed_ranges(client, session):
    headers = bearer(token_for(session, make_user(session, Role.ANALYST)))
    session.commit()
    bad = client.get("/api/v1/border/statistics?group_by=name", headers=headers)
    assert bad.status_code == 422 and bad.json()["field"] == "group_by"
    reversed_ = client.get(
        "/api/v1/border/statistics?from=2024-03-02&to=2024-03-01", headers=headers
    )
    assert reversed_.status_code == 422


def test_the_csv_has_the_hxl_row_suppresses_small_counts_and_is_audited(client, session, crossings):
    headers = bearer(token_for(session, make_user(session, Role.ANALYST)))
    session.commit()
    url = "/api/v1/border/statistics.csv?from=2024-03-01&to=2024-03-02&group_by=poe,day"
    response = client.get(url, headers=headers)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["poe", "date", "entries", "exits"]
    assert rows[1] == ["#loc+poe+code", "#date", "#inflow+num", "#outflow+num"]
    assert [NAMANGA, "2024-03-01", "<5", "0"] in rows[2:]
    exact = list(csv.reader(io.StringIO(client.get(url + "&suppress=false", headers=headers).text)))
    assert [NAMANGA, "2024-03-01", "3", "0"] in exact[2:]
    exports = session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "export", AuditEntry.object_type == "border_statistics"
        )
    ).all()
    assert [entry.details["suppressed"] for entry in exports] == [True, False]


def test_group_by_parsing_and_suppression_rules():
    assert stats.parse_group_by(None) == ["poe", "day"]
    assert stats.parse_group_by("age_band, DAY") == ["day", "age_band"]
    with pytest.raises(ValueError, match="name"):
        stats.parse_group_by("day,name")
    assert [stats.suppressed(n) for n in (0, 1, 4, 5, 12)] == ["0", "<5", "<5", "5", "12"]


def test_the_chart_draws_two_bars_a_day_scaled_to_the_largest_count():
    rows = [{"day": "2024-03-02", "entries": 4, "exits": 2}]
    series = stats.daily_series(rows, date(2024, 3, 1), date(2024, 3, 3))
    assert series == [(date(2024, 3, 1), 0, 0), (date(2024, 3, 2), 4, 2), (date(2024, 3, 3), 0, 0)]
    chart = stats.bar_chart(series)
    assert len(chart.bars) == 6 and chart.maximum == 4
    tallest = max(chart.bars, key=lambda bar: bar.height)
    half = next(bar for bar in chart.bars if bar.kind == "exits" and bar.count == 2)
    assert tallest.kind == "entries" and tallest.day == date(2024, 3, 2)
    assert half.height == pytest.approx(tallest.height / 2)


def test_the_poe_statistics_page_shows_the_chart(client, session, crossings):
    user = make_user(session, Role.ANALYST)
    session.commit()
    web_login(client, user.email)
    poe = demo_poe(session, NAMANGA)
    page = client.get(f"/poes/{poe.id}/statistics?from=2024-03-01&to=2024-03-07")
    assert page.status_code == 200
    assert "<svg" in page.text and page.text.count("<rect") == 14
    assert "Adult" not in page.text
    assert len(page.content) < 100_000


def test_an_officer_cannot_open_another_poes_statistics_page(client, session):
    poe = demo_poe(session, NAMANGA)
    user = make_user(
        session, Role.BORDER_OFFICER, scope_type=ScopeType.POE, scope_value=str(poe.id)
    )
    session.commit()
    web_login(client, user.email)
    other = demo_poe(session, BUSIA)
    assert client.get(f"/poes/{other.id}/statistics").status_code == 403
    assert client.get(f"/poes/{poe.id}/statistics").status_code == 200


def test_the_poe_page_loads_the_chart_for_those_who_may_see_crossings(client, session, crossings):
    poe = demo_poe(session, NAMANGA)
    public = client.get(f"/poes/{poe.id}")
    assert public.status_code == 200 and "poe-crossings-chart" not in public.text
    user = make_user(session, Role.ANALYST)
    session.commit()
    web_login(client, user.email)
    page = client.get(f"/poes/{poe.id}")
    assert f'hx-get="/poes/{poe.id}/statistics"' in page.text
    partial = client.get(f"/poes/{poe.id}/statistics", headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<svg" in partial.text and "<html" not in partial.text
