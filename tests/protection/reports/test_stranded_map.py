"""Stranded migrants per country for the mobility map: counts only, suppressed as the reports
are, each person counted once, on the date asked for, within the reader's organisations."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from passage.access import Role
from passage.audit.models import AuditEntry
from passage.kit.clock import today
from passage.protection.reports import service as reports
from tests.protection.helpers import RED_CROSS, person_with_case, staff

DAY = date(2026, 3, 10)


def _moment(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _stranded(session, worker, count, country="KEN", **fields):
    case_type = fields.pop("case_type", "general_protection")
    fields.setdefault("situations", ["stranded"])
    found = []
    for number in range(count):
        found.append(
            person_with_case(
                session,
                worker,
                given_names=f"Person{number}",
                case_type=case_type,
                country_iso3=country,
                **fields,
            )
        )
    for _, case in found:
        case.opened_at = _moment(DAY - timedelta(days=5))
    session.flush()
    return found


def test_counts_per_country_with_small_cells_withheld(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _stranded(session, worker, 7, "KEN")
    _stranded(session, worker, 6, "UGA")
    _stranded(session, worker, 2, "TZA")
    found = reports.stranded_by_country(session=session, actor=worker, on=DAY)
    # TZA (2) is under 5; alone it could be worked out from the total, so the next smallest
    # (UGA, 6) is withheld too, exactly as in the protection reports
    assert found["countries"] == {"KEN": 7, "UGA": None, "TZA": None}
    assert found["total"] == 15 and found["threshold"] == 5


def test_a_total_under_five_withholds_everything(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _stranded(session, worker, 4, "KEN")
    found = reports.stranded_by_country(session=session, actor=worker, on=DAY)
    assert found == {
        "date": DAY.isoformat(),
        "total": None,
        "threshold": 5,
        "countries": {"KEN": None},
    }


def test_only_stranded_persons_count_and_each_once(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _stranded(session, worker, 5, "KEN")  # stranded among their situations
    _stranded(session, worker, 5, "UGA", situations=[], case_type="stranded_migrant")
    _stranded(session, worker, 5, "RWA", situations=["destitute"])  # not stranded
    person, case = _stranded(session, worker, 1, "KEN")[0]
    second = person_with_case(session, worker, case_type="stranded_migrant")[1]
    second.person_id, second.opened_at = person.id, case.opened_at  # a second case, one person
    session.flush()
    found = reports.stranded_by_country(session=session, actor=worker, on=DAY)
    assert found["countries"] == {"KEN": 6, "UGA": 5}


def test_a_case_counts_on_the_days_it_is_open(session):
    _, worker = staff(session, Role.CASE_WORKER)
    cases = [case for _, case in _stranded(session, worker, 6, "KEN")]
    cases[0].opened_at = _moment(DAY, 23)  # opened late on the day: counts on it
    cases[1].opened_at = _moment(DAY + timedelta(days=1), 0)  # opened the next day: not yet
    cases[2].closed_at = _moment(DAY, 1)  # closed during the day: still counts on it
    cases[3].closed_at = _moment(DAY - timedelta(days=1), 23)  # closed the day before: gone
    session.flush()
    count = reports.stranded_by_country(session=session, actor=worker, on=DAY)["countries"]
    assert count == {"KEN": None}  # 4 persons: under 5
    cases[3].closed_at = None
    session.flush()
    assert reports.stranded_by_country(session=session, actor=worker, on=DAY)["countries"] == {
        "KEN": 5
    }
    before = DAY - timedelta(days=6)
    assert reports.stranded_by_country(session=session, actor=worker, on=before)["total"] is None


def test_a_reader_sees_the_counts_of_their_organisations_only(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _, other = staff(session, Role.CASE_WORKER, RED_CROSS)
    _stranded(session, worker, 6, "KEN")
    _stranded(session, other, 5, "KEN")
    mine = reports.stranded_by_country(session=session, actor=worker, on=DAY)
    theirs = reports.stranded_by_country(session=session, actor=other, on=DAY)
    assert mine["countries"] == {"KEN": 6} and theirs["countries"] == {"KEN": 5}
    _, coordinator = staff(session, Role.COORDINATOR)  # an organisation grant too
    assert reports.stranded_by_country(session=session, actor=coordinator, on=DAY)["total"] == 6


def test_persons_without_a_country_are_counted_apart_and_the_read_is_audited(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _stranded(session, worker, 5, None)
    found = reports.stranded_by_country(session=session, actor=worker, on=DAY)
    assert found["countries"] == {"unknown": 5}
    session.commit()
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "protection_stranded_map")
    ).first()
    assert entry is not None and entry.purpose == "protection"


def test_no_personal_field_leaves_the_layer(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _stranded(session, worker, 6, "KEN", surname="Uniquesurname")
    found = reports.stranded_by_country(session=session, actor=worker, on=today())
    assert "Uniquesurname" not in str(found) and "Person" not in str(found)
