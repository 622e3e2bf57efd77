"""Encryption at rest on a field node (kit.atrest, field/keys.py): the thief's view of the
node's SQLite file (and its WAL) holds no listed name, traveller name, birth date or document
number in clear; the data key opens with an officer's password or the enrolment secret and
closes when the last holder signs out; sync waits while the node is locked; the matching index
and the name search work on the decrypted data while it is open."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from passage.access import Role
from passage.auth import service as auth_service
from passage.auth.models import User
from passage.border.alerts import cache
from passage.border.alerts.models import AlertList, AlertPerson, LostDocument
from passage.border.crossings import repository, search
from passage.border.crossings.identity import name_key
from passage.border.crossings.models import Crossing, TravelDocument, Traveller
from passage.border.matching import AlertQuery
from passage.db import transaction
from passage.errors import Forbidden, Locked
from passage.field import keys, node, sync
from passage.kit import atrest
from tests.factories import PASSWORD, make_user

LISTED_NAME, LISTED_DOCUMENT, LOST_NUMBER = "ZEPHYRINE KARAMBOLA", "XK4471920", "LD9930017"
SURNAME, GIVEN, BIRTH, DOCUMENT = "QUILLABERT", "Ottoline", date(1983, 4, 5), "PQ7700155"
CLEAR = [b"ZEPHYRINE", b"KARAMBOLA", b"XK4471920", b"LD9930017", b"QUILLABERT", b"Ottoline"]
CLEAR += [b"OTTOLINE", b"PQ7700155", b"1983-04-05", b"wanted at the border"]


def _ring(factory: sessionmaker[Session]) -> atrest.Keyring:
    return atrest.keyring(factory.kw["bind"].dialect)


def _list_at_the_central(session: Session) -> None:
    alert_list = AlertList(name="at rest list", kind="person")
    session.add(alert_list)
    session.flush()
    session.add(
        AlertPerson(
            list_id=alert_list.id,
            external_ref="AR-1",
            names=[LISTED_NAME],
            document_numbers=[LISTED_DOCUMENT],
            reason="wanted at the border",
        )
    )
    session.add(
        LostDocument(
            list_id=alert_list.id,
            external_ref="AR-2",
            document_number=LOST_NUMBER,
            issuing_state="KEN",
            reason="stolen",
        )
    )
    session.commit()


def _work_at_the_node(factory: sessionmaker[Session], poe_id: uuid.UUID, officer_id) -> None:
    with transaction(factory) as s:
        traveller = Traveller(
            surname=SURNAME,
            given_names=GIVEN,
            birth_date=BIRTH,
            name_key=name_key(SURNAME, GIVEN),
            phone="+254700000001",
        )
        s.add(traveller)
        s.flush()
        document = TravelDocument(
            traveller_id=traveller.id,
            document_code="P",
            document_number=DOCUMENT,
            issuing_state="KEN",
        )
        s.add(document)
        s.flush()
        s.add(
            Crossing(
                poe_id=poe_id,
                direction="entry",
                occurred_at=datetime.now(UTC),
                traveller_id=traveller.id,
                document_id=document.id,
                officer_id=officer_id,
            )
        )


def _file_bytes(factory: sessionmaker[Session]) -> bytes:
    path = Path(str(factory.kw["bind"].url.database))
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@pytest.fixture
def worked(session, client, enrolled, node_factory):
    """A node that received an alert list and registered a traveller, then synced."""
    _node_id, poe, officer = enrolled
    _list_at_the_central(session)
    sync.run(factory=node_factory, client=client)
    _work_at_the_node(node_factory, poe.id, officer.id)
    sync.run(factory=node_factory, client=client)
    return poe, officer


def test_the_thief_finds_no_name_birth_date_or_document_number_in_the_file(
    session, worked, node_factory
):
    # the node worked: the data is there, readable while the key is open
    with transaction(node_factory) as s:
        listed = s.scalars(select(AlertPerson).where(AlertPerson.external_ref == "AR-1")).one()
        assert listed.names == [LISTED_NAME]
        traveller = s.scalars(select(Traveller)).one()
        assert (traveller.surname, traveller.birth_date) == (SURNAME, BIRTH)
    assert session.scalars(select(Traveller).where(Traveller.id == traveller.id)).one().surname
    # the thief's view: the file and its WAL, byte for byte, and SQLite opened directly
    raw = _file_bytes(node_factory)
    assert raw and not [word for word in CLEAR if word in raw]
    path = str(node_factory.kw["bind"].url.database)
    with sqlite3.connect(path) as thief:
        dump = "\n".join(thief.iterdump()).encode()
        surname = thief.execute("SELECT surname, birth_date FROM travellers").fetchone()
    assert not [word for word in CLEAR if word in dump]
    assert surname[0].startswith(atrest.RANDOM) and surname[1].startswith(atrest.DETERMINISTIC)


def test_the_central_keeps_what_came_up_in_clear(session, worked):
    traveller = session.scalars(select(Traveller).where(Traveller.surname == SURNAME)).one()
    assert traveller.birth_date == BIRTH and traveller.name_index is None
    number = select(TravelDocument.document_number).where(
        TravelDocument.traveller_id == traveller.id
    )
    assert session.scalar(number) == DOCUMENT


def test_the_matching_index_and_the_name_search_work_on_decrypted_data_while_open(
    worked, node_factory
):
    _poe, officer = worked
    with transaction(node_factory) as s:
        listed = cache.CACHE.indexes(s).persons.search(
            AlertQuery(names=["Zephyrine Karambola"]), threshold=0.5, limit=5
        )
        assert listed
        actor = auth_service.principal_for(s.get(User, officer.id))
        named = search.travellers_named(session=s, actor=actor, name="Quillabert")
        assert len(named) == 1
        blocked = repository.travellers_in_scope(
            s, scope=None, name_fragments=search.name_fragments("Ott"), limit=5
        )
        assert [traveller.surname for traveller in blocked] == [SURNAME]
        assert not search.travellers_named(session=s, actor=actor, name="Karambola")
        holders = search.travellers_with_document(session=s, actor=actor, document_number=DOCUMENT)
        assert holders == set(named)
    _ring(node_factory).close()  # locked: the decrypted index is dropped
    assert not cache.CACHE._indexes


def test_locked_when_no_one_holds_the_key_and_sync_waits(client, worked, node_factory):
    _ring(node_factory).close()
    with transaction(node_factory) as s, pytest.raises(Locked):
        s.scalars(select(Traveller)).all()
    with pytest.raises(Locked):
        sync.run(factory=node_factory, client=client)
    with pytest.raises(Locked), transaction(node_factory) as s:  # nothing written in clear
        s.add(Traveller(surname="NEW", given_names="", name_key="NEW<<"))
        s.flush()


def test_an_officer_opens_the_key_after_the_enrolment_secret_then_with_their_password(
    enrolment, node_factory
):
    _node_id, _poe, officer, secret = enrolment
    ring = _ring(node_factory)
    ring.close()
    with transaction(node_factory) as s:
        user = s.get(User, officer.id)
        # first sign-in here, no one else signed in: the data stays locked for them
        assert not keys.sign_in(session=s, user=user, password=PASSWORD, holder="web-1")
        assert not ring.is_open
        with pytest.raises(Forbidden):
            keys.unlock_with_secret(
                session=s, user=user, password=PASSWORD, secret="AAAA-BBBB", holder="web-1"
            )
    with transaction(node_factory) as s:
        user = s.get(User, officer.id)
        keys.unlock_with_secret(
            session=s, user=user, password=PASSWORD, secret=secret.lower(), holder="web-1"
        )
        assert ring.is_open
    data_key = ring.data_key
    with transaction(node_factory) as s:
        keys.sign_out(session=s, holder="web-1")
        assert not ring.is_open
        user = s.get(User, officer.id)
        assert not keys.sign_in(session=s, user=user, password="wrong one", holder="web-2")
        assert keys.sign_in(session=s, user=user, password=PASSWORD, holder="web-2")
        assert ring.data_key == data_key
        keys.rewrap(session=s, user=user, password="a new long passphrase")
        keys.sign_out(session=s, holder="web-2")
    with transaction(node_factory) as s:
        user = s.get(User, officer.id)
        assert not keys.sign_in(session=s, user=user, password=PASSWORD, holder="web-3")
        assert keys.sign_in(session=s, user=user, password="a new long passphrase", holder="4")
        assert ring.data_key == data_key


def test_a_second_officer_gets_their_wrap_while_the_first_is_signed_in(
    session, client, enrolment, node_factory
):
    _node_id, poe, officer, secret = enrolment
    colleague = make_user(
        session,
        Role.BORDER_OFFICER,
        scope_type="poe",
        scope_value=str(poe.id),
        password="their own passphrase",
    )
    session.commit()
    sync.run(factory=node_factory, client=client)
    ring = _ring(node_factory)
    ring.close()
    with transaction(node_factory) as s:
        keys.unlock_with_secret(
            session=s, user=s.get(User, officer.id), password=PASSWORD, secret=secret, holder="1"
        )
    with transaction(node_factory) as s:
        here = s.get(User, colleague.id)
        assert keys.sign_in(session=s, user=here, password="their own passphrase", holder="2")
        keys.sign_out(session=s, holder="1")
        keys.sign_out(session=s, holder="2")
        assert not ring.is_open
        assert keys.sign_in(session=s, user=here, password="their own passphrase", holder="3")


def test_expired_sessions_let_the_key_go(enrolled, node_factory):
    ring = _ring(node_factory)
    ring.close()
    ring.open(b"k" * 32, "short", until=1.0)  # a deadline long past
    assert not ring.is_open
    with pytest.raises(Locked):
        ring.keys()


def test_a_change_waiting_in_the_outbox_is_sealed(worked, node_factory):
    with transaction(node_factory) as s:
        s.scalars(select(Traveller)).one().phone = "+254700000999"
    raw = _file_bytes(node_factory)
    assert b"254700000999" not in raw
    with transaction(node_factory) as s:
        waiting = node.up_batch(session=s)[0]
    assert "+254700000999" in str(waiting)  # travels in clear inside the signed envelope
