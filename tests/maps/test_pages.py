"""The map page and the country page, for the public and for a signed-in coordinator."""

from __future__ import annotations

import re
from datetime import date

import pytest

from passage.restrictions import service
from passage.restrictions.schemas import PoeStatusCreate
from tests.factories import demo_poe, make_user, web_login
from tests.restrictions.factories import make_measure

APRIL = "2020-04-01"


@pytest.fixture(params=["public", "coordinator"])
def visitor(request, client, session):
    """A browser client, anonymous or signed in as a coordinator."""
    if request.param == "coordinator":
        user = make_user(session, "coordinator")
        session.commit()
        web_login(client, user.email)
    return client


@pytest.fixture
def kenya(session):
    """Kenya: quarantine from 2020-03-20, a closure 2020-03-25..2020-05-31, Namanga closed."""
    quarantine = make_measure(session)
    closure = make_measure(
        session,
        measure_type="complete_closure",
        title="Borders closed",
        effective_from=date(2020, 3, 25),
        effective_until=date(2020, 5, 31),
        exemptions=["nationals", "residents"],
    )
    namanga = demo_poe(session)
    status = PoeStatusCreate(status="closed", effective_from=date(2020, 3, 25))
    service.record_poe_status(session=session, poe_id=namanga.id, data=status, actor=None)
    session.commit()
    return quarantine.measure.id, closure.measure.id


def _row(html, iso3):
    match = re.search(rf'<tr data-iso3="{iso3}">(.*?)</tr>', html, re.S)
    assert match, f"no table row for {iso3}"
    return match.group(1)


def test_map_page_has_a_table_of_levels_for_visitors_without_javascript(visitor, kenya):
    response = visitor.get("/map", params={"date": APRIL})
    assert response.status_code == 200
    html = response.text
    assert '<details class="map-table" id="map-table" open>' in html
    assert "4 · Ban on all regions or total border closure" in _row(html, "KEN")
    assert "No data" in _row(html, "TZA")
    assert 'href="/countries/KEN?date=2020-04-01"' in html


def test_map_page_shows_the_date_and_moves_with_it(visitor, kenya):
    html = visitor.get("/map", params={"date": "2020-03-21"}).text
    assert 'data-date="2020-03-21"' in html and 'value="2020-03-21"' in html
    assert "2 · Quarantine arrivals" in _row(html, "KEN")


def test_map_page_legend_keeps_no_data_apart_from_level_zero(visitor):
    html = visitor.get("/map").text
    legend = html[html.index('<ul class="map-legend">') :]
    assert 'class="swatch level-0"' in legend and 'class="swatch level-none"' in legend
    assert "0 · No restriction" in legend and "No data (not the same as no restriction)" in legend


def test_map_page_loads_local_scripts_only_and_no_inline_code(visitor):
    html = visitor.get("/map").text
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all(body.strip() == "" for _, body in scripts)
    sources = [re.search(r'src="([^"]+)"', attrs).group(1) for attrs, _ in scripts]
    assert {
        "/static/vendor/leaflet.js",
        "/static/vendor/topojson-client.min.js",
        "/static/js/map-common.js",
        "/static/js/map.js",
    } <= set(sources)
    assert sources.index("/static/js/map-common.js") < sources.index("/static/js/map.js")
    assert all(src.startswith("/static/") for src in sources)
    assert " style=" not in html and "on" + "click=" not in html


def test_map_page_dates_outside_the_slider_are_clamped(visitor):
    html = visitor.get("/map", params={"date": "2019-06-01"}).text
    assert 'data-date="2020-01-01"' in html


def test_map_page_refuses_a_bad_date(visitor):
    assert visitor.get("/map", params={"date": "2020-02-30"}).status_code == 422


def test_map_script_and_style_are_served(client):
    assert "window.PassageMapKit" in client.get("/static/js/map.js").text
    assert "L.map" in client.get("/static/js/map-common.js").text
    assert "--map-level-4" in client.get("/static/css/map.css").text


def test_country_page_shows_level_measures_timeline_and_poes(visitor, kenya):
    quarantine, closure = kenya
    response = visitor.get("/countries/KEN", params={"date": APRIL})
    assert response.status_code == 200
    html = response.text
    assert 'class="level-badge level-4"' in html
    assert f'href="/measures/{closure}"' in html and f'href="/measures/{quarantine}"' in html
    assert "Borders closed" in html and "Nationals, Residents" in html
    assert "2020-03-25 – 2020-05-31" in html
    assert "Ministry of Health notice" in html
    assert '<svg class="timeline"' in html
    assert "2020-03-20 – 2020-03-24: 2 · Quarantine arrivals" in html
    assert "2020-03-25 – 2020-05-31: 4 · Ban on all regions or total border closure" in html
    namanga = re.search(r"<tr><td><code>LND-KEN-NAMANGA</code>.*?</tr>", html, re.S).group(0)
    assert "Closed" in namanga
    assert len(response.content) < 100_000


def test_country_page_without_data_says_no_data(visitor, kenya):
    html = visitor.get("/countries/KEN", params={"date": "2020-03-01"}).text
    assert 'class="level-badge level-none"' in html
    assert "No data does not mean no restriction" in html
    assert "No measure recorded in force on this date." in html


def test_country_page_for_an_unknown_country_is_404(visitor):
    assert visitor.get("/countries/ZZZ").status_code == 404
