"""Comments, discrepancy reports and their moderation queue follow the editor's country scope,
like the measures themselves."""

from __future__ import annotations

from passage.restrictions import moderation
from passage.restrictions.schemas import DiscrepancyCreate
from tests.factories import bearer, make_user, token_for, web_login
from tests.restrictions.factories import make_measure


def _report(session, country: str):
    measure = make_measure(session, country_iso3=country).measure
    data = DiscrepancyCreate(body=f"The {country} dates are wrong.")
    return moderation.report_discrepancy(session=session, measure_id=measure.id, data=data)


def test_the_queue_holds_only_reports_on_measures_of_the_moderators_countries(client, session):
    kenya, uganda = _report(session, "KEN"), _report(session, "UGA")
    moderator = make_user(session, "coordinator", scope_type="country", scope_value="UGA")
    headers = bearer(token_for(session, moderator))
    session.commit()
    queue = client.get("/api/v1/discrepancies", headers=headers).json()
    ids = {item["id"] for item in queue}
    assert str(uganda.id) in ids and str(kenya.id) not in ids
    refused = client.post(
        f"/api/v1/discrepancies/{kenya.id}/resolve",
        json={"version": kenya.version, "status": "dismissed"},
        headers=headers,
    )
    assert refused.status_code == 403


def test_the_moderation_page_lists_only_the_moderators_countries(client, session):
    _report(session, "KEN")
    uganda = _report(session, "UGA")
    moderator = make_user(session, "coordinator", scope_type="country", scope_value="UGA")
    session.commit()
    web_login(client, moderator.email)
    page = client.get("/moderation").text
    assert "The UGA dates are wrong." in page and "The KEN dates are wrong." not in page
    assert str(uganda.id) in page


def test_an_editor_cannot_comment_on_a_measure_of_another_country(client, session):
    measure = make_measure(session, country_iso3="KEN").measure
    editor = make_user(session, "coordinator", scope_type="country", scope_value="UGA")
    headers = bearer(token_for(session, editor))
    session.commit()
    response = client.post(
        f"/api/v1/measures/{measure.id}/comments", json={"body": "not mine"}, headers=headers
    )
    assert response.status_code == 403
    assert moderation.comments_of(session=session, measure_id=measure.id) == []
