"""Migrations match the models on both backends; the demo world is idempotent."""

from __future__ import annotations

from datetime import timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from passage.audit.models import AuditEntry
from passage.auth import repository as auth_repository
from passage.auth import service as auth_service
from passage.auth.models import User
from passage.border.alerts.models import AlertPerson, LostDocument, ScreeningHit
from passage.border.crossings import figures as border_figures
from passage.border.crossings import service as border_service
from passage.border.crossings.models import Crossing, Traveller
from passage.border.referrals.models import Referral
from passage.demo.service import DEMO_PASSWORD, load_demo
from passage.geo.models import PointOfEntry
from passage.health.cases import interest
from passage.health.cases.models import FollowUpTask, PortHealthCase
from passage.health.notifications.models import Notification
from passage.health.screening.models import HealthScreening
from passage.kit.clock import today
from passage.kit.models import Base


def test_migrations_produce_exactly_the_models(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


ACTIVITY = (
    Traveller,
    Crossing,
    AlertPerson,
    LostDocument,
    ScreeningHit,
    Referral,
    HealthScreening,
    PortHealthCase,
    FollowUpTask,
    Notification,
)


def _count(session, model, *conditions):
    return session.scalar(select(func.count()).select_from(model).where(*conditions))


def _counts(session):
    return tuple(_count(session, m) for m in (User, PointOfEntry, AuditEntry, *ACTIVITY))


def test_demo_world_twice_changes_nothing(session):
    logins = load_demo(session, airports=False)
    session.commit()
    first = _counts(session)
    assert all(first), "the demo world holds rows of every kind counted"
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
        "supervisor",
        "designated_case_worker",
        "partner_worker",
        "health_authority",
        "complaints_focal_point",
        "flow_monitor",
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


def _actor(session, email):
    return auth_service.principal_for(auth_repository.get_user_by_email(session, email))


def _crossings(session, **conditions):
    return _count(session, Crossing, *(getattr(Crossing, k) == v for k, v in conditions.items()))


def test_demo_world_has_a_month_of_border_activity(session):
    load_demo(session, airports=False)
    officer = _actor(session, "border@demo.passage.int")
    assert 150 <= _crossings(session) <= 300
    exits = _crossings(session, direction="exit")
    linked = _count(session, Crossing, Crossing.linked_entry_id.is_not(None))
    assert exits >= 60 and linked == exits - 1  # one departure has no recorded entry
    assert _crossings(session, decision="referred_secondary") == 1
    assert _crossings(session, decision="admitted_with_conditions") >= 3
    open_hits = session.scalars(select(ScreeningHit).where(ScreeningHit.status == "open")).all()
    assert [hit.explanation["list"] for hit in open_hits] == ["Demo watch list"]
    assert _count(session, ScreeningHit, ScreeningHit.lost_document_id.is_not(None)) == 1
    overstays = border_service.overstays(session=session, actor=officer, on=today())
    assert len(overstays) == 3 and all(item.days_over > 9 for item in overstays)
    _, departures = border_service.departures_without_entry(session=session, actor=officer)
    assert departures == 1
    referral = session.scalars(select(Referral)).one()
    assert referral.consent_given and referral.organisation == "IOM"


def test_demo_statistics_show_sexes_ages_nationalities_and_days(session):
    load_demo(session, airports=False)
    analyst = _actor(session, "analyst@demo.passage.int")

    def values(key):
        rows = border_figures.statistics(
            session=session,
            actor=analyst,
            date_from=today() - timedelta(days=29),
            date_to=today(),
            group_by=[key],
        )
        return {row[key] for row in rows}

    assert values("sex") == {"F", "M"}
    assert values("age_band") == {"0-17", "18-59", "60+"}
    assert {"KEN", "TZA", "UGA", "RWA", "ETH", "SOM", "COD"} <= values("nationality")
    assert values("poe") == {"LND-KEN-NAMANGA", "LND-KEN-BUSIA"}
    assert len(values("day")) >= 25


def test_demo_world_has_port_health_screenings_and_a_case(session):
    load_demo(session, airports=False)
    classifications = session.scalars(select(HealthScreening.classification)).all()
    assert sorted(classifications) == ["cleared"] * 6 + ["isolate_refer", "secondary_assessment"]
    assert _count(session, HealthScreening, HealthScreening.crossing_id.is_(None)) == 0
    case = session.scalars(select(PortHealthCase)).one()
    assert case.status == "open" and case.suspected_diseases == ["ebola"]
    tasks = session.scalars(
        select(FollowUpTask).where(FollowUpTask.case_id == case.id).order_by(FollowUpTask.due_on)
    ).all()
    assert [task.status for task in tasks[:3]] == ["done", "done", "due"]
    assert tasks[2].due_on == today()
    health = _actor(session, "health@demo.passage.int")
    listed, total = interest.list_interest(session=session, actor=health)
    assert total == 2
    assert {item.classification for item in listed} == {"isolate_refer", "secondary_assessment"}
