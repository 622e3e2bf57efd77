"""The scope walk's scenarios for protection (merged into tests/test_route_scope.py).

Protection records belong to an organisation: a person, a household, a case and what hangs
off it (actions, screenings, documents, consents, referrals out), a partner's referral in,
a border referral addressed to an organisation. Each scenario makes the target in the place's
organisation with a global case worker; the walk's grant reaches "Kenya Red Cross", so the
target of "Uganda Red Cross" is outside. Outside, the record is "not found" (404) or the
organisation refused (403), and the refusal is audited as `access.denied`. An import rejects
the row (with the answer it gives an unknown person, not to reveal that one exists).
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Role
from passage.auth.service import principal_for
from passage.border.referrals.models import Referral
from passage.kit.clock import today
from passage.protection.cases.screening import NO_PERSON
from passage.protection.intake import service as intake
from passage.protection.intake.schemas import ReferralIn
from passage.protection.referrals import service as referrals
from passage.protection.referrals.models import ServiceReferral
from passage.protection.referrals.schemas import ConsentCreate, ProviderCreate, ReferralCreate
from passage.protection.registry import service as registry
from passage.protection.registry.schemas import HouseholdCreate
from passage.protection.scoring import service as scoring
from tests import scope_walk
from tests.factories import make_user
from tests.protection.helpers import person_with_case
from tests.scope_walk import ORGANISATION_ONLY, Call

ANSWERS = {"no_shelter": "yes", "stranded": "yes", "no_income": "yes"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


# An organisation grant reaches protection records: country and POE grants reach none.
Scenario = partial(scope_walk.Scenario, scopes=ORGANISATION_ONLY)
_call = Call


def _worker(session: Session) -> Any:
    """A case worker of every organisation, to make targets anywhere."""
    return principal_for(make_user(session, Role.CASE_WORKER))


def _case(session: Session, place: Any) -> tuple[Any, Any]:
    return person_with_case(session, _worker(session), organisation=place.organisation)


def _consent(session: Session, person_id: uuid.UUID) -> Any:
    data = ConsentCreate(
        purpose="Shelter", fields=["given_names", "phone"], expires_on=today() + timedelta(days=30)
    )
    return referrals.record_consent(
        session=session, person_id=person_id, data=data, actor=_worker(session)
    )


def _provider(session: Session, organisation: str) -> Any:
    data = ProviderCreate(
        name=f"Shelter {uuid.uuid4().hex[:8]}", organisation=organisation, services=["shelter"]
    )
    return referrals.add_provider(session=session, data=data, actor=_worker(session))


def _submissions(reference: str) -> dict[str, Any]:
    """A Kobo export of the general protection form for one person (a group path prefix and
    Kobo's `_uuid`, as Kobo writes them)."""
    header = "start,end,group_a/person_reference,no_shelter,stranded,no_income,_uuid"
    row = f"2024-03-01,2024-03-01,{reference},yes,yes,yes,{uuid.uuid4()}"
    content = f"{header}\n{row}\n".encode()
    return {
        "file": ("submissions.csv", io.BytesIO(content), "text/csv"),
        "model_code": (None, "general_protection"),
    }


def _row_refused(response: Any) -> bool:
    return response.status_code == 200 and NO_PERSON in response.text


# ---------------------------------------------------------------- registry and intake


PERSON = {"given_names": "Amina", "surname": "Yusuf", "sex": "F"}


def person_create(session: Session, place: Any) -> Any:
    return _call(json=PERSON | {"organisation": place.organisation})


def household_create(session: Session, place: Any) -> Any:
    return _call(json={"kind": "household", "label": "Yusuf", "organisation": place.organisation})


def household_create_form(session: Session, place: Any) -> Any:
    return _call(data={"kind": "household", "label": "Yusuf", "organisation": place.organisation})


def household_join(form: bool) -> Callable[[Session, Any], Any]:
    """A person joins a household, both of the place's organisation."""

    def setup(session: Session, place: Any) -> Any:
        worker = _worker(session)
        data = HouseholdCreate(label="Yusuf", organisation=place.organisation)
        household = registry.create_household(session=session, data=data, actor=worker)
        person, _ = _case(session, place)
        path = {"household_id": str(household.id)}
        body = {"person_reference": person.reference, "relationship": "head"}
        return _call(path=path, data=body) if form else _call(path=path, json=body)

    return setup


def intake_create(form: bool) -> Callable[[Session, Any], Any]:
    def setup(session: Session, place: Any) -> Any:
        if form:
            data = PERSON | {"organisation": place.organisation, "case_type": "general_protection"}
            return _call(data=data)
        body = {"person": PERSON | {"organisation": place.organisation}}
        return _call(json=body | {"case_type": "general_protection"})

    return setup


def person_edit(form: bool) -> Callable[[Session, Any], Any]:
    def setup(session: Session, place: Any) -> Any:
        person, _ = _case(session, place)
        path = {"person_id": str(person.id)}
        if form:
            return _call(path=path, data={"version": person.version, "phone": "+254700000001"})
        body = {"version": person.version, "changes": {"phone": "+254700000001"}}
        return _call(path=path, json=body)

    return setup


def case_open(session: Session, place: Any) -> Any:
    person, _ = _case(session, place)
    return _call(json={"person_id": str(person.id), "case_type": "general_protection"})


def registration_verify(form: bool) -> Callable[[Session, Any], Any]:
    """A person a partner referred in to the place's organisation, waiting for verification."""

    def setup(session: Session, place: Any) -> Any:
        partner = principal_for(
            make_user(
                session,
                Role.PARTNER_WORKER,
                scope_type="organisation",
                scope_value=f"Partner {uuid.uuid4().hex[:6]}",
            )
        )
        data = ReferralIn(
            organisation=place.organisation,
            consented_fields=["given_names"],
            consent_purpose="Shelter",
            consent_expires_on=today() + timedelta(days=30),
            person={"given_names": "Yonas"},
            reason="No shelter",
        )
        registration, _ = intake.refer_in(session=session, data=data, actor=partner)
        path = {"registration_id": str(registration.id)}
        body = {"version": registration.version}
        return _call(path=path, data=body) if form else _call(path=path, json=body)

    return setup


def border_take_up(form: bool) -> Callable[[Session, Any], Any]:
    """A referral made at a point of entry to the place's organisation."""

    def setup(session: Session, place: Any) -> Any:
        from tests.test_route_scope import _traveller

        traveller, crossing = _traveller(session, place)
        referral = Referral(
            traveller_id=traveller.id,
            crossing_id=crossing.id,
            poe_id=place.poe.id,
            flags=["pregnancy"],
            indicators=[],
            consent_given=True,
            service_provider="Safe house",
            organisation=place.organisation,
        )
        session.add(referral)
        session.flush()
        path = {"referral_id": str(referral.id)}
        body = {"risk_level": "high"}
        return _call(path=path, data=body) if form else _call(path=path, json=body)

    return setup


# ---------------------------------------------------------------- cases


def case_note(form: bool) -> Callable[[Session, Any], Any]:
    def setup(session: Session, place: Any) -> Any:
        _, case = _case(session, place)
        path = {"case_id": str(case.id), "action": "notes"}
        body = {"text": "Called the family."}
        return _call(path=path, data=body) if form else _call(path=path, json=body)

    return setup


def case_screen(form: bool) -> Callable[[Session, Any], Any]:
    def setup(session: Session, place: Any) -> Any:
        scoring.ensure_shipped(session)
        _, case = _case(session, place)
        path = {"case_id": str(case.id)}
        if form:
            answers = {f"answer.{code}": value for code, value in ANSWERS.items()}
            return _call(path=path, data={"model_code": "general_protection"} | answers)
        return _call(path=path, json={"model_code": "general_protection", "answers": ANSWERS})

    return setup


def case_document(session: Session, place: Any) -> Any:
    _, case = _case(session, place)
    files = {"file": ("passport.pdf", io.BytesIO(PDF), "application/pdf")}
    return _call(path={"case_id": str(case.id)}, files=files)


def submissions_import(session: Session, place: Any) -> Any:
    scoring.ensure_shipped(session)
    person, _ = _case(session, place)
    return _call(files=_submissions(person.reference), refused=_row_refused)


# ---------------------------------------------------------------- consents and referrals


def consent_record(form: bool) -> Callable[[Session, Any], Any]:
    def setup(session: Session, place: Any) -> Any:
        person, _ = _case(session, place)
        path = {"person_id": str(person.id)}
        expires = (today() + timedelta(days=30)).isoformat()
        body = {"purpose": "Shelter", "fields": ["given_names"], "expires_on": expires}
        return _call(path=path, data=body) if form else _call(path=path, json=body)

    return setup


def consent_withdraw(form: bool) -> Callable[[Session, Any], Any]:
    def setup(session: Session, place: Any) -> Any:
        person, _ = _case(session, place)
        consent = _consent(session, person.id)
        path = {"consent_id": str(consent.id)}
        body = {"reason": "Changed her mind"}
        return _call(path=path, data=body) if form else _call(path=path, json=body)

    return setup


def refer(form: bool) -> Callable[[Session, Any], Any]:
    def setup(session: Session, place: Any) -> Any:
        person, case = _case(session, place)
        consent = _consent(session, person.id)
        provider = _provider(session, "Shelter partner")
        path = {"case_id": str(case.id)}
        body = {
            "provider_id": str(provider.id),
            "consent_id": str(consent.id),
            "services": ["shelter"],
            "reason": "No shelter tonight",
        }
        return _call(path=path, data=body) if form else _call(path=path, json=body)

    return setup


def partner_respond(form: bool) -> Callable[[Session, Any], Any]:
    """A referral out to a service point of the place's organisation (the partner's side)."""

    def setup(session: Session, place: Any) -> Any:
        person, case = _case(session, place)
        consent = _consent(session, person.id)
        provider = _provider(session, place.organisation)
        data = ReferralCreate(
            provider_id=provider.id, consent_id=consent.id, services=["shelter"], reason="Shelter"
        )
        referral: ServiceReferral = referrals.refer(
            session=session, case_id=case.id, data=data, actor=_worker(session)
        )
        path = {"referral_id": str(referral.id)}
        body = {"version": referral.version, "status": "accepted"}
        return _call(path=path, data=body) if form else _call(path=path, json=body)

    return setup


API = "/api/v1/protection"
SCENARIOS: dict[tuple[str, str], Scenario] = {
    ("POST", f"{API}/persons"): Scenario(person_create),
    ("PATCH", f"{API}/persons/{{person_id}}"): Scenario(person_edit(False)),
    ("POST", "/protection/persons/{person_id}"): Scenario(person_edit(True)),
    ("POST", f"{API}/households"): Scenario(household_create),
    ("POST", "/protection/households"): Scenario(household_create_form),
    ("POST", f"{API}/households/{{household_id}}/members"): Scenario(household_join(False)),
    ("POST", "/protection/households/{household_id}/members"): Scenario(household_join(True)),
    ("POST", f"{API}/intake"): Scenario(intake_create(False)),
    ("POST", "/protection/intake"): Scenario(intake_create(True)),
    ("POST", f"{API}/cases"): Scenario(case_open),
    ("POST", f"{API}/registrations/{{registration_id}}/verify"): Scenario(
        registration_verify(False)
    ),
    ("POST", "/protection/registrations/{registration_id}"): Scenario(registration_verify(True)),
    ("POST", f"{API}/border-referrals/{{referral_id}}/case"): Scenario(border_take_up(False)),
    ("POST", "/protection/border-referrals/{referral_id}"): Scenario(border_take_up(True)),
    ("POST", f"{API}/cases/{{case_id}}/actions/{{action}}"): Scenario(case_note(False)),
    ("POST", "/protection/cases/{case_id}/actions/{action}"): Scenario(case_note(True)),
    ("POST", f"{API}/cases/{{case_id}}/screenings"): Scenario(case_screen(False)),
    ("POST", "/protection/cases/{case_id}/screen"): Scenario(case_screen(True)),
    ("POST", "/protection/cases/{case_id}/documents"): Scenario(case_document),
    ("POST", f"{API}/imports/submissions"): Scenario(submissions_import),
    ("POST", "/protection/imports"): Scenario(submissions_import),
    ("POST", f"{API}/persons/{{person_id}}/consents"): Scenario(consent_record(False)),
    ("POST", "/protection/persons/{person_id}/consents"): Scenario(consent_record(True)),
    ("POST", f"{API}/consents/{{consent_id}}/withdraw"): Scenario(consent_withdraw(False)),
    ("POST", "/protection/consents/{consent_id}/withdraw"): Scenario(consent_withdraw(True)),
    ("POST", f"{API}/cases/{{case_id}}/referrals"): Scenario(refer(False)),
    ("POST", "/protection/cases/{case_id}/refer"): Scenario(refer(True)),
    ("POST", f"{API}/partner/referrals/{{referral_id}}/status"): Scenario(partner_respond(False)),
    ("POST", "/protection/partner/referrals/{referral_id}"): Scenario(partner_respond(True)),
}

PUBLIC = "a migrant's own submission or follow-up (public, anonymous, behind a receipt code)"
MODELS = (
    "scoring models are the deployment's definitions, shared by every organisation; re-scoring "
    "applies a model's current version to every case and chooses or reveals no record"
)
DIRECTORY = (
    "the service directory is shared by the deployment: every organisation refers to every "
    "service point"
)
UNSCOPED: dict[tuple[str, str], str] = {
    ("POST", f"{API}/registrations"): PUBLIC,
    ("POST", "/protection/register"): PUBLIC,
    ("POST", "/protection/follow"): PUBLIC,
    ("POST", "/protection/ask"): PUBLIC,
    ("POST", "/protection/answer"): "reads the answer to an anonymous question by its code",
    ("POST", "/protection/questions/{request_id}"): (
        "anonymous questions carry no identity and belong to no organisation: any case worker "
        "of the deployment answers them"
    ),
    ("POST", f"{API}/referrals-in"): (
        "a partner refers a person to an organisation of its choosing; the referring "
        "organisation is the partner's own grant, not a record that sits somewhere"
    ),
    ("POST", f"{API}/models"): MODELS,
    ("POST", "/protection/models"): MODELS,
    ("POST", f"{API}/models/{{code}}/rescore"): MODELS,
    ("POST", "/protection/models/{code}/rescore"): MODELS,
    ("POST", f"{API}/directory"): DIRECTORY,
    ("POST", "/protection/directory"): DIRECTORY,
}
