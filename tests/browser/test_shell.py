"""The web shell in a real browser: sign-in per role, keyboard use, RTL, page weight, HTMX search,
the no-JavaScript fallback and the crossings import."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, Response, expect

from passage.access import PERMISSIONS, Role
from passage.demo.service import DEMO_PASSWORD, DemoLogin, demo_logins

pytestmark = pytest.mark.browser

LOGINS = demo_logins(None)
ADMIN = next(login for login in LOGINS if login.role is Role.ADMIN)
BORDER = next(login for login in LOGINS if login.role is Role.BORDER_OFFICER)
PAGE_BUDGET_BYTES = 100 * 1024
SHOTS_DIR = Path("/tmp/passage-shots")
SEARCH_TERM = "Namanga"


def sign_in(page: Page, login: DemoLogin) -> None:
    """Fill in and send the sign-in form, then wait for the dashboard."""
    page.goto("/login")
    page.get_by_label("E-mail").fill(login.email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()


def main_nav(page: Page) -> list[str]:
    """The labels of the main navigation links."""
    return [
        text.strip()
        for text in page.get_by_role("navigation", name="Main")
        .get_by_role("link")
        .all_inner_texts()
    ]


@pytest.mark.parametrize("login", LOGINS, ids=[login.role.value for login in LOGINS])
def test_sign_in_shows_dashboard_and_role_navigation_then_sign_out(
    page: Page, login: DemoLogin
) -> None:
    """Every demo login lands on its dashboard with its name, role badge and role's menu."""
    sign_in(page, login)
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))  # the dashboard is the home page
    expect(page.get_by_test_id("roles")).to_contain_text(login.name)
    role_label = re.compile(
        login.role.value.replace("_", "[ _-]"), re.IGNORECASE
    )  # raw or humanised
    expect(page.locator("[data-testid=roles] .badge").first).to_contain_text(role_label)
    expect(page.get_by_role("link", name=login.name)).to_be_visible()

    nav = main_nav(page)
    assert "Dashboard" in nav and "Points of entry" in nav
    assert ("Users" in nav) == (login.role in PERMISSIONS["users.manage"])
    assert ("Audit trail" in nav) == (login.role in PERMISSIONS["audit.read"])
    if login.role is Role.ADMIN:
        assert {"Users", "Audit trail"} <= set(nav)
    if login.role is Role.BORDER_OFFICER:
        assert not {"Users", "Audit trail"} & set(nav)

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/")
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    expect(page.locator("header").get_by_role("link", name="Sign in")).to_be_visible()


def _active_id(page: Page) -> str:
    return str(page.evaluate("document.activeElement ? document.activeElement.id : ''"))


def _tab_to(page: Page, element_id: str, limit: int = 25) -> int:
    """Press Tab until the element with this id has focus; return how many presses it took."""
    for presses in range(limit + 1):
        if _active_id(page) == element_id:
            return presses
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} never received focus after {limit} Tab presses")


def test_skip_link_is_first_focusable_and_moves_focus_to_main(page: Page) -> None:
    """The first Tab lands on the skip link, which shows itself and jumps to the content."""
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_class(re.compile(r"\bskip-link\b"))
    expect(focused).to_have_text("Skip to content")
    box = focused.bounding_box()
    assert box is not None and box["x"] >= 0 and box["width"] > 20, (
        f"skip link not on screen when focused: {box}"
    )
    page.keyboard.press("Enter")
    assert _active_id(page) == "main"


def test_keyboard_only_sign_in(page: Page) -> None:
    """Tab to the fields, type, press Enter: signed in without touching the mouse."""
    page.goto("/login")
    _tab_to(page, "email")
    page.keyboard.type(ADMIN.email)
    assert _tab_to(page, "password") == 1  # the password follows the e-mail directly
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()
    expect(page.get_by_test_id("roles")).to_contain_text(ADMIN.name)


