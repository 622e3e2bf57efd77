"""The coordinator's dashboard: drafts to review and reports to moderate in their countries,
each card linking to the list it counts."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from passage.restrictions import moderation
from passage.restrictions.schemas import DiscrepancyCreate
from tests.dashboard import dashboard_figure
from tests.factories import make_user, web_login
from tests.restrictions.factories import make_measure


def _report(session, country: str) -> None:
    measure = make_measure(session, country_iso3=country).measure
    data = DiscrepancyCreate(body=f"The {country} dates are wrong.")
    moderation.report_discrepancy(session=session, measure_id=measure.id, data=data)


def test_the_coordinators_dashboard_counts_drafts_and_reports_of_their_country(client, session):
    for country in ("UGA", "UGA", "KEN"):
        make_measure(session, country_iso3=country, status="draft", title=f"Draft {country}")
    _report(session, "UGA")
    _report(session, "KEN")
    coordinator = make_user(session, "coordinator", scope_type="country", scope_value="UGA")
    session.commit()
    web_login(client, coordinator.email)
    dashboard = client.get("/").text
    assert dashboard_figure(dashboard, "/measures?status=draft&country=UGA") == 2
    assert dashboard_figure(dashboard, "/moderation") == 1
    drafts = client.get("/measures", params={"status": "draft", "country": "UGA"}).text
    assert drafts.count("Draft UGA") == 2 and "Draft KEN" not in drafts
    assert "The UGA dates are wrong." in client.get("/moderation").text


def test_an_analyst_has_no_review_queue(client, session):
    make_measure(session, status="draft")
    analyst = make_user(session, "analyst")
    session.commit()
    web_login(client, analyst.email)
    assert "/moderation" not in client.get("/").text.split("<main", 1)[-1]


def test_measures_download_as_csv_and_xlsx_with_the_search_filters(client, session):
    """Kenya's published measure is in the public's file, its draft is not; the XLSX holds
    the same rows as the CSV."""
    make_measure(session, title="Kenya quarantine")
    make_measure(session, status="draft", title="Kenya draft")
    make_measure(session, country_iso3="UGA", title="Uganda quarantine")
    session.commit()
    exported = client.get("/api/v1/measures/export", params={"country": "ken"})
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert rows[0][:4] == ["measure_id", "country_iso3", "measure_class", "measure_type"]
    assert [row[6] for row in rows[1:]] == ["Kenya quarantine"]
    assert rows[1][-1] == "https://health.go.ke/notice"
    workbook = client.get("/api/v1/measures/export", params={"country": "KEN", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert [[str(cell or "") for cell in row] for row in sheet.iter_rows(values_only=True)] == rows


def test_the_search_page_links_to_the_download_of_what_it_found(client, session):
    make_measure(session, title="Kenya quarantine")
    session.commit()
    page = client.get("/measures", params={"country": "KEN", "status": ""}).text
    link = page.split('href="/api/v1/measures/export?')[1].split('"')[0].replace("&amp;", "&")
    assert link == "country=KEN&format=csv"
    assert "Kenya quarantine" in client.get(f"/api/v1/measures/export?{link}").text
