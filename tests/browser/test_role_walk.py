"""Each role's day in a real browser, in English and in Arabic (#15 "Done when").

Every walk signs in, opens the dashboard, follows a queue's count to its filtered list, opens an
item and does the day's work to done. Every page it shows is checked: no raw code or raw
validation text (`tests/browser/raw_text.py`), no axe-core violation, at most 100 KB of HTML.

The walks are one day at one post, in order, on their own demo server: the officer refers a
traveller to IOM (the case worker's new referral), the case worker opens a case and refers it
to Kenya Red Cross (the partner's new referral). Elements are found by their address, field
name or form action, never by their words, so each walk runs unchanged in both languages."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Response, expect

from passage.demo.service import DEMO_PASSWORD
from passage.kit.clock import today
from passage.web.middleware import LANGUAGE_COOKIE
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PAGES_KEY, SHOTS_KEY, demo_server
from tests.browser.raw_text import Finding, raw_texts

pytestmark = pytest.mark.browser

LANGUAGES = ("en", "ar")
MAX_PAGE_BYTES = 100 * 1024
SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
)
EMAILS = {
    "officer": "border@demo.passage.int",
    "port_health": "health@demo.passage.int",
    "coordinator": "coordinator@demo.passage.int",
    "case_worker": "caseworker@demo.passage.int",
    "designated": "designated@demo.passage.int",
    "partner": "partner@demo.passage.int",
    "admin": "admin@demo.passage.int",
}


@pytest.fixture(scope="module")
def walk_server(
    chromium_executable: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A demo server of the walks' own: their day changes the demo's queues."""
    with demo_server(tmp_path_factory.mktemp("role-walk")) as base_url:
        yield base_url


class Walk:
    """One person's session in one language; `look` checks every page it shows."""

    def __init__(self, page: Page, language: str, base_url: str, shots: Path | None) -> None:
        self.page, self.language, self.base_url, self.shots = page, language, base_url, shots
        self.documents: list[Response] = []
        page.on("response", self._keep_document)

    def _keep_document(self, response: Response) -> None:
        if response.request.resource_type == "document":
            self.documents.append(response)

    def look(self, name: str) -> None:
        """No raw text, no axe violation, the HTML under 100 KB; a screenshot is kept when
        PASSAGE_SCREENSHOTS names a folder (a failed walk's pages are photographed anyway)."""
        page = self.page
        page.wait_for_load_state()
        if self.language == "ar":
            expect(page.locator("html")).to_have_attribute("dir", "rtl")
        found: list[Finding] = raw_texts(page, language=self.language)
        assert not found, "\n".join(sorted({str(finding) for finding in found}))
        assert_accessible(page)
        shown = [response for response in self.documents if not 300 <= response.status < 400]
        self.documents.clear()
        for response in shown[-1:]:  # the page on screen (a redirect has no body)
            size = len(response.body())
            assert size <= MAX_PAGE_BYTES, f"{response.url}: {size} bytes of HTML"
        if self.shots is not None:
            page.screenshot(path=str(self.shots / f"{name}-{self.language}.png"), full_page=True)

    def queue(self, href: str) -> int:
        """Follow the dashboard card that links to `href`; its count, read before."""
        self.page.goto("/")
        self.look("dashboard")
        card = self.page.locator(f'main a.card[href="{href}"]:has(.figure)')
        count = int(card.locator(".figure").inner_text())
        card.click()
        expect(self.page).to_have_url(re.compile(re.escape(href) + "$"))
        self.look("queue")
        return count

    def submit(self, action: str, button: str = "button[type=submit]") -> None:
        """Press the (first) button of the form posting to an address ending with `action`."""
        form = self.page.locator(f'form[action$="{action}"]').first
        form.locator(button).first.click()
        self.page.wait_for_load_state()