def test_language_switch_to_arabic_is_rtl_and_back(page: Page) -> None:
    """Choosing Arabic turns the page right-to-left; English turns it back."""
    page.goto("/")
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "ltr")
    with page.expect_navigation():
        page.locator("#language-select").select_option("ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    with page.expect_navigation():
        page.locator("#language-select").select_option("en")
    expect(html).to_have_attribute("dir", "ltr")
    expect(html).to_have_attribute("lang", "en")


def _page_weight(page: Page, path: str) -> tuple[int, list[str]]:
    """Load a page in this (fresh) context; total bytes over the wire and one line per request."""
    requests: list[Request] = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto(path, wait_until="load")
    page.wait_for_load_state("networkidle")
    total, lines = 0, []
    for request in requests:
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        total += size
        lines.append(f"{size:>8} {request.url}")
    assert requests, f"no requests recorded for {path}"
    return total, lines


@pytest.mark.parametrize("path", ["/", "/login", "/dashboard", "/poes"])
def test_page_weight_under_budget(new_page: Callable[..., Page], path: str) -> None:
    """A first visit (empty cache) transfers under 100 KB, scripts and styles included."""
    if path == "/dashboard":
        signed_in = new_page()
        sign_in(signed_in, ADMIN)
        # the same session in a new context, so the cache is empty again
        page = new_page(storage_state=signed_in.context.storage_state())
        total, lines = _page_weight(page, "/")
    else:
        page = new_page()
        total, lines = _page_weight(page, path)
    print(f"page weight of {path}: {total} bytes")
    assert any("htmx" in line for line in lines) and any(".css" in line for line in lines)
    assert total < PAGE_BUDGET_BYTES, f"{path} transferred {total} bytes:\n" + "\n".join(lines)


@pytest.mark.parametrize("path", ["/", "/login", "/poes"])
def test_pages_load_without_script_errors_or_csp_violations(page: Page, path: str) -> None:
    """No console errors (CSP violations included) and no uncaught exceptions on load."""
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert problems == [], f"{path}: " + "\n".join(problems)


def _result_total(page: Page) -> int:
    text = page.locator("#poe-results > p").first.inner_text()
    match = re.search(r"\d+", text)
    assert match, f"no count in {text!r}"
    return int(match.group())


def _assert_filtered(page: Page, unfiltered_total: int) -> None:
    rows = page.locator("#poe-results tbody tr")
    expect(rows.first).to_contain_text(SEARCH_TERM)
    texts = rows.all_inner_texts()
    assert texts and all(SEARCH_TERM.lower() in text.lower() for text in texts), texts
    assert 0 < _result_total(page) < unfiltered_total


def test_poe_search_updates_results_with_htmx_without_reload(page: Page) -> None:
    """Typing in the search box swaps only the results table (an HTMX request, no navigation)."""
    sign_in(page, BORDER)
    page.goto("/poes")
    unfiltered = _result_total(page)
    page.evaluate("window.__sameDocument = true")
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))

    def is_htmx_search(response: Response) -> bool:
        request = response.request
        return "/poes?" in request.url and request.headers.get("hx-request") == "true"

    with page.expect_response(is_htmx_search) as answer:
        page.locator("#q").fill(SEARCH_TERM)
    body = answer.value.text()
    assert "<html" not in body.lower() and 'id="poe-results"' in body  # a fragment, not a page
    _assert_filtered(page, unfiltered)
    assert page.evaluate("window.__sameDocument") is True
    assert navigations == []


def test_poe_search_works_without_javascript(new_page: Callable[..., Page]) -> None:
    """With JavaScript off the same form submits as a plain GET and filters the list."""
    page = new_page(java_script_enabled=False)
    page.goto("/poes")
    unfiltered = _result_total(page)
    page.locator("#q").fill(SEARCH_TERM)
    with page.expect_navigation():
        page.locator("form[action='/poes']").get_by_role("button", name="Search").click()
    assert f"q={SEARCH_TERM}" in page.url
    expect(page.locator("#q")).to_have_value(SEARCH_TERM)
    _assert_filtered(page, unfiltered)


def test_admin_imports_crossings_csv_and_sees_rejected_line(page: Page, tmp_path: Path) -> None:
    """The upload form reports created rows and the line number of the bad one."""
    csv_file = tmp_path / "crossings.csv"
    csv_file.write_text(
        "code,name,kind,country,admin_area,latitude,longitude\n"
        "LND-BRW-ONE,Browser Test Crossing One,land_crossing,KEN,Kajiado,-2.50,36.70\n"
        "LND-BRW-TWO,Browser Test Crossing Two,land_crossing,NOPE,Nowhere,-2.60,36.80\n"
        "LND-BRW-THREE,Browser Test Crossing Three,land_crossing,TZA,Arusha,-2.70,36.90\n",
        encoding="utf-8",
    )
    sign_in(page, ADMIN)
    page.get_by_role("link", name="Import crossings").click()
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Import").click()
    summary = page.get_by_test_id("import-summary")
    expect(summary).to_contain_text("Created 2")
    expect(summary).to_contain_text("rejected 1")
    first_cells = page.locator("section table tbody tr td:first-child").all_inner_texts()
    assert first_cells == ["3"], first_cells  # header is line 1, the NOPE row is line 3


@pytest.mark.parametrize("login", [ADMIN, BORDER], ids=["admin", "border_officer"])
def test_dashboard_screenshot(page: Page, login: DemoLogin) -> None:
    """Save the dashboard of the role for a human to look at."""
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, login)
    path = SHOTS_DIR / f"dashboard-{login.role.value}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000
    print(f"dashboard screenshot: {path}")
