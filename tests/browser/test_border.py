"""The officer screen in a real browser: a traveller processed end to end from the MRZ, and a
traveller on a watch list whose hit must be resolved before "admitted" is accepted."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from passage.border.mrz import build_td3
from passage.demo.service import DEMO_PASSWORD

pytestmark = pytest.mark.browser

BORDER_EMAIL = "border@demo.passage.int"
WATCHED_SURNAME = "KARIUKI"
WATCH_LIST = (
    "ref,names,birth_date,nationality,gender,reason\n"
    f"BT-1,WANJIRU ACHIENG {WATCHED_SURNAME},1979-11-02,KEN,F,Browser test notice\n"
)
# The screening index of a running server re-reads the lists at most every 5 s
# (PASSAGE_SCREENING_REFRESH_SECONDS); wait a little longer than that after importing.
INDEX_REFRESH_WAIT = 6.0


def passport(surname: str, given_names: str, number: str, birth: date, sex: str) -> str:
    """A Kenyan passport MRZ (TD3)."""
    return build_td3(
        issuing_state="KEN",
        document_number=number,
        surname=surname,
        given_names=given_names,
        nationality="KEN",
        birth_date=birth,
        sex=sex,
        expiry_date=date(2033, 1, 31),
    )


@pytest.fixture(scope="module")
def watch_list(live_server: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Import a one-person watch list into the live server's database with `passage alerts`."""
    databases = sorted(tmp_path_factory.getbasetemp().glob("live-server*/passage.db"))
    assert databases, "the live server's database file was not found"
    csv_path = tmp_path_factory.mktemp("watch-list") / "watch.csv"
    csv_path.write_text(WATCH_LIST, encoding="utf-8")
    env = {**os.environ, "PASSAGE_DATABASE_URL": f"sqlite:///{databases[-1]}"}
    passage = str(Path(sys.executable).with_name("passage"))
    done = subprocess.run(
        [
            passage,
            "alerts",
            "import",
            str(csv_path),
            "--list",
            "Browser watch list",
            "--kind",
            "person",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    time.sleep(INDEX_REFRESH_WAIT)
    return "Browser watch list"


def sign_in_as_officer(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(BORDER_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()


def register_entry(page: Page, mrz: str, surname: str) -> None:
    """Screens 1 and 2: paste the MRZ (keyboard only), check the form, register."""
    page.goto("/border")
    expect(page.locator("#mrz")).to_be_focused()
    page.keyboard.insert_text(mrz)
    page.keyboard.press("Tab")  # to the direction radios; entry is already chosen
    page.get_by_role("button", name="Read the document").press("Enter")
    expect(page.get_by_role("heading", level=1, name="Check the traveller")).to_be_visible()
    expect(page.get_by_label("Surname")).to_have_value(surname)
    page.get_by_label("Coming from (ISO3)").fill("TZA")
    page.get_by_label("Allowed stay (days)").fill("30")
    page.get_by_role("button", name="Register the crossing").click()
    expect(page).to_have_url(re.compile(r"/border/crossings/[0-9a-f-]{36}$"))


def admit(page: Page) -> None:
    page.get_by_label("Admitted", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()


def test_officer_processes_a_traveller_end_to_end(page: Page) -> None:
    """MRZ -> prefilled form -> crossing with the journey result -> admitted -> screen 1."""
    sign_in_as_officer(page)
    mrz = passport("OTIENO", "DAVID OMONDI", "AB7654321", date(1990, 6, 21), "M")
    register_entry(page, mrz, "OTIENO")
    expect(page.get_by_role("heading", level=1)).to_contain_text("OTIENO")
    expect(page.get_by_role("heading", name="Entry rules")).to_be_visible()
    expect(page.locator("#journey-result")).not_to_be_empty()
    expect(page.get_by_text("No hit on the alert lists.")).to_be_visible()
    admit(page)
    expect(page).to_have_url(re.compile(r"/border\?decided="))
    expect(page.get_by_role("status")).to_contain_text("Decision recorded")
    expect(page.locator("#mrz")).to_be_focused()


def test_watch_list_hit_must_be_resolved_before_admission(page: Page, watch_list: str) -> None:
    """A listed traveller cannot be admitted until the officer resolves the hit."""
    sign_in_as_officer(page)
    mrz = passport(WATCHED_SURNAME, "WANJIRU ACHIENG", "AC1112223", date(1979, 11, 2), "F")
    register_entry(page, mrz, WATCHED_SURNAME)
    crossing_url = page.url
    expect(page.get_by_role("alert")).to_contain_text("hit to resolve")
    expect(page.get_by_role("cell", name=watch_list)).to_be_visible()

    admit(page)
    expect(page.get_by_text("resolve the alert hits first")).to_be_visible()
    expect(page.locator("#decision-status")).to_have_text("pending")

    page.get_by_role("link", name="Resolve").first.click()
    expect(page.get_by_role("heading", level=1, name="Screening hit")).to_be_visible()
    page.get_by_label("a false positive", exact=False).check()
    page.get_by_label("Reason (required)").fill("Different person: photo and birthplace differ")
    page.get_by_role("button", name="Record the resolution").click()
    expect(page.get_by_test_id("status")).to_have_text("false positive")

    page.goto(crossing_url)
    expect(page.get_by_text("hit to resolve")).to_have_count(0)
    admit(page)
    expect(page).to_have_url(re.compile(r"/border\?decided="))
    expect(page.get_by_role("status")).to_contain_text("Decision recorded")
