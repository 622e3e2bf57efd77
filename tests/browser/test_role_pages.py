"""The pages of a role's week that the day's walks do not visit, in English and in Arabic
(#15 "Done when", follow-up): imports with their reports of rejected rows, background jobs,
scoring models, mail settings, entry rules and the audit trail. Each page is checked as the
walks check theirs (`Walk.look`: no raw code or raw validation text, no axe-core violation, at
most 100 KB of HTML) on a demo server of this module's own (the imports change its data)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from passage.audit.vocabulary import ACTIONS, action_label
from passage.kit.i18n import set_language
from tests.browser import test_role_walk
from tests.browser.test_role_walk import LANGUAGES, Walk

pytestmark = pytest.mark.browser

# The walks' fixtures: a signed-in session of a role in a language, on this module's own server.
walk_server = test_role_walk.walk_server
walk = test_role_walk.walk

# Rows each import must refuse, with reasons that name a field and a country.
POES = (
    "code,name,kind,country,admin_area,latitude,longitude\n"
    "LND-KEN-TEST1,Test one,land_crossing,KEN,,1.0,35.0\n"
    "LND-KEN-TEST2,Test two,spaceport,KEN,,1.0,35.0\n"
    "LND-KEN-TEST3,Test three,land_crossing,XXX,,1.0,35.0\n"
    "LND-KEN-TEST1,Test one again,land_crossing,KEN,,1.0,35.0\n"
    "LND-KEN-TEST4,Test four,land_crossing,KEN,,91.0,35.0\n"
)
MEASURES = (
    "country,measure_type,status,effective_from,title\n"
    "KEN,complete_closure,draft,2026-01-01,Closed\n"
    "XXX,complete_closure,draft,2026-01-01,Unknown country\n"
    "KEN,complete_closure,archived,2026-01-01,Bad status\n"
)
PHONE = {"width": 390, "height": 844}
# Over 1 MB, so imported as a background job; every row is refused at once (a type no point
# of entry has), so the job is quick and its report a long table of rejected rows.
LARGE_POES = "code,name,kind,country,admin_area,latitude,longitude\n" + "".join(
    f"LND-KEN-J{n:06d},Job test crossing number {n},spaceport,KEN,Kajiado,1.0,35.0\n"
    for n in range(16_000)
)


def _upload(day: Walk, action: str, name: str, text: str) -> None:
    page = day.page
    form = page.locator(f'form[action="{action}"]')
    form.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}
    )
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", LANGUAGES)
def test_coordinator_imports_crossings_and_measures_and_reads_the_rules(walk, language) -> None:
    day = walk("coordinator", language)
    page = day.page
    page.goto("/poes/import")
    day.look("poe-import")
    _upload(day, "/poes/import", "crossings.csv", POES)
    expect(page.locator("main table tbody tr")).to_have_count(4)
    day.look("poe-import-report")

    page.goto("/restrictions/import")
    day.look("measure-import")
    _upload(day, "/restrictions/import", "measures.csv", MEASURES)
    expect(page.locator("main table tbody tr").first).to_be_visible()
    day.look("measure-import-report")

    page.goto("/jobs")
    day.look("jobs")

    page.goto("/rules")
    day.look("rules")
    page.locator("main a[href^='/rules/']:not([href='/rules/upload'])").first.click()
    expect(page).to_have_url(re.compile(r"/rules/[^/]+$"))
    day.look("rule")
    page.goto("/rules/upload")
    day.look("rule-upload")


@pytest.mark.parametrize("language", LANGUAGES)
def test_administrator_reads_models_mail_settings_and_the_trail(walk, language) -> None:
    day = walk("admin", language)
    page = day.page
    page.goto("/protection/models")
    day.look("models")
    page.goto("/admin/health/mail")
    day.look("mail")
    page.goto("/admin/audit")
    day.look("audit")
    # The actions people do every day are words; only a rare one keeps its code.
    actions = page.locator("main table tbody tr td:nth-child(3)")
    assert actions.count() >= 1
    assert not set(page.locator("main table tbody td:nth-child(3) code").all_inner_texts()) & set(
        ACTIONS
    )
    assert set(actions.all_inner_texts()) & {_label(action, language) for action in ACTIONS}


def _label(action: str, language: str) -> str:
    set_language(language)
    try:
        return action_label(action) or action
    finally:
        set_language("en")


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("coordinator", "/jobs"),
        ("coordinator", "a job's report"),
        ("coordinator", "/flows/import"),
        ("designated", "/"),  # the demo's child referral: a designated case worker's
        ("partner", "/"),
    ],
)
def test_newer_pages_fit_an_arabic_phone(walk, role, path) -> None:
    """At 390 px in Arabic the jobs, the flows import and the header's notice of new referrals
    do not make the page scroll sideways, and stay accessible and free of raw codes."""
    day = walk(role, "ar", PHONE)
    page = day.page
    if path == "a job's report":
        page.goto("/poes/import")
        _upload(day, "/poes/import", "large.csv", LARGE_POES)
        expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]{36}$"))
        expect(page.locator("[data-testid=job]")).to_have_attribute(
            "data-status", "done", timeout=120_000
        )
        expect(page.locator("main table tbody tr")).to_have_count(500)
    else:
        page.goto(path)
    if path == "/flows/import":  # a report of rejected rows: its table scrolls in its own box
        counts = "point,period,count,direction\nFMP-KEN-NAMANGA,05/03/2024,4,incoming\n"
        _upload(day, "/flows/import", "counts.csv", counts)
        expect(page.locator("#rejected-rows")).to_be_visible()
    if role in ("designated", "partner"):
        expect(page.locator("header a.header-badge")).to_have_count(1)
    day.look(f"phone-{role}-{re.sub('[^a-z]+', '-', path).strip('-') or 'dashboard'}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (page.url, width)
