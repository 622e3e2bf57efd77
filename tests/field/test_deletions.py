"""Deletions travel both ways as tombstones: applied once, and a deleted record is never
revived by a late change from a node or a late page from the central."""

from __future__ import annotations

from sqlalchemy import select

from passage.auth.models import Grant
from passage.border.crossings.models import Crossing, Traveller
from passage.db import transaction
from passage.field import down, node, sync
from passage.field.models import AppliedChange, OutboxChange, Tombstone
from passage.kit import travel
from tests.field.test_sync import _add_crossing


def test_a_record_deleted_at_the_node_is_deleted_at_the_central_once(
    session, client, enrolled, node_factory
):
    _node_id, poe, officer = enrolled
    traveller = _add_crossing(node_factory, poe.id, officer.id)
    sync.run(factory=node_factory, client=client)
    with transaction(node_factory) as s:
        crossing = s.scalars(select(Crossing).where(Crossing.traveller_id == traveller.id)).one()
        s.delete(crossing)
    with transaction(node_factory) as s:
        assert s.scalars(select(OutboxChange.operation)).all()[-1] == "delete"
    sync.run(factory=node_factory, client=client)
    with transaction(node_factory) as s:  # every acknowledgement lost: all of it is resent
        node.require_state(s).acked_seq = 0
    sync.run(factory=node_factory, client=client)
    session.expire_all()
    assert session.get(Crossing, crossing.id) is None
    assert session.get(Traveller, traveller.id) is not None
    assert session.scalars(select(Tombstone).where(Tombstone.record_id == str(crossing.id))).one()


def test_a_record_deleted_at_the_central_goes_at_the_node_and_a_late_edit_does_not_revive_it(
    session, client, enrolled, node_factory
):
    with transaction(node_factory) as s:
        traveller = Traveller(surname="NJERI", given_names="Ann", name_key="ann njeri")
        s.add(traveller)
    sync.run(factory=node_factory, client=client)
    session.delete(session.get(Traveller, traveller.id))
    session.commit()
    with transaction(node_factory) as s:  # edited offline meanwhile
        s.get(Traveller, traveller.id).phone = "+254711000000"
    sync.run(factory=node_factory, client=client)
    session.expire_all()
    assert session.get(Traveller, traveller.id) is None
    refused = session.scalars(
        select(AppliedChange).where(AppliedChange.record_id == str(traveller.id))
    ).all()
    assert [(row.outcome, row.detail) for row in refused][-1] == (
        "rejected",
        "the record was deleted here",
    )
    with transaction(node_factory) as s:
        assert s.get(Traveller, traveller.id) is None


def test_a_grant_withdrawn_at_the_central_leaves_the_node_and_no_late_page_brings_it_back(
    session, client, enrolled, node_factory
):
    _node_id, _poe, officer = enrolled
    grant = session.scalars(select(Grant).where(Grant.user_id == officer.id)).one()
    old_values = travel.row_values(grant)
    session.delete(grant)
    session.commit()
    sync.run(factory=node_factory, client=client)
    with transaction(node_factory) as s:
        assert s.get(Grant, grant.id) is None
        late_page = {"kinds": {"grants": {"rows": [old_values], "cursor": None}}}
        down.apply(s, node.require_state(s), late_page)
    with transaction(node_factory) as s:
        assert s.get(Grant, grant.id) is None
