"""Importing a partner's entries: verification first (tampered, unsigned, foreign entries are
rejected and reported), provenance, idempotence, and conflicts with local edits."""

from __future__ import annotations

import copy
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from passage.auth.service import principal_for
from passage.exchange import conflicts, importer, jws, partners, repository
from passage.exchange.models import ImportConflict, Rejection
from passage.geo import repository as geo_repository
from passage.restrictions import repository as restrictions_repository
from passage.restrictions import service as restrictions
from passage.restrictions.schemas import MeasureEdit
from passage.rules import repository as rules_repository
from tests.exchange.factories import (
    RemoteDeployment,
    add_partner,
    feed_entries,
    head,
    measure_content,
)
from tests.factories import make_user
from tests.rules.test_rule_sets import make_rule


def _import(session, partner, *entries):
    return importer.import_entries(session, partner=partner, entries=list(entries), via="pull")


def _local_measure(session, partner, remote_id):
    provenance = repository.provenance_of_remote(session, partner.id, "measure", remote_id)
    assert provenance is not None
    return restrictions.get_measure(session=session, measure_id=provenance.local_record_id)


@pytest.fixture
def remote():
    return RemoteDeployment("Uganda")


@pytest.fixture
def partner(session, remote):
    return add_partner(session, remote)


def test_a_measure_is_imported_as_a_measure_of_its_country_with_provenance(
    session, remote, partner
):
    record_id = str(uuid.uuid4())
    entry = remote.entry("measure", measure_content(), record_id=record_id)
    report = _import(session, partner, entry)
    assert (report.imported, report.rejected) == (1, [])
    measure, current = _local_measure(session, partner, record_id)
    assert (measure.country_iso3, current.title, current.status) == (
        "UGA",
        "Fourteen-day quarantine on arrival",
        "published",
    )
    assert current.origins == ["IND"] and current.quarantine_days == 14
    origin = partners.origin(session, "measure", measure.id)
    assert origin["partner"]["name"] == "Uganda"
    assert origin["remote_entry_id"] == entry["id"] and origin["remote_cursor"] == entry["cursor"]


def test_importing_the_same_entry_again_changes_nothing(session, remote, partner):
    entry = remote.entry("measure", measure_content())
    _import(session, partner, entry)
    versions_before = restrictions_repository.search(session, country="UGA", limit=1000)[1]
    report = _import(session, partner, copy.deepcopy(entry))
    assert (report.imported, report.updated, report.unchanged) == (0, 0, 1)
    assert restrictions_repository.search(session, country="UGA", limit=1000)[1] == versions_before


def test_imported_changes_are_not_republished_in_the_local_feed(session, remote, partner):
    before = head(session)
    _import(session, partner, remote.entry("measure", measure_content()))
    session.commit()
    assert feed_entries(session, before) == []


def test_a_newer_version_updates_and_an_older_one_is_ignored(session, remote, partner):
    record_id = str(uuid.uuid4())
    first = remote.entry("measure", measure_content(), record_id=record_id, version=1)
    second = remote.entry(
        "measure",
        measure_content(quarantine_days=7),
        record_id=record_id,
        version=2,
        action="updated",
    )
    assert _import(session, partner, first, second).to_dict()["updated"] == 1
    late_copy_of_first = copy.deepcopy(first)
    assert _import(session, partner, late_copy_of_first).unchanged == 1
    _, current = _local_measure(session, partner, record_id)
    assert current.quarantine_days == 7


@pytest.mark.parametrize(
    "tamper",
    [
        lambda e: e["content"].update(quarantine_days=0),
        lambda e: e.update(cursor=e["cursor"] + 1000),
        lambda e: e.pop("signature"),
        lambda e: e.update(signature=e["signature"].replace(e["signature"][-6:], "AAAAAA")),
    ],
    ids=["content", "cursor", "unsigned", "signature"],
)
def test_a_tampered_or_unsigned_entry_is_rejected_reported_and_not_imported(
    session, remote, partner, tamper
):
    entry = remote.entry("measure", measure_content(title="Tampered measure"))
    tamper(entry)
    report = _import(session, partner, entry)
    assert report.imported == 0 and len(report.rejected) == 1
    assert "sign" in report.rejected[0].reason
    assert restrictions_repository.search(session, text="Tampered measure")[1] == 0
    rejection = repository.rejections_of(session, partner.id)[0]
    assert isinstance(rejection, Rejection) and rejection.reason == report.rejected[0].reason


