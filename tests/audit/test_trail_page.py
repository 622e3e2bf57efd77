"""The audit trail page names who acted and filters by person, object, action and days (#15.5)."""

from __future__ import annotations

from datetime import timedelta

from passage.kit.clock import today
from tests.factories import csrf_from, make_user, web_login


def _signed_in_admin(client, session):
    admin = make_user(session, "admin")
    session.commit()
    web_login(client, admin.email)
    return admin


def test_the_trail_names_the_person_who_acted(client, session):
    admin = _signed_in_admin(client, session)
    client.get("/admin/users")  # audited: a list of accounts, by this administrator
    page = client.get("/admin/audit").text
    assert f'<a href="/admin/audit?actor={admin.id}">Test admin</a>' in page
    assert f"<code>{str(admin.id)[:8]}</code>" not in page


def test_the_trail_filters_by_person_object_and_days(client, session):
    admin = _signed_in_admin(client, session)
    other = make_user(session, "analyst")
    session.commit()
    page = client.get("/admin/users")
    client.post(
        f"/admin/users/{other.id}",
        data={"csrf_token": csrf_from(page.text), "version": other.version, "full_name": "X Y"},
    )
    mine = client.get("/admin/audit", params={"actor": str(admin.id), "object_type": "user"})
    assert mine.status_code == 200
    assert f'<a href="/admin/audit?object_id={other.id}">' in mine.text
    assert 'value="user"' in mine.text and f'<option value="{admin.id}" selected>' in mine.text
    tomorrow = (today() + timedelta(days=1)).isoformat()
    later = client.get("/admin/audit", params={"since": tomorrow, "object_type": "user"})
    assert "0 entries" in later.text
    today_only = client.get("/admin/audit", params={"since": today(), "until": today()})
    assert "0 entries" not in today_only.text
