"""The flows pages through the test client: the collector's day of counts (within the country
of the grant only), the coordinator's alert with its chart, explanation and a restriction in
the neighbouring country, its acknowledgement (audited), following a point, the backtest, and
the HXL exports."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from sqlalchemy import func, select

from passage.access import Role, ScopeType
from passage.audit.models import AuditEntry
from passage.auth.service import principal_for
from passage.flows import imports, service
from passage.flows.models import FlowAlert, FlowCount, FlowPoint
from passage.flows.schemas import PointCreate
from passage.flows.vocabulary import flow_method_label
from passage.restrictions.models import PoeStatus
from tests.factories import csrf_from, demo_poe, make_user, web_login
from tests.restrictions.factories import make_measure

SPIKE = date(2024, 2, 10)


def _post(client, url: str, data: dict):
    return client.post(url, data=data, follow_redirects=False)


def _point(session, code="FMP-NAM", country="KEN", latitude=-2.545, longitude=36.79):
    coordinator = make_user(session, Role.COORDINATOR)
    data = PointCreate(
        code=code, name=f"Namanga bus park {code}", kind="transit_hub", country_iso3=country,
        latitude=latitude, longitude=longitude, hours="06:00-18:00", team="Team A",
    )  # fmt: skip
    return service.create_point(session=session, data=data, actor=principal_for(coordinator))


def _history(session, code: str) -> None:
    lines = ["point,period,count,direction"]
    for day in range(45):
        on = date(2024, 1, 1) + timedelta(days=day)
        count = 1000 if on == SPIKE else 100 + (day * 7) % 11 - 5
        lines.append(f"{code},{on.isoformat()},{count // 2},incoming")
        lines.append(f"{code},{on.isoformat()},{count - count // 2},outgoing")
    imports.import_counts(session, content="\n".join(lines).encode(), filename="h.csv")


def test_a_collector_enters_a_days_counts_at_a_point_of_their_country(client, session):
    point = _point(session)
    collector = make_user(
        session, Role.FLOW_MONITOR, scope_type=ScopeType.COUNTRY, scope_value="KEN"
    )
    web_login(client, collector.email)
    page = client.get(f"/flows/points/{point.id}/entry")
    assert page.status_code == 200 and 'inputmode="numeric"' in page.text
    fields = {"day": "2024-03-01", "direction": "incoming", "men": "12", "women": "9",
              "boys": "3", "girls": "", "pregnant": "1", "transport": "bus",
              "nationality": "SOM"}  # fmt: skip
    sent = _post(
        client,
        f"/flows/points/{point.id}/entry",
        data={"csrf_token": csrf_from(page.text)} | fields,
    )
    assert sent.status_code == 303
    cells = session.scalars(select(FlowCount).where(FlowCount.point_id == point.id)).all()
    assert sorted((c.sex, c.age_band, c.vulnerability, c.count) for c in cells) == [
        ("", "", "pregnant", 1), ("female", "adult", "", 9), ("male", "adult", "", 12),
        ("male", "child", "", 3),
    ]  # fmt: skip
    again = _post(
        client,
        f"/flows/points/{point.id}/entry",
        data={"csrf_token": csrf_from(page.text)} | fields,
    )
    assert again.status_code == 303
    total = session.scalar(select(func.sum(FlowCount.count)).where(FlowCount.point_id == point.id))
    assert total == 25, "entering the same day again replaces the cells"


def test_a_bad_count_is_shown_on_the_form(client, session):
    point = _point(session)
    collector = make_user(
        session, Role.FLOW_MONITOR, scope_type=ScopeType.COUNTRY, scope_value="KEN"
    )
    web_login(client, collector.email)
    page = client.get(f"/flows/points/{point.id}/entry")
    fields = {
        "csrf_token": csrf_from(page.text),
        "day": "2024-03-01",
        "direction": "incoming",
        "men": "a few",
    }
    response = _post(client, f"/flows/points/{point.id}/entry", fields)
    assert response.status_code == 422 and 'id="men-error"' in response.text


def test_a_collector_of_another_country_does_not_reach_the_point(client, session):
    point = _point(session)
    collector = make_user(
        session, Role.FLOW_MONITOR, scope_type=ScopeType.COUNTRY, scope_value="UGA"
    )
    web_login(client, collector.email)
    assert client.get(f"/flows/points/{point.id}/entry").status_code == 404
    assert point.label not in client.get("/flows/points").text


def test_the_coordinator_sees_the_alert_with_its_chart_and_the_neighbours_restriction(
    client, session
):
    point = _point(session)
    make_measure(session, country_iso3="TZA", title="Arrivals from Kenya suspended",
                 effective_from=SPIKE - timedelta(days=2))  # fmt: skip
    _history(session, point.code)
    alert = session.scalars(select(FlowAlert).where(FlowAlert.period_start == SPIKE)).one()
    assert alert.observed == 1000 and alert.direction == "up"
    coordinator = make_user(session, Role.COORDINATOR)
    web_login(client, coordinator.email)
    listed = client.get("/flows")
    assert f"/flows/alerts/{alert.id}" in listed.text
    page = client.get(f"/flows/alerts/{alert.id}")
    assert page.status_code == 200
    assert "<svg" in page.text and 'class="flow-observed"' in page.text and "<circle" in page.text
    assert 'class="flow-expected"' in page.text and 'class="flow-threshold"' in page.text
    assert alert.explanation.split(".")[0].replace("'", "&#39;") in page.text
    assert "Arrivals from Kenya suspended" in page.text and "TZA" in page.text
    assert f"<dd>{flow_method_label(alert.method)}</dd>" in page.text, "the method in words"
    assert f"<dd>{alert.method}</dd>" not in page.text


def test_a_poe_status_change_near_the_point_is_shown_in_words(client, session):
    point = _point(session)
    poe = demo_poe(session)
    changed = SPIKE - timedelta(days=1)
    status = "partially_operational"
    session.add(PoeStatus(poe_id=poe.id, country_iso3=poe.country_iso3, status=status,
                          effective_from=changed))  # fmt: skip
    _history(session, point.code)
    alert = session.scalars(select(FlowAlert).where(FlowAlert.period_start == SPIKE)).one()
    web_login(client, make_user(session, Role.COORDINATOR).email)
    page = client.get(f"/flows/alerts/{alert.id}").text
    assert f"{poe.name}: Partially operational" in page
    assert "partially_operational" not in page


def test_acknowledging_an_alert_keeps_the_note_and_audits_it(client, session):
    point = _point(session)
    _history(session, point.code)
    alert = session.scalars(select(FlowAlert).where(FlowAlert.period_start == SPIKE)).one()
    coordinator = make_user(session, Role.COORDINATOR)
    web_login(client, coordinator.email)
    page = client.get(f"/flows/alerts/{alert.id}")
    form = {"csrf_token": csrf_from(page.text), "version": str(alert.version)}
    assert (
        _post(client, f"/flows/alerts/{alert.id}/acknowledge", form | {"note": ""}).status_code
        == 422
    )
    done = _post(
        client,
        f"/flows/alerts/{alert.id}/acknowledge",
        data=form | {"note": "Market day, checked with the team"},
    )
    assert done.status_code == 303
    session.refresh(alert)
    assert alert.status == "acknowledged" and alert.note.startswith("Market day")
    audited = session.scalars(select(AuditEntry).where(AuditEntry.action == "acknowledge")).all()
    assert any(entry.object_id == str(alert.id) for entry in audited)
    stale = _post(
        client, f"/flows/alerts/{alert.id}/acknowledge", data=form | {"note": "again, stale"}
    )
    assert stale.status_code == 409


def test_a_coordinator_following_a_point_lists_its_alerts(client, session):
    point = _point(session)
    other = _point(session, code="FMP-OTHER")
    _history(session, point.code)
    _history(session, other.code)
    coordinator = make_user(session, Role.COORDINATOR)
    web_login(client, coordinator.email)
    page = client.get("/flows")
    token = (
        csrf_from(page.text)
        if 'name="csrf_token"' in page.text
        else csrf_from(client.get(f"/flows/points/{point.id}/detector").text)
    )
    _post(client, f"/flows/points/{point.id}/follow", {"csrf_token": token, "follow": "yes"})
    mine = client.get("/flows?followed=1").text
    assert point.label in mine and other.label not in mine


def test_the_backtest_lists_what_the_detectors_would_have_flagged(client, session):
    point = _point(session)
    _history(session, point.code)
    coordinator = make_user(session, Role.COORDINATOR)
    web_login(client, coordinator.email)
    page = client.get(f"/flows/points/{point.id}/detector")
    assert page.status_code == 200 and SPIKE.isoformat() in page.text
    bad = client.get(f"/flows/points/{point.id}/detector", params={"config": '{"no such": 1}'})
    assert bad.status_code == 200 and 'id="config-error"' in bad.text


def test_counts_and_alerts_export_as_csv_with_an_hxl_row(client, session):
    point = _point(session)
    _history(session, point.code)
    analyst = make_user(session, Role.ANALYST)
    web_login(client, analyst.email)
    counts = client.get("/flows/counts.csv")
    assert counts.status_code == 200 and "attachment" in counts.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(counts.text)))
    assert rows[1][0] == "#loc+name" and all(tag.startswith("#") for tag in rows[1])
    assert sum(int(row[-1]) for row in rows[2:]) == sum(
        c.count for c in session.scalars(select(FlowCount))
    )
    alerts = list(csv.reader(io.StringIO(client.get("/flows/alerts.csv").text)))
    assert alerts[1][2] == "#date" and any(row[2] == SPIKE.isoformat() for row in alerts[2:])


def test_an_imported_series_has_no_country_and_no_kind(session):
    imports.import_counts(
        session, content=b"point,period,count\nSomewhere,2024-01,5\n", filename="x.csv"
    )
    point = session.scalars(select(FlowPoint).where(FlowPoint.label == "Somewhere")).one()
    assert point.imported and point.kind is None and point.country_iso3 is None
