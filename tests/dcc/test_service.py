"""The DCC trust and verification: trust lists rotate without a restart, the destination's
business rules run through the rules engine, value sets are imported and checked."""

from __future__ import annotations

import base64
import json
from copy import deepcopy

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from passage.access import Role
from passage.auth import service as auth_service
from passage.dcc import repository
from passage.dcc import service as certificates
from passage.errors import Invalid
from passage.rules.demo import load_demo_rules
from tests.dcc.factory import VACCINATION, current_qr, make_signer
from tests.factories import make_user


def admin(session):
    return auth_service.principal_for(make_user(session, Role.ADMIN))


def test_a_certificate_from_a_trusted_signer_is_valid(session, signer):
    found = certificates.verify_qr(session=session, qr_text=current_qr(signer), destination=None)
    assert found.report["result"] == "VALID"
    assert "rules" not in found.report["steps"]


def test_rotating_a_trust_list_takes_effect_at_the_next_verification(session, signer):
    qr = current_qr(signer)
    assert (
        certificates.verify_qr(session=session, qr_text=qr, destination=None).report["result"]
        == "VALID"
    )
    _, other = make_signer()
    done = certificates.import_trust_list(
        session=session, name="test", data=other, actor=admin(session)
    )
    assert done.trust_list.current_revision == 2 and done.imported == 1
    report = certificates.verify_qr(session=session, qr_text=qr, destination=None).report
    assert report["result"] == "UNKNOWN" and report["failed_step"] == "signature"
    assert report["steps"]["signature"] is False  # no signer with that key id any more
    # the previous revision is kept for a rollback, older ones are dropped
    revisions = {s.revision for s in repository.signers_of(session, done.trust_list.id, 1)}
    assert revisions == {1}


def test_a_json_trust_list_reports_each_rejected_entry(session):
    _, der = make_signer()
    document = [
        {"country": "de", "rawData": base64.b64encode(der).decode()},
        {"country": "FR", "rawData": "not base64!"},
        {"country": "IT", "rawData": base64.b64encode(b"junk").decode()},
    ]
    done = certificates.import_trust_list(
        session=session, name="gateway", data=json.dumps(document).encode(), actor=admin(session)
    )
    assert done.imported == 1
    assert [r["entry"] for r in done.rejected] == [2, 3]
    signer = repository.current_signers(session)[0]
    assert signer.country == "DE"


def test_pem_bundles_import_and_garbage_is_refused(session):
    pems = b"".join(
        x509.load_der_x509_certificate(make_signer()[1]).public_bytes(Encoding.PEM)
        for _ in range(2)
    )
    done = certificates.import_trust_list(
        session=session, name="pem", data=pems, actor=admin(session)
    )
    assert done.imported == 2
    with pytest.raises(Invalid):
        certificates.import_trust_list(
            session=session, name="pem", data=b"hello", actor=admin(session)
        )


def test_the_destination_rules_run_through_the_rules_engine(session, signer):
    load_demo_rules(session)
    complete = certificates.verify_qr(
        session=session, qr_text=current_qr(signer), destination="KEN"
    )
    assert complete.report["steps"]["rules"] is True and complete.rules_result == "pass"
    assert complete.report["result"] == "VALID"
    assert any(rule["identifier"] == "VR-KE-0001" for rule in complete.rules)
    partial = deepcopy(VACCINATION)
    partial["v"][0]["dn"] = 1
    incomplete = certificates.verify_qr(
        session=session, qr_text=current_qr(signer, certificate=partial), destination="KEN"
    )
    assert incomplete.report["result"] == "INVALID"
    assert incomplete.report["failed_step"] == "rules"
    assert incomplete.report["steps"]["rules"] is False


def test_imported_value_sets_are_checked_with_the_schema(session, signer):
    document = {
        "valueSetId": "vaccines-covid-19-names",
        "valueSetDate": "2026-01-01",
        "valueSetValues": {"EU/1/20/1507": {"display": "Spikevax", "active": True}},
    }
    certificates.import_value_sets(
        session=session, data=json.dumps(document).encode(), actor=admin(session)
    )
    report = certificates.verify_qr(
        session=session, qr_text=current_qr(signer), destination=None
    ).report
    assert report["result"] == "INVALID" and report["failed_step"] == "schema"
    assert "EU/1/20/1528" in report["message"]
    with pytest.raises(Invalid):
        certificates.import_value_sets(session=session, data=b"{}", actor=admin(session))
