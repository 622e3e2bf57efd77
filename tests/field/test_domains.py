"""Protection, feedback and flow records made at a node travel up like border and health
records (applied once, merged field by field, conflicts to review); the site's cases (with the
records they refer to) and the measures' targets come down, so that case work and journey
checks are complete offline."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from passage.access import Role
from passage.auth.models import User
from passage.border.crossings.models import Traveller
from passage.db import transaction
from passage.feedback.models import FeedbackItem
from passage.field import sync
from passage.field.models import FieldConflict, FieldNode
from passage.flows.models import FlowCount, FlowPoint
from passage.health.cases.models import FollowUpTask, PortHealthCase
from passage.health.screening.models import HealthScreening
from passage.protection.cases.models import Case, FollowUp
from passage.protection.registry.models import Person
from passage.restrictions.models import MeasureTarget
from tests.factories import make_user
from tests.restrictions.factories import make_measure

ORGANISATION = "IOM Kenya"


def _person(surname: str) -> Person:
    return Person(
        reference=f"P-{uuid.uuid4().hex[:8].upper()}",
        given_names="Halima",
        surname=surname,
        organisation=ORGANISATION,
    )


def _case(person: Person, **values) -> Case:
    return Case(
        reference=f"C-{uuid.uuid4().hex[:8].upper()}",
        person_id=person.id,
        case_type="protection",
        organisation=ORGANISATION,
        opened_at=datetime.now(UTC),
        **values,
    )


def _feedback() -> FeedbackItem:
    today = date.today()
    return FeedbackItem(
        client_id=str(uuid.uuid4()),
        reference=uuid.uuid4().hex[:10].upper(),
        code_hash=uuid.uuid4().hex + uuid.uuid4().hex,
        received_on=today,
        channel="hotline",
        category="question",
        message="Where is the nearest clinic?",
        acknowledge_by=today + timedelta(days=2),
        close_by=today + timedelta(days=14),
    )


def _for_organisation(session: Session, node_id: uuid.UUID) -> None:
    """The node works for an organisation too (protection cases are an organisation's)."""
    session.get(FieldNode, node_id).organisation = ORGANISATION
    session.commit()


def test_protection_feedback_and_flow_records_made_offline_reach_the_central_once(
    session, client, enrolled, node_factory
):
    _node_id, _poe, _officer = enrolled
    point = FlowPoint(code="NAMANGA-BUS", name="Namanga bus park", label="NAMANGA-BUS")
    session.add(point)
    session.commit()
    sync.run(factory=node_factory, client=client)  # the point comes down
    with transaction(node_factory) as s:
        assert s.get(FlowPoint, point.id) is not None
        person = _person("WANJIRU")
        s.add(person)
        s.flush()
        case = _case(person)
        s.add(case)
        s.flush()
        s.add(FollowUp(case_id=case.id, due_on=date.today(), purpose="Check shelter"))
        item = _feedback()
        s.add(item)
        count = FlowCount(
            point_id=point.id,
            granularity="day",
            period_start=date.today(),
            source="form",
            count=41,
        )
        s.add(count)
    sync.run(factory=node_factory, client=client)
    sync.run(factory=node_factory, client=client)  # nothing twice
    assert session.get(Person, person.id).surname == "WANJIRU"
    assert session.get(Case, case.id).person_id == person.id
    assert len(session.scalars(select(FollowUp).where(FollowUp.case_id == case.id)).all()) == 1
    assert session.get(FeedbackItem, item.id).message == "Where is the nearest clinic?"
    assert session.get(FlowCount, count.id).count == 41


def test_a_person_edited_at_the_node_and_here_merges_and_queues_the_same_field(
    session, client, enrolled, node_factory
):
    with transaction(node_factory) as s:
        person = _person("OTIENO")
        s.add(person)
    sync.run(factory=node_factory, client=client)
    here = session.get(Person, person.id)
    here.phone, here.location = "+254700000001", "Eldoret"
    session.commit()
    with transaction(node_factory) as s:
        there = s.get(Person, person.id)
        there.phone, there.email = "+254700000002", "h.otieno@example.org"
    sync.run(factory=node_factory, client=client)
    session.expire_all()
    merged = session.get(Person, person.id)
    assert (merged.phone, merged.location, merged.email) == (
        "+254700000001",
        "Eldoret",
        "h.otieno@example.org",
    )
    conflict = session.scalars(
        select(FieldConflict).where(FieldConflict.record_id == str(person.id))
    ).one()
    assert (conflict.table_name, conflict.field_name) == ("protection_persons", "phone")


def _screened_case(session: Session, poe_id: uuid.UUID, status: str = "open") -> PortHealthCase:
    traveller = Traveller(surname="MUTUA", given_names="Grace", name_key="grace mutua")
    session.add(traveller)
    session.flush()
    screening = HealthScreening(
        poe_id=poe_id,
        traveller_id=traveller.id,
        surname="MUTUA",
        arrival_date=date.today(),
        classification="suspected",
        screened_at=datetime.now(UTC),
    )
    session.add(screening)
    session.flush()
    case = PortHealthCase(
        screening_id=screening.id,
        poe_id=poe_id,
        status=status,
        follow_up_until=date.today() + timedelta(days=21),
    )
    session.add(case)
    session.flush()
    session.add(FollowUpTask(case_id=case.id, due_on=date.today()))
    return case


def test_the_sites_open_cases_come_down_with_what_they_refer_to_and_later_closed(
    session, client, enrolled, node_factory
):
    node_id, poe, _officer = enrolled
    open_case = _screened_case(session, poe.id)
    colleague = make_user(session, Role.PORT_HEALTH_OFFICER)  # at the central, not at the site
    open_case.opened_by = colleague.id
    closed_case = _screened_case(session, poe.id, status="closed")
    elsewhere = _screened_case(session, demo_poe_elsewhere(session))
    _for_organisation(session, node_id)
    person = _person("ABDI")
    session.add(person)
    session.flush()
    protection_case = _case(person)
    session.add(protection_case)
    session.commit()
    sync.run(factory=node_factory, client=client)
    with transaction(node_factory) as s:
        case = s.get(PortHealthCase, open_case.id)
        assert case is not None and case.status == "open"
        screening = s.get(HealthScreening, case.screening_id)
        assert s.get(Traveller, screening.traveller_id).surname == "MUTUA"
        assert s.scalars(select(FollowUpTask).where(FollowUpTask.case_id == case.id)).one()
        stub = s.get(User, colleague.id)  # named by the case: a stub that never signs in
        assert (stub.full_name, stub.is_active, stub.password_hash) == (
            colleague.full_name,
            False,
            "!",
        )
        assert s.get(PortHealthCase, closed_case.id) is None  # a new node gets the open ones
        assert s.get(PortHealthCase, elsewhere.id) is None  # another post's
        assert s.get(Person, s.get(Case, protection_case.id).person_id).surname == "ABDI"
    session.get(PortHealthCase, open_case.id).status = "closed"
    session.commit()
    sync.run(factory=node_factory, client=client)
    with transaction(node_factory) as s:
        assert s.get(PortHealthCase, open_case.id).status == "closed"
        assert s.get(Traveller, screening.traveller_id) is not None


def demo_poe_elsewhere(session: Session) -> uuid.UUID:
    """Another point of entry than the node's."""
    from passage.geo.models import PointOfEntry

    return session.scalars(
        select(PointOfEntry.id).where(PointOfEntry.code != "LND-KEN-NAMANGA").limit(1)
    ).one()


def test_measure_targets_come_down_with_their_versions_and_are_replaced(
    session, client, enrolled, node_factory
):
    written = make_measure(session, nationalities=["SOM", "ETH"], origins=["SOM"])
    session.commit()
    sync.run(factory=node_factory, client=client)
    assert _targets(node_factory, written.version.id) == {
        ("nationality", "ETH"),
        ("nationality", "SOM"),
        ("origin", "SOM"),
    }
    version = written.version
    session.execute(delete(MeasureTarget).where(MeasureTarget.version_id == version.id))
    session.add(MeasureTarget(version_id=version.id, kind="nationality", country_iso3="ERI"))
    version.change_note = "targets corrected"  # a version's targets change with the version
    session.commit()
    sync.run(factory=node_factory, client=client)
    assert _targets(node_factory, version.id) == {("nationality", "ERI")}


def _targets(factory: sessionmaker[Session], version_id: uuid.UUID) -> set[tuple[str, str]]:
    with transaction(factory) as s:
        rows = s.scalars(select(MeasureTarget).where(MeasureTarget.version_id == version_id))
        return {(row.kind, row.country_iso3) for row in rows}
