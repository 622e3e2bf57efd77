"""Alert-list entries: viewed, edited from the version read (409 when stale), removed (never
screened again, listed again by a re-import), exported as CSV and XLSX in the import's columns;
administrators only, every step audited without a listed person's data."""

from __future__ import annotations

import csv
import io
import json
import logging
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from passage.access import Role
from passage.audit.models import AuditEntry
from passage.border.alerts import service
from passage.border.alerts.cache import CACHE
from passage.border.alerts.importer import PERSON_COLUMNS
from passage.border.alerts.schemas import AlertListCreate
from tests.border.alerts.test_api import headers_for, officer_headers
from tests.border.alerts.test_screening import WATCH_LIST, load_lists, refs, screen
from tests.factories import csrf_from, make_user, web_login


@pytest.fixture(autouse=True)
def fresh_cache():
    CACHE.reset()
    yield
    CACHE.reset()


def _entries(client, headers, list_id, **params):
    response = client.get(f"/api/v1/alert-lists/{list_id}/entries", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def _audits(session, action: str) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_an_admin_edits_an_entry_from_the_version_read_and_a_stale_edit_is_refused(client, session):
    people = load_lists(session, documents=None)
    admin = headers_for(session)
    session.commit()
    page = _entries(client, admin, people.id)
    assert page["total"] == 3 and [item["columns"]["ref"] for item in page["items"]] == [
        "W1",
        "W2",
        "W3",
    ]
    second = page["items"][1]
    url = f"/api/v1/alert-lists/{people.id}/entries/{second['id']}"
    changes = {"names": "Dmitri Petrov|Дмитрий Петров", "reason": "Updated reason"}
    edited = client.patch(
        url, json={"version": second["version"], "columns": changes}, headers=admin
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["columns"]["names"] == "Dmitri Petrov|Дмитрий Петров"
    assert edited.json()["version"] == second["version"] + 1
    stale = client.patch(
        url,
        json={"version": second["version"], "columns": {"reason": "Lost update"}},
        headers=admin,
    )
    assert stale.status_code == 409 and stale.json()["field"] == "version"
    assert client.get(url, headers=admin).json()["columns"]["reason"] == "Updated reason"
    bad = client.patch(
        url,
        json={"version": edited.json()["version"], "columns": {"birth_date": "2001-02-30"}},
        headers=admin,
    )
    assert bad.status_code == 422 and bad.json()["field"] == "birth_date"
    [update] = _audits(session, "update")
    assert update.object_type == "alert_person" and update.details == {
        "fields": ["names", "reason"]
    }
    assert "Petrov" not in json.dumps(update.details)


def test_a_removed_entry_is_never_screened_again_and_a_reimport_lists_it_again(client, session):
    people = load_lists(session, documents=None)
    admin = headers_for(session)
    session.commit()
    assert refs(screen(session, "Ivanov", "Aleksandr", birth=date(1980, 5, 12))) == {"W1"}
    first = _entries(client, admin, people.id)["items"][0]
    url = f"/api/v1/alert-lists/{people.id}/entries/{first['id']}"
    stale = client.post(f"{url}/remove", json={"version": first["version"] + 5}, headers=admin)
    assert stale.status_code == 409
    removed = client.post(f"{url}/remove", json={"version": first["version"]}, headers=admin)
    assert removed.status_code == 200, removed.text
    assert client.get(url, headers=admin).status_code == 404
    assert _entries(client, admin, people.id)["total"] == 2
    lists = client.get("/api/v1/alert-lists", headers=admin).json()
    assert (lists[0]["entries"], lists[0]["valid_entries"]) == (2, 1)
    assert refs(screen(session, "Ivanov", "Aleksandr", birth=date(1980, 5, 12))) == set()
    assert len(_audits(session, "remove")) == 1
    service.import_csv(session=session, alert_list=people, content=WATCH_LIST.encode())
    session.commit()
    assert _entries(client, admin, people.id)["total"] == 3
    assert refs(screen(session, "Ivanov", "Aleksandr", birth=date(1980, 5, 12))) == {"W1"}


def test_the_exports_hold_every_entry_in_the_import_columns_and_import_again(
    client, session, caplog
):
    caplog.set_level(logging.DEBUG)
    people = load_lists(session, documents=None)
    admin = headers_for(session)
    session.commit()
    url = f"/api/v1/alert-lists/{people.id}/export"
    exported = client.get(url, headers=admin)
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert tuple(rows[0]) == PERSON_COLUMNS and len(rows) == 4
    assert rows[1][:4] == ["W1", "Aleksandr Ivanov|Саша Иванов", "1980-05-12", "RUS"]
    workbook = client.get(url, params={"format": "xlsx"}, headers=admin)
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    cells = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert cells == rows
    copy = service.create_list(session=session, data=AlertListCreate(name="Copy", kind="person"))
    report = service.import_csv(session=session, alert_list=copy, content=exported.content)
    assert report.created == 3 and report.rejected == []
    exports = _audits(session, "export")
    assert [(e.details["count"], e.details["format"]) for e in exports] == [(3, "csv"), (3, "xlsx")]
    assert "Ivanov" not in caplog.text and "Secret reason" not in caplog.text


def test_a_formula_in_a_listed_name_is_exported_as_text(client, session):
    people = load_lists(
        session,
        persons='ref,names,reason\nF1,=HYPERLINK("http://x"),r\n',
        documents=None,
    )
    admin = headers_for(session)
    session.commit()
    exported = client.get(f"/api/v1/alert-lists/{people.id}/export", headers=admin).text
    assert "'=HYPERLINK" in exported


def test_only_administrators_see_edit_or_export_entries(client, session):
    people = load_lists(session, documents=None)
    officer = officer_headers(session)
    session.commit()
    base = f"/api/v1/alert-lists/{people.id}"
    assert client.get(f"{base}/entries", headers=officer).status_code == 403
    assert client.get(f"{base}/export", headers=officer).status_code == 403
    assert _audits(session, "export") == []


def test_the_entry_pages_list_edit_and_remove_through_forms(client, session):
    people = load_lists(session, documents=None)
    admin = make_user(session, Role.ADMIN)
    session.commit()
    web_login(client, admin.email)
    listing = client.get(f"/alert-lists/{people.id}")
    assert listing.status_code == 200 and "3 entries" in listing.text
    assert f"/api/v1/alert-lists/{people.id}/export?format=xlsx" in listing.text
    filtered = client.get(f"/alert-lists/{people.id}", params={"ref": "W2"})
    assert "1 entry" in filtered.text
    entry_path = filtered.text.split(f'href="/alert-lists/{people.id}/entries/')[1].split('"')[0]
    path = f"/alert-lists/{people.id}/entries/{entry_path}"
    form = client.get(path)
    assert form.status_code == 200 and "Дмитрий Петров" in form.text
    values = {
        "csrf_token": csrf_from(form.text),
        "version": "1",
        "names": "Dmitri Petrov",
        "reason": "Checked again",
        "birth_date": "1975-02-03",
        "nationality": "RUS",
        "gender": "M",
    }
    saved = client.post(path, data=values, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    assert "Dmitri Petrov" in client.get(saved.headers["location"]).text
    stale = client.post(path, data=values | {"reason": "Lost update"})
    assert stale.status_code == 409 and 'id="version-error"' in stale.text
    assert "Lost update" not in stale.text
    invalid = client.post(path, data=values | {"version": "2", "nationality": "Russia"})
    assert invalid.status_code == 422 and 'id="nationality-error"' in invalid.text
    assert 'value="Russia"' in invalid.text
    removed = client.post(
        f"{path}/remove",
        data={"csrf_token": csrf_from(form.text), "version": "2"},
        follow_redirects=False,
    )
    assert removed.status_code == 303
    assert "2 entries" in client.get(f"/alert-lists/{people.id}").text
    assert client.get(path).status_code == 404
