"""The population mobility map in a real browser at phone width, in English and Arabic: the time
slider moves the date and asks for that date's layers, the layer switches add and remove the
arrows, circles and points, axe-core finds no violation and no raw code shows; the public sees
no flows or stranded migrants."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from passage.access import Role
from passage.demo.service import DEMO_PASSWORD, demo_logins
from tests.browser.axe import assert_accessible
from tests.browser.raw_text import raw_texts
from tests.browser.test_restrictions import CAPTURE_LEAFLET_MAP, ConsoleWatch

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
SHOTS_DIR = Path("/tmp/passage-shots")
LANGUAGE_COOKIE = "passage_lang"
COORDINATOR = next(login for login in demo_logins(None) if login.role is Role.COORDINATOR)
MOBILITY = re.compile(r"/api/v1/map/mobility\?date=")
# What is drawn: arrows (lines and heads, no GeoJSON feature), circles (POEs, stranded).
DRAWN = """() => {
  const found = {arrows: 0, circles: 0, countries: 0};
  window.__passageMap.eachLayer(layer => {
    if (layer.feature) { if (/Polygon/.test(layer.feature.geometry.type)) found.countries++; }
    else if (layer instanceof L.CircleMarker) found.circles++;
    else if (layer instanceof L.Polyline) found.arrows++;
  });
  return found;
}"""


def _shot(page: Page, name: str) -> None:
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = SHOTS_DIR / f"mobility-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000


def _drawn(page: Page) -> dict[str, int]:
    return page.evaluate(DRAWN)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_slider_moves_the_date_and_the_switches_toggle_layers(
    new_page: Callable[..., Page], live_server: str, language: str
) -> None:
    page, console = _open_with_cookie(new_page, live_server, language)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    drawn = _drawn(page)
    assert drawn["countries"] > 150 and drawn["arrows"] >= 6, drawn  # Moyale's routes
    assert drawn["circles"] >= 1, drawn  # stranded migrants in Kenya (or withheld)
    expect(page.locator("#mobility-flow-rows tr").first).to_contain_text("FMP-KEN-MOYALE")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    assert raw_texts(page, language=language) == []
    _shot(page, f"{language}-phone")

    slider, label = page.locator("#mobility-slider"), page.locator("#mobility-date-label")
    today = date.fromisoformat(label.inner_text())
    back = (today - timedelta(days=2)).isoformat()
    slider.focus()
    with page.expect_response(lambda r: f"/api/v1/map/mobility?date={back}" in r.url):
        page.keyboard.press("ArrowDown")  # back in time, whatever the writing direction
        page.keyboard.press("ArrowDown")
    expect(label).to_have_text(back)
    expect(slider).to_have_attribute("aria-valuetext", back)
    expect(page.locator("#mobility-date")).to_have_value(back)
    expect(page).to_have_url(re.compile(rf"\?date={back}&days=30$"))
    expect(page.locator("#mobility-status")).to_contain_text(back)
    console.checkpoint("slider")

    flows = page.locator("input[data-layer=flows]")
    flows.uncheck()
    assert _drawn(page)["arrows"] == 0
    before = _drawn(page)["circles"]
    page.locator("input[data-layer=stranded]").uncheck()
    page.locator("input[data-layer=poes]").uncheck()
    assert _drawn(page)["circles"] < before
    flows.check()
    assert _drawn(page)["arrows"] >= 6
    assert_accessible(page)
    _shot(page, f"{language}-phone-toggled")
    console.assert_clean()


def _open_with_cookie(
    new_page: Callable[..., Page], base_url: str, language: str, signed_in: bool = True
) -> tuple[Page, ConsoleWatch]:
    page = new_page(viewport=PHONE)
    page.add_init_script(CAPTURE_LEAFLET_MAP)
    page.context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": base_url}])
    console = ConsoleWatch(page)
    if signed_in:
        page.goto("/login")
        page.locator("input[name=email]").fill(COORDINATOR.email)
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator('form[action="/login"] button[type=submit]').click()
        page.wait_for_url(lambda url: "/login" not in url)
    with page.expect_response(MOBILITY):
        page.goto("/map/mobility")
    page.wait_for_function(
        "() => window.__passageMap && /[0-9]/.test("
        "document.querySelector('#mobility-status').textContent)"
    )
    return page, console


def test_the_public_sees_restrictions_and_points_of_entry_only(
    new_page: Callable[..., Page], live_server: str
) -> None:
    page, console = _open_with_cookie(new_page, live_server, "en", signed_in=False)
    expect(page.locator("input[data-layer=levels]")).to_be_visible()
    expect(page.locator("input[data-layer=flows]")).to_have_count(0)
    expect(page.locator("input[data-layer=stranded]")).to_have_count(0)
    assert _drawn(page)["arrows"] == 0
    page.locator("input[data-layer=levels]").uncheck()
    assert_accessible(page)
    console.assert_clean()


def test_without_javascript_the_tables_give_the_layers(
    new_page: Callable[..., Page], live_server: str
) -> None:
    # Scripts refused (page.evaluate needs the page's JavaScript, so it stays on for axe)
    page = new_page(viewport=PHONE)
    page.route(re.compile(r"\.js(\?|$)"), lambda route: route.abort())
    page.goto("/login")
    page.locator("input[name=email]").fill(COORDINATOR.email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator('form[action="/login"] button[type=submit]').click()
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto("/map/mobility?days=7")
    expect(page.locator(".map-fallback")).to_be_visible()
    expect(page.locator("#mobility-slider")).to_be_hidden()
    expect(page.locator("#mobility-flow-rows")).to_contain_text("FMP-KEN-MOYALE")
    expect(page.locator("#mobility-country-rows tr[data-iso3=KEN]")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    _shot(page, "en-phone-no-javascript")