def test_an_entry_signed_by_an_untrusted_key_or_another_deployment_is_rejected(
    session, remote, partner
):
    impostor = RemoteDeployment("Impostor")
    forged = impostor.entry("measure", measure_content())
    forged["deployment"] = str(remote.deployment_id)
    other = RemoteDeployment("Other")
    other.key = remote.key  # same key, another deployment id
    foreign = other.entry("measure", measure_content())
    report = _import(session, partner, forged, foreign)
    reasons = [r.reason for r in report.rejected]
    assert "not trusted" in reasons[0] and "deployment" in reasons[1]
    assert report.imported == 0


def test_a_bad_entry_does_not_stop_the_good_ones(session, remote, partner):
    good = remote.entry("measure", measure_content(title="Good one"))
    bad = remote.entry("measure", measure_content(country_iso3="XXX"))
    later = remote.entry("measure", measure_content(title="Later one"))
    report = _import(session, partner, good, bad, later)
    assert report.imported == 2
    assert "unknown country XXX" in report.rejected[0].reason


def test_a_local_edit_is_never_overwritten_the_change_waits_for_review(session, remote, partner):
    record_id = str(uuid.uuid4())
    _import(session, partner, remote.entry("measure", measure_content(), record_id=record_id))
    measure, current = _local_measure(session, partner, record_id)
    editor = principal_for(make_user(session, "coordinator"))
    fields = {name: getattr(current, name) for name in restrictions.CONTENT_FIELDS}
    local = MeasureEdit(version=measure.version, **(fields | {"quarantine_days": 21}))
    restrictions.edit_measure(session=session, measure_id=measure.id, data=local, actor=editor)
    change = remote.entry(
        "measure", measure_content(quarantine_days=5), record_id=record_id, version=2
    )
    report = _import(session, partner, change)
    assert report.conflicts == 1
    assert _local_measure(session, partner, record_id)[1].quarantine_days == 21
    [held] = conflicts.list_conflicts(session=session, principal=editor)
    assert held.content["quarantine_days"] == 5 and held.country_iso3 == "UGA"
    assert _import(session, partner, copy.deepcopy(change)).unchanged == 1  # no second conflict
    newer = remote.entry(
        "measure", measure_content(quarantine_days=3), record_id=record_id, version=3
    )
    assert _import(session, partner, newer).conflicts == 1
    [latest] = conflicts.list_conflicts(session=session, principal=editor)
    assert latest.content["quarantine_days"] == 3
    assert (
        len(conflicts.list_conflicts(session=session, principal=editor, status="superseded")) == 1
    )
    conflicts.resolve(
        session=session,
        principal=editor,
        conflict_id=latest.id,
        version=latest.version,
        choice="theirs",
    )
    assert _local_measure(session, partner, record_id)[1].quarantine_days == 3
    further = remote.entry(
        "measure", measure_content(quarantine_days=1), record_id=record_id, version=4
    )
    assert _import(session, partner, further).updated == 1  # accepted: in step again


def test_keeping_the_local_record_keeps_later_changes_in_review(session, remote, partner):
    record_id = str(uuid.uuid4())
    _import(session, partner, remote.entry("measure", measure_content(), record_id=record_id))
    measure, _ = _local_measure(session, partner, record_id)
    editor = principal_for(make_user(session, "coordinator"))
    restrictions.mark_verified(
        session=session, measure_id=measure.id, version=measure.version, on=None, actor=editor
    )
    _import(
        session,
        partner,
        remote.entry("measure", measure_content(quarantine_days=5), record_id=record_id, version=2),
    )
    [held] = conflicts.list_conflicts(session=session, principal=editor)
    conflicts.resolve(
        session=session, principal=editor, conflict_id=held.id, version=held.version, choice="mine"
    )
    assert _local_measure(session, partner, record_id)[1].quarantine_days == 14
    later = remote.entry(
        "measure", measure_content(quarantine_days=2), record_id=record_id, version=3
    )
    assert _import(session, partner, later).conflicts == 1


