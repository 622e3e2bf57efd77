"""The notice of new referrals in a real browser (axe-core on every page): a case worker refers
a case to the Kenya Red Cross; its partner worker sees the notice in the header of every page,
opens the list from it, and the notice clears (#15.2)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from passage.web.middleware import LANGUAGE_COOKIE
from tests.browser.test_officer_work import look
from tests.browser.test_port_health import sign_in

pytestmark = pytest.mark.browser


def _refer_a_case_to_the_red_cross(page: Page) -> None:
    sign_in(page, "caseworker@demo.passage.int")
    page.goto("/protection/queue")
    page.locator('main a[href^="/protection/cases/"]').first.click()
    page.get_by_role("link", name="Refer to a service").click()
    page.get_by_label("Purpose of the consent").fill("Shelter at the Kenya Red Cross")
    page.locator('input[name="fields"]').first.check()
    page.get_by_label("Until").fill((date.today() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Record the consent").click()
    shelter = page.locator("#provider_id option", has_text="Kenya Red Cross").first
    page.locator("#provider_id").select_option(shelter.get_attribute("value"))
    page.get_by_label("Reason").fill("No shelter tonight")
    page.get_by_role("button", name="Send the referral").click()
    expect(page).to_have_url(re.compile(r"/protection/cases/[0-9a-f-]+"))
    page.context.clear_cookies()


def test_the_partner_sees_a_new_referral_in_the_header_until_opening_the_list(
    page: Page, tmp_path: Path, live_server: str
) -> None:
    notice = page.locator("header a.header-badge")
    sign_in(page, "partner@demo.passage.int")
    page.goto("/protection/partner")  # whatever the demo left unseen is seen now
    expect(notice).to_have_count(0)
    page.context.clear_cookies()
    _refer_a_case_to_the_red_cross(page)
    sign_in(page, "partner@demo.passage.int")
    expect(notice).to_have_text("1 new referral")
    look(page, tmp_path, "partner-notice")
    page.goto("/account")
    expect(notice).to_have_text("1 new referral")
    page.context.add_cookies([{"name": LANGUAGE_COOKIE, "value": "ar", "url": live_server}])
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(notice).to_have_text("1 إحالة جديدة")
    look(page, tmp_path, "partner-notice-ar")
    notice.click()
    expect(page).to_have_url(re.compile(r"/protection/partner\?status=pending"))
    expect(notice).to_have_count(0)
    look(page, tmp_path, "partner-notice-cleared-ar")
