"""A node receives only the alert lists shared with its post (or with every post); an entry
removed, or a list no longer shared with the post, is wiped at the node at its next sync."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from passage.border.alerts import service
from passage.border.alerts.models import AlertList, AlertPerson
from passage.db import transaction
from passage.field import sync
from passage.geo.models import PointOfEntry
from passage.kit.clock import utcnow


def _list_with_entry(session: Session, name: str, shared: list[str] | None) -> AlertPerson:
    alert_list = AlertList(name=name, kind="person", shared_poe_ids=shared)
    session.add(alert_list)
    session.flush()
    entry = AlertPerson(
        list_id=alert_list.id,
        external_ref=f"{name}-1",
        names=[f"KARIUKI {name}"],
        reason="wanted for questioning",
    )
    session.add(entry)
    session.flush()
    return entry


def _other_poe(session: Session, poe_id: uuid.UUID) -> str:
    statement = select(PointOfEntry.id).where(PointOfEntry.id != poe_id).limit(1)
    return str(session.scalars(statement).one())


def test_a_node_gets_the_lists_shared_with_its_post_and_wipes_what_leaves(
    session, client, enrolled, node_factory
):
    _node_id, poe, _officer = enrolled
    elsewhere = _other_poe(session, poe.id)
    ours = _list_with_entry(session, "OURS", [str(poe.id)])
    theirs = _list_with_entry(session, "THEIRS", [elsewhere])
    everyone = _list_with_entry(session, "EVERY", None)
    session.commit()
    sync.run(factory=node_factory, client=client)
    with transaction(node_factory) as s:
        assert s.get(AlertPerson, ours.id).names == ["KARIUKI OURS"]
        assert s.get(AlertPerson, everyone.id).names == ["KARIUKI EVERY"]
        assert s.get(AlertPerson, theirs.id) is None
        assert s.get(AlertList, theirs.list_id) is None
    service.share_list(session=session, list_id=ours.list_id, poe_ids=[uuid.UUID(elsewhere)])
    session.get(AlertPerson, everyone.id).removed_at = utcnow()
    session.commit()
    sync.run(factory=node_factory, client=client)
    with transaction(node_factory) as s:
        for entry_id in (ours.id, everyone.id):
            wiped = s.get(AlertPerson, entry_id)
            assert (wiped.names, wiped.reason) == ([], "")
            assert wiped.removed_at is not None
        assert s.get(AlertList, ours.list_id).is_active is False
    service.share_list(session=session, list_id=ours.list_id, poe_ids=None)  # shared again
    session.commit()
    sync.run(factory=node_factory, client=client)
    with transaction(node_factory) as s:
        assert s.get(AlertPerson, ours.id).names == ["KARIUKI OURS"]
        assert s.get(AlertList, ours.list_id).is_active is True
