"""Feedback in a real browser (axe-core over every page). A person opens the feedback page
once, goes offline, sends three items (one a complaint, answer wanted in Somali), reloads the
page without a network, comes back online, and each item is on the server exactly once; the
focal point answers and the person reads the answer with the code. A trafficking report is
seen by the focal point and by no other staff; the report counts it without showing it."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from passage.demo.service import DEMO_PASSWORD
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
FOCAL = "focalpoint@demo.passage.int"
CASE_WORKER = "caseworker@demo.passage.int"


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()


def _send(page: Page, category: str, message: str, language: str = "so") -> None:
    page.select_option("#category", category)
    page.fill("#message", message)
    page.select_option("#language", language)
    page.get_by_role("button", name="Send", exact=True).click()


def _install(page: Page) -> None:
    page.goto("/feedback")
    _until(page, ACTIVE)
    page.reload()
    _until(page, "navigator.serviceWorker.controller !== null")


ACTIVE = (
    "navigator.serviceWorker.getRegistration('/feedback')"
    ".then(r => !!(r && r.active && r.active.state === 'activated'))"
)


def _until(page: Page, expression: str, seconds: float = 15.0) -> None:
    """Poll an expression through the CDP (the page's policy forbids eval, which
    wait_for_function needs)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"never true: {expression}"
        time.sleep(0.2)


def _messages_on_server(page: Page) -> list[str]:
    found = page.request.get("/api/v1/feedback?limit=200").json()["items"]
    return [item["message"] for item in found]


def test_offline_submissions_are_sent_once_and_the_answer_is_read_with_the_code(
    new_page: Callable[..., Page],
):
    person = new_page(viewport=PHONE)
    context: BrowserContext = person.context
    _install(person)
    assert person.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(person)
    run = uuid.uuid4().hex[:8]
    messages = [f"Cabasho {run} {n}: gargaarka lama helin." for n in range(3)]
    context.set_offline(True)
    for message in messages:
        _send(person, "service_complaint", message)
    expect(person.locator("#feedback-queue")).to_contain_text("3")
    person.reload()  # no network: the service worker serves the page
    expect(person.locator("#feedback-queue")).to_contain_text("3")
    context.set_offline(False)
    person.evaluate("window.passageFeedback.flush()")
    # sent one after another; what a busy server or a network still coming up refused is tried
    # again a few seconds later (and every 30 s in any case)
    expect(person.locator("#feedback-codes li")).to_have_count(3, timeout=40_000)
    expect(person.locator("#feedback-queue")).to_be_hidden()
    assert_accessible(person)
    code = person.locator("#feedback-codes .token").first.inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)

    staff = new_page()
    sign_in(staff, FOCAL)
    on_server = _messages_on_server(staff)
    assert [on_server.count(message) for message in messages] == [1, 1, 1]
    answer_first(staff, messages[0])

    person.goto("/feedback/follow")
    assert_accessible(person)
    person.fill("#code", code)
    person.get_by_role("button", name="Read").click()
    expect(person.locator("main")).to_contain_text("Waan ka xumahay")
    assert_accessible(person)


def answer_first(staff: Page, message: str) -> None:
    staff.goto("/feedback/queue")
    assert_accessible(staff)
    items = staff.request.get("/api/v1/feedback?limit=200").json()["items"]
    item = next(found for found in items if found["message"] == message)
    staff.goto(f"/feedback/items/{item['id']}")
    assert_accessible(staff)
    staff.get_by_role("button", name="Acknowledge").click()
    staff.fill("#answer", "Waan ka xumahay. Kooxdeenna ayaa kula soo xiriiri doona.")
    expect(staff.locator("#answer_language")).to_have_value("so")
    staff.get_by_role("button", name="Send the answer").click()
    expect(staff.locator("main")).to_contain_text("Waan ka xumahay")


def test_a_trafficking_report_reaches_only_the_focal_point_and_is_counted_unseen(
    new_page: Callable[..., Page],
):
    person = new_page(viewport=PHONE)
    person.goto("/feedback")
    marker = f"Trafficking {uuid.uuid4().hex[:8]}: girls kept in a house near the market."
    _send(person, "trafficking", marker, language="en")
    expect(person.locator("#feedback-codes li")).to_have_count(1)

    worker = new_page()
    sign_in(worker, CASE_WORKER)
    worker.goto("/feedback/queue")
    expect(worker.locator("tbody")).not_to_contain_text("Suspected trafficking")
    assert marker not in str(worker.request.get("/api/v1/feedback?limit=200").json())

    focal = new_page()
    sign_in(focal, FOCAL)
    focal.goto("/feedback/queue?category=trafficking")
    expect(focal.locator("tbody")).to_contain_text("Suspected trafficking")
    focal.locator("tbody a").first.click()
    expect(focal.locator("main")).to_contain_text(marker)

    focal.goto("/feedback/reports")
    assert_accessible(focal)
    expect(focal.locator("main")).not_to_contain_text(marker)
    csv_text = focal.request.get("/feedback/reports.csv").text()
    assert "#date+start" in csv_text and marker not in csv_text
    total = focal.request.get("/feedback/reports.csv").text().splitlines()[2].split(",")
    assert total[2:4] == ["total", "all"]


