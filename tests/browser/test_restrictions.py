"""The restriction tracker in a real browser, as a coordinator and as the public: the measure
workflow with its history, the OxCGRT import, moderation, search, the overview, the map and the
country page."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Locator, Page, Response, expect

from passage.access import Role
from passage.demo.service import DemoLogin, demo_logins
from passage.restrictions.labels import exemption_label, measure_type_label, status_label
from tests.browser.test_shell import sign_in

pytestmark = pytest.mark.browser

COORDINATOR = next(login for login in demo_logins(None) if login.role is Role.COORDINATOR)
SHOTS_DIR = Path("/tmp/passage-shots")
MEASURE_URL = re.compile(r"/measures/[0-9a-f-]{36}$")
OVERVIEW_DATE = "2020-04-01"
# Brazil closed its borders from 2020-03-21 to 2020-08-15 in the demo world (level 4).
MAP_COUNTRY, MAP_COUNTRY_LATLNG, MAP_COUNTRY_MEASURE = "BRA", (-10.0, -52.0), "Borders closed"
# Leaflet draws the countries on a canvas (preferCanvas), so the test keeps a handle on the map
# object as it is created, to find a country's pixel and to count the drawn shapes.
CAPTURE_LEAFLET_MAP = """
(() => {
  let leaflet;
  Object.defineProperty(window, "L", {
    configurable: true,
    get() { return leaflet; },
    set(value) {
      leaflet = value;
      if (value && value.Map && !value.__passageHooked) {
        value.__passageHooked = true;
        value.Map.addInitHook(function () { window.__passageMap = this; });
      }
    },
  });
})();
"""


class ConsoleWatch:
    """Collect console errors and uncaught exceptions of one page, labelled by checkpoint, so that
    one test reports every page with errors (and still walks its whole flow)."""

    def __init__(self, page: Page) -> None:
        self.problems: list[str] = []
        self.found: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"{message.location.get('url', '')}: {message.text}")

    def checkpoint(self, where: str) -> None:
        """File the errors seen since the last checkpoint under this page's name."""
        self.found += [f"[{where}] {problem}" for problem in self.problems]
        self.problems = []

    def assert_clean(self) -> None:
        """No page of the test logged an error."""
        self.checkpoint("after the last checkpoint")
        assert self.found == [], "console errors:\n" + "\n".join(self.found)


def _signed_in(new_page: Callable[..., Page], login: DemoLogin = COORDINATOR) -> Page:
    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, login)
    return page


def _shot(page: Page, name: str) -> Path:
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = SHOTS_DIR / f"restrictions-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000
    return path


def _type(page: Page, selector: str, text: str) -> None:
    """Focus a field and type into it with the keyboard."""
    page.focus(selector)
    page.keyboard.type(text)


def _type_date(page: Page, selector: str, iso: str) -> None:
    """Type a date into a date field; the segment order follows the browser's own locale."""
    year, month, day = iso.split("-")
    field = page.locator(selector)
    for keys in (month + day + year, day + month + year):
        field.fill("")
        field.evaluate("element => element.blur()")
        box = field.bounding_box()
        assert box is not None
        field.click(position={"x": 8, "y": box["height"] / 2})  # the first segment
        page.keyboard.type(keys)
        if field.input_value() == iso:
            return
    raise AssertionError(f"could not type {iso} into {selector}: got {field.input_value()!r}")


def _badge(page: Page) -> Locator:
    """The status badge of a measure page (the first badge of the content)."""
    return page.locator("main .badge").first


def _first_int(text: str) -> int:
    match = re.search(r"\d+", text)
    assert match, f"no number in {text!r}"
    return int(match.group())


def _fact(page: Page, term: str) -> str:
    """The text of the <dd> after the <dt> with this label on a measure page."""
    return (
        page.locator("dl.facts dt", has_text=term)
        .locator("xpath=following-sibling::dd[1]")
        .inner_text()
    )


