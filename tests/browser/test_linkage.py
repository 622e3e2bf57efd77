"""Record linkage in a real browser (axe-core over every page): a case worker checks a
registration and sees a possible duplicate with the reasons; a supervisor runs the search,
reviews the queue, merges a pair and undoes the merge; a tracing request finds a child for the
designated case worker while the requester's page says only that the person was found."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.test_protection import sign_in

pytestmark = pytest.mark.browser


def register(page: Page, given: str, surname: str) -> None:
    page.goto("/protection/intake")
    page.fill("#given_names", given)
    page.fill("#surname", surname)
    page.fill("#birth_date", "1990-05-04")
    page.locator("form.form button[type=submit]").first.click()


def test_a_duplicate_is_shown_explained_and_merged_then_unmerged(page: Page, new_page) -> None:
    sign_in(page, "caseworker@demo.passage.int")
    register(page, "Mohammed Ali", "Hassan")
    page.goto("/linkage/check")
    assert_accessible(page)
    page.fill("#given_names", "Muhammad")
    page.fill("#surname", "Hasan Ali")
    page.fill("#birth_date", "1990-05-04")
    # the first check files the registry in memory and trains a model (no run yet): slow once
    page.get_by_role("button", name="Check").click(timeout=120_000)
    expect(page.locator("#possible-duplicates")).to_contain_text(
        "same date of birth", timeout=120_000
    )
    assert_accessible(page)
    register(page, "Muhammad", "Hasan Ali")

    supervisor = new_page()
    sign_in(supervisor, "supervisor@demo.passage.int")
    supervisor.goto("/linkage")
    assert_accessible(supervisor)
    supervisor.get_by_role("button", name="Look for duplicates now").click(timeout=120_000)
    pair = supervisor.locator("section.card", has_text="Hasan")
    expect(pair.first).to_contain_text("same date of birth", timeout=120_000)
    assert_accessible(supervisor)
    pair.first.get_by_role("button", name="Same person: merge").click()
    expect(supervisor.get_by_role("button", name="Undo merge").first).to_be_visible()
    supervisor.get_by_role("button", name="Undo merge").first.click()
    expect(supervisor.locator("section.card", has_text="Hasan").first).to_be_visible()


def test_a_tracing_request_finds_a_child_for_the_case_worker_not_for_the_requester(
    page: Page, new_page
) -> None:
    born = date.today().replace(day=1, year=date.today().year - 9).isoformat()
    sign_in(page, "designated@demo.passage.int")
    page.goto("/protection/intake")
    page.fill("#given_names", "Hawa Nuur")
    page.fill("#surname", "Warsame")
    page.fill("#birth_date", born)
    page.locator("form.form button[type=submit]").first.click()
    page.goto("/linkage/tracing")
    assert_accessible(page)
    page.fill("#given_names", "Hawo")
    page.fill("#surname", "Warsame")
    page.fill("#name_variants", "Hawa Nur Warsame")
    page.fill("#approximate_age", "9")
    page.select_option("#relationship", "child")
    page.fill("#requester_name", "Halima Warsame")
    page.get_by_role("button", name="File the request").click()
    expect(page.get_by_role("button", name="Look for the person now")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Look for the person now").click(timeout=120_000)
    match = page.locator("section.card", has_text="Warsame")
    expect(match.first).to_contain_text("child", timeout=120_000)
    assert_accessible(page)
    match.first.get_by_role("button", name="This is the person sought").click()
    page.get_by_role("link", name="What the requester sees").click()
    expect(page.get_by_role("status")).to_contain_text("Found")
    expect(page.locator("main")).not_to_contain_text("Hawa Nuur")
    assert_accessible(page)

    partner = new_page()
    sign_in(partner, "partner@demo.passage.int")
    partner.goto("/linkage/tracing")
    expect(partner.locator("main")).not_to_contain_text("Hawo")
    partner.fill("#given_names", "Abdi")
    partner.select_option("#relationship", "sibling")
    partner.fill("#requester_name", "Omar Abdi")
    partner.get_by_role("button", name="File the request").click()
    expect(partner.get_by_role("status")).to_contain_text("Search in progress")
    assert_accessible(partner)