def test_a_reviewer_outside_the_country_sees_no_conflict(session, remote, partner):
    record_id = str(uuid.uuid4())
    _import(session, partner, remote.entry("measure", measure_content(), record_id=record_id))
    measure, _ = _local_measure(session, partner, record_id)
    admin = principal_for(make_user(session, "admin"))
    restrictions.mark_verified(
        session=session, measure_id=measure.id, version=measure.version, on=None, actor=admin
    )
    _import(
        session,
        partner,
        remote.entry("measure", measure_content(quarantine_days=5), record_id=record_id, version=2),
    )
    kenya = principal_for(
        make_user(session, "coordinator", scope_type="country", scope_value="KEN")
    )
    uganda = principal_for(
        make_user(session, "coordinator", scope_type="country", scope_value="UGA")
    )
    assert conflicts.list_conflicts(session=session, principal=kenya) == []
    assert len(conflicts.list_conflicts(session=session, principal=uganda)) == 1


def _poe_content(code="LND-UGA-TEST", country="UGA", **status):
    return {
        "poe": {
            "code": code,
            "name": "Test crossing",
            "kind": "land_crossing",
            "country_iso3": country,
            "admin_area": None,
            "latitude": 0.5,
            "longitude": 33.2,
            "iata": None,
            "icao": None,
        },
        "status": {
            "status": "closed",
            "effective_from": "2021-01-10",
            "who_may_cross": [],
            "health_measures": [],
            "last_verified_on": None,
            "notes": None,
            "source": None,
        }
        | status,
    }


def test_a_poe_status_is_added_to_a_known_or_new_point_of_entry(session, remote, partner):
    known = _poe_content(code="LND-KEN-NAMANGA", country="KEN", status="partially_operational")
    report = _import(
        session,
        partner,
        remote.entry("poe_status", _poe_content(), action="reported"),
        remote.entry("poe_status", known, action="reported"),
    )
    assert report.imported == 2
    created = geo_repository.get_poes_by_code(session, ["LND-UGA-TEST"])["LND-UGA-TEST"]
    assert created.country_iso3 == "UGA" and created.source == "exchange: Uganda"
    history = restrictions_repository.poe_status_history(session, created.id)
    assert [s.status for s in history] == ["closed"]


def test_a_poe_code_of_another_country_is_rejected(session, remote, partner):
    clash = _poe_content(code="LND-KEN-NAMANGA", country="UGA")
    report = _import(session, partner, remote.entry("poe_status", clash, action="reported"))
    assert "is in KEN here" in report.rejected[0].reason


def _rule_content(document):
    return {
        "identifier": document["Identifier"],
        "version": document["Version"],
        "document": document,
    }


def test_a_rule_version_is_stored_and_a_clash_with_a_local_upload_waits(session, remote, partner):
    from passage.rules import service as rules

    document = make_rule("VR-UG-0077")
    report = _import(session, partner, remote.entry("rule", _rule_content(document)))
    assert report.imported == 1
    assert rules_repository.versions_of(session, "VR-UG-0077")[0].document == document
    local = make_rule("VR-UG-0078")
    rules.upload_rules(session=session, documents=local, uploaded_by=None)
    theirs = local | {"AffectedFields": ["v.0.dn"]}
    report = _import(session, partner, remote.entry("rule", _rule_content(theirs)))
    assert report.conflicts == 1
    admin = principal_for(make_user(session, "admin"))
    [held] = conflicts.list_conflicts(session=session, principal=admin)
    assert held.record_type == "rule"
    with pytest.raises(Exception, match="never change"):
        conflicts.resolve(
            session=session,
            principal=admin,
            conflict_id=held.id,
            version=held.version,
            choice="theirs",
        )


def test_an_older_rule_version_arriving_late_changes_nothing(session, remote, partner):
    newer = remote.entry("rule", _rule_content(make_rule("VR-UG-0079", version="1.1.0")))
    older = remote.entry("rule", _rule_content(make_rule("VR-UG-0079", version="1.0.0")))
    report = _import(session, partner, newer, older)
    assert (report.imported, report.unchanged, report.rejected) == (1, 1, [])
    assert [r.rule_version for r in rules_repository.versions_of(session, "VR-UG-0079")] == [
        "1.1.0"
    ]


