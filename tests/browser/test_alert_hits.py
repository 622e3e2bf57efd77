"""Issue 21's "done when" in a real browser: an officer sees no hit for a homonym of a listed
person born in another decade, a hit for the listed person whose name was transliterated
differently and whose birth day and month are swapped, and the hit page explains the score
in the officer's language (French here)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from passage.border.mrz import build_td3
from passage.demo.service import DEMO_PASSWORD

pytestmark = pytest.mark.browser

BORDER_EMAIL = "border@demo.passage.int"
# Listed in Cyrillic, born 12 May 1978; the traveller's passport writes the name in the
# ICAO transliteration and, for the listed person, the birth date as 5 December.
WATCH_LIST = (
    "ref,names,birth_date,nationality,gender,reason\n"
    "DW-1,Игорь Владимирович Кузнецов,1978-05-12,UKR,M,Browser test notice (issue 21)\n"
)
INDEX_REFRESH_WAIT = 6.0  # the server's index re-reads the lists at most every 5 s


def passport(number: str, birth: date) -> str:
    """A Ukrainian passport MRZ (TD3) of IGOR KUZNETSOV."""
    return build_td3(
        issuing_state="UKR",
        document_number=number,
        surname="KUZNETSOV",
        given_names="IHOR",
        nationality="UKR",
        birth_date=birth,
        sex="M",
        expiry_date=date(2033, 1, 31),
    )


@pytest.fixture(scope="module")
def listed(live_server: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Import the one-person watch list into the live server's database."""
    databases = sorted(tmp_path_factory.getbasetemp().glob("live-server*/passage.db"))
    assert databases, "the live server's database file was not found"
    csv_path = tmp_path_factory.mktemp("done-when") / "watch.csv"
    csv_path.write_text(WATCH_LIST, encoding="utf-8")
    env = {**os.environ, "PASSAGE_DATABASE_URL": f"sqlite:///{databases[-1]}"}
    passage = str(Path(sys.executable).with_name("passage"))
    command = [passage, "alerts", "import", str(csv_path), "--list", "Done-when watch list"]
    done = subprocess.run(
        [*command, "--kind", "person"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    time.sleep(INDEX_REFRESH_WAIT)
    return "Done-when watch list"


def sign_in(page: Page, email: str, password: str, submit: str) -> None:
    page.goto("/login")
    page.locator("input[type=email], input[name=email]").first.fill(BORDER_EMAIL)
    page.locator("input[type=password]").first.fill(DEMO_PASSWORD)
    page.get_by_role("button", name=submit).click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def register(page: Page, mrz: str) -> None:
    """Paste the MRZ, check the form and register the crossing."""
    page.goto("/border")
    page.keyboard.insert_text(mrz)
    page.get_by_role("button", name="Read the document").click()
    expect(page.get_by_label("Surname")).to_have_value("KUZNETSOV")
    page.get_by_label("Coming from (ISO3)").fill("POL")
    page.get_by_label("Allowed stay (days)").fill("30")
    page.get_by_role("button", name="Register the crossing").click()
    expect(page).to_have_url(re.compile(r"/border/crossings/[0-9a-f-]{36}$"))


def test_homonym_of_another_decade_no_hit_transliterated_and_swapped_hit_explained_in_french(
    page: Page, new_page: Callable[..., Page], listed: str
) -> None:
    sign_in(page, BORDER_EMAIL, DEMO_PASSWORD, "Sign in")
    register(page, passport("FB1000001", date(1991, 5, 12)))  # a namesake born in the 1990s
    expect(page.get_by_text("No hit on the alert lists.")).to_be_visible()

    register(page, passport("FB1000002", date(1978, 12, 5)))  # day and month swapped
    expect(page.get_by_role("alert")).to_contain_text("hit to resolve")
    expect(page.get_by_role("cell", name=listed)).to_be_visible()
    page.get_by_role("link", name="Resolve").first.click()
    expect(page.get_by_role("heading", level=1, name="Screening hit")).to_be_visible()
    hit_url = page.url

    french = new_page(locale="fr-FR")
    sign_in(french, BORDER_EMAIL, DEMO_PASSWORD, "Se connecter")
    french.goto(hit_url)
    reasons = french.get_by_test_id("reasons")
    expect(reasons).to_contain_text("même date de naissance, jour et mois inversés")
    expect(reasons).to_contain_text("même nationalité")
    expect(french.locator("main")).to_contain_text("probabilité")
