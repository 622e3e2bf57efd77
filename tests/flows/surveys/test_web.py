"""The survey pages and API through the test client: a coordinator uploads the form, a data
collector imports a Kobo export at a point of their country and sees each rejected row, the
results show counts and shares with small cells suppressed and no personal answer, the CSV has
its HXL row, and a reader of another country reaches none of it."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from passage.access import Role, ScopeType
from passage.audit.models import AuditEntry
from passage.flows.surveys import demo
from passage.flows.surveys.models import FlowInterview, FlowSurvey
from tests.factories import bearer, csrf_from, make_user, token_for, web_login
from tests.flows.surveys.exports import kobo_csv, kobo_row
from tests.flows.surveys.helpers import point, survey

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_coordinator_uploads_the_form_and_is_sent_to_the_import(client, session):
    coordinator = make_user(session, Role.COORDINATOR)
    web_login(client, coordinator.email)
    page = client.get("/flows/surveys")
    assert page.status_code == 200 and 'name="file"' in page.text
    sent = client.post(
        "/flows/surveys",
        data={"csrf_token": csrf_from(page.text)},
        files={"file": ("fms.xlsx", demo.xlsform(), XLSX)},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    created = session.scalars(select(FlowSurvey).where(FlowSurvey.code == demo.CODE)).one()
    assert sent.headers["location"] == f"/flows/surveys/{created.id}/import"


def test_a_broken_form_is_shown_again_with_its_problem(client, session):
    coordinator = make_user(session, Role.COORDINATOR)
    web_login(client, coordinator.email)
    page = client.get("/flows/surveys")
    sent = client.post(
        "/flows/surveys",
        data={"csrf_token": csrf_from(page.text)},
        files={"file": ("fms.csv", b"type,name\n", "text/csv")},
    )
    assert sent.status_code == 422 and ".xlsx or .xls" in sent.text


def test_a_collector_imports_an_export_and_sees_each_rejected_row(client, session):
    kenya = point(session, "KEN")
    found = survey(session)
    collector = make_user(
        session, Role.FLOW_MONITOR, scope_type=ScopeType.COUNTRY, scope_value="KEN"
    )
    web_login(client, collector.email)
    page = client.get(f"/flows/surveys/{found.id}/import")
    assert page.status_code == 200 and kenya.code in page.text
    content = kobo_csv(kobo_row(1, point=""), kobo_row(2, point="", nationality="XXX"))
    sent = client.post(
        f"/flows/surveys/{found.id}/import",
        data={"csrf_token": csrf_from(page.text), "point_id": str(kenya.id)},
        files={"file": ("kobo.csv", content, "text/csv")},
    )
    assert sent.status_code == 200
    assert "Interviews added: 1" in sent.text and "Rows rejected: 1" in sent.text
    assert "<td>3</td><td>nationality</td>" in sent.text
    assert "respondent_name" in sent.text, "the personal questions left out are named"
    assert "Amina" not in sent.text


def test_the_results_page_shows_shares_suppresses_small_cells_and_no_personal_answer(
    client, session
):
    kenya = point(session, "KEN")
    found = survey(session)
    rows = [kobo_row(n, point=kenya.code, sex="female") for n in range(1, 9)]
    rows += [kobo_row(n, point=kenya.code, sex="male", nationality="ETH") for n in range(9, 11)]
    rows += [kobo_row(n, point=kenya.code, nationality="KEN") for n in range(11, 12)]
    admin = make_user(session, Role.ADMIN)
    headers = bearer(token_for(session, admin))
    imported = client.post(
        f"/api/v1/flows/surveys/{found.id}/imports",
        files={"file": ("kobo.csv", kobo_csv(*rows), "text/csv")},
        headers=headers,
    )
    assert imported.status_code == 200 and imported.json()["created"] == 11
    reader = make_user(session, Role.ANALYST, scope_type=ScopeType.COUNTRY, scope_value="KEN")
    web_login(client, reader.email)
    page = client.get(f"/flows/surveys/{found.id}")
    assert page.status_code == 200
    assert "Interviews: 11" in page.text
    assert "<td>Somalia</td><td>8</td><td>73%</td>" in page.text
    assert '<td>Ethiopia</td><td><span dir="ltr">&lt;5</span></td>' in page.text
    assert "Several answers possible" in page.text and "<svg" in page.text
    for personal in ("Amina", "+254712345678", "respondent_name", "Phone number"):
        assert personal not in page.text
    exported = client.get(f"/flows/surveys/{found.id}/results.csv?point_id={kenya.id}")
    table = list(csv.reader(io.StringIO(exported.text)))
    assert table[1] == ["#meta+question", "#indicator+answer", "#affected+num",
                        "#indicator+pct", "#meta+suppressed"]  # fmt: skip
    assert ["nationality", "SOM", "8", "0.7273", "0"] in table
    assert ["nationality", "ETH", "", "", "1"] in table
    session.commit()
    exports = session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "export", AuditEntry.object_id == str(found.id)
        )
    ).all()
    assert exports, "the download is audited"


def test_a_bad_month_is_shown_on_the_filter(client, session):
    found = survey(session)
    web_login(client, make_user(session, Role.COORDINATOR).email)
    page = client.get(f"/flows/surveys/{found.id}?start=November")
    assert page.status_code == 200 and 'id="start-error"' in page.text


def test_a_reader_of_another_country_sees_no_interview_and_no_point_there(client, session):
    kenya = point(session, "KEN")
    found = survey(session)
    admin_headers = bearer(token_for(session, make_user(session, Role.ADMIN)))
    rows = [kobo_row(n, point=kenya.code) for n in range(1, 8)]
    client.post(
        f"/api/v1/flows/surveys/{found.id}/imports",
        files={"file": ("kobo.csv", kobo_csv(*rows), "text/csv")},
        headers=admin_headers,
    )
    assert session.scalar(select(FlowInterview.id).where(FlowInterview.point_id == kenya.id))
    ugandan = make_user(session, Role.ANALYST, scope_type=ScopeType.COUNTRY, scope_value="UGA")
    headers = bearer(token_for(session, ugandan))
    answer = client.get(f"/api/v1/flows/surveys/{found.id}/results", headers=headers)
    assert answer.status_code == 200 and answer.json()["interviews"] is None
    assert answer.json()["by_point_month"] == []
    refused = client.get(
        f"/api/v1/flows/surveys/{found.id}/results?point_id={kenya.id}", headers=headers
    )
    assert refused.status_code == 404
    web_login(client, ugandan.email)
    assert kenya.code not in client.get(f"/flows/surveys/{found.id}").text


def test_the_api_defines_a_survey_and_lists_it(client, session):
    headers = bearer(token_for(session, make_user(session, Role.COORDINATOR)))
    created = client.post(
        "/api/v1/flows/surveys", files={"file": ("fms.xlsx", demo.xlsform(), XLSX)}, headers=headers
    )
    assert created.status_code == 201 and created.json()["code"] == demo.CODE
    listed = client.get("/api/v1/flows/surveys", headers=headers).json()
    assert [s["code"] for s in listed] == [demo.CODE]
    collector = make_user(
        session, Role.FLOW_MONITOR, scope_type=ScopeType.COUNTRY, scope_value="KEN"
    )
    refused = client.post(
        "/api/v1/flows/surveys",
        files={"file": ("fms.xlsx", demo.xlsform(), XLSX)},
        headers=bearer(token_for(session, collector)),
    )
    assert refused.status_code == 403
