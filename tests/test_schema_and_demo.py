"""Migrations match the models on both backends; the demo world is idempotent."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from passage.audit.models import AuditEntry
from passage.auth import service as auth_service
from passage.auth.models import User
from passage.demo.service import DEMO_PASSWORD, load_demo
from passage.geo.models import PointOfEntry
from passage.kit.models import Base


def test_migrations_produce_exactly_the_models(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def _counts(session):
    return tuple(
        session.scalar(select(func.count()).select_from(m))
        for m in (User, PointOfEntry, AuditEntry)
    )


def test_demo_world_twice_changes_nothing(session):
    logins = load_demo(session, airports=False)
    session.commit()
    first = _counts(session)
    load_demo(session, airports=False)
    session.commit()
    assert _counts(session) == first
    roles = {login.role.value for login in logins}
    assert roles == {
        "admin",
        "coordinator",
        "analyst",
        "border_officer",
        "port_health_officer",
        "case_worker",
        "partner_worker",
        "health_authority",
    }
    for login in logins:
        assert auth_service.authenticate(session=session, email=login.email, password=DEMO_PASSWORD)


def test_demo_border_officer_is_scoped_to_a_point_of_entry(session):
    logins = {login.role.value: login for login in load_demo(session, airports=False)}
    officer = logins["border_officer"]
    assert officer.scope_type.value == "poe"
    assert (
        session.get(PointOfEntry, __import__("uuid").UUID(officer.scope_value)).code
        == "LND-KEN-NAMANGA"
    )
