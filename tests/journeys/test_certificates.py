"""A certificate in the journey check goes through the one DCC verification: the trust lists
and value sets an administrator imports are the ones "Can I travel?" uses."""

from __future__ import annotations

import json

from passage.access import Role
from passage.auth import service as auth_service
from passage.dcc import service as dcc_service
from passage.journeys import service
from passage.journeys.schemas import JourneyCheck
from passage.kit.clock import today, utcnow
from tests.dcc.factory import current_qr, make_signer
from tests.factories import make_user


def question(certificate: str) -> JourneyCheck:
    return JourneyCheck.model_validate(
        {
            "traveller": {"nationalities": ["FRA"], "residence": "FRA", "certificate": certificate},
            "itinerary": {
                "origin": "FRA",
                "destination": "KEN",
                "arrival_date": today().isoformat(),
                "mode": "air",
            },
        }
    )


def certificate_status(session, qr: str) -> str:
    answer = service.check_journey(session=session, request=question(qr))
    return answer["certificate"]["status"]


def test_a_trust_list_uploaded_by_an_administrator_verifies_the_journey_certificate(session):
    key, der = make_signer(around=utcnow())
    qr = current_qr((key, der))
    assert certificate_status(session, qr) == "unverified"  # no trusted signer yet
    admin = auth_service.principal_for(make_user(session, Role.ADMIN))
    dcc_service.import_trust_list(session=session, name="national", data=der, actor=admin)
    assert certificate_status(session, qr) == "verified"


def test_value_sets_imported_by_an_administrator_are_checked_in_the_journey(session):
    key, der = make_signer(around=utcnow())
    admin = auth_service.principal_for(make_user(session, Role.ADMIN))
    dcc_service.import_trust_list(session=session, name="national", data=der, actor=admin)
    qr = current_qr((key, der))
    assert certificate_status(session, qr) == "verified"
    document = {
        "valueSetId": "vaccines-covid-19-names",
        "valueSetValues": {"EU/1/20/1507": {"display": "Spikevax", "active": True}},
    }
    dcc_service.import_value_sets(session=session, data=json.dumps(document).encode(), actor=admin)
    assert certificate_status(session, qr) == "invalid"  # EU/1/20/1528 is not in the set


def test_a_certificate_whose_structure_cannot_be_checked_is_not_verified(
    session, tmp_path, monkeypatch
):
    key, der = make_signer(around=utcnow())
    admin = auth_service.principal_for(make_user(session, Role.ADMIN))
    dcc_service.import_trust_list(session=session, name="national", data=der, actor=admin)
    monkeypatch.setenv("PASSAGE_DCC_SCHEMA", str(tmp_path / "no-such-schema.json"))
    answer = service.check_journey(session=session, request=question(current_qr((key, der))))
    assert answer["certificate"]["status"] == "unverified"
    assert "structure could not be checked" in answer["certificate"]["message"]