def _create_measure(page: Page, *, country: str, title: str, status: str = "draft") -> None:
    """Fill the new-measure form (plain fills) and save it."""
    page.goto("/measures/new")
    page.get_by_label("Imposing country").select_option(country)
    page.get_by_label("Type (grouped by class)").select_option("quarantine")
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Effective from").fill("2020-03-20")
    page.get_by_label("Quarantine days").fill("14")
    page.get_by_label("Source 1 title").fill("Ministry of Health notice")
    page.get_by_label("Save as").select_option(status)
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(MEASURE_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(_badge(page)).to_have_text(status_label(status))


# ------------------------------------------------------------------ coordinator


def test_coordinator_drafts_publishes_edits_and_lifts_a_measure(
    new_page: Callable[..., Page],
) -> None:
    """Keyboard-filled form -> draft hidden from the public -> published -> new version shown
    in the history with the changed field -> lifted."""
    page = _signed_in(new_page)
    console = ConsoleWatch(page)
    title = f"Browser quarantine {uuid.uuid4().hex[:8]}"

    page.goto("/measures/new")
    expect(page.get_by_role("heading", level=1, name="New measure")).to_be_visible()
    _type(page, "#country_iso3", "Kenya")
    _type(page, "#measure_type", "quarantine")
    _type(page, "#title", title)
    _type(page, "#details", "Arrivals isolate for fourteen days.")
    _type(page, "#origins", "ita, irn")
    page.focus("input[name=exemptions][value=students]")
    page.keyboard.press("Space")
    _type_date(page, "#announced_on", "2020-03-18")
    _type_date(page, "#effective_from", "2020-03-20")
    _type(page, "#quarantine_days", "14")
    _type(page, "#source_title_0", "Ministry of Health press release")
    _type(page, "#source_url_0", "https://health.go.ke/press")
    _type(page, "#source_publisher_0", "Ministry of Health, Kenya")
    expect(page.locator("#country_iso3")).to_have_value("KEN")
    expect(page.locator("#measure_type")).to_have_value("quarantine")
    expect(page.locator("#effective_from")).to_have_value("2020-03-20")
    expect(page.locator("#announced_on")).to_have_value("2020-03-18")
    expect(page.locator("input[name=exemptions][value=students]")).to_be_checked()
    expect(page.locator("#status")).to_have_value("draft")
    console.checkpoint("/measures/new")
    page.focus("form.form button[type=submit]")
    page.keyboard.press("Enter")

    expect(page).to_have_url(MEASURE_URL)
    measure_path = "/measures/" + page.url.rsplit("/measures/", 1)[1]
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(_badge(page)).to_have_text(status_label("draft"))
    assert _fact(page, "Imposing country") == "Kenya"
    assert _fact(page, "Countries of origin or departure") == "IRN, ITA"  # stored sorted
    assert exemption_label("students") in _fact(page, "Exemptions")
    assert _fact(page, "Quarantine days") == "14"
    assert _fact(page, "Effective").startswith("2020-03-20")
    expect(page.locator("dl.facts a[href='https://health.go.ke/press']")).to_have_text(
        "Ministry of Health press release"
    )
    console.checkpoint(f"{measure_path} (draft)")

    public = new_page()
    assert public.request.get(measure_path).status == 404  # a draft is not public

    page.get_by_role("button", name="Publish").click()
    expect(_badge(page)).to_have_text(status_label("published"))
    assert public.request.get(measure_path).status == 200
    console.checkpoint(f"{measure_path} (published)")

    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Edit measure")).to_be_visible()
    expect(page.locator("#quarantine_days")).to_have_value("14")
    page.locator("#quarantine_days").fill("")
    _type(page, "#quarantine_days", "10")
    _type(page, "#change_note", "Reduced to ten days")
    console.checkpoint(f"{measure_path}/edit")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(re.escape(measure_path) + "$"))
    assert _fact(page, "Quarantine days") == "10"
    history = page.locator("section", has=page.get_by_role("heading", name="Version history"))
    rows = history.locator("tbody tr")
    assert rows.count() >= 3, rows.all_inner_texts()  # draft, published, edited
    newest = rows.first
    expect(newest).to_contain_text("current")
    expect(newest).to_contain_text("Reduced to ten days")
    expect(newest).to_contain_text(COORDINATOR.name)
    changed = newest.locator("li", has_text=re.compile(r"quarantine[ _]days", re.IGNORECASE))
    expect(changed).to_contain_text("14 → 10")
    expect(rows.last).to_contain_text("first version")
    _shot(page, "measure")
    console.checkpoint(f"{measure_path} (edited)")

    _type_date(page, "#lift-on", "2020-05-01")
    page.get_by_role("button", name="Lift").click()
    expect(_badge(page)).to_have_text(status_label("lifted"))
    assert _fact(page, "Effective") == "2020-03-20 – 2020-04-30"
    expect(page.get_by_role("button", name="Lift")).to_have_count(0)
    lifted = rows.first.locator("li", has_text=re.compile("status", re.IGNORECASE))
    expect(lifted).to_contain_text(re.compile("published → lifted", re.IGNORECASE))
    console.checkpoint(f"{measure_path} (lifted)")
    console.assert_clean()


