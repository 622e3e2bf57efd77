"""A large import in a real browser (#14 item 2): the upload becomes a background job, the user
leaves for another page, comes back through "Your jobs", sees the progress and then the report;
every page of the flow passes axe-core."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from passage.restrictions.imports import template
from tests.browser.axe import assert_accessible
from tests.browser.test_restrictions import ConsoleWatch, _signed_in

pytestmark = pytest.mark.browser
ROWS = 3000  # about 1.3 MB: over the size that makes an import a background job
JOB_URL = re.compile(r"/jobs/[0-9a-f-]{36}$")
CODES = ["UGA", "TZA", "RWA", "BDI", "SSD", "ETH", "SOM", "COD", "ZMB", "MWI"] * 10


def _large_template(path: Path) -> Path:
    lines = [",".join(template.NAMES)]
    for number in range(ROWS):
        row = dict.fromkeys(template.NAMES, "")
        row |= {
            "ref": f"browser-job-{number}",
            "country": "XXX" if number == 7 else "KEN",
            "measure_type": "origin_ban",
            "title": f"Ban {number}",
            "origins": " ".join(CODES),
            "effective_from": "2021-01-01",
            "status": "published",
        }
        lines.append(",".join(row[name] for name in template.NAMES))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    return path


def test_a_large_import_runs_in_the_background_and_its_report_waits(
    new_page: Callable[..., Page], tmp_path: Path
) -> None:
    page = _signed_in(new_page)
    console = ConsoleWatch(page)
    page.goto("/restrictions/import")
    page.get_by_label("File").set_input_files(str(_large_template(tmp_path / "large.csv")))
    page.get_by_role("button", name="Import").click()
    expect(page).to_have_url(JOB_URL)
    job_url = page.url
    expect(page.get_by_test_id("job-status")).to_be_visible()
    assert_accessible(page)
    console.checkpoint("job page (started)")

    page.goto("/measures")  # the user leaves ...
    page.goto("/jobs")  # ... and comes back through their jobs
    assert_accessible(page)
    page.get_by_role("link", name="large.csv").first.click()
    expect(page).to_have_url(job_url)
    job = page.get_by_test_id("job")
    expect(job).to_have_attribute("data-status", "done", timeout=180_000)  # polled by HTMX
    summary = page.get_by_test_id("import-summary")
    expect(summary).to_contain_text(f"Rows read {ROWS}")
    expect(summary).to_contain_text("rejected 1")
    rejected = page.locator("table", has=page.locator("caption", has_text="Rejected rows"))
    cells = rejected.locator("tbody tr").first.locator("td").all_inner_texts()
    assert cells[0] == "9" and cells[1] == "country", cells
    assert_accessible(page)
    console.checkpoint("job page (done)")
    console.assert_clean()