def test_a_rotated_key_announced_under_the_old_one_is_trusted_from_then_on(
    session, remote, partner
):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    new_key = Ed25519PrivateKey.generate()
    jwk = jws.public_jwk(new_key.public_key(), valid_from="2021-01-01T00:00:00Z")
    announcement = remote.entry(
        "key", {"jwk": jwk, "previous_kid": remote.kid}, record_id=jwk["kid"], action="rotated"
    )
    signed_with_new = remote.entry("measure", measure_content(title="New key"), key=new_key)
    late_old = remote.entry("measure", measure_content(title="Old key after rotation"))
    report = _import(session, partner, announcement, signed_with_new, late_old)
    assert report.imported == 2
    assert "was not valid" in report.rejected[0].reason
    kids = {key.kid for key in repository.partner_keys(session, partner.id)}
    assert kids == {remote.kid, jwk["kid"]}


def test_a_key_announcement_signed_by_another_key_is_refused(session, remote, partner):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    rogue = Ed25519PrivateKey.generate()
    jwk = jws.public_jwk(rogue.public_key())
    entry = remote.entry("key", {"jwk": jwk, "previous_kid": "someone-else"}, action="rotated")
    report = _import(session, partner, entry)
    assert "announced under the key it replaces" in report.rejected[0].reason
    assert len(repository.partner_keys(session, partner.id)) == 1


def test_a_country_reviewer_sees_their_conflict_behind_many_newer_ones_of_other_countries(
    session, remote, partner
):
    """The country filter is applied before the list's limit of 200, not after it."""
    record_id = str(uuid.uuid4())
    _import(session, partner, remote.entry("measure", measure_content(), record_id=record_id))
    measure, _ = _local_measure(session, partner, record_id)
    admin = principal_for(make_user(session, "admin"))
    restrictions.mark_verified(
        session=session, measure_id=measure.id, version=measure.version, on=None, actor=admin
    )
    _import(
        session,
        partner,
        remote.entry("measure", measure_content(quarantine_days=5), record_id=record_id, version=2),
    )
    [ours] = session.scalars(select(ImportConflict)).all()
    later = ours.created_at + timedelta(minutes=1)
    copied = ("partner_id", "record_type", "title", "remote_cursor", "remote_version")
    copied += ("remote_published_at", "entry", "local_version", "reason", "status")
    for _ in range(200):
        session.add(
            ImportConflict(
                **{column: getattr(ours, column) for column in copied},
                local_record_id=uuid.uuid4(),
                remote_entry_id=uuid.uuid4(),
                country_iso3="KEN",
                created_at=later,
            )
        )
    session.flush()
    uganda = principal_for(
        make_user(session, "coordinator", scope_type="country", scope_value="UGA")
    )
    [seen] = conflicts.list_conflicts(session=session, principal=uganda)
    assert seen.id == ours.id


def test_the_same_imported_measure_pulled_from_two_partners_is_one_measure(session):
    first_remote, second_remote = RemoteDeployment("Kenya"), RemoteDeployment("Tanzania")
    first = add_partner(session, first_remote)
    second = add_partner(session, second_remote)
    content = measure_content(external_ref="oxcgrt:UGA:2021-05-01")
    ids = str(uuid.uuid4()), str(uuid.uuid4())
    assert _import(
        session, first, first_remote.entry("measure", content, record_id=ids[0])
    ).imported
    report = _import(session, second, second_remote.entry("measure", content, record_id=ids[1]))
    assert (report.imported, report.unchanged) == (0, 1)
    (one, _), (other, _) = (
        _local_measure(session, first, ids[0]),
        _local_measure(session, second, ids[1]),
    )
    assert one.id == other.id and one.external_ref == "oxcgrt:UGA:2021-05-01"
    assert partners.origin(session, "measure", one.id) is not None  # provenance kept


def test_the_same_reference_with_other_content_stays_a_separate_measure(session):
    first_remote, second_remote = RemoteDeployment("Kenya"), RemoteDeployment("Tanzania")
    first = add_partner(session, first_remote)
    second = add_partner(session, second_remote)
    ids = str(uuid.uuid4()), str(uuid.uuid4())
    ref = "oxcgrt:UGA:2021-05-01"
    _import(
        session,
        first,
        first_remote.entry("measure", measure_content(external_ref=ref), record_id=ids[0]),
    )
    changed = measure_content(external_ref=ref, quarantine_days=10)
    report = _import(session, second, second_remote.entry("measure", changed, record_id=ids[1]))
    assert report.imported == 1
    (one, _), (other, _) = (
        _local_measure(session, first, ids[0]),
        _local_measure(session, second, ids[1]),
    )
    assert one.id != other.id and other.external_ref is None
