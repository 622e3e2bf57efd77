"""Flow monitoring surveys in a real browser (axe-core over every page), in English and Arabic
at phone width: the data collector imports a Kobo export of the demo survey at Namanga and sees
the rejected row with its line; the results show each question's counts, shares and bars, small
cells suppressed, and no personal answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from passage.demo.service import DEMO_PASSWORD
from tests.browser.axe import assert_accessible
from tests.flows.surveys.exports import kobo_csv, kobo_row

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SHOTS_DIR = Path("/tmp/passage-shots")
YESTERDAY = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _shot(page: Page, name: str) -> None:
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS_DIR / f"surveys-{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["en-GB", "ar"])
def test_a_collector_imports_a_kobo_export_and_reads_the_results_on_a_phone(
    new_page: Callable[..., Page], tmp_path: Path, language: str
):
    page = new_page(viewport=PHONE, locale=language)
    sign_in(page, "flowmonitor@demo.passage.int")
    page.goto("/flows/surveys")
    expect(page.locator("main table")).to_contain_text("flow_monitoring_survey")
    _fits(page)
    assert_accessible(page)
    _shot(page, f"list-{language}")
    page.locator("main table a[href$='/import']").first.click()
    expect(page.locator("#point_id")).to_be_visible()
    assert_accessible(page)
    upload = tmp_path / "kobo.csv"
    stamp = f"{language}-{datetime.now(UTC).timestamp():.0f}"
    upload.write_bytes(
        kobo_csv(
            kobo_row(901, today=YESTERDAY, uuid=f"browser-{stamp}-1"),
            kobo_row(902, today=YESTERDAY, uuid=f"browser-{stamp}-2", nationality="XXX"),
        )
    )
    page.locator("#file").set_input_files(str(upload))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#import-report")).to_contain_text("1")
    expect(page.locator("#rejected-rows td").first).to_have_text("3")
    expect(page.locator("#rejected-rows")).to_contain_text("nationality")
    _fits(page)
    assert_accessible(page)
    _shot(page, f"import-{language}")
    page.locator("main p a[href^='/flows/surveys/']").last.click()
    expect(page.locator("section.survey-question").first).to_be_visible()
    expect(page.locator("#q-reasons")).to_be_visible()
    assert page.locator("table.survey-table svg rect").count() >= 5
    body = page.locator("main").inner_text()
    for personal in ("Amina", "+254712345678", "Person 1", "+2547000"):
        assert personal not in body
    assert "<5" in body, "the small cells are suppressed"
    _fits(page)
    assert_accessible(page)
    _shot(page, f"results-{language}")
