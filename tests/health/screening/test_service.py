"""Screening service: classification with the current criteria revisions, evidence, the
crossing's clearance, travellers of interest, scope and audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from passage.access import ANONYMOUS, Role
from passage.audit.models import AuditEntry
from passage.auth import service as auth_service
from passage.border.crossings import service as border_service
from passage.border.crossings.models import Crossing
from passage.border.crossings.schemas import CrossingCreate
from passage.dcc import service as certificates
from passage.dcc.verifier import key_id
from passage.errors import Forbidden, Invalid, NotFound
from passage.health.cases import repository
from passage.health.cases.models import TravellerOfInterest
from passage.health.certificates.models import CertificateCheck
from passage.health.screening import criteria
from passage.health.screening import service as screening
from passage.health.screening.schemas import CriteriaInput
from passage.kit.clock import today
from tests.dcc.factory import NOW, current_qr, make_signer, qr_text, sign1
from tests.factories import make_user
from tests.health.conftest import screening_data

YEARS_10 = timedelta(days=3650)


def declare(session, code: str, countries: list[str]) -> None:
    """Save a criteria revision listing affected countries."""
    row = next(r for r in criteria.current(session) if r.disease_code == code)
    values = criteria.as_input(row) | {"affected_countries": countries, "change_note": "test"}
    criteria.save_revision(
        session=session, data=CriteriaInput.model_validate(values), actor=ANONYMOUS
    )


def test_a_well_traveller_is_cleared_and_the_criteria_revisions_are_stored(session, poe, officer):
    item = screening.screen(session=session, data=screening_data(poe), actor=officer.principal)
    assert item.classification == "cleared"
    used = {c["disease"]: c["revision"] for c in item.criteria_used}
    assert used == {"covid19": 1, "ebola": 1, "mpox": 1}
    assert repository.interest_of_screening(session, item.id) is None
    assert repository.case_of_screening(session, item.id) is None


def test_fever_after_an_outbreak_country_opens_a_case_and_lists_the_traveller(
    session, poe, officer
):
    declare(session, "ebola", ["UGA"])
    data = screening_data(
        poe,
        temperature_c=38.9,
        symptoms=["headache", "vomiting", "fatigue"],
        countries_visited=[{"country": "UGA", "left_on": today() - timedelta(days=4)}],
    )
    item = screening.screen(session=session, data=data, actor=officer.principal)
    assert item.classification == "isolate_refer"
    ebola = next(f for f in item.findings if f["disease"] == "ebola")
    assert ebola["revision"] == 2 and ebola["classification"] == "isolate_refer"
    case = repository.case_of_screening(session, item.id)
    assert case is not None and "ebola" in case.suspected_diseases
    assert case.follow_up_until == item.monitor_until
    entry = repository.interest_of_screening(session, item.id)
    assert entry is not None and entry.case_id == case.id and "ebola" in entry.diseases


def test_old_screenings_keep_the_revision_they_were_classified_with(session, poe, officer):
    first = screening.screen(session=session, data=screening_data(poe), actor=officer.principal)
    declare(session, "ebola", ["UGA"])
    second = screening.screen(session=session, data=screening_data(poe), actor=officer.principal)
    revision = {
        s.id: {c["disease"]: c["revision"] for c in s.criteria_used} for s in (first, second)
    }
    assert revision[first.id]["ebola"] == 1
    assert revision[second.id]["ebola"] == 2
    assert [r.revision for r in criteria.revisions(session, "ebola")] == [2, 1]


def test_a_verified_certificate_clears_a_travel_link(session, poe, officer, signer):
    declare(session, "covid19", ["CHN"])
    data = screening_data(
        poe, origin_iso3="CHN", evidence_kind="certificate", certificate_qr=current_qr(signer)
    )
    item = screening.screen(session=session, data=data, actor=officer.principal)
    check = session.get(CertificateCheck, item.certificate_check_id)
    assert check.result == "VALID" and check.poe_id == poe.id
    assert item.evidence_valid is True and item.classification == "cleared"
    covid = next(f for f in item.findings if f["disease"] == "covid19")
    assert covid["notes"] == [{"code": "evidence_clears"}]


def test_an_expired_signer_is_no_evidence(session, poe, officer):
    key, der = make_signer()  # valid around 2021 only
    admin = auth_service.principal_for(make_user(session, Role.ADMIN))
    certificates.import_trust_list(session=session, name="old", data=der, actor=admin)
    declare(session, "covid19", ["CHN"])
    qr = qr_text(sign1(key, protected_kid=key_id(der), issued=NOW, expires=NOW + YEARS_10))
    data = screening_data(poe, origin_iso3="CHN", evidence_kind="certificate", certificate_qr=qr)
    item = screening.screen(session=session, data=data, actor=officer.principal)
    check = session.get(CertificateCheck, item.certificate_check_id)
    assert check.steps["signature"] is True and check.failed_step == "expiry"
    assert item.evidence_valid is False and item.classification == "secondary_assessment"


def test_screening_a_crossing_sets_its_clearance_without_touching_its_version(
    session, poe, officer
):
    border = auth_service.principal_for(
        make_user(session, Role.BORDER_OFFICER, scope_type="poe", scope_value=str(poe.id))
    )
    crossing = border_service.register_crossing(
        session=session,
        data=CrossingCreate.model_validate(
            {
                "poe_id": str(poe.id),
                "direction": "entry",
                "traveller": {"surname": "OTIENO", "given_names": "GRACE", "nationality": "KEN"},
            }
        ),
        actor=border,
    )
    version = crossing.version
    values = screening.prefill_from_crossing(
        session=session, crossing_id=crossing.id, actor=officer.principal
    )
    assert values["surname"] == "OTIENO" and values["crossing_id"] == str(crossing.id)
    data = screening_data(poe, crossing_id=crossing.id, contact_with_case=True)
    screening.screen(session=session, data=data, actor=officer.principal)
    session.expire_all()
    stored = session.get(Crossing, crossing.id)
    assert stored.health_clearance == "pending" and stored.version == version


def test_a_crossing_at_another_poe_is_refused(session, poe, other_poe, officer):
    border = auth_service.principal_for(make_user(session, Role.BORDER_OFFICER))
    crossing = border_service.register_crossing(
        session=session,
        data=CrossingCreate.model_validate(
            {"poe_id": str(other_poe.id), "direction": "entry", "traveller": {"surname": "X"}}
        ),
        actor=border,
    )
    with pytest.raises(Invalid):
        screening.screen(
            session=session,
            data=screening_data(poe, crossing_id=crossing.id),
            actor=officer.principal,
        )


def test_an_officer_screens_only_at_their_point_of_entry(session, other_poe, officer):
    with pytest.raises(Forbidden):
        screening.screen(session=session, data=screening_data(other_poe), actor=officer.principal)


def test_unknown_symptoms_are_refused(session, poe, officer):
    with pytest.raises(Invalid) as raised:
        screening.screen(
            session=session,
            data=screening_data(poe, symptoms=["hiccups"]),
            actor=officer.principal,
        )
    assert raised.value.field == "symptoms"


def test_reads_are_scoped_and_audited(session, poe, other_poe, officer, authority):
    item = screening.screen(session=session, data=screening_data(poe), actor=officer.principal)
    screening.get_screening(session=session, screening_id=item.id, actor=authority.principal)
    session.flush()
    elsewhere = auth_service.principal_for(
        make_user(
            session, Role.PORT_HEALTH_OFFICER, scope_type="poe", scope_value=str(other_poe.id)
        )
    )
    with pytest.raises(NotFound):
        screening.get_screening(session=session, screening_id=item.id, actor=elsewhere)
    uganda = auth_service.principal_for(
        make_user(session, Role.HEALTH_AUTHORITY, scope_type="country", scope_value="UGA")
    )
    assert screening.search_screenings(session=session, actor=uganda)[1] == 0
    session.commit()
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.object_id == str(item.id))
    ).all()
    assert "health.screening.create" in actions and "health.screening.read" in actions


def test_interest_entries_are_written_for_secondary_assessment(session, poe, officer):
    item = screening.screen(
        session=session,
        data=screening_data(poe, contact_with_case=True),
        actor=officer.principal,
    )
    entry = session.scalars(
        select(TravellerOfInterest).where(TravellerOfInterest.screening_id == item.id)
    ).one()
    assert entry.classification == "secondary_assessment" and entry.case_id is None
    assert entry.monitor_until == item.monitor_until
