"""Protection in a real browser (axe-core over every page): a migrant self-registers in Arabic
at phone width and gets a code; a case worker verifies, screens (the score explains itself)
and refers with consent for three fields; the partner sees exactly those fields, accepts and
closes; the weekly report counts the case without naming anyone; a border referral becomes a
case keeping its consent; a bad upload gets a clear error. The self-registration page is light
and renders fast on a slow 3G link."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from passage.demo.service import DEMO_PASSWORD
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
# WebPageTest's "3G Slow" profile: 400 ms round trip, 400 kbit/s down and up.
SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 50_000,
    "uploadThroughput": 50_000,
}
GIVEN, SURNAME = "سلمى", "الطيب"


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()


def self_register(new_page: Callable[..., Page]) -> str:
    page = new_page(viewport=PHONE, locale="ar")
    page.goto("/protection/register")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    page.fill("#given_names", GIVEN)
    page.fill("#surname", SURNAME)
    page.fill("#nationality_text", "سوداني")
    page.check("input[name=situations][value=stranded]")
    page.check("input[name=consent]")
    page.locator("form.form button[type=submit]").click()
    code = page.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert_accessible(page)
    return code


def verify_and_screen(page: Page) -> str:
    page.goto("/protection/registrations")
    assert_accessible(page)
    page.locator("tr", has_text=GIVEN).get_by_role("link").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Verify and open a case").click()
    expect(page.locator("#case-status")).to_be_visible()
    case_url = page.url
    page.get_by_role("link", name="Screen and score").click()
    assert_accessible(page)
    for code in ("no_shelter", "stranded", "no_income"):
        page.locator(f"input[name='answer.{code}'][value=yes]").check()
    page.get_by_role("button", name="Score").click()
    expect(page.locator("#score-summary")).to_contain_text("Score 45 of")
    expect(page.locator("#score-lines")).to_contain_text("no safe shelter")
    assert_accessible(page)
    return case_url


def refer_with_three_fields(page: Page, case_url: str) -> None:
    page.goto(case_url + "/refer")
    assert_accessible(page)
    page.fill("#purpose", "Shelter at the Kenya Red Cross")
    for field in ("given_names", "phone", "languages"):
        page.check(f"input[name=fields][value={field}]")
    page.fill("#expires_on", (date.today() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Record the consent").click()
    shelter = page.locator("#provider_id option", has_text="Kenya Red Cross").first
    page.select_option("#provider_id", shelter.get_attribute("value"))
    page.fill("#reason", "Stranded, no shelter")
    page.get_by_role("button", name="Send the referral").click()
    expect(page.locator("#referrals")).to_be_visible()


def test_self_registration_to_partner_and_report(new_page: Callable[..., Page]) -> None:
    self_register(new_page)
    worker = new_page()
    sign_in(worker, "caseworker@demo.passage.int")
    case_url = verify_and_screen(worker)
    refer_with_three_fields(worker, case_url)

    partner = new_page()
    sign_in(partner, "partner@demo.passage.int")
    partner.goto("/protection/partner")
    assert_accessible(partner)
    partner.locator("tbody tr").first.get_by_role("link").click()
    labels = partner.locator("#shared-fields dt").all_inner_texts()
    assert labels == ["Given names", "Languages", "Phone"]
    expect(partner.locator("#shared-fields")).to_contain_text(GIVEN)
    assert SURNAME not in partner.content()
    assert_accessible(partner)
    for status in ("accepted", "done"):
        partner.select_option("#status", status)
        partner.get_by_role("button", name="Update the status").click()
    expect(partner.locator("#referral-status")).to_have_text("Done")

    worker.goto("/protection/reports")
    total = int(worker.locator("#report-total strong").inner_text())
    assert total >= 25
    assert GIVEN not in worker.content() and SURNAME not in worker.content()
    assert_accessible(worker)


def test_a_border_referral_becomes_a_case_with_its_consent(new_page: Callable[..., Page]) -> None:
    page = new_page()
    sign_in(page, "designated@demo.passage.int")
    page.goto("/protection/border-referrals")
    assert_accessible(page)
    page.get_by_role("button", name="Open a case").first.click()
    expect(page.locator("dl.facts")).to_contain_text("Unaccompanied or separated child")
    expect(page.locator("dl.facts")).to_contain_text("consent given on")
    assert_accessible(page)
    page.set_input_files(
        "#file", files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"plain text"}]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("alert").first).to_contain_text(
        "only PDF, PNG and JPEG documents are accepted"
    )


def test_pages_pass_axe(new_page: Callable[..., Page]) -> None:
    page = new_page()
    for path in ("/protection/follow", "/protection/ask"):
        page.goto(path)
        assert_accessible(page)
    sign_in(page, "supervisor@demo.passage.int")
    for path in (
        "/protection",
        "/protection/queue",
        "/protection/caseload",
        "/protection/intake",
        "/protection/persons",
        "/protection/persons?q=Mohamed",
        "/protection/questions",
        "/protection/directory",
        "/protection/imports",
        "/protection/models",
        "/protection/models/general_protection",
        "/protection/reports/donor",
    ):
        page.goto(path)
        assert_accessible(page)
    page.goto("/protection/queue")
    page.locator("tbody tr").first.get_by_role("link").click()
    assert_accessible(page)
    page.locator("dl.facts a").first.click()
    assert_accessible(page)


def test_self_registration_is_light_and_fast_on_slow_3g(new_page: Callable[..., Page]) -> None:
    page = new_page(viewport=PHONE)
    # A person reaches a server that is already serving others: warm the page's templates and
    # static files first, so the measure is the link's and the page's, not a cold server start.
    for path in ("/protection/register", "/static/css/passage.css"):
        page.request.get(path)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    received: list[int] = []
    cdp.on(
        "Network.loadingFinished", lambda event: received.append(int(event["encodedDataLength"]))
    )
    page.goto("/protection/register", wait_until="load")
    page.wait_for_load_state("networkidle")
    first_paint = page.evaluate(
        "performance.getEntriesByName('first-contentful-paint')[0].startTime"
    )
    weight = sum(received)
    print(
        f"self-registration: {weight} bytes, first contentful paint {first_paint:.0f} ms on slow 3G"
    )
    assert weight < 50 * 1024
    assert first_paint < 1000


def test_a_case_worker_starts_a_household_and_adds_a_member(new_page: Callable[..., Page]) -> None:
    page = new_page()
    sign_in(page, "supervisor@demo.passage.int")
    page.goto("/protection/persons")
    reference = page.locator("tbody tr td a").first.inner_text().strip()
    page.goto("/protection/households")
    assert_accessible(page)
    page.get_by_label("Kind").select_option("travelling_group")
    page.get_by_label("Name (e.g. the family name)").fill("Group met at Namanga")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Group met at Namanga")
    assert_accessible(page)
    page.get_by_label("Reference of a registered person (P-...)").fill("P-NOBODY")
    page.get_by_role("button", name="Add").click()
    expect(page.locator("#person_reference-error")).to_contain_text("no person has this reference")
    assert_accessible(page)
    page.get_by_label("Reference of a registered person (P-...)").fill(reference)
    page.get_by_label("Relationship to the head").select_option("head")
    page.get_by_role("button", name="Add").click()
    expect(page.locator("tbody")).to_contain_text(reference)
    page.get_by_role("link", name="Households").first.click()
    expect(page.locator("tbody")).to_contain_text("Group met at Namanga")
    assert_accessible(page)
