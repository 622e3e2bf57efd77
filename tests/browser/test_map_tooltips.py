"""Map tooltips show names as text: a point of entry named like HTML never becomes markup (the
public restriction map and the travellers-of-interest map)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import escape

import pytest
from playwright.sync_api import Page, Route, expect

from passage.demo.service import DEMO_PASSWORD
from tests.browser.test_restrictions import CAPTURE_LEAFLET_MAP

pytestmark = pytest.mark.browser

HOSTILE = '<img src="/static/none.png" id="{id}">Namanga'
# Leaflet draws on a canvas here: wait for layers that carry a tooltip, then open them all.
TOOLTIPS_BOUND = """() => {
  let bound = 0;
  if (window.__passageMap) window.__passageMap.eachLayer(layer => {
    if (layer.getTooltip && layer.getTooltip()
        && !layer.feature?.geometry?.type.includes("Polygon")) bound++;
  });
  return bound > 0;
}"""
OPEN_TOOLTIPS = """() => { window.__passageMap.eachLayer(layer => {
  if (layer.getTooltip && layer.getTooltip() && !layer.feature?.geometry?.type.includes("Polygon"))
    layer.openTooltip();
}); }"""


def _poes(route: Route) -> None:
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [36.8, -2.5]},
        "properties": {
            "id": "01a24edb-80d8-7114-a55c-ab56e295ce8d",
            "code": "LND-KEN-NAMANGA",
            "name": HOSTILE.format(id="injected-poe"),
            "status": "open",
        },
    }
    route.fulfill(json={"type": "FeatureCollection", "features": [feature]})


def test_the_public_map_shows_a_poe_name_as_text(new_page: Callable[..., Page]) -> None:
    page = new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(CAPTURE_LEAFLET_MAP)
    page.route(re.compile(r"/api/v1/map/poes\?"), _poes)
    with page.expect_response(re.compile(r"/api/v1/map/poes\?")):
        page.goto("/map")
    page.wait_for_function(TOOLTIPS_BOUND)
    page.evaluate(OPEN_TOOLTIPS)
    tooltip = page.locator(".leaflet-tooltip", has_text="LND-KEN-NAMANGA")
    expect(tooltip).to_contain_text(HOSTILE.format(id="injected-poe"))
    expect(page.locator("#injected-poe")).to_have_count(0)


def _interest_page(route: Route) -> None:
    response = route.fetch()
    point = {"name": HOSTILE.format(id="injected-point"), "lat": -2.5, "lon": 36.8, "count": 2}
    points = escape(json.dumps([point]), quote=True)
    body = re.sub(r"data-points='[^']*'", f"data-points='{points}'", response.text())
    route.fulfill(response=response, body=body)


def test_the_interest_map_shows_a_poe_name_as_text(new_page: Callable[..., Page]) -> None:
    page = new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(CAPTURE_LEAFLET_MAP)
    page.goto("/login")
    page.get_by_label("E-mail").fill("publichealth@demo.passage.int")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()
    page.route(re.compile(r"/health/interest$"), _interest_page)
    page.goto("/health/interest")
    page.wait_for_function(TOOLTIPS_BOUND)
    page.evaluate(OPEN_TOOLTIPS)
    expect(page.locator(".leaflet-tooltip")).to_contain_text(
        HOSTILE.format(id="injected-point") + ": 2 travellers"
    )
    expect(page.locator("#injected-point")).to_have_count(0)
