"""The officer's crossing lists: crossings at their POEs with filters, overstays, departures
without a recorded entry; scope, bad filters and the audit of each list read."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from passage.access import Role, ScopeType
from passage.audit.models import AuditEntry
from passage.auth.service import principal_for
from passage.border.alerts import service as alerts_service
from passage.kit.clock import utcnow
from tests.border.crossings.test_service import BUSIA, NAMANGA, passport, register
from tests.factories import demo_poe, make_user, web_login

LONG_AGO = datetime.now(UTC) - timedelta(days=45)


@pytest.fixture
def world(session, client):
    """Crossings at Namanga (an officer's POE) and one at Busia, then the officer signs in."""
    poe = demo_poe(session, NAMANGA)
    user = make_user(
        session, Role.BORDER_OFFICER, scope_type=ScopeType.POE, scope_value=str(poe.id)
    )
    admin = principal_for(make_user(session, Role.ADMIN))
    alerts_service.import_into_named_list(
        session=session,
        name="Watch",
        kind="person",
        content=b"ref,names,birth_date,nationality,reason\nW1,OTIENO WANJIRU,1985-04-12,UGA,test\n",
    )
    register(session, admin, mrz=passport("AB1111111", "ACHIENG", "GRACE"), occurred_at=utcnow())
    register(session, admin, mrz=passport("AB2222222", "OTIENO", "WANJIRU"), occurred_at=utcnow())
    register(
        session,
        admin,
        mrz=passport("AB3333333", "KAMAU", "PETER"),
        occurred_at=LONG_AGO,
        allowed_stay_days=30,
    )
    register(
        session, admin, mrz=passport("AB4444444", "NJERI", "ANN"), direction="exit",
        occurred_at=utcnow(),
    )  # fmt: skip
    register(session, admin, BUSIA, mrz=passport("AB5555555", "BUSIAONLY", "X"))
    session.commit()
    web_login(client, user.email)
    return user


def test_officer_lists_the_crossings_of_their_poe_only(world, client) -> None:
    page = client.get("/border/crossings")
    assert page.status_code == 200
    for surname in ("ACHIENG", "OTIENO", "KAMAU", "NJERI"):
        assert surname in page.text
    assert "BUSIAONLY" not in page.text
    assert "4 crossings" in page.text


def test_filters_by_open_hits_and_direction(world, client) -> None:
    hits = client.get("/border/crossings", params={"screening": "open_hits"})
    assert "OTIENO" in hits.text and "ACHIENG" not in hits.text
    assert "hits to resolve" in hits.text
    exits = client.get("/border/crossings", params={"direction": "exit"})
    assert "NJERI" in exits.text and "ACHIENG" not in exits.text


def test_overstays_and_departures_without_entry(world, client) -> None:
    overstays = client.get("/border/crossings", params={"view": "overstays"})
    assert "KAMAU" in overstays.text and "ACHIENG" not in overstays.text
    assert "1 traveller stayed longer than allowed" in overstays.text
    departures = client.get("/border/crossings", params={"view": "departures"})
    assert "NJERI" in departures.text and "KAMAU" not in departures.text


def test_a_bad_day_is_explained_not_a_crash(world, client) -> None:
    page = client.get("/border/crossings", params={"date": "31-12-2026"})
    assert page.status_code == 422
    assert "YYYY-MM-DD" in page.text


def test_a_poe_outside_the_officers_scope_is_not_found(world, client, session) -> None:
    busia = demo_poe(session, BUSIA)
    assert client.get("/border/crossings", params={"poe": str(busia.id)}).status_code == 404


def test_each_list_read_is_audited(world, client, session) -> None:
    client.get("/border/crossings")
    client.get("/border/crossings", params={"view": "overstays"})
    lists = session.scalars(
        select(AuditEntry.details).where(
            AuditEntry.object_type == "crossing", AuditEntry.action == "read"
        )
    ).all()
    assert {"search", "overstays"} <= {details.get("list") for details in lists}


def test_health_staff_cannot_open_the_crossing_lists(session, client) -> None:
    user = make_user(session, Role.PORT_HEALTH_OFFICER)
    session.commit()
    web_login(client, user.email)
    assert client.get("/border/crossings").status_code == 403


def _figure(page: str, href: str) -> int:
    """The count of the dashboard card linking to a filtered list."""
    card = rf'<a class="card" href="{re.escape(href)}"><h2>[^<]+</h2><p class="figure">(\d+)</p>'
    found = re.search(card, page)
    assert found, f"no dashboard card links to {href}"
    return int(found.group(1))


def test_dashboard_shows_the_officers_queues_at_their_posts(world, client) -> None:
    """Open hits and pending decisions at Namanga only (not Busia), linking to the lists."""
    dashboard = client.get("/").text.replace("&amp;", "&")
    assert _figure(dashboard, "/border/crossings?screening=open_hits") == 1
    assert _figure(dashboard, "/border/crossings?decision=pending") == 4
    pending = client.get("/border/crossings", params={"decision": "pending"})
    assert "4 crossings" in pending.text and "BUSIAONLY" not in pending.text


def _rows(page: str) -> set[str]:
    """The surnames listed in the crossings table."""
    names = {"ACHIENG", "OTIENO", "KAMAU", "NJERI", "BUSIAONLY"}
    body = page[page.find("<tbody>") :] if "<tbody>" in page else ""
    return {name for name in names if name in body}


def test_search_by_name_tolerates_spellings_and_scripts(world, client) -> None:
    """Latin, Cyrillic and a misspelling find the same traveller, through the matching engine."""
    for typed in ("kamau", "Камау Петр", "Kamaw Peter"):
        page = client.get("/border/crossings", params={"name": typed})
        assert page.status_code == 200
        assert _rows(page.text) == {"KAMAU"}, typed
    nobody = client.get("/border/crossings", params={"name": "Zzyzx"})
    assert _rows(nobody.text) == set() and "0 crossings" in nobody.text


def test_search_stays_within_the_officers_scope(world, client) -> None:
    page = client.get("/border/crossings", params={"name": "BUSIAONLY"})
    assert _rows(page.text) == set()
    by_document = client.get("/border/crossings", params={"document": "AB5555555"})
    assert _rows(by_document.text) == set()


def test_search_by_document_number_and_day(world, client) -> None:
    page = client.get("/border/crossings", params={"document": "ab 3333333"})
    assert _rows(page.text) == {"KAMAU"}
    today = client.get(
        "/border/crossings", params={"name": "otieno", "date": utcnow().date().isoformat()}
    )
    assert _rows(today.text) == {"OTIENO"}
    long_ago = client.get(
        "/border/crossings", params={"name": "kamau", "date": utcnow().date().isoformat()}
    )
    assert _rows(long_ago.text) == set()


def test_a_search_is_audited_without_the_name_sought(world, client, session) -> None:
    client.get("/border/crossings", params={"name": "Kamau", "document": "AB3333333"})
    searches = [
        details
        for details in session.scalars(
            select(AuditEntry.details).where(
                AuditEntry.object_type == "crossing", AuditEntry.action == "read"
            )
        ).all()
        if details.get("list") == "search"
    ]
    assert searches[-1]["by"] == ["name", "document"] and searches[-1]["count"] == 1
    assert "KAMAU" not in str(searches).upper() and "3333333" not in str(searches)
