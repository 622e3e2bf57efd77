"""Each role's dashboard queue in a real browser (axe-core on every page, in English and
Arabic): the coordinator's drafts and reports, the port-health officer's follow-ups due today,
the case worker's and the partner's new referrals, each card opening its list; the administrator
opens an alert list, edits an entry and finds the exports; port-health pages name diseases in
words."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from passage.web.middleware import LANGUAGE_COOKIE
from tests.browser.test_officer_work import look
from tests.browser.test_port_health import sign_in
from tests.browser.test_restrictions import CAPTURE_LEAFLET_MAP

pytestmark = pytest.mark.browser

RAW_CODES = re.compile(r"\b(covid19|ebola|mpox|draft|pending|open_hits)\b")


def _no_raw_codes(page: Page) -> None:
    """The visible text carries no code of the data (links and values may)."""
    text = page.locator("main").inner_text()
    assert not RAW_CODES.search(text), RAW_CODES.search(text)


def _card(page: Page, title: str):
    return page.locator("a.card", has=page.get_by_role("heading", name=title))


def _arabic(page: Page, base_url: str) -> None:
    page.context.add_cookies([{"name": LANGUAGE_COOKIE, "value": "ar", "url": base_url}])


def test_coordinator_opens_drafts_and_reports_from_the_dashboard(
    page: Page, tmp_path: Path, live_server: str
) -> None:
    sign_in(page, "coordinator@demo.passage.int")
    drafts = _card(page, "Draft measures to review")
    expect(drafts).to_be_visible()
    expect(_card(page, "Discrepancy reports to moderate")).to_be_visible()
    look(page, tmp_path, "coordinator-dashboard")
    drafts.click()
    expect(page).to_have_url(re.compile(r"/measures\?status=draft"))
    expect(page.locator("#status")).to_have_value("draft")
    _no_raw_codes(page)
    look(page, tmp_path, "coordinator-drafts")
    page.goto("/")
    _card(page, "Discrepancy reports to moderate").click()
    expect(page).to_have_url(re.compile(r"/moderation$"))
    look(page, tmp_path, "coordinator-moderation")
    _arabic(page, live_server)
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(_card(page, "تدابير مسودة بانتظار المراجعة")).to_be_visible()
    look(page, tmp_path, "coordinator-dashboard-ar")


def test_port_health_officer_opens_the_follow_ups_due_today(
    page: Page, tmp_path: Path, live_server: str
) -> None:
    sign_in(page, "health@demo.passage.int")
    due = _card(page, "Cases with a follow-up due today")
    expect(due).to_be_visible()
    count = int(due.locator("p.figure").inner_text())
    look(page, tmp_path, "health-dashboard")
    due.click()
    expect(page).to_have_url(re.compile(r"/health/cases\?due=today"))
    expect(page.locator("main")).to_contain_text("Cases with a follow-up due today or overdue.")
    expect(page.locator("main")).to_contain_text(f"{count} case")
    _no_raw_codes(page)
    look(page, tmp_path, "health-cases-due")
    for path, name in (("/health", "health-home"), ("/health/interest", "health-interest")):
        page.goto(path)
        _no_raw_codes(page)
        look(page, tmp_path, name)
    _arabic(page, live_server)
    page.goto("/health/cases?due=today")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    _no_raw_codes(page)
    look(page, tmp_path, "health-cases-due-ar")


def test_case_worker_and_partner_open_their_new_referrals(page: Page, tmp_path: Path) -> None:
    sign_in(page, "caseworker@demo.passage.int")
    border = _card(page, "New referrals from points of entry")
    expect(border).to_be_visible()
    look(page, tmp_path, "caseworker-dashboard")
    border.click()
    expect(page).to_have_url(re.compile(r"/protection/border-referrals$"))
    look(page, tmp_path, "caseworker-border-referrals")
    page.context.clear_cookies()
    sign_in(page, "partner@demo.passage.int")
    new = _card(page, "New referrals to answer")
    expect(new).to_be_visible()
    look(page, tmp_path, "partner-dashboard")
    new.click()
    expect(page).to_have_url(re.compile(r"/protection/partner\?status=pending"))
    expect(page.locator("#status")).to_have_value("pending")
    _no_raw_codes(page)
    look(page, tmp_path, "partner-referrals-pending")


def test_administrator_edits_an_alert_list_entry_and_finds_the_exports(
    page: Page, tmp_path: Path, live_server: str
) -> None:
    sign_in(page, "admin@demo.passage.int")
    page.goto("/alert-lists")
    page.locator("table a", has_text="watch").first.click()
    expect(page.get_by_test_id("entry-count")).to_contain_text("entries")
    expect(page.get_by_role("link", name="XLSX")).to_be_visible()
    look(page, tmp_path, "admin-alert-entries")
    page.get_by_label("Reference starts with").fill("DW-004")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name="DW-004").click()
    entry_url = page.url
    look(page, tmp_path, "admin-alert-entry")
    page.get_by_label("Reason for listing").fill("Travel ban (sanctions list, renewed)")
    page.get_by_role("button", name="Save the entry").click()
    expect(page.get_by_role("status")).to_contain_text("The entry was saved.")
    expect(page.get_by_label("Reason for listing")).to_have_value(
        "Travel ban (sanctions list, renewed)"
    )
    page.get_by_label("Nationality (three letters)").fill("Congo")
    page.get_by_role("button", name="Save the entry").click()
    expect(page.locator("#nationality-error")).to_be_visible()
    look(page, tmp_path, "admin-alert-entry-error")
    _arabic(page, live_server)
    page.goto(entry_url)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    look(page, tmp_path, "admin-alert-entry-ar")


def _many_poes(route: Route) -> None:
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [30 + (i % 25) * 0.4, -5 + (i // 25) * 0.4],
            },
            "properties": {
                "id": f"poe-{i}",
                "code": f"POE-{i}",
                "name": f"Post {i}",
                "status": "open",
            },
        }
        for i in range(MANY_POES)
    ]
    route.fulfill(json={"type": "FeatureCollection", "features": features})


MANY_POES = 500
SINGLE_MARKERS = """() => { let n = 0; window.__passageMap.eachLayer(layer => {
  if (layer.feature && layer.feature.geometry.type === "Point") n++; }); return n; }"""


def test_many_points_of_entry_are_clustered_on_the_map(
    new_page: Callable[..., Page], tmp_path: Path
) -> None:
    """500 posts in East Africa show as a few numbered clusters (plus lone posts), which
    together hold every post; zooming in opens them."""
    page = new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(CAPTURE_LEAFLET_MAP)
    page.route(re.compile(r"/api/v1/map/poes\?"), _many_poes)
    with page.expect_response(re.compile(r"/api/v1/map/poes\?")):
        page.goto("/map")
    clusters = page.locator(".marker-cluster")
    expect(clusters.first).to_be_visible()
    counts = [int(text) for text in clusters.all_inner_texts()]
    singles = page.evaluate(SINGLE_MARKERS)
    assert len(counts) < 50 and sum(counts) + singles == MANY_POES, (counts, singles)
    look(page, tmp_path, "map-poe-clusters")
    clusters.first.click()
    page.wait_for_function(
        f"() => document.querySelectorAll('.marker-cluster').length != {len(counts)}"
    )
