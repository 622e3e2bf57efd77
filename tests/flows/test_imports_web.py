"""Importing counts from the pages and the API: CSV and XLSX through the same reader, each bad
row reported with its line and reason and the good ones kept, rows outside the importer's reach
rejected, re-importing changing nothing, and only the touched points judged again."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from passage.access import Role, ScopeType
from passage.auth.service import principal_for
from passage.flows import service
from passage.flows.models import FlowAlert, FlowCount, FlowPoint
from passage.flows.schemas import PointCreate
from tests.factories import bearer, csrf_from, make_user, token_for, web_login

SPIKE = date(2024, 2, 10)


def _point(session, code: str, country: str = "KEN") -> FlowPoint:
    coordinator = make_user(session, Role.COORDINATOR)
    data = PointCreate(code=code, name=f"Point {code}", kind="transit_hub", country_iso3=country)
    return service.create_point(session=session, data=data, actor=principal_for(coordinator))


def _history(code: str) -> bytes:
    lines = ["point,period,count"]
    for day in range(45):
        on = date(2024, 1, 1) + timedelta(days=day)
        lines.append(f"{code},{on.isoformat()},{1000 if on == SPIKE else 100 + day % 5}")
    return "\n".join(lines).encode()


def _workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _total(session, point: FlowPoint) -> int:
    query = select(func.coalesce(func.sum(FlowCount.count), 0))
    return session.scalar(query.where(FlowCount.point_id == point.id))


def test_the_api_imports_a_csv_and_reports_each_bad_row_with_its_line(client, session):
    point = _point(session, "FMP-API")
    token = token_for(session, make_user(session, Role.COORDINATOR))
    content = (
        b"point,period,count,direction\n"
        b"FMP-API,2024-03-01,12,incoming\n"
        b"FMP-API,05/03/2024,3,incoming\n"
        b"FMP-API,2024-03-02,-4,incoming\n"
        b"FMP-API,2024-03-02,7,outgoing\n"
    )
    files = {"file": ("counts.csv", content, "text/csv")}
    response = client.post("/api/v1/flows/imports", files=files, headers=bearer(token))
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["created"] == 2 and summary["rows"] == 4
    assert [(row["line"], row["field"]) for row in summary["rejected"]] == [
        (3, "period"),
        (4, "count"),
    ]
    assert _total(session, point) == 19
    again = client.post("/api/v1/flows/imports", files=files, headers=bearer(token)).json()
    assert again["unchanged"] == 2 and again["created"] == 0
    assert _total(session, point) == 19, "importing the same file again adds nothing"


def test_an_xlsx_workbook_is_read_with_the_same_rules(client, session):
    point = _point(session, "FMP-XLS")
    token = token_for(session, make_user(session, Role.COORDINATOR))
    content = _workbook([
        ["Point", "Period", "Count", "Sex"],
        ["FMP-XLS", datetime(2024, 3, 1), 12, "female"],
        ["FMP-XLS", "2024-W10", 30.0, ""],
        [],
        ["FMP-XLS", "2024-03", 12.5, ""],
    ])  # fmt: skip
    files = {"file": ("counts.xlsx", content, "application/octet-stream")}
    summary = client.post("/api/v1/flows/imports", files=files, headers=bearer(token)).json()
    assert summary["created"] == 2
    assert [(row["line"], row["field"]) for row in summary["rejected"]] == [(5, "count")]
    cells = session.scalars(select(FlowCount).where(FlowCount.point_id == point.id)).all()
    assert sorted((c.granularity, c.period_start, c.count) for c in cells) == [
        ("day", date(2024, 3, 1), 12),
        ("week", date(2024, 3, 4), 30),
    ]


@pytest.mark.parametrize(
    ("name", "content"), [("a.csv", b"name,when\nx,y\n"), ("a.xlsx", b"PK\x03\x04broken")]
)
def test_an_unreadable_file_is_a_422_naming_the_file(client, session, name, content):
    token = token_for(session, make_user(session, Role.COORDINATOR))
    files = {"file": (name, content, "text/csv")}
    response = client.post("/api/v1/flows/imports", files=files, headers=bearer(token))
    assert response.status_code == 422 and response.json()["field"] == "file"


def test_rows_outside_the_importers_country_are_rejected_and_the_others_kept(client, session):
    inside, outside = _point(session, "FMP-KEN"), _point(session, "FMP-UGA", country="UGA")
    monitor = make_user(session, Role.FLOW_MONITOR, scope_type=ScopeType.COUNTRY,
                        scope_value="KEN")  # fmt: skip
    content = (
        b"point,period,count\nFMP-KEN,2024-03-01,5\nFMP-UGA,2024-03-01,6\nFMP-NEW,2024-03-01,7\n"
    )
    files = {"file": ("c.csv", content, "text/csv")}
    summary = client.post(
        "/api/v1/flows/imports", files=files, headers=bearer(token_for(session, monitor))
    ).json()
    assert [(row["line"], row["field"]) for row in summary["rejected"]] == [
        (3, "point"),
        (4, "point"),
    ]
    assert "outside your scope" in summary["rejected"][0]["reason"]
    assert _total(session, inside) == 5 and _total(session, outside) == 0
    assert session.scalar(select(FlowPoint).where(FlowPoint.code == "FMP-NEW")) is None
    assert summary["new_points"] == []


def test_the_import_page_shows_the_rejected_rows_and_judges_the_touched_point(client, session):
    point = _point(session, "FMP-WEB")
    quiet = _point(session, "FMP-QUIET")
    stale = FlowAlert(point_id=quiet.id, granularity="day", period_start=date(2024, 1, 2),
                      period="2024-01-02", observed=9, expected=1, threshold=3, method="cusum",
                      direction="up", explanation="Kept.", status="open")  # fmt: skip
    session.add(stale)
    session.flush()
    web_login(client, make_user(session, Role.COORDINATOR).email)
    assert 'href="/flows/import"' in client.get("/flows/points").text
    page = client.get("/flows/import")
    assert page.status_code == 200
    content = _history("FMP-WEB") + b"\nFMP-WEB,2024-02-31,4\n"
    response = client.post(
        "/flows/import",
        data={"csrf_token": csrf_from(page.text)},
        files={"file": ("history.csv", content, "text/csv")},
    )
    assert response.status_code == 200
    assert 'id="rejected-rows"' in response.text and "<td>47</td>" in response.text
    alerts = session.scalars(select(FlowAlert).where(FlowAlert.point_id == point.id)).all()
    assert [alert.period_start for alert in alerts if alert.direction == "up"] == [SPIKE]
    assert session.get(FlowAlert, stale.id) is not None, "an untouched point is not judged"


def test_the_import_page_asks_for_a_file(client, session):
    web_login(client, make_user(session, Role.FLOW_MONITOR).email)
    page = client.get("/flows/import")
    response = client.post("/flows/import", data={"csrf_token": csrf_from(page.text)})
    assert response.status_code == 422 and 'id="file-error"' in response.text


def test_an_analyst_may_not_import(client, session):
    token = token_for(session, make_user(session, Role.ANALYST))
    files = {"file": ("c.csv", b"point,period,count\nX,2024-03-01,1\n", "text/csv")}
    assert (
        client.post("/api/v1/flows/imports", files=files, headers=bearer(token)).status_code == 403
    )
