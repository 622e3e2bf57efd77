"""The audit trail in the reader's language: actions and purposes are words, a rare action
keeps its code, and who acted from the command line says so."""

from __future__ import annotations

import html

from passage.audit import vocabulary
from passage.kit import audit
from passage.kit.i18n import set_language
from passage.web.middleware import LANGUAGE_COOKIE
from tests.factories import make_user, web_login


def test_the_trail_names_actions_and_purposes_in_arabic(client, session):
    admin = make_user(session, "admin")
    audit.set_context(session, audit.AuditContext("cli", None, None, "port health"))
    audit.record(session, action="health.screening.create", object_type="health_screening")
    audit.record(session, action="exchange.rotate_key", object_type="exchange_key")
    session.commit()
    web_login(client, admin.email)
    client.cookies.set(LANGUAGE_COOKIE, "ar")
    page = html.unescape(client.get("/admin/audit").text)
    set_language("ar")
    try:
        signed_in, created = (
            vocabulary.action_label("login.success"),
            vocabulary.action_label("create"),
        )
        port_health = vocabulary.purpose_label("port health")
    finally:
        set_language("en")
    assert f"<td>{signed_in}</td>" in page and f"<td>{created}</td>" in page
    assert "<code>login.success</code>" not in page
    assert "<code>health.screening.create</code>" not in page
    assert "<code>exchange.rotate_key</code>" in page  # no word for it: its code
    assert f"<td>{port_health}</td>" in page and "<td>port health</td>" not in page
    assert "سطر الأوامر" in page