def _oxcgrt_csv(path: Path) -> Path:
    header = (
        "CountryName,CountryCode,RegionName,RegionCode,Jurisdiction,Date,"
        "C8E_International travel controls,C8NV_International travel controls,"
        "C8V_International travel controls,C8EV_International travel controls,C8_Notes"
    )
    rows = [
        'Iceland,ISL,,,NAT_TOTAL,20230105,1,,,,"Screening, health forms\nat Keflavik"',
        "Iceland,ISL,,,NAT_TOTAL,20230106,1,,,,",
        "Nowhere,XXZ,,,NAT_TOTAL,20230106,2,,,,",
        "Iceland,ISL,,,NAT_TOTAL,20230107,3,,,,",
        "Iceland,ISL,,,NAT_TOTAL,20230108,3,,,,",
    ]
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_coordinator_imports_an_oxcgrt_file_and_reimport_changes_nothing(
    new_page: Callable[..., Page], tmp_path: Path
) -> None:
    """Two unchanged runs become two measures; the unknown country is rejected with its line."""
    page = _signed_in(new_page)
    console = ConsoleWatch(page)
    csv_file = _oxcgrt_csv(tmp_path / "oxcgrt.csv")

    def upload() -> str:
        page.goto("/restrictions/import")
        page.get_by_label("Format").select_option("oxcgrt")
        page.get_by_label("File").set_input_files(str(csv_file))
        page.get_by_role("button", name="Import").click()
        summary = page.get_by_test_id("import-summary")
        expect(summary).to_be_visible()
        return summary.inner_text()

    first = upload()
    assert "created 2" in first and "rejected 1" in first, first
    rejected = page.locator("table", has=page.locator("caption", has_text="Rejected rows"))
    cells = rejected.locator("tbody tr").first.locator("td").all_inner_texts()
    assert cells[0] == "5" and cells[1] == "CountryCode" and "XXZ" in cells[2], cells
    console.checkpoint("/restrictions/import (first)")

    again = upload()
    assert "created 0" in again and "updated 0" in again and "unchanged 2" in again, again
    console.checkpoint("/restrictions/import (again)")

    page.goto("/measures?country=ISL&on=2023-01-07")
    results = page.locator("#measure-results tbody tr")
    expect(results).to_have_count(1)
    cells = results.first.locator("td").all_inner_texts()
    assert cells[0] == "ISL" and cells[4:6] == ["2023-01-07", "2023-01-08"], cells
    assert cells[-1] == "3", cells  # the level equals the C8 value of those days
    console.checkpoint("/measures?country=ISL")
    console.assert_clean()


# ------------------------------------------------------------------ the public and moderation


def _is_htmx_search(response: Response) -> bool:
    request = response.request
    return "/measures?" in request.url and request.headers.get("hx-request") == "true"


