"""Issue 4, done when: a public visitor gets a correct, explained answer in the browser."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_restrictions import ConsoleWatch

pytestmark = pytest.mark.browser


def _ask(
    page: Page, base_url: str, *, nationality: str, origin: str, destination: str, day: str
) -> str:
    page.goto(f"{base_url}/travel")
    page.select_option("#nationality", nationality)
    page.select_option("#origin", origin)
    page.select_option("#destination", destination)
    page.fill("#arrival_date", day)
    page.get_by_role("button", name="Check").first.click()
    decision = page.locator("[data-testid=decision]")
    expect(decision).to_be_visible()
    return page.locator("#answer").get_attribute("data-decision") or ""


def test_public_visitor_gets_an_explained_answer(
    new_page: Callable[..., Page], live_server: str
) -> None:
    page = new_page()
    console = ConsoleWatch(page)
    decision = _ask(
        page, live_server, nationality="FRA", origin="FRA", destination="KEN", day="2020-04-01"
    )
    level = page.request.get(f"{live_server}/api/v1/countries/KEN/level?date=2020-04-01").json()
    assert level["level"] is not None
    assert decision in {"REFUSE", "ADMIT_WITH_CONDITIONS", "ADMIT"}
    if level["level"] == 4:
        assert decision == "REFUSE"
    rows = page.locator("#answer table tbody tr")
    assert rows.count() >= 1
    expect(page.locator("#answer")).to_contain_text("Every measure considered")
    console.checkpoint("/travel answer")
    console.assert_clean()


def test_no_data_is_unknown_never_admit(new_page: Callable[..., Page], live_server: str) -> None:
    page = new_page()
    level = page.request.get(f"{live_server}/api/v1/countries/MNG/level?date=2020-04-01").json()
    assert level["level"] is None, "test needs a destination without demo data"
    decision = _ask(
        page, live_server, nationality="FRA", origin="FRA", destination="MNG", day="2020-04-01"
    )
    assert decision == "UNKNOWN"
    expect(page.locator("#answer")).to_contain_text(
        "Unknown does not mean there are no restrictions."
    )


def test_the_form_works_without_javascript(browser, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        decision = _ask(
            page, live_server, nationality="FRA", origin="FRA", destination="MNG", day="2020-04-01"
        )
        assert decision == "UNKNOWN"
    finally:
        context.close()
