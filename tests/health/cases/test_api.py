"""The cases API: the flow with optimistic locking, and the notices it sends."""

from __future__ import annotations

import csv
import io
import json
import logging

from openpyxl import load_workbook
from sqlalchemy import select

from passage.access import Role
from passage.audit.models import AuditEntry
from tests.health.helpers import headers, officer_headers, screening_body


def test_case_flow_with_optimistic_locking(client, session, poe):
    officer = officer_headers(session, poe)
    screening = client.post(
        "/api/v1/health/screenings", json=screening_body(poe), headers=officer
    ).json()
    opened = client.post(
        "/api/v1/health/cases", json={"screening_id": screening["id"]}, headers=officer
    )
    assert opened.status_code == 201, opened.text
    case = client.get(f"/api/v1/health/cases/{opened.json()['id']}", headers=officer).json()
    assert case["screening"]["id"] == screening["id"] and len(case["follow_ups"]) == 21
    task = case["follow_ups"][0]
    done = client.post(
        f"/api/v1/health/cases/{case['id']}/follow-ups/{task['id']}",
        json={"version": task["version"], "outcome": "well", "temperature_c": 36.5},
        headers=officer,
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    referred = client.post(
        f"/api/v1/health/cases/{case['id']}/referral",
        json={"version": case["version"], "facility": "Kajiado hospital"},
        headers=officer,
    )
    assert referred.status_code == 200 and referred.json()["status"] == "referred"
    stale = client.post(
        f"/api/v1/health/cases/{case['id']}/closure",
        json={"version": case["version"], "reason": "discarded"},
        headers=officer,
    )
    assert stale.status_code == 409 and stale.json()["field"] == "version"
    closed = client.post(
        f"/api/v1/health/cases/{case['id']}/closure",
        json={"version": referred.json()["version"], "reason": "discarded"},
        headers=officer,
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    notices = client.get("/api/v1/notifications", headers=officer).json()
    assert any(n["kind"] == "case_opened" for n in notices)


def test_the_travellers_of_interest_export_as_csv_and_xlsx_audited_without_names(
    client, session, poe, caplog
):
    """The health authority downloads its list as CSV and XLSX (same rows, diseases as
    `a|b`); each download is audited with its count and format only; border staff get 403."""
    caplog.set_level(logging.DEBUG)
    officer = officer_headers(session, poe)
    body = screening_body(poe, surname="WANJIRU", contact_with_case=True)
    assert client.post("/api/v1/health/screenings", json=body, headers=officer).status_code == 201
    authority = headers(session, Role.HEALTH_AUTHORITY, "country", "KEN")
    border = headers(session, Role.BORDER_OFFICER, "country", "KEN")
    exported = client.get("/api/v1/health/interest/export", headers=authority)
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert rows[0][:3] == ["surname", "given_names", "diseases"] and len(rows) == 2
    assert rows[1][0] == "WANJIRU" and rows[1][5] == poe.code
    workbook = client.get(
        "/api/v1/health/interest/export", params={"format": "xlsx"}, headers=authority
    )
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)] == rows
    assert client.get("/api/v1/health/interest/export", headers=border).status_code == 403
    audits = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "health.interest.export")
    ).all()
    assert [(a.details["count"], a.details["format"]) for a in audits] == [(1, "csv"), (1, "xlsx")]
    assert "WANJIRU" not in json.dumps([a.details for a in audits]) + caplog.text