@pytest.fixture
def walk(
    browser: Browser, walk_server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[..., Walk]]:
    """Factory: a signed-in session of a role in a language, on the walks' server."""
    contexts = []
    pages = request.node.stash.setdefault(PAGES_KEY, [])
    request.node.stash[SHOTS_KEY] = tmp_path
    shots = (
        Path(os.environ["PASSAGE_SCREENSHOTS"]) if os.environ.get("PASSAGE_SCREENSHOTS") else None
    )
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)

    def start(role: str, language: str, viewport: dict[str, int] | None = None) -> Walk:
        options = {"viewport": viewport} if viewport else {}
        context = browser.new_context(base_url=walk_server, locale="en-GB", **options)
        context.set_default_timeout(15_000)
        context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": walk_server}])
        contexts.append(context)
        page = context.new_page()
        pages.append(page)
        page.goto("/login")
        page.locator("input[name=email]").fill(EMAILS[role])
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator('form[action="/login"] button[type=submit]').click()
        expect(page).not_to_have_url(re.compile("/login"))
        return Walk(page, language, walk_server, shots)

    yield start
    for context in contexts:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_officer_decides_a_waiting_crossing_and_registers_a_traveller(walk, language) -> None:
    day = walk("officer", language)
    page = day.page
    waiting = day.queue("/border/crossings?decision=pending")
    assert waiting >= 1
    page.locator("main table tbody a").first.click()
    expect(page).to_have_url(re.compile(r"/border/crossings/[0-9a-f-]{36}$"))
    crossing = page.url
    day.look("crossing")
    page.locator("input[name=decision][value=referred_secondary]").check()
    page.locator("#reason").fill("Document to be checked by secondary")
    day.submit("/decision")
    page.goto(crossing)
    expect(page.locator("#decision-history")).to_contain_text("Document to be checked")
    day.look("decided")

    page.goto("/border")
    day.look("check")
    page.locator("#mrz").fill(SPECIMEN)
    page.locator("form.form button[type=submit]").first.click()
    expect(page.locator("[data-check=specimen]")).to_be_visible()
    expect(page.locator("[data-check=expired]")).to_be_visible()
    day.look("warnings")
    page.locator("button[accesskey=r]").click()
    expect(page).to_have_url(re.compile(r"/border/crossings/[0-9a-f-]{36}$"))
    expect(page.locator("input[name=decision]:checked")).to_have_count(0)
    registered = page.url
    day.look("registered")
    page.locator("input[name=decision][value=refused]").check()
    page.locator("#reason").fill("Specimen passport")
    day.submit("/decision")
    page.goto(registered)
    expect(page.locator("#decision-history")).to_contain_text("Specimen passport")
    day.look("history")

    page.locator("#flag-and-refer summary").click()
    page.locator("input[name=flags][value=intention_to_seek_asylum]").check()
    page.locator("input[name=consent_given]").check()
    page.locator("#service_provider").fill("IOM Namanga")
    page.locator("#organisation").select_option("IOM")
    day.submit("/referrals")
    expect(page.locator("#referrals a[href^='/referrals/']")).to_have_count(1)
    day.look("referred")


