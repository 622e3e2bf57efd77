"""Pages on a phone: nothing makes the page wider than the screen; wide tables scroll inside
their own box (an officer at a remote post may only have a phone)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from passage.access import Role
from passage.demo.service import DEMO_PASSWORD, demo_logins

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
NAMANGA = "the Namanga POE page"  # with its 30-day chart; its address holds the POE's id
LOGINS = {login.role: login for login in demo_logins(None)}
PAGES = {
    None: ["/overview", "/countries", "/countries/KEN", "/poes", "/rules", "/map", "/travel"],
    Role.BORDER_OFFICER: ["/", "/border", "/border/crossings", NAMANGA, "/referrals"],
    Role.HEALTH_AUTHORITY: ["/health", "/health/cases", "/health/interest"],
    Role.ADMIN: ["/admin/audit", "/admin/users", "/admin/exchange", "/alert-lists"],
}
CASES = [(role, path) for role, paths in PAGES.items() for path in paths]
CASE_IDS = [f"{role.value if role else 'public'}{path}" for role, path in CASES]

# Elements that stick out past the right edge of the screen, outside any box that scrolls
# on its own (a table wrapper, the map).
OVERFLOWING = """() => {
  const edge = document.documentElement.clientWidth + 1;
  return [...document.querySelectorAll('body *')]
    .filter(e => !e.closest('.table-wrap, .leaflet-container'))
    .filter(e => e.getBoundingClientRect().right > edge)
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))
    .slice(0, 5);
}"""


def _phone_page(new_page: Callable[..., Page], role: Role | None) -> Page:
    page = new_page(viewport=PHONE)
    if role is not None:
        page.goto("/login")
        page.get_by_label("E-mail").fill(LOGINS[role].email)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()
    return page


@pytest.mark.parametrize(("role", "path"), CASES, ids=CASE_IDS)
def test_page_is_no_wider_than_a_phone_screen(
    new_page: Callable[..., Page], role: Role | None, path: str
) -> None:
    """The document does not scroll sideways at 360 px; tables scroll within their wrapper."""
    page = _phone_page(new_page, role)
    if path == NAMANGA:
        found = page.request.get("/api/v1/poes", params={"q": "LND-KEN-NAMANGA"}).json()
        path = f"/poes/{found['items'][0]['id']}"
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (path, width, page.evaluate(OVERFLOWING))
    for table in page.locator("table.table").all():
        wrapper = table.locator("xpath=..")
        assert wrapper.get_attribute("class") == "table-wrap", path


def test_wide_table_scrolls_inside_its_wrapper(new_page: Callable[..., Page]) -> None:
    """The overview's widest table is wider than the phone and scrolls in its own box."""
    page = _phone_page(new_page, None)
    page.goto("/overview")
    widths = page.eval_on_selector_all(
        ".table-wrap",
        "boxes => boxes.map(b => [b.scrollWidth, b.clientWidth, getComputedStyle(b).overflowX])",
    )
    scrolling = [w for w in widths if w[0] > w[1]]
    assert scrolling, "expected at least one table wider than a phone on the overview"
    assert all(overflow == "auto" for _, _, overflow in scrolling)
