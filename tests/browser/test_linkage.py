"""Record linkage in a real browser (axe-core over every page): a case worker checks a
registration and sees a possible duplicate with the reasons; a supervisor runs the search,
reviews the queue, merges a pair and undoes the merge."""

from __future__ import annotations

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