def test_staff_pages_are_accessible(new_page: Callable[..., Page], tmp_path):
    staff = new_page()
    sign_in(staff, FOCAL)
    staff.goto("/feedback/record")
    assert_accessible(staff)
    staff.select_option("#channel", "hotline")
    staff.select_option("#category", "question")
    staff.fill("#message", "When does the next distribution start?")
    staff.get_by_role("button", name="Record", exact=True).click()
    expect(staff.locator(".token")).to_be_visible()
    assert_accessible(staff)
    export = tmp_path / "export.csv"
    export.write_text(
        "category,message,_uuid\nquestion,Where is the clinic?,"
        f"{uuid.uuid4()}\nnonsense,Bad row,{uuid.uuid4()}\n",
        encoding="utf-8",
    )
    staff.goto("/feedback/import")
    assert_accessible(staff)
    staff.set_input_files("#file", str(export))
    staff.get_by_role("button", name="Import").click()
    expect(staff.locator("#import-report")).to_contain_text("Line 3")
    assert_accessible(staff)


def test_the_form_sent_without_the_script_shows_the_code(new_page: Callable[..., Page]):
    page = new_page(viewport=PHONE)
    page.goto("/feedback")
    # form.submit() skips the script's submit handler: what a browser without script sends
    page.evaluate("document.getElementById('feedback-form').submit()")
    expect(page.locator("#category-error")).to_be_visible()
    assert_accessible(page)
    page.select_option("#category", "thanks")
    page.fill("#message", "Thank you for the blankets.")
    page.evaluate("document.getElementById('feedback-form').submit()")
    expect(page.locator(".token")).to_be_visible()
    assert_accessible(page)


def _phone_photo(path) -> None:
    """A photo as a phone makes it: EXIF with a GPS position and the phone's make."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (2.0, 2.0, 30.0), 3: "E", 4: (45.0, 20.0, 5.0)})
    Image.new("RGB", (800, 600), (30, 120, 200)).save(path, format="JPEG", exif=exif.tobytes())


def test_a_person_in_somali_sends_a_complaint_with_a_photo_offline(
    new_page: Callable[..., Page], tmp_path
):
    person = new_page(viewport=PHONE)
    _install(person)
    person.select_option("#language-select", "so")
    person.get_by_role("button", name="Change").click()
    expect(person.get_by_role("heading", level=1, name="Noo sheeg")).to_be_visible()
    assert person.evaluate("document.documentElement.lang") == "so"
    assert person.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(person)
    photo = tmp_path / "IMG_0042.jpg"
    _phone_photo(photo)
    message = f"Cabasho {uuid.uuid4().hex[:8]}: biyaha xerada waa wasakh."
    person.context.set_offline(True)
    person.select_option("#category", "service_complaint")
    person.fill("#message", message)
    person.set_input_files("#photos", str(photo))
    person.get_by_role("button", name="Dir", exact=True).click()
    expect(person.locator("#feedback-queue")).to_contain_text("internetku soo laabto: 1")
    person.reload()  # offline: the service worker serves the Somali page
    expect(person.locator("#feedback-queue")).to_contain_text("1")
    person.context.set_offline(False)
    person.evaluate("window.passageFeedback.flush()")
    expect(person.locator("#feedback-codes .token")).to_have_count(1, timeout=40_000)
    expect(person.locator("#feedback-codes")).to_contain_text("Kaydso koodhkan")
    assert_accessible(person)

    staff = new_page()
    sign_in(staff, FOCAL)
    items = staff.request.get("/api/v1/feedback?limit=200").json()["items"]
    item = next(found for found in items if found["message"] == message)
    detail = staff.request.get(f"/api/v1/feedback/{item['id']}").json()
    assert len(detail["photos"]) == 1 and detail["language"] == "so"
    url = f"/feedback/items/{item['id']}/photos/{detail['photos'][0]['id']}"
    content = staff.request.get(url).body()
    assert content.startswith(b"\xff\xd8") and b"PhoneMaker" not in content
    staff.goto(f"/feedback/items/{item['id']}")
    expect(staff.locator(".photo-list img")).to_have_count(1)
    # The photo is lazy-loaded: bring it into view, then decode() waits for it to load (and
    # rejects if it is broken); reading naturalWidth at once raced the image's own request.
    photo_img = staff.locator(".photo-list img")
    photo_img.scroll_into_view_if_needed()
    assert photo_img.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    assert_accessible(staff)
