"""Movements between places for the mobility map: origin/destination (or the counting point for
a missing end), whole periods within the chosen one, no double counting, within reach."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from passage.access import Role, ScopeType
from passage.auth.service import principal_for
from passage.errors import Invalid
from passage.flows import service
from passage.flows.models import FlowCount, FlowPoint
from passage.flows.schemas import DayEntry
from tests.factories import make_user

MARCH = date(2026, 3, 1)


def _point(session, country="KEN", code=None, latitude=-2.55, longitude=36.79):
    code = code or f"FMP-{uuid.uuid4().hex[:6]}"
    point = FlowPoint(
        code=code, name=f"Point {code}", label=code, kind="transit_hub", imported=False,
        country_iso3=country, latitude=latitude, longitude=longitude, detector={},
    )  # fmt: skip
    session.add(point)
    session.flush()
    return point


def _cell(session, point, day, count, *, origin="", destination="", granularity="day", **extra):
    session.add(
        FlowCount(
            point_id=point.id, granularity=granularity, period_start=day, source="import",
            direction=extra.get("direction", "incoming"), nationality=extra.get("nationality", ""),
            sex=extra.get("sex", ""), age_band="", origin=origin, destination=destination,
            transport="", vulnerability=extra.get("vulnerability", ""), count=count,
        )
    )  # fmt: skip
    session.flush()


def _reader(session, role=Role.ANALYST, country=None):
    if country:
        return principal_for(make_user(session, role, scope_type=ScopeType.COUNTRY,
                                       scope_value=country))  # fmt: skip
    return principal_for(make_user(session, role))


def _moves(session, actor, first, last):
    found = service.movements_between(session=session, actor=actor, first=first, last=last)
    return [(m.origin.code, m.destination.code, m.count) for m in found]


def test_counts_are_summed_from_origin_to_destination_over_the_period(session):
    point = _point(session)
    for day in (1, 2, 3):
        _cell(session, point, date(2026, 3, day), 10, origin="TZA", destination="UGA")
        _cell(session, point, date(2026, 3, day), 4, origin="TZA", destination="UGA", sex="male")
    _cell(session, point, date(2026, 3, 5), 50, origin="TZA", destination="UGA")  # after
    found = _moves(session, _reader(session), MARCH, date(2026, 3, 3))
    assert found == [("TZA", "UGA", 42)]


def test_a_missing_end_is_the_counting_point_and_cells_with_neither_are_left_out(session):
    point = _point(session, code="FMP-KEN-BUSPARK")
    _cell(session, point, MARCH, 30, origin="TZA")  # came from Tanzania to the point
    _cell(session, point, MARCH, 20, destination="UGA", direction="outgoing")  # point -> Uganda
    _cell(session, point, MARCH, 99)  # no origin, no destination: not a movement between places
    _cell(session, point, MARCH, 9, origin="KEN", destination="KEN")  # a place to itself
    found = service.movements_between(
        session=session, actor=_reader(session), first=MARCH, last=MARCH
    )
    assert [(m.origin.code, m.destination.code, m.count) for m in found] == [
        ("TZA", "FMP-KEN-BUSPARK", 30),
        ("FMP-KEN-BUSPARK", "UGA", 20),
    ]
    assert found[0].destination.latitude == pytest.approx(-2.55)
    assert found[0].points == ("FMP-KEN-BUSPARK",)


def test_vulnerabilities_observed_are_not_added(session):
    point = _point(session)
    _cell(session, point, MARCH, 10, origin="SOM", destination="KEN")
    _cell(session, point, MARCH, 3, origin="SOM", destination="KEN", vulnerability="pregnant")
    assert _moves(session, _reader(session), MARCH, MARCH) == [("SOM", "KEN", 10)]


def test_a_period_counts_only_when_it_lies_wholly_within_the_chosen_one(session):
    monthly = _point(session)
    _cell(session, monthly, MARCH, 300, origin="ETH", destination="KEN", granularity="month")
    weekly = _point(session)
    _cell(
        session, weekly, date(2026, 3, 30), 70, origin="SSD", destination="UGA", granularity="week"
    )  # fmt: skip  (Monday 30 March to Sunday 5 April)
    reader = _reader(session)
    assert _moves(session, reader, MARCH, date(2026, 3, 30)) == []  # the month is not over
    assert _moves(session, reader, MARCH, date(2026, 3, 31)) == [("ETH", "KEN", 300)]
    assert _moves(session, reader, date(2026, 3, 30), date(2026, 4, 5)) == [("SSD", "UGA", 70)]
    assert _moves(session, reader, date(2026, 3, 2), date(2026, 4, 5)) == [("SSD", "UGA", 70)]


def test_a_point_counted_in_several_granularities_is_read_in_its_finest(session):
    point = _point(session)
    for day in range(1, 32):
        _cell(session, point, date(2026, 3, day), 2, origin="ETH", destination="KEN")
    _cell(session, point, MARCH, 62, origin="ETH", destination="KEN", granularity="month")
    assert _moves(session, _reader(session), MARCH, date(2026, 3, 31)) == [("ETH", "KEN", 62)]


def test_places_are_countries_points_or_points_of_entry_and_others_are_unplaced(session):
    point = _point(session)
    hub = _point(session, code="FMP-UGA-HUB", country="UGA", latitude=0.46, longitude=34.09)
    _cell(session, point, MARCH, 5, origin="LND-KEN-NAMANGA", destination="FMP-UGA-HUB")
    _cell(session, point, MARCH, 6, origin="ken", destination="Nowhere village")
    found = service.movements_between(
        session=session, actor=_reader(session), first=MARCH, last=MARCH
    )
    by_origin = {m.origin.code: m for m in found}
    assert by_origin["LND-KEN-NAMANGA"].origin.placed
    assert by_origin["LND-KEN-NAMANGA"].destination.code == hub.code
    assert by_origin["LND-KEN-NAMANGA"].destination.latitude == pytest.approx(0.46)
    kenya = by_origin["KEN"]
    assert kenya.origin.placed and kenya.origin.name == "Kenya"
    assert kenya.destination.code == "Nowhere village" and not kenya.destination.placed


def test_a_reader_sees_the_points_of_their_countries_only(session):
    kenya, uganda = _point(session, "KEN"), _point(session, "UGA")
    _cell(session, kenya, MARCH, 10, origin="TZA", destination="KEN")
    _cell(session, uganda, MARCH, 20, origin="SSD", destination="UGA")
    in_kenya = _reader(session, Role.ANALYST, country="KEN")
    assert _moves(session, in_kenya, MARCH, MARCH) == [("TZA", "KEN", 10)]
    assert len(_moves(session, _reader(session), MARCH, MARCH)) == 2


def test_counts_entered_on_the_form_appear_with_their_origin_and_destination(session):
    point = _point(session)
    collector = _reader(session, Role.COORDINATOR)
    data = DayEntry(day=MARCH, direction="incoming", origin="SOM", destination="UGA",
                    groups={"men": 4, "women": 3}, vulnerabilities={"pregnant": 1})  # fmt: skip
    service.enter_day(session=session, point_id=point.id, data=data, actor=collector)
    assert _moves(session, collector, MARCH, MARCH) == [("SOM", "UGA", 7)]


def test_a_period_that_ends_before_it_starts_or_is_too_long_is_refused(session):
    reader = _reader(session)
    with pytest.raises(Invalid):
        service.movements_between(session=session, actor=reader, first=MARCH, last=date(2026, 2, 1))
    year = service.movements_between(
        session=session, actor=reader, first=MARCH, last=date(2027, 3, 1)
    )  # 366 days, the longest
    assert year == []
    with pytest.raises(Invalid):
        service.movements_between(session=session, actor=reader, first=MARCH, last=date(2027, 3, 2))
