"""Border crossings feeding the counts of the flow monitoring point linked to their POE: by day,
direction, nationality, sex and age band, no personal data, refused entries left out, counted
again (never added to) whenever a crossing changes or the counting runs again."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from passage.access import Role
from passage.auth.service import principal_for
from passage.border.crossings import service as border
from passage.border.crossings.schemas import CrossingCreate, DecisionCreate
from passage.flows import alerts, crossings, service
from passage.flows.crossings import age_band
from passage.flows.models import FlowCount, FlowPoint
from passage.flows.schemas import PointCreate
from passage.kit.clock import today
from tests.factories import demo_poe, make_user

NAMANGA = "LND-KEN-NAMANGA"
DAY = date(2024, 3, 1)


def _admin(session):
    return principal_for(make_user(session, Role.ADMIN))


def _point(session, poe_code: str | None = NAMANGA, code: str = "FMP-NMG") -> FlowPoint:
    data = PointCreate(code=code, name="Namanga", kind="border_crossing", country_iso3="KEN",
                       poe_code=poe_code)  # fmt: skip
    return service.create_point(session=session, data=data, actor=_admin(session))


def _cross(session, actor, *, direction="entry", hour=9, nationality="UGA", sex="F",
           birth="1985-04-12", day=DAY):  # fmt: skip
    body = {
        "poe_id": str(demo_poe(session, NAMANGA).id),
        "direction": direction,
        "occurred_at": datetime(day.year, day.month, day.day, hour, tzinfo=UTC),
        "traveller": {"surname": "WANJIRU", "given_names": "AMINA", "nationality": nationality,
                      "sex": sex, "birth_date": birth},
        "origin_iso3": "UGA",
        "run_journey_check": False,
    }  # fmt: skip
    data = CrossingCreate.model_validate(body)
    return border.register_crossing(session=session, data=data, actor=actor)


def _cells(session, point: FlowPoint) -> list[tuple]:
    statement = select(FlowCount).where(FlowCount.point_id == point.id)
    return sorted(
        (c.period_start, c.direction, c.nationality, c.sex, c.age_band, c.origin, c.count)
        for c in session.scalars(statement)
        if c.source == "border"
    )


def test_crossings_registered_at_the_poe_count_at_the_linked_point(session):
    point = _point(session)
    actor = _admin(session)
    _cross(session, actor)
    _cross(session, actor, hour=11)
    _cross(session, actor, nationality="SOM", sex="M", birth="2015-01-01")
    _cross(session, actor, direction="exit", nationality="KEN", birth="1990-01-01")
    session.commit()
    assert _cells(session, point) == [
        (DAY, "incoming", "SOM", "male", "child", "UGA", 1),
        (DAY, "incoming", "UGA", "female", "adult", "UGA", 2),
        (DAY, "outgoing", "KEN", "female", "adult", "UGA", 1),
    ]


def test_counting_again_never_adds(session):
    point = _point(session)
    actor = _admin(session)
    _cross(session, actor)
    _cross(session, actor, day=date(2024, 3, 2))
    session.commit()
    before = _cells(session, point)
    crossings.count_days(session, {(point.poe_id, DAY), (point.poe_id, date(2024, 3, 2))})
    assert crossings.sync_all(session)["points"] >= 1
    session.commit()
    assert _cells(session, point) == before and sum(cell[-1] for cell in before) == 2


def test_a_refused_entry_leaves_the_count(session):
    point = _point(session)
    actor = _admin(session)
    crossing = _cross(session, actor)
    session.commit()
    assert [cell[-1] for cell in _cells(session, point)] == [1]
    decision = DecisionCreate(decision="refused", reason="No visa", version=crossing.version)
    border.record_decision(session=session, crossing_id=crossing.id, data=decision, actor=actor)
    session.commit()
    assert _cells(session, point) == []


def test_a_point_linked_later_counts_the_crossings_already_registered(session):
    actor = _admin(session)
    _cross(session, actor)
    session.commit()
    point = _point(session, code="FMP-LATE")
    assert [cell[-1] for cell in _cells(session, point)] == [1]


def test_a_point_with_no_poe_counts_no_crossing(session):
    point = _point(session, poe_code=None, code="FMP-NONE")
    _cross(session, _admin(session))
    session.commit()
    total = session.scalar(select(func.count()).where(FlowCount.point_id == point.id))
    assert total == 0


def test_age_band_on_the_day_of_the_crossing():
    assert age_band(date(2006, 3, 2), DAY) == "child"
    assert age_band(date(2006, 3, 1), DAY) == "adult"
    assert age_band(None, DAY) == ""


def test_a_transit_hub_linked_to_the_poe_for_scope_counts_no_crossing(session):
    data = PointCreate(code="FMP-HUB", name="Bus park", kind="transit_hub", country_iso3="KEN",
                       poe_code=NAMANGA)  # fmt: skip
    hub = service.create_point(session=session, data=data, actor=_admin(session))
    _cross(session, _admin(session))
    session.commit()
    assert _cells(session, hub) == []


def test_a_day_of_crossings_still_going_on_is_counted_but_not_judged(session):
    point = _point(session)
    actor = _admin(session)
    _cross(session, actor, day=today() - timedelta(days=1))
    _cross(session, actor, day=today(), hour=0)
    session.commit()
    assert len(_cells(session, point)) == 2
    judged = alerts.series(session, [point.id])
    assert [str(period) for period in judged[0].periods] == [
        (today() - timedelta(days=1)).isoformat()
    ]
