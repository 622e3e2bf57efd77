"""The coordinator's dashboard: drafts to review and reports to moderate in their countries,
each card linking to the list it counts."""

from __future__ import annotations

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