@pytest.mark.parametrize("language", LANGUAGES)
def test_port_health_officer_records_the_follow_up_due_today(walk, language) -> None:
    day = walk("port_health", language)
    page = day.page
    if language == "ar":  # English took the demo's case due today: arrived yesterday, due today
        _screen_a_contact(day)
    due = day.queue("/health/cases?due=today")
    assert due >= 1
    page.locator("main table tbody a[href^='/health/cases/']").first.click()
    day.look("case")
    task = page.locator("details", has=page.locator("form.health-form")).first
    task.locator("summary").first.click()
    form = task.locator("form.health-form")
    form.locator("input[name=outcome][value=well]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    day.look("recorded")
    page.goto("/")
    after = int(page.locator('main a.card[href="/health/cases?due=today"] .figure').inner_text())
    assert after == due - 1


def _screen_a_contact(day: Walk) -> None:
    """A traveller who arrived yesterday with contact with a case: a case with a follow-up today."""
    page = day.page
    page.goto("/health/screenings/new")
    form = page.locator("#screening-form")
    form.locator("select[name=poe_id]").select_option(index=1)
    form.locator("input[name=surname]").fill("MUTUA")
    form.locator("input[name=given_names]").fill("JANET")
    form.locator("input[name=arrival_date]").fill((today() - timedelta(days=1)).isoformat())
    form.locator("input[name=temperature_c]").fill("36.8")
    form.locator("input[name=contact_with_case]").check()
    form.locator("input[name=phone]").fill("+254711000333")
    form.locator("button[type=submit]").last.press("Enter")
    page.wait_for_load_state()
    day.look("screened")
    page.locator("form[action$='/case'] button[type=submit]").click()
    expect(page.locator("#case-status")).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_coordinator_publishes_a_draft_and_moderates_a_report(walk, language) -> None:
    day = walk("coordinator", language)
    page = day.page
    drafts = day.queue("/measures?status=draft")
    assert drafts >= 1
    page.locator("main table tbody a[href^='/measures/']").first.click()
    day.look("draft")
    day.submit("/publish")
    day.look("published")
    page.goto("/")
    after = int(page.locator('main a.card[href="/measures?status=draft"] .figure').inner_text())
    assert after == drafts - 1

    reports = day.queue("/moderation")
    assert reports >= 1
    page.locator("main form[action^='/moderation/'] input[name=note]").first.fill("Checked")
    page.locator("main form[action^='/moderation/'] button[value=accepted]").first.click()
    page.wait_for_load_state()
    day.look("moderated")
    expect(page.locator("main form[action^='/moderation/']")).to_have_count(reports - 1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_case_worker_opens_a_new_referral_and_refers_it_on(walk, language) -> None:
    day = walk("case_worker", language)
    page = day.page
    new = day.queue("/protection/border-referrals")
    assert new >= 1
    # The oldest is the demo's child, for a designated case worker; the officer's come after.
    page.locator("main form[action^='/protection/border-referrals/'] button").last.click()
    expect(page).to_have_url(re.compile(r"/protection/cases/[0-9a-f-]{36}$"))
    day.look("case")
    activate = page.locator("main form[action$='/actions/status'] button")
    if activate.count():
        activate.click()
        page.wait_for_load_state()
        day.look("active")
    page.locator("main a[href$='/refer']").first.click()
    day.look("refer")
    page.locator("#purpose").fill("Referral to a partner")
    page.locator("input[name=fields]").first.check()
    page.locator("#expires_on").fill((today() + timedelta(days=90)).isoformat())
    day.submit("/consents")
    day.look("consent")
    provider = page.locator("#provider_id option", has_text="Kenya Red Cross").first
    page.locator("#provider_id").select_option(provider.get_attribute("value"))
    page.locator("input[name=services]").first.check()
    page.locator("#reason").fill("Needs shelter tonight")
    day.submit("/refer")
    day.look("referred")


@pytest.mark.parametrize("language", LANGUAGES)
def test_partner_answers_a_new_referral(walk, language) -> None:
    day = walk("partner", language)
    page = day.page
    new = day.queue("/protection/partner?status=pending")
    assert new >= 1
    page.locator("main a[href^='/protection/partner/referrals/']").first.click()
    day.look("referral")
    page.locator("#status").select_option("accepted")
    page.locator("#note").fill("We take them tonight")
    day.submit(page.url.removeprefix(day.base_url))
    day.look("answered")
    page.goto("/")
    after = page.locator('main a.card[href="/protection/partner?status=pending"] .figure')
    assert int(after.inner_text()) == new - 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_administrator_edits_deactivates_a_user_and_reads_their_trail(walk, language) -> None:
    day = walk("admin", language)
    page = day.page
    page.goto("/")
    day.look("dashboard")
    page.locator('main a.card[href="/admin/users"]').click()
    day.look("users")
    page.locator("main table a[href^='/admin/users/']", has_text="Flow").first.click()
    user = page.url
    day.look("user")
    page.locator("#organisation").fill(f"IOM Kenya ({language})")
    day.submit(user.removeprefix(day.base_url))
    day.look("edited")
    day.submit("/active")
    day.look("deactivated")
    day.submit("/active")
    day.look("reactivated")

    page.goto("/")
    page.locator('main a.card[href="/admin/audit"]').click()
    day.look("audit")
    admin = page.locator("#actor option", has_text="Admin").first.get_attribute("value")
    page.locator("#actor").select_option(admin)
    page.locator("main form[method=get] button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator("main table tbody tr").first).to_be_visible()
    day.look("audit-by-person")
