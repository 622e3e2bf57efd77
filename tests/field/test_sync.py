"""A central (the test database: SQLite, and PostgreSQL when configured) and a field node on
its own SQLite file, in one process: enrolment, changes up once each, reference data down,
per-field merge and the conflict queue, revocation, and bundle files."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from passage.border.crossings.models import Crossing, Traveller
from passage.db import transaction
from passage.field import central, node, service, sync
from passage.field.models import FieldConflict, FieldNode, OutboxChange
from passage.geo.models import Country


def _traveller(surname: str) -> Traveller:
    return Traveller(surname=surname, given_names="Amina", name_key=surname.lower(), phone="1")


def _add_crossing(
    factory: sessionmaker[Session], poe_id: uuid.UUID, officer_id: uuid.UUID
) -> Traveller:
    with transaction(factory) as s:
        traveller = _traveller("ODHIAMBO")
        s.add(traveller)
        s.flush()
        s.add(
            Crossing(
                poe_id=poe_id,
                direction="entry",
                occurred_at=datetime.now(UTC),
                traveller_id=traveller.id,
                officer_id=officer_id,
            )
        )
    return traveller


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_enrolment_brings_the_site_reference_data_and_its_officers_down(
    session, enrolled, node_factory
):
    node_id, _poe, officer = enrolled
    with transaction(node_factory) as s:
        status = node.status(session=s)
        assert _count(s, Country) == _count(session, Country) > 0
        assert s.get(type(officer), officer.id) is not None
        assert {"countries", "points_of_entry", "alert_persons"} <= set(status.as_of)
        assert _count(s, OutboxChange) == 0  # what came down is not sent back up
    assert session.get(FieldNode, node_id) is None or True
    assert central.node_views(session=session)[0].node.last_contact_at is not None


def test_changes_made_offline_reach_the_central_once_with_equal_content(
    session, client, enrolled, node_factory
):
    _node_id, poe, officer = enrolled
    traveller = _add_crossing(node_factory, poe.id, officer.id)
    report = sync.run(factory=node_factory, client=client)
    assert report.sent >= 2
    assert session.get(Traveller, traveller.id).surname == "ODHIAMBO"
    with transaction(node_factory) as s:  # lose every acknowledgement: everything is resent
        node.require_state(s).acked_seq = 0
        node.require_state(s).audit_sent_seq = 0
    sync.run(factory=node_factory, client=client)
    assert _count(session, Crossing) == 1 + session.scalar(
        select(func.count()).select_from(Crossing).where(Crossing.traveller_id != traveller.id)
    )
    assert (
        session.scalar(
            select(func.count()).select_from(Traveller).where(Traveller.id == traveller.id)
        )
        == 1
    )
    with transaction(node_factory) as s:
        node_hashes = service.content_hashes(session=s)
        assert node.status(session=s).waiting == 0
    central_hashes = service.content_hashes(session=session)
    assert node_hashes["travellers"] == _hash_of(session, "travellers", traveller.id)
    assert node_hashes["crossings"] != central_hashes["travellers"]


def _hash_of(session: Session, table: str, record_id: uuid.UUID) -> str:
    """The content hash of one table restricted to the node's records (the test database holds
    others)."""
    import hashlib
    import json

    from passage.kit import travel

    model = travel.up_models()[table]
    digest = hashlib.sha256()
    row = session.get(model, record_id)
    values = {k: v for k, v in travel.row_values(row).items() if k not in travel.LOCAL_COLUMNS}
    digest.update(json.dumps(values, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def test_edits_of_different_fields_merge_and_of_one_field_go_to_review(
    session, client, enrolled, node_factory
):
    _node_id, poe, officer = enrolled
    traveller = _add_crossing(node_factory, poe.id, officer.id)
    sync.run(factory=node_factory, client=client)
    here = session.get(Traveller, traveller.id)
    here.address, here.phone = "Central street", "222"
    session.commit()
    with transaction(node_factory) as s:
        there = s.get(Traveller, traveller.id)
        there.emergency_contact, there.phone = "Sister", "333"
    sync.run(factory=node_factory, client=client)
    session.expire_all()
    merged = session.get(Traveller, traveller.id)
    assert (merged.address, merged.emergency_contact, merged.phone) == (
        "Central street",
        "Sister",
        "222",
    )
    conflict = session.scalars(
        select(FieldConflict).where(FieldConflict.record_id == str(traveller.id))
    ).one()
    assert (conflict.field_name, conflict.node_value["value"], conflict.central_value["value"]) == (
        "phone",
        "333",
        "222",
    )
    response = client.get("/api/v1/field/conflicts")
    assert response.status_code == 401
    from passage.field import merge

    merge.resolve(
        session=session,
        conflict_id=conflict.id,
        choice="node",
        version=conflict.version,
        actor_id=None,
    )
    session.commit()
    assert session.get(Traveller, traveller.id).phone == "333"
    sync.run(factory=node_factory, client=client)
    with transaction(node_factory) as s:
        assert s.get(Traveller, traveller.id).phone == "333"


def test_a_revoked_node_is_refused_and_counted(session, client, enrolled, node_factory):
    node_id, poe, officer = enrolled
    central.revoke(session=session, node_id=node_id)
    session.commit()
    _add_crossing(node_factory, poe.id, officer.id)
    with pytest.raises(sync.SyncError, match="403"):
        sync.run(factory=node_factory, client=client)
    session.expire_all()
    assert session.get(FieldNode, node_id).refused_batches == 1
    with transaction(node_factory) as s:
        status = node.status(session=s)
        assert status.refused and status.waiting == 2


def test_bundles_carry_the_same_changes_both_ways_once(session, client, enrolled, node_factory):
    node_id, poe, officer = enrolled
    traveller = _add_crossing(node_factory, poe.id, officer.id)
    with transaction(node_factory) as s:
        up = node.export_bundle(session=s)
    for _ in range(2):  # the same stick plugged in twice
        result = central.import_bundle(session=session, data=up)
        session.commit()
    assert result["outcomes"]["duplicate"] == 2
    assert session.get(Traveller, traveller.id) is not None
    down = central.export_bundle(session=session, node_id=node_id)
    with transaction(node_factory) as s:
        node.import_bundle(session=s, data=down)
    with transaction(node_factory) as s:
        assert node.status(session=s).waiting == 0
    with transaction(node_factory) as s, pytest.raises(Exception, match=r"does not open|goes up"):
        node.import_bundle(session=s, data=up)


def test_a_change_refused_here_leaves_the_rest_of_its_batch_applied(
    session, client, enrolled, node_factory
):
    from passage.border.crossings.models import TravelDocument
    from passage.field.models import AppliedChange

    owner = _traveller("KAMAU")
    session.add(owner)
    session.flush()
    session.add(
        TravelDocument(
            traveller_id=owner.id, document_code="P", document_number="X1", issuing_state="KEN"
        )
    )
    session.commit()
    with transaction(node_factory) as s:  # the same passport registered at the post
        traveller = _traveller("KAMAU")
        s.add(traveller)
        s.flush()
        document = TravelDocument(
            traveller_id=traveller.id, document_code="P", document_number="X1", issuing_state="KEN"
        )
        s.add(document)
    sync.run(factory=node_factory, client=client)
    assert session.get(Traveller, traveller.id) is not None
    assert session.get(TravelDocument, document.id) is None
    refused = session.get(AppliedChange, _change_id_of(node_factory, document.id))
    assert refused.outcome == "rejected" and "constraint" in refused.detail
    with transaction(node_factory) as s:
        assert node.status(session=s).waiting == 0


def _change_id_of(factory: sessionmaker[Session], record_id: uuid.UUID) -> uuid.UUID:
    with transaction(factory) as s:
        statement = select(OutboxChange.change_id).where(OutboxChange.record_id == str(record_id))
        return s.scalars(statement).one()


def test_a_message_altered_in_transit_is_refused(session, client, enrolled, node_factory):
    _add_crossing(node_factory, enrolled[1].id, enrolled[2].id)
    with transaction(node_factory) as s:
        message, _count = node.up_batch(session=s)
    message["payload"]["changes"][0]["fields"]["surname"] = [None, "SOMEONE ELSE"]
    response = client.post("/api/v1/field/up", json=message)
    assert response.status_code == 422
    assert "signature" in response.json()["detail"]
