"""Kobo/ODK exports: rows become items once (a second import changes nothing), each bad row is
rejected with its line and reason, and rows of another country are refused for a country grant."""

from __future__ import annotations

import io
import uuid

from openpyxl import Workbook
from sqlalchemy import func, select

from passage.access import Role, ScopeType
from passage.feedback.models import FeedbackItem
from tests.factories import bearer, make_user, token_for

HEADER = "start,group_a/category,group_a/message,language,country_iso3,consent_to_refer,_uuid"


def _export(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def _post(client, token, content: bytes, name: str = "export.csv"):
    files = {"file": (name, io.BytesIO(content), "text/csv")}
    return client.post("/api/v1/feedback/import", files=files, headers=bearer(token))


def test_an_export_is_imported_once_with_each_bad_row_reported(client, session):
    user = make_user(session, Role.SUPERVISOR)
    token = token_for(session, user)
    session.commit()
    content = _export(
        f"2026-11-30,service_complaint,No water at block C,so,KEN,yes,{uuid.uuid4()}",
        f"2026-11-30,rumours,Not a category,en,KEN,no,{uuid.uuid4()}",
        "2026-11-30,question,No id column,en,KEN,no,",
        f"30/11/2026,question,A bad date,en,KEN,no,{uuid.uuid4()}",
    )
    first = _post(client, token, content).json()
    assert first["created"] == 1
    assert [(row["line"], row["field"]) for row in first["rejected"]] == [
        (3, "category"),
        (4, "instanceID"),
        (5, "today"),
    ]
    second = _post(client, token, content).json()
    assert (second["created"], second["unchanged"]) == (0, 1)
    item = session.scalars(select(FeedbackItem)).one()
    assert (item.channel, item.language, item.consent_to_refer) == ("kobo", "so", True)
    assert item.received_on.isoformat() == "2026-11-30"


def test_an_xlsx_export_is_read(client, session):
    user = make_user(session, Role.SUPERVISOR)
    token = token_for(session, user)
    session.commit()
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["2026-11-29", "thanks", "Thank you", "en", "KEN", "no", str(uuid.uuid4())])
    buffer = io.BytesIO()
    book.save(buffer)
    response = _post(client, token, buffer.getvalue(), "export.xlsx")
    assert response.json()["created"] == 1


def test_an_unreadable_file_is_a_422_on_the_file_field(client, session):
    user = make_user(session, Role.SUPERVISOR)
    token = token_for(session, user)
    session.commit()
    response = _post(client, token, b"\xff\xfe\x00garbage", "export.xlsx")
    assert response.status_code == 422 and response.json()["field"] == "file"


def test_rows_of_another_country_are_refused_for_a_country_grant(client, session):
    user = make_user(session, Role.SUPERVISOR, scope_type=ScopeType.COUNTRY, scope_value="KEN")
    token = token_for(session, user)
    session.commit()
    content = _export(
        f"2026-11-30,question,In Kenya,en,KEN,no,{uuid.uuid4()}",
        f"2026-11-30,question,In Uganda,en,UGA,no,{uuid.uuid4()}",
    )
    report = _post(client, token, content).json()
    assert report["created"] == 1
    assert report["rejected"][0]["line"] == 3
    assert session.scalar(select(func.count()).select_from(FeedbackItem)) == 1
