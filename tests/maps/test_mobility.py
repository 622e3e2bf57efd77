"""The population mobility map: its JSON layers, who sees which layer, scope, the time slider's
date semantics, and the page with its tables for visitors without JavaScript."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest

from passage.access import Role, ScopeType
from passage.flows.models import FlowCount, FlowPoint
from passage.kit.clock import today
from passage.restrictions import service as restrictions
from passage.restrictions.schemas import PoeStatusCreate
from tests.factories import bearer, demo_poe, make_user, token_for, web_login
from tests.protection.helpers import RED_CROSS, person_with_case, staff
from tests.restrictions.factories import make_measure

APRIL = date(2020, 4, 1)


def _point(session, country):
    code = f"FMP-{country}-{uuid.uuid4().hex[:4]}"
    point = FlowPoint(
        code=code, name=code, label=code, kind="transit_hub", imported=False, country_iso3=country,
        latitude=-1.0, longitude=36.0, detector={},
    )  # fmt: skip
    session.add(point)
    session.flush()
    return point


def _movement(session, country, day, count, origin, destination):
    session.add(
        FlowCount(
            point_id=_point(session, country).id, granularity="day", period_start=day,
            source="import", direction="incoming", origin=origin, destination=destination,
            count=count,
        )
    )  # fmt: skip
    session.flush()


def _stranded(session, organisation, count, country):
    _, worker = staff(session, Role.CASE_WORKER, organisation)
    for number in range(count):
        person_with_case(session, worker, given_names=f"P{number}", country_iso3=country)


@pytest.fixture
def world(session):
    """Kenya and Rwanda restricted from 2020-03-20, Namanga closed from 2020-03-25; movements
    counted in Kenya and Uganda; stranded migrants (IOM): 8 in Kenya, 6 in Tanzania, 2 in
    Uganda."""
    make_measure(session, country_iso3="KEN")
    make_measure(session, country_iso3="RWA")
    status = PoeStatusCreate(status="closed", effective_from=date(2020, 3, 25))
    restrictions.record_poe_status(
        session=session, poe_id=demo_poe(session).id, data=status, actor=None
    )
    _movement(session, "KEN", today() - timedelta(days=2), 40, "TZA", "KEN")
    _movement(session, "UGA", today() - timedelta(days=10), 25, "SSD", "UGA")
    _stranded(session, "IOM", 8, "KEN")
    _stranded(session, "IOM", 6, "TZA")
    _stranded(session, "IOM", 2, "UGA")
    session.commit()


def _headers(session, role, **grant):
    user = make_user(session, role, **grant)
    headers = bearer(token_for(session, user))
    session.commit()
    return headers


def test_the_public_sees_restrictions_and_poe_status_as_on_the_date(client, world):
    body = client.get("/api/v1/map/mobility", params={"date": APRIL.isoformat()}).json()
    assert body["layers"] == ["levels", "poes"]
    assert "flows" not in body and "stranded" not in body
    levels = client.get("/api/v1/map/levels", params={"date": APRIL.isoformat()}).json()
    assert body["levels"]["levels"] == levels["levels"] and body["levels"]["levels"]["KEN"] == 2
    namanga = next(p for p in body["poes"]["points"] if p["code"] == "LND-KEN-NAMANGA")
    assert namanga["status"] == "closed" and namanga["lat"] is not None
    before = client.get("/api/v1/map/mobility", params={"date": "2020-03-24"}).json()
    assert "LND-KEN-NAMANGA" not in {p["code"] for p in before["poes"]["points"]}
    assert "KEN" in before["levels"]["levels"]
    assert (
        "KEN"
        not in client.get("/api/v1/map/mobility", params={"date": "2020-03-19"}).json()["levels"][
            "levels"
        ]
    )


@pytest.mark.parametrize(
    ("role", "layers"),
    [
        (Role.ANALYST, ["levels", "poes", "flows", "stranded"]),
        (Role.COORDINATOR, ["levels", "poes", "flows", "stranded"]),
        (Role.FLOW_MONITOR, ["levels", "poes", "flows"]),
        (Role.CASE_WORKER, ["levels", "poes", "stranded"]),
        (Role.BORDER_OFFICER, ["levels", "poes"]),
        (Role.PARTNER_WORKER, ["levels", "poes"]),
    ],
)
def test_each_role_gets_the_layers_its_permissions_allow(client, session, world, role, layers):
    body = client.get("/api/v1/map/mobility", headers=_headers(session, role)).json()
    assert body["layers"] == layers
    assert ("flows" in body) == ("flows" in layers)
    assert ("stranded" in body) == ("stranded" in layers)


def test_the_flows_cover_the_days_up_to_the_date(client, session, world):
    headers = _headers(session, Role.ANALYST)
    week = client.get("/api/v1/map/mobility", headers=headers, params={"days": 7}).json()
    assert week["from"] == (today() - timedelta(days=6)).isoformat()
    assert [(m["origin"]["code"], m["count"]) for m in week["flows"]["movements"]] == [("TZA", 40)]
    month = client.get("/api/v1/map/mobility", headers=headers, params={"days": 30}).json()
    assert {m["origin"]["code"] for m in month["flows"]["movements"]} == {"TZA", "SSD"}
    earlier = (today() - timedelta(days=3)).isoformat()
    back = client.get("/api/v1/map/mobility", headers=headers, params={"date": earlier}).json()
    assert [m["origin"]["code"] for m in back["flows"]["movements"]] == ["SSD"]
    assert (
        client.get("/api/v1/map/mobility", headers=headers, params={"days": 0}).status_code == 422
    )


def test_the_flows_layer_keeps_to_the_readers_countries(client, session, world):
    headers = _headers(session, Role.ANALYST, scope_type=ScopeType.COUNTRY, scope_value="UGA")
    period = {"from": (today() - timedelta(days=29)).isoformat(), "to": today().isoformat()}
    body = client.get("/api/v1/map/flows", headers=headers, params=period).json()
    assert [(m["origin"]["code"], m["destination"]["code"]) for m in body["movements"]] == [
        ("SSD", "UGA")
    ]
    assert body["movements"][0]["destination"]["lat"] is not None
    backwards = {"from": period["to"], "to": period["from"]}
    response = client.get("/api/v1/map/flows", headers=headers, params=backwards)
    assert response.status_code == 422 and response.json()["field"] == "from"


def test_the_stranded_layer_is_suppressed_and_placed(client, session, world):
    body = client.get("/api/v1/map/stranded", headers=_headers(session, Role.ANALYST)).json()
    by_country = {row["iso3"]: row for row in body["countries"]}
    assert by_country["KEN"]["count"] == 8 and by_country["KEN"]["lat"] is not None
    assert by_country["UGA"]["count"] is None  # 2: withheld
    assert by_country["TZA"]["count"] is None  # 6, withheld too: else UGA = 16 - 8 - 6
    assert body["total"] == 16 and body["threshold"] == 5
    assert "P0" not in str(body)


def test_the_stranded_layer_keeps_to_the_readers_organisations(client, session, world):
    user, _ = staff(session, Role.CASE_WORKER, RED_CROSS)
    headers = bearer(token_for(session, user))
    session.commit()
    body = client.get("/api/v1/map/stranded", headers=headers).json()
    assert body["countries"] == [] and body["total"] is None


@pytest.mark.parametrize(
    ("path", "allowed", "refused"),
    [
        ("/api/v1/map/stranded", Role.SUPERVISOR, Role.FLOW_MONITOR),
        ("/api/v1/map/flows?from=2026-01-01&to=2026-01-31", Role.FLOW_MONITOR, Role.CASE_WORKER),
    ],
)
def test_the_layer_routes_need_their_own_permission(client, session, path, allowed, refused):
    assert client.get(path).status_code == 401
    assert client.get(path, headers=_headers(session, refused)).status_code == 403
    assert client.get(path, headers=_headers(session, allowed)).status_code == 200


def test_the_layers_are_documented_in_the_openapi(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/v1/map/mobility", "/api/v1/map/flows", "/api/v1/map/stranded"):
        operation = paths[path]["get"]
        assert operation["description"] and "mobility map" in operation["tags"]
        assert "$ref" in str(operation["responses"]["200"])


# ------------------------------------------------------------------------------ the page


def _visit(client, session, role=None, **params):
    if role is not None:
        user = make_user(session, role)
        session.commit()
        web_login(client, user.email)
    response = client.get("/map/mobility", params=params)
    assert response.status_code == 200
    return response.text


def _row(html, iso3):
    match = re.search(rf'<tr data-iso3="{iso3}">(.*?)</tr>', html, re.S)
    assert match, f"no table row for {iso3}"
    return match.group(1)


def test_the_page_gives_the_public_tables_of_levels_and_poes_without_javascript(client, world):
    html = client.get("/map/mobility", params={"date": APRIL.isoformat()}).text
    assert "2 · " in _row(html, "KEN") and 'data-iso3="TZA"' not in html  # no data: not listed
    assert "A country not listed has no restriction data" in html
    assert "Stranded migrants" not in html and 'id="mobility-flows"' not in html
    poes = html.split('id="mobility-poe-rows"')[1].split("</tbody>")[0]
    assert "LND-KEN-NAMANGA" in poes and "Closed" in poes
    assert '<details class="map-table" id="mobility-countries" open>' in html
    assert "<script>" not in html and 'src="/static/js/mobility.js"' in html
    assert html.index('src="/static/js/map-common.js"') < html.index('src="/static/js/mobility.js"')


def test_the_page_shows_flows_and_suppressed_stranded_counts_to_an_analyst(client, session, world):
    html = _visit(client, session, Role.ANALYST, days=7)
    assert '<option value="7" selected>' in html
    flows = html.split('id="mobility-flow-rows"')[1].split("</tbody>")[0]
    assert "Tanzania" in flows and "40" in flows and "South Sudan" not in flows
    assert _row(html, "KEN").endswith("<td>8</td>")
    assert "withheld" in _row(html, "UGA") and "withheld" in _row(html, "TZA")
    assert _row(html, "RWA").endswith("<td>0</td>")  # a level, no stranded migrant


def test_the_page_clamps_dates_and_ignores_unknown_periods(client):
    html = client.get("/map/mobility", params={"date": "2019-01-01", "days": 5}).text
    assert 'id="mobility-date" name="date" value="2020-01-01"' in html
    assert 'data-days="30"' in html


def test_the_page_is_in_the_navigation_beside_the_map_and_in_arabic(client, session, world):
    html = _visit(client, session, Role.ANALYST)
    assert 'href="/map/mobility"' in html.split("<main")[0]
    client.cookies.set("passage_lang", "ar")
    arabic = client.get("/map/mobility").text
    assert 'dir="rtl"' in arabic and "كينيا" in _row(arabic, "KEN")