def test_public_search_filters_and_never_shows_drafts(new_page: Callable[..., Page]) -> None:
    """Country and type filters narrow the list; a coordinator's draft stays invisible."""
    tag = uuid.uuid4().hex[:8]
    coordinator = _signed_in(new_page)
    published = f"Published quarantine {tag}"
    draft = f"Draft quarantine {tag}"
    _create_measure(coordinator, country="UGA", title=published, status="published")
    _create_measure(coordinator, country="UGA", title=draft, status="draft")
    coordinator.goto(f"/measures?q={tag}")
    expect(coordinator.locator("#measure-results tbody tr")).to_have_count(2)  # editors see both

    page = new_page()
    console = ConsoleWatch(page)
    page.goto("/measures")
    status_options = page.locator("#status option").all_inner_texts()
    assert "draft" not in status_options, status_options
    page.get_by_label("Imposing country").select_option("UGA")
    page.get_by_label("Type", exact=True).select_option("quarantine")
    with page.expect_response(_is_htmx_search) as answer:
        page.get_by_role("button", name="Search").click()
    search = answer.value
    assert search.status == 200, f"GET {search.url} -> {search.status}: {search.text()[:300]}"
    expect(page).to_have_url(re.compile(r"country=UGA.*measure_type=quarantine"))
    rows = page.locator("#measure-results tbody tr")
    expect(rows.filter(has_text=published)).to_have_count(1)
    texts = rows.all_inner_texts()
    quarantine = measure_type_label("quarantine")
    assert all(text.startswith("UGA") and quarantine in text for text in texts), texts
    assert not any(draft in text for text in texts), texts
    statuses = rows.locator("td .badge").all_inner_texts()
    assert len(statuses) == len(texts) and status_label("draft") not in statuses, statuses
    total = _first_int(page.locator("#measure-results > p").first.inner_text())
    assert total == rows.count()
    console.checkpoint("/measures (filtered)")

    page.goto(f"/measures?q={tag}")
    expect(page.locator("#measure-results tbody tr")).to_have_count(1)
    console.checkpoint("/measures (text)")
    console.assert_clean()


def test_public_pages_through_the_measures(page: Page) -> None:
    """The pager's Next link opens the second page of the unfiltered list."""
    console = ConsoleWatch(page)
    page.goto("/measures")
    first = page.locator("#measure-results tbody tr a").all_inner_texts()
    pager = page.get_by_role("navigation", name="Pages")
    expect(pager).to_contain_text("Page 1 of")
    with page.expect_navigation() as navigation:
        pager.get_by_role("link", name="Next").click()
    response = navigation.value
    assert response is not None and response.status == 200, (
        f"GET {page.url} -> {response.status if response else None}: "
        + page.locator("main").inner_text()[:300]
    )
    expect(page.get_by_role("navigation", name="Pages")).to_contain_text("Page 2 of")
    second = page.locator("#measure-results tbody tr a").all_inner_texts()
    assert second and second != first
    console.checkpoint("/measures?page=2")
    console.assert_clean()


