"""The overview as it was known on a date (#13 item 12): measures and POE statuses are
bitemporal; the CSV gives a level for every country."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from passage.geo import repository as geo_repository
from passage.overview.csv_export import render_csv
from passage.overview.service import build_overview
from passage.restrictions import service
from passage.restrictions.schemas import PoeStatusCreate
from tests.factories import demo_poe
from tests.restrictions.factories import make_measure

ON = date(2020, 3, 25)


def _status(session, poe, status: str, recorded: datetime):
    report = service.record_poe_status(
        session=session,
        poe_id=poe.id,
        data=PoeStatusCreate(status=status, effective_from=date(2020, 3, 21)),
        actor=None,
    )
    session.flush()
    report.created_at = recorded  # recorded time: when the report reached the system
    session.flush()


def _statuses(overview) -> dict[str, int]:
    return {row["key"]: row["count"] for row in overview["poes"]["by_status"]}


def test_a_backdated_poe_correction_does_not_change_what_was_known_before_it(session):
    poe = demo_poe(session)
    _status(session, poe, "fully_operational", datetime(2020, 3, 22, 9, tzinfo=UTC))
    _status(session, poe, "closed", datetime(2020, 4, 2, 9, tzinfo=UTC))  # same effective day
    known_then = build_overview(session=session, on=ON, known_on=date(2020, 3, 25))
    known_now = build_overview(session=session, on=ON)
    assert (_statuses(known_then)["fully_operational"], _statuses(known_then)["closed"]) == (1, 0)
    assert (_statuses(known_now)["fully_operational"], _statuses(known_now)["closed"]) == (0, 1)
    assert known_then["known_on"] == "2020-03-25" and known_now["known_on"] is None


def test_measures_recorded_later_are_not_in_the_overview_as_known_before(session):
    written = make_measure(session, country_iso3="UGA", effective_from=date(2020, 3, 20))
    session.flush()
    written.version.recorded_at = datetime(2020, 4, 1, tzinfo=UTC)
    session.flush()
    before = build_overview(session=session, on=ON, known_on=date(2020, 3, 31))
    after = build_overview(session=session, on=ON, known_on=date(2020, 4, 1))
    uga = {row["country"]: row for row in after["country_levels"]}["UGA"]
    assert uga["level"] == 2 and uga["measures"] == 1
    assert {row["country"]: row for row in before["country_levels"]}["UGA"]["level"] is None


def test_the_overview_csv_gives_a_level_for_every_country(session):
    make_measure(session, country_iso3="UGA", effective_from=date(2020, 3, 20))
    text = render_csv(build_overview(session=session, on=ON))
    levels = {
        row["key"]: row["value"]
        for row in csv.DictReader(io.StringIO(text))
        if row["section"] == "country_levels"
    }
    assert set(levels) == set(geo_repository.country_names(session))
    assert levels["UGA"] == "2" and levels["XKX"] == ""
