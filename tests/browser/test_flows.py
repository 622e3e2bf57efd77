"""Flow monitoring in a real browser (axe-core over every page): the data collector enters a
day's counts at the Namanga point on a 390 px wide page; the coordinator sees the sudden rise
there with its chart and explanation next to Tanzania's new restriction, acknowledges it with a
note, and exports the counts as CSV with an HXL row."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from passage.demo.service import DEMO_PASSWORD
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SHOTS = Path(os.environ.get("PASSAGE_SCREENSHOTS", tempfile.gettempdir()))
YESTERDAY = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()


def test_a_collector_enters_a_days_counts_on_a_phone(new_page: Callable[..., Page]):
    page = new_page(viewport=PHONE)
    sign_in(page, "flowmonitor@demo.passage.int")
    page.goto("/flows/points")
    assert_accessible(page)
    page.get_by_role("link", name="Enter counts · Namanga bus park").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Namanga bus park")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    page.get_by_label("Day").fill(YESTERDAY)
    page.select_option("#direction", "outgoing")
    page.get_by_label("Men", exact=True).fill("14")
    page.get_by_label("Women", exact=True).fill("11")
    page.get_by_label("Girls", exact=True).fill("-3")
    page.get_by_role("button", name="Save the counts").click()
    expect(page.locator("#girls-error")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Day").fill(YESTERDAY)
    page.get_by_label("Girls", exact=True).fill("4")
    page.get_by_label("Unaccompanied children").fill("1")
    page.get_by_role("button", name="Save the counts").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)


def test_a_coordinator_acknowledges_a_rise_next_to_a_new_restriction_and_exports_hxl(
    new_page: Callable[..., Page],
):
    page = new_page()
    sign_in(page, "coordinator@demo.passage.int")
    page.goto("/flows")
    assert_accessible(page)
    page.get_by_role("link", name="FMP-KEN-NAMANGA").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rise at FMP-KEN-NAMANGA")
    expect(page.locator("svg.flow-chart polyline.flow-observed")).to_have_count(1)
    expect(page.locator("svg.flow-chart polyline.flow-expected")).to_have_count(1)
    expect(page.locator("svg.flow-chart circle")).to_have_count(1)
    expect(page.locator(".lead")).to_contain_text("above the alert threshold")
    expect(page.locator("li", has_text="Arrivals from Kenya suspended")).to_contain_text("TZA")
    assert page.locator("svg.flow-chart line[stroke='#6a3d9a']").count() >= 1
    assert_accessible(page)
    page.get_by_label("Note (what you found or did)").fill(
        "Team confirms: people leaving after Tanzania's closure; shelter informed."
    )
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Team confirms: people leaving")).to_be_visible()
    assert_accessible(page)
    exported = page.request.get("/flows/counts.csv")
    assert exported.ok
    rows = list(csv.reader(io.StringIO(exported.text())))
    assert rows[1][:4] == ["#loc+name", "#loc+code", "#country+code", "#date"]
    assert any(row[0] == "FMP-KEN-NAMANGA" and row[-1] == "14" for row in rows[2:])


def test_a_collector_imports_a_csv_and_sees_each_rejected_row(
    new_page: Callable[..., Page], tmp_path
):
    page = new_page(viewport=PHONE)
    sign_in(page, "flowmonitor@demo.passage.int")
    page.goto("/flows/points")
    page.get_by_role("link", name="Import counts").click()
    expect(page.get_by_role("heading", level=1, name="Import counts")).to_be_visible()
    assert_accessible(page)
    upload = tmp_path / "counts.csv"
    upload.write_text(
        "point,period,count,direction\n"
        f"FMP-KEN-NAMANGA,{YESTERDAY},9,incoming\n"
        "FMP-KEN-NAMANGA,05/03/2024,4,incoming\n"
    )
    page.get_by_label("CSV or XLSX file").set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-report")).to_contain_text("Rows rejected: 1")
    expect(page.locator("#rejected-rows")).to_contain_text("period")
    expect(page.locator("#rejected-rows td").first).to_have_text("3")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)


def test_a_coordinator_reads_a_nationality_alert_and_tunes_that_series(
    new_page: Callable[..., Page],
):
    page = new_page()
    sign_in(page, "coordinator@demo.passage.int")
    page.goto("/flows")
    page.get_by_role("row", name="Nationality TZA").first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nationality TZA")
    expect(page.locator(".lead")).to_contain_text("of people of nationality TZA")
    expect(page.locator("svg.flow-chart polyline.flow-observed")).to_have_count(1)
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / "flows-series-alert.png"), full_page=True)
    page.goto("/flows/points")
    page.get_by_role("link", name="Detectors and backtest · Namanga bus park").click()
    page.get_by_role("link", name="Nationality TZA").first.click()
    expect(page.get_by_role("heading", level=2, name="Series: Nationality TZA")).to_be_visible()
    expect(page.locator("input[name=series][type=hidden]").first).to_have_value("nationality:TZA")
    page.get_by_label("Judge this series").select_option("yes")
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / "flows-series-detector.png"), full_page=True)