def test_public_reports_a_discrepancy_and_the_coordinator_resolves_it(
    new_page: Callable[..., Page],
) -> None:
    """The public form reaches the moderation queue; accepting it empties that row."""
    public = new_page(viewport={"width": 1280, "height": 900})
    public_console = ConsoleWatch(public)
    public.goto("/measures?country=KEN&measure_type=complete_closure")
    public.locator("#measure-results tbody tr a").first.click()
    expect(public).to_have_url(MEASURE_URL)
    expect(public.get_by_role("button", name="Publish")).to_have_count(0)
    expect(public.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    body = f"The closure ended earlier, see the gazette ({uuid.uuid4().hex[:8]})."
    public.get_by_label("What is wrong?").fill(body)
    public.get_by_label("Address of a source (optional)").fill("https://gazette.example.org/1")
    public.get_by_role("button", name="Send report").click()
    expect(public.get_by_role("status").filter(has_text="Thank you")).to_be_visible()
    public_console.checkpoint("measure page (report sent)")

    page = _signed_in(new_page)
    console = ConsoleWatch(page)
    page.goto("/moderation")
    row = page.locator("tbody tr", has_text=body)
    expect(row).to_have_count(1)
    expect(row.get_by_role("link", name="https://gazette.example.org/1")).to_be_visible()
    open_before = _first_int(page.locator("main > p").first.inner_text())
    _shot(page, "moderation")
    console.checkpoint("/moderation")
    row.get_by_label("Note").fill("Checked against the gazette")
    row.get_by_role("button", name="Accept").click()
    expect(page).to_have_url(re.compile(r"/moderation$"))
    expect(page.locator("tbody tr", has_text=body)).to_have_count(0)
    open_after = _first_int(page.locator("main > p").first.inner_text())
    assert open_after == open_before - 1
    console.checkpoint("/moderation (resolved)")
    public_console.assert_clean()
    console.assert_clean()


def test_public_overview_shows_figures_and_downloads(page: Page) -> None:
    """The page's figures match the JSON API; the CSV and PDF links answer with their types."""
    console = ConsoleWatch(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/overview?date={OVERVIEW_DATE}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(OVERVIEW_DATE)
    figures = page.get_by_role("region", name="Key figures")
    in_force = figures.locator("div", has_text="measures in force").locator("strong")
    data = page.request.get(f"/api/v1/overview?date={OVERVIEW_DATE}").json()
    assert data["totals"]["measures_in_force"] > 0
    expect(in_force).to_have_text(str(data["totals"]["measures_in_force"]))
    restrictive = page.locator("table", has=page.locator("th", has_text="Measures in force"))
    expect(restrictive.first.locator("tbody tr").first).to_be_visible()
    assert page.locator("svg.overview-bar rect").count() > 0
    _shot(page, "overview")
    console.checkpoint("/overview")

    downloads = {"CSV with HXL tags": "text/csv", "Printable PDF": "application/pdf"}
    for name, content_type in downloads.items():
        href = page.get_by_role("link", name=name).get_attribute("href")
        assert href and f"date={OVERVIEW_DATE}" in href
        response = page.request.get(href)
        assert response.status == 200, (href, response.status)
        assert response.headers["content-type"].startswith(content_type), response.headers
        body = response.body()
        if content_type == "application/pdf":
            assert body.startswith(b"%PDF") and len(body) > 1000
        else:
            lines = body.decode("utf-8").splitlines()
            assert len(lines) > 2 and lines[1].startswith("#"), lines[:3]  # the HXL tag row
    for name, suffix in (("CSV with HXL tags", ".csv"), ("Printable PDF", ".pdf")):
        with page.expect_download() as download:
            page.get_by_role("link", name=name).click()
        assert download.value.suggested_filename == f"passage-overview-{OVERVIEW_DATE}{suffix}"
        assert download.value.failure() is None
    console.checkpoint("/overview (downloads)")
    console.assert_clean()


def _map_pixel(page: Page, lat: float, lng: float) -> tuple[float, float, list[int]]:
    """Container position of a point and the RGBA colour Leaflet's canvas drew there."""
    found = page.evaluate(
        """([lat, lng]) => {
          const map = window.__passageMap;
          const point = map.latLngToContainerPoint([lat, lng]);
          const box = map.getContainer().getBoundingClientRect();
          const x = box.left + point.x, y = box.top + point.y;
          const canvas = map.getContainer().querySelector(".leaflet-overlay-pane canvas");
          const area = canvas.getBoundingClientRect();
          const scaleX = canvas.width / area.width, scaleY = canvas.height / area.height;
          const pixel = canvas.getContext("2d").getImageData(
            Math.round((x - area.left) * scaleX), Math.round((y - area.top) * scaleY), 1, 1).data;
          return {x: point.x, y: point.y, rgba: Array.from(pixel)};
        }""",
        [lat, lng],
    )
    return found["x"], found["y"], found["rgba"]


def _css_rgb(page: Page, variable: str) -> list[int]:
    hex_colour = page.evaluate(
        f"getComputedStyle(document.documentElement).getPropertyValue('{variable}').trim()"
    )
    return [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]


def test_public_map_slider_and_country_page(new_page: Callable[..., Page]) -> None:
    """Countries are drawn in their level's colour; the slider moves by keyboard and refreshes
    the levels; clicking a country opens its page with level, timeline and measures."""
    page = new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(CAPTURE_LEAFLET_MAP)
    console = ConsoleWatch(page)
    with page.expect_response(lambda r: "/api/v1/map/levels?date=" + OVERVIEW_DATE in r.url):
        page.goto(f"/map?date={OVERVIEW_DATE}")
    status = page.locator("#map-status")
    expect(status).to_have_text(re.compile(rf"^\d+ countries with data on {OVERVIEW_DATE}\.$"))
    assert int(status.inner_text().split()[0]) > 10
    expect(page.locator("#map .leaflet-overlay-pane canvas")).to_be_visible()
    shapes = page.evaluate(
        "(() => { let n = 0; window.__passageMap.eachLayer(l => {"
        " if (l.feature && l.feature.geometry && /Polygon/.test(l.feature.geometry.type)) n++;"
        " }); return n; })()"
    )
    assert shapes > 150, f"only {shapes} country shapes on the map"
    level = page.request.get(f"/api/v1/countries/{MAP_COUNTRY}/level?date={OVERVIEW_DATE}").json()
    assert level["level"] == 4, level
    _, _, rgba = _map_pixel(page, *MAP_COUNTRY_LATLNG)
    assert rgba[:3] == _css_rgb(page, "--map-level-4"), rgba
    expect(page.locator("#map-table")).not_to_have_attribute("open", "")  # JS folds the table
    _shot(page, "map")
    console.checkpoint("/map")

    slider, label = page.get_by_label("Move through time"), page.locator("#map-date-label")
    expect(label).to_have_text(OVERVIEW_DATE)
    slider.focus()
    with page.expect_response(lambda r: "/api/v1/map/levels?date=2020-04-03" in r.url):
        page.keyboard.press("ArrowRight")
        expect(label).to_have_text("2020-04-02")
        page.keyboard.press("ArrowRight")
        expect(label).to_have_text("2020-04-03")
    expect(slider).to_have_attribute("aria-valuetext", "2020-04-03")
    expect(page.locator("#map-date")).to_have_value("2020-04-03")
    expect(status).to_contain_text("on 2020-04-03")
    expect(page).to_have_url(re.compile(r"\?date=2020-04-03$"))
    page.keyboard.press("ArrowLeft")
    expect(label).to_have_text("2020-04-02")
    expect(status).to_contain_text("on 2020-04-02")
    console.checkpoint("/map (slider)")

    x, y, _ = _map_pixel(page, *MAP_COUNTRY_LATLNG)
    page.locator("#map").click(position={"x": x, "y": y})
    expect(page).to_have_url(re.compile(rf"/countries/{MAP_COUNTRY}\?date=2020-04-02$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(MAP_COUNTRY)
    expect(
        page.get_by_role("heading", name="Entry-restriction level on 2020-04-02")
    ).to_be_visible()
    expect(page.locator("main .level-badge").first).to_have_text(re.compile(r"^4 · "))
    timeline = page.locator("svg.timeline")
    expect(timeline).to_be_visible()
    assert timeline.locator("rect.tl-4").count() >= 1
    assert (timeline.locator("path.tl-line").get_attribute("d") or "").startswith("M")
    measures = page.locator("ul.measure-list > li")
    assert measures.count() >= 1
    expect(measures.filter(has_text=MAP_COUNTRY_MEASURE).first).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile(r"^Measures in force on 2020-04-02"))
    ).to_contain_text(f"({measures.count()})")
    _shot(page, "country")
    console.checkpoint(f"/countries/{MAP_COUNTRY}")
    console.assert_clean()
