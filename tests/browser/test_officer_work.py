"""The officer's and the port-health officer's daily work in a real browser (axe-core on every
page): the dashboard's queues lead to the filtered lists; the ICAO specimen passport and typed
impossible dates are flagged on the check screen and kept with the crossing; no decision is
pre-selected and each decision shows who, when and why; a traveller is found by a name in
another script; a document with no MRZ is entered by hand and a minor is prompted; a follow-up
cannot be recorded for tomorrow, and danger signs escalate the case."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from passage.web.middleware import LANGUAGE_COOKIE
from tests.browser.axe import assert_accessible
from tests.browser.test_border import sign_in_as_officer
from tests.browser.test_port_health import HEALTH_EMAIL, sign_in

pytestmark = pytest.mark.browser

SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
)


def look(page: Page, folder: Path, name: str) -> None:
    """Check the page with axe-core and keep a full-page screenshot of it."""
    assert_accessible(page)
    shots = Path(os.environ.get("PASSAGE_SCREENSHOTS", folder))
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def test_officer_checks_a_specimen_decides_and_finds_the_traveller(
    page: Page, tmp_path: Path
) -> None:
    sign_in_as_officer(page)
    pending = page.get_by_role("link", name=re.compile("Crossings waiting for a decision"))
    expect(pending).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("alert hits to resolve"))).to_be_visible()
    look(page, tmp_path, "officer-dashboard")

    page.goto("/border")
    page.locator("#mrz").fill(SPECIMEN)
    page.get_by_role("button", name="Read the document").click()
    checks = page.locator("#document-checks")
    expect(checks).to_contain_text("specimen document")
    expect(checks).to_contain_text("expired on 2012-04-15")
    look(page, tmp_path, "officer-check-specimen")

    page.get_by_label("Date of birth").fill("2090-01-01")
    page.get_by_role("button", name="Update the checks").click()
    expect(checks).to_contain_text("The date of birth 2090-01-01 is in the future.")
    expect(checks).to_contain_text("the MRZ reads “1974-08-12”")
    look(page, tmp_path, "officer-check-typed-dates")

    page.get_by_role("button", name="Register the crossing").click()
    expect(page).to_have_url(re.compile(r"/border/crossings/[0-9a-f-]{36}$"))
    crossing_url = page.url
    expect(page.locator("#document-checks")).to_contain_text("specimen document")
    expect(page.locator("input[name=decision]:checked")).to_have_count(0)
    look(page, tmp_path, "officer-crossing-checks")

    page.get_by_label("Referred to secondary inspection").check()
    page.get_by_label("Reason (required when referring or refusing)").fill("Specimen passport")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status")).to_contain_text("Decision recorded")
    page.goto(crossing_url)
    history = page.locator("#decision-history")
    expect(history).to_contain_text("Baraka Border-Officer")
    expect(history).to_contain_text("Specimen passport")
    look(page, tmp_path, "officer-decision-history")

    page.goto("/")
    page.get_by_role("link", name=re.compile("Crossings waiting for a decision")).click()
    expect(page).to_have_url(re.compile(r"decision=pending"))
    expect(page.get_by_label("Decision")).to_have_value("pending")
    look(page, tmp_path, "officer-pending-list")
    page.get_by_label("Decision").select_option("")
    page.get_by_label("Traveller's name (any spelling or script)").fill("Эрикссон Анна")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("cell", name=re.compile("ERIKSSON"))).to_have_count(1)
    look(page, tmp_path, "officer-search-by-name")


def test_officer_enters_a_document_by_hand_and_is_prompted_for_a_minor(
    page: Page, tmp_path: Path
) -> None:
    sign_in_as_officer(page)
    page.goto("/border")
    page.get_by_role("button", name="No MRZ: enter the details by hand").click()
    expect(page.get_by_text("Entered by hand: no machine readable zone")).to_be_visible()
    page.get_by_label("Surname").fill("WANJIKU")
    page.get_by_label("Given names").fill("AMANI")
    born = date(date.today().year - 17, 1, 1)
    page.get_by_label("Date of birth").fill(born.isoformat())
    page.get_by_label("Nationality (ISO3)").fill("KEN")
    page.get_by_role("button", name="Update the checks").click()
    expect(page.locator("#document-checks")).to_contain_text("The traveller is a minor (17")
    look(page, tmp_path, "officer-manual-minor")
    page.get_by_role("button", name="Register the crossing").click()
    expect(page).to_have_url(re.compile(r"/border/crossings/[0-9a-f-]{36}$"))
    page.locator("#document-checks").get_by_role("link", name="Flag and refer").click()
    expect(page.get_by_label("Unaccompanied or separated child")).to_be_visible()
    look(page, tmp_path, "officer-minor-flags")


def test_officer_screens_in_arabic_without_violations(page: Page, tmp_path: Path) -> None:
    sign_in_as_officer(page)
    page.context.add_cookies([{"name": LANGUAGE_COOKIE, "value": "ar", "url": page.url}])
    page.goto("/")
    look(page, tmp_path, "officer-dashboard-arabic")
    page.goto("/border")
    page.locator("#mrz").fill(SPECIMEN)
    page.locator("form.form button[type=submit]").first.click()
    expect(page.locator("[data-check=specimen]")).to_be_visible()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    look(page, tmp_path, "officer-check-arabic")


def _ebola_suspect_case(page: Page) -> None:
    """A port-health screening with contact with a case (Ebola), then its case page."""
    page.goto("/health/screenings/new")
    page.get_by_label("Point of entry").select_option(index=1)
    page.get_by_label("Surname").fill("MUTUA")
    page.get_by_label("Given names").fill("JANET")
    page.get_by_label("Arrival date").fill(date.today().isoformat())
    page.get_by_label("Temperature (°C)").fill("36.8")
    page.get_by_label("Contact with a sick person or a known case").check()
    page.get_by_label("Phone during the stay").fill("+254711000333")
    page.get_by_role("button", name="Classify and save").press("Enter")
    page.get_by_role("button", name=re.compile("Open a case")).click()
    expect(page.locator("#case-status")).to_have_text("Open")


def test_follow_up_day_is_checked_and_danger_signs_escalate(new_page, tmp_path: Path) -> None:
    page = new_page()
    sign_in(page, HEALTH_EMAIL)
    _ebola_suspect_case(page)
    page.get_by_text("Record the outcome").first.click()
    form = page.locator("form.health-form").first
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    form.get_by_label("Day seen or called").evaluate(
        "(input, day) => { input.removeAttribute('max'); input.value = day; }", tomorrow
    )
    form.get_by_label("Well").check()
    form.get_by_role("button", name="Save the follow-up").click()
    expect(page.get_by_text("this day is in the future")).to_be_visible()
    look(page, tmp_path, "health-follow-up-tomorrow")

    form = page.locator("form.health-form").first
    expect(form.get_by_label("Day seen or called")).to_have_value(tomorrow)  # kept, to correct
    form.get_by_label("Day seen or called").fill(date.today().isoformat())
    form.get_by_label("Symptoms", exact=True).check()
    form.get_by_label("Temperature (°C)").fill("39.2")
    form.locator("details summary", has_text="Symptoms").click()
    form.get_by_label("Unexplained bleeding").check()
    form.get_by_role("button", name="Save the follow-up").click()
    expect(page.locator("#case-escalation")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Ebola")
    look(page, tmp_path, "health-case-escalated")
