"""Points of entry are written only within the writer's scope: the probe's coordinator scoped to
Uganda could move Namanga (KEN) into Uganda by an import or edit it, and with it hand Kenya's
screenings and cases to Ugandan staff."""

from __future__ import annotations

import io

from sqlalchemy import select

from passage.audit.models import AuditEntry
from passage.geo import service
from passage.geo.models import PointOfEntry
from tests.factories import bearer, csrf_from, demo_poe, make_user, token_for, web_login

HEADER = "code,name,kind,country,admin_area,latitude,longitude\n"


def _uganda_coordinator(session) -> dict[str, str]:
    user = make_user(session, "coordinator", scope_type="country", scope_value="UGA")
    headers = bearer(token_for(session, user))
    session.commit()
    return headers


def _namanga_into_uganda() -> dict:
    row = "LND-KEN-NAMANGA,Namanga One Stop Border Post,land_crossing,UGA,Busia,,\n"
    return {"file": ("move.csv", io.BytesIO((HEADER + row).encode()), "text/csv")}


def test_an_import_cannot_move_a_poe_out_of_a_country_outside_the_scope(client, session):
    headers = _uganda_coordinator(session)
    response = client.post("/api/v1/poes/import", files=_namanga_into_uganda(), headers=headers)
    assert response.status_code == 200
    report = response.json()
    assert (report["created"], report["updated"]) == (0, 0)
    assert "outside your scope" in report["rejected"][0]["reason"]
    session.expire_all()
    assert demo_poe(session).country_iso3 == "KEN"
    denied = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "access.denied").order_by(AuditEntry.seq)
    ).all()
    assert denied[-1].details["rows"] == 1


def test_the_web_import_refuses_the_same_row(client, session):
    user = make_user(session, "coordinator", scope_type="country", scope_value="UGA")
    session.commit()
    web_login(client, user.email)
    page = client.get("/poes/import")
    response = client.post(
        "/poes/import", files=_namanga_into_uganda(), data={"csrf_token": csrf_from(page.text)}
    )
    assert response.status_code == 200 and "outside your scope" in response.text
    session.expire_all()
    assert demo_poe(session).country_iso3 == "KEN"


def test_a_poe_outside_the_scope_cannot_be_edited_nor_created(client, session):
    headers = _uganda_coordinator(session)
    namanga = demo_poe(session)
    edit = client.patch(
        f"/api/v1/poes/{namanga.id}",
        json={"version": namanga.version, "is_active": False},
        headers=headers,
    )
    assert edit.status_code == 403
    create = client.post(
        "/api/v1/poes",
        json={"code": "LND-KEN-NEW", "name": "New", "kind": "land_crossing", "country_iso3": "KEN"},
        headers=headers,
    )
    assert create.status_code == 403
    session.expire_all()
    assert demo_poe(session).is_active


def test_the_command_line_import_is_not_limited(session):
    row = "LND-TST-CLI,Test crossing,land_crossing,UGA,,,\n"
    report = service.import_poes_csv(session=session, text=HEADER + row, source="cli.csv")
    assert report.created == 1
    assert session.scalars(select(PointOfEntry).where(PointOfEntry.code == "LND-TST-CLI")).one()
