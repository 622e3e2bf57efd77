"""In a real browser: user administration, the audit trail by name, the map's POE layer fetched
once and compressed, codes in words, today's demo overview (#15.4-7, #15.9, #15.10)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, Request, expect

from passage.access import Role
from passage.demo.service import demo_logins
from passage.kit.clock import today
from tests.browser.axe import assert_accessible
from tests.browser.test_shell import sign_in

pytestmark = pytest.mark.browser

LOGINS = {login.role: login for login in demo_logins(None)}
SHOTS_DIR = Path("/tmp/passage-shots")
RAW = re.compile(r"ADMIT_WITH_CONDITIONS|complete_closure|String should|Field required|\bidps\b")


def _shot(page: Page, name: str) -> None:
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS_DIR / f"coord-{name}.png"), full_page=True)


def test_an_administrator_creates_edits_deactivates_and_reactivates_a_user(page: Page) -> None:
    sign_in(page, LOGINS[Role.ADMIN])
    page.goto("/admin/users")
    expect(page.locator("#new-role")).to_have_value("")  # no role chosen in advance
    assert_accessible(page)
    page.get_by_label("Full name").fill("Wanjiru Officer")
    page.get_by_label("E-mail").fill("wanjiru@example.org")
    page.get_by_label("Initial password (at least 12 characters)").fill("a long, long passphrase 7")
    page.get_by_role("button", name="Create user").click()
    assert page.locator("#new-role").evaluate("e => e.validity.valueMissing")  # must choose
    page.locator("#new-role").select_option("border_officer")
    page.locator("#new-scope_type").select_option("poe")
    page.locator("#new-scope_value").fill("LND-KEN-BUSIA")
    page.get_by_label("Initial password (at least 12 characters)").fill("a long, long passphrase 7")
    page.get_by_role("button", name="Create user").click()
    row = page.get_by_role("row").filter(has_text="Wanjiru Officer")
    expect(row).to_contain_text("Border officer · Point of entry Busia One Stop Border Post")
    _shot(page, "users")
    row.get_by_role("link", name="Wanjiru Officer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wanjiru Officer")
    assert_accessible(page)
    page.get_by_role("button", name="Deactivate this account").click()
    expect(page.get_by_text("Deactivated: cannot sign in")).to_be_visible()
    page.get_by_role("button", name="Re-activate this account").click()
    expect(page.get_by_role("button", name="Deactivate this account")).to_be_visible()
    _shot(page, "user")
    page.goto("/admin/audit")
    expect(page.get_by_role("link", name=LOGINS[Role.ADMIN].name).first).to_be_visible()
    assert_accessible(page)
    _shot(page, "audit")


def test_the_map_fetches_the_poe_points_once_and_statuses_per_step(
    new_page: Callable[..., Page],
) -> None:
    page = new_page(viewport={"width": 1280, "height": 900})
    layers: list[Request] = []
    steps: list[Request] = []
    page.on("request", lambda r: layers.append(r) if "/api/v1/map/poes?" in r.url else None)
    page.on("request", lambda r: steps.append(r) if "/map/poes/statuses?" in r.url else None)
    with page.expect_response(lambda r: "/api/v1/map/poes?" in r.url) as first:
        page.goto("/map?date=2020-04-01")
    assert first.value.headers.get("content-encoding") == "gzip"
    slider = page.get_by_label("Move through time")
    slider.focus()
    with page.expect_response(lambda r: "/map/poes/statuses?date=2020-04-02" in r.url):
        page.keyboard.press("ArrowRight")
    assert len(layers) == 1 and len(steps) == 1
    assert_accessible(page)
    _shot(page, "map")


@pytest.mark.parametrize("language", ["en-GB", "ar"])
def test_the_travel_answer_and_todays_overview_show_words(
    new_page: Callable[..., Page], language: str
) -> None:
    page = new_page(locale=language)
    page.goto("/travel")
    page.locator("#nationality").select_option("FRA")
    page.locator("#origin").select_option("UGA")
    page.locator("#destination").select_option("KEN")
    page.locator("#arrival_date").fill(today().isoformat())
    page.locator("button.button[type=submit]").last.click()
    expect(page.locator("[data-testid=decision]")).to_be_visible()
    assert not RAW.search(page.locator("main").inner_text())
    assert page.locator("#answer").get_attribute("data-decision") != "UNKNOWN"
    assert_accessible(page)
    _shot(page, f"travel-{language}")
    page.goto("/overview")
    assert not RAW.search(page.locator("main").inner_text())
    expect(page.locator("main")).to_contain_text("Uganda" if language == "en-GB" else "UGA")
    _shot(page, f"overview-{language}")


def test_the_border_referral_form_offers_the_partner_organisations(page: Page) -> None:
    sign_in(page, LOGINS[Role.BORDER_OFFICER])
    page.goto("/border/crossings")
    page.locator("main table a[href^='/border/crossings/']").first.click()
    page.get_by_text("Flag and refer this traveller").click()
    organisation = page.locator("select#organisation")
    expect(organisation).to_be_visible()
    expect(organisation).to_have_value("")
    assert organisation.locator("option").count() >= 2  # the partners granted in the demo
    assert_accessible(page)
    _shot(page, "referral")


def test_the_travel_form_shows_a_refusal_and_a_failed_request(page: Page) -> None:
    page.goto("/travel")
    page.locator("#nationality").select_option("FRA")
    page.locator("#origin").select_option("UGA")
    page.locator("#destination").select_option("KEN")
    page.locator("#arrival_date").fill("0001-01-01")
    page.locator("button.button[type=submit]").last.click()
    answer = page.locator("#answer[role=alert]")
    expect(answer).to_contain_text("the date must be between 1900-01-01 and 2199-12-31")
    assert_accessible(page)
    page.route("**/travel", lambda route: route.abort())
    page.locator("#arrival_date").fill(today().isoformat())
    page.locator("button.button[type=submit]").last.click()
    expect(answer).to_contain_text("The answer could not be fetched")
    _shot(page, "travel-failure")
