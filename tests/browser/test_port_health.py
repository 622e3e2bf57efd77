"""Port health in a real browser: a border officer registers a traveller, a port-health officer
screens them (prefilled from the crossing), verifies a certificate from a photo of its QR code
and follows the case; the border officer then sees the clearance and no health detail."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import segno
from playwright.sync_api import Browser, Page, expect

from passage.border.mrz import build_td3
from passage.demo.service import DEMO_PASSWORD
from passage.kit.clock import utcnow
from tests.browser.conftest import CHROMIUM_ARGS, DEFAULT_CHROMIUM
from tests.dcc.factory import current_qr, make_signer

pytestmark = pytest.mark.browser

BORDER_EMAIL = "border@demo.passage.int"
HEALTH_EMAIL = "health@demo.passage.int"
NAMANGA = "Namanga One Stop Border Post (LND-KEN-NAMANGA)"


@pytest.fixture(scope="module")
def certificate_photo(live_server: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A trusted signer imported with `passage health trust-list-import` into the live server's
    database, and a PNG photo of a certificate it signed."""
    databases = sorted(tmp_path_factory.getbasetemp().glob("live-server*/passage.db"))
    assert databases, "the live server's database file was not found"
    folder = tmp_path_factory.mktemp("certificate")
    signer = make_signer(around=utcnow())
    (folder / "dsc.der").write_bytes(signer[1])
    env = {**os.environ, "PASSAGE_DATABASE_URL": f"sqlite:///{databases[-1]}"}
    passage = str(Path(sys.executable).with_name("passage"))
    done = subprocess.run(
        [passage, "health", "trust-list-import", "--name", "Browser", str(folder / "dsc.der")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    photo = folder / "certificate.png"
    segno.make(current_qr(signer), micro=False).save(str(photo), scale=6, border=6)
    return photo


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()


def register_crossing(page: Page) -> str:
    """The border officer's screens 1 and 2; returns the crossing's URL."""
    mrz = build_td3(
        issuing_state="KEN",
        document_number="AK1029384",
        surname="MUTUA",
        given_names="JANET WAIRIMU",
        nationality="KEN",
        birth_date=date(1986, 3, 14),
        sex="F",
        expiry_date=date(2034, 5, 31),
    )
    page.goto("/border")
    page.locator("#mrz").fill(mrz)
    page.get_by_role("button", name="Read the document").click()
    page.get_by_label("Coming from (ISO3)").fill("COD")
    page.get_by_role("button", name="Register the crossing").click()
    expect(page).to_have_url(re.compile(r"/border/crossings/[0-9a-f-]{36}$"))
    return page.url


def test_port_health_officer_screens_verifies_and_follows_the_case(
    browser: Browser, new_page, certificate_photo: Path, tmp_path: Path
) -> None:
    border = new_page()
    sign_in(border, BORDER_EMAIL)
    crossing_url = register_crossing(border)
    expect(border.locator("#health-clearance")).to_contain_text("not screened")
    crossing_id = crossing_url.rsplit("/", 1)[1]

    health = new_page()
    sign_in(health, HEALTH_EMAIL)
    health.get_by_role("link", name="Port health").first.click()
    expect(health.get_by_role("heading", level=1, name="Port health")).to_be_visible()

    # Screening, prefilled from the crossing; answered with the keyboard.
    health.goto(f"/health/screenings/new?crossing_id={crossing_id}")
    expect(health.get_by_label("Surname")).to_have_value("MUTUA")
    expect(health.get_by_label("Departure country (ISO alpha-3)")).to_have_value("COD")
    health.get_by_label("Temperature (°C)").fill("38.9")
    health.get_by_label("Headache").check()
    health.get_by_label("Vomiting").check()
    health.get_by_label("Fatigue").check()
    health.get_by_label("Phone during the stay").fill("+254711000222")
    health.screenshot(path=str(tmp_path / "screening-form.png"), full_page=True)
    health.get_by_role("button", name="Classify and save").press("Enter")
    expect(health.locator("#classification")).to_contain_text("Isolate and refer")
    expect(health.get_by_role("cell", name=re.compile("Came from COD"))).to_have_count(2)
    health.screenshot(path=str(tmp_path / "screening-result.png"), full_page=True)

    # A certificate read from a photo of its QR code (decoded on the server).
    health.goto("/health/certificates")
    health.get_by_label("Point of entry").select_option(label=NAMANGA)
    health.get_by_label("Or a photo of the QR code").set_input_files(str(certificate_photo))
    health.get_by_role("button", name="Verify").click()
    expect(health.locator("#certificate-result")).to_have_text("Valid")
    expect(health.get_by_text("Musterfrau")).to_be_visible()
    health.screenshot(path=str(tmp_path / "certificate.png"), full_page=True)

    # The case: first follow-up, then a referral.
    health.go_back()
    health.go_back()
    health.get_by_role("link", name="Follow the case").click()
    expect(health.locator("#case-status")).to_have_text("Open")
    health.get_by_text("Record the outcome").first.click()
    health.get_by_label("Well").first.check()
    health.get_by_role("button", name="Save the follow-up").first.click()
    expect(health.get_by_role("cell", name="Done").first).to_be_visible()
    # the facility is picked from the service directory's health points in Kenya
    health.get_by_label("Health facility", exact=True).select_option(
        "Kenya Red Cross, Nairobi shelter"
    )
    health.get_by_role("button", name="Refer", exact=True).click()
    expect(health.locator("#case-status")).to_have_text("Referred")
    health.screenshot(path=str(tmp_path / "case.png"), full_page=True)

    # The border officer sees the clearance, and no health detail anywhere.
    border.goto(crossing_url)
    expect(border.locator("#health-clearance")).to_contain_text("referred")
    text = border.locator("main").inner_text()
    for detail in ("38.9", "Headache", "Isolate", "Ebola", "Kajiado County Referral"):
        assert detail not in text
    border.screenshot(path=str(tmp_path / "border-crossing.png"), full_page=True)
    response = border.goto("/health/cases")
    assert response is not None and response.status == 403
    expect(border.get_by_role("link", name="Port health")).to_have_count(0)


def y4m_video(picture: Path, target: Path, frames: int = 5) -> Path:
    """A short Y4M clip of a picture, for Chromium's fake camera."""
    from PIL import Image

    image = Image.open(picture).convert("L")
    image = image.resize((image.width // 2 * 2, image.height // 2 * 2))
    chroma = bytes([128]) * ((image.width // 2) * (image.height // 2))
    frame = b"FRAME\n" + image.tobytes() + chroma + chroma
    header = f"YUV4MPEG2 W{image.width} H{image.height} F10:1 Ip A1:1 C420jpeg\n".encode()
    target.write_bytes(header + frame * frames)
    return target


def test_a_certificate_is_read_with_the_camera(
    browser: Browser, live_server: str, certificate_photo: Path, tmp_path: Path
) -> None:
    """The camera button (jsQR in the page) reads the code, fills the text and verifies."""
    video = y4m_video(certificate_photo, tmp_path / "camera.y4m")
    camera_browser = browser.browser_type.launch(
        executable_path=os.environ.get("PASSAGE_CHROMIUM") or DEFAULT_CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera_browser.new_context(base_url=live_server, locale="en-GB")
        context.set_default_timeout(15_000)
        context.grant_permissions(["camera"], origin=live_server)
        page = context.new_page()
        sign_in(page, HEALTH_EMAIL)
        page.goto("/health/certificates")
        page.get_by_label("Point of entry").select_option(label=NAMANGA)
        page.get_by_role("button", name="Use the camera").click()
        expect(page.locator("#certificate-result")).to_have_text("Valid")
        expect(page.locator("#qr_text")).to_have_value(re.compile(r"^HC1:"))
        page.screenshot(path=str(tmp_path / "camera.png"), full_page=True)
    finally:
        camera_browser.close()
