"""Protection part of the demo world: the shipped scoring models, a service directory in
Nairobi, two dozen people registered by IOM's case workers with their cases (screened, with
services, follow-ups and one overdue), a referral to the Kenya Red Cross under a consent, a
self-registration in Arabic and a partner's referral waiting for verification, and an anonymous
question about return. The unaccompanied child referred at Namanga (border demo) waits for a
designated case worker to take it up.

Everything goes through the services as the demo staff would; names come from the synthetic
people generator. Idempotent: nothing is added once a protection person exists.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth import repository as auth_repository
from passage.auth.service import principal_for
from passage.kit.clock import today
from passage.protection.cases import plan, screening
from passage.protection.cases import service as cases
from passage.protection.cases.models import Case
from passage.protection.cases.schemas import (
    FollowUpCreate,
    IntakeCreate,
    NoteCreate,
    ServiceCreate,
    ServiceOutcome,
)
from passage.protection.intake import service as intake
from passage.protection.intake.schemas import QuestionCreate, ReferralIn, SelfRegistration
from passage.protection.referrals import service as referrals
from passage.protection.referrals.schemas import ConsentCreate, ProviderCreate, ReferralCreate
from passage.protection.registry import repository as registry_repository
from passage.protection.registry.models import Person
from passage.protection.registry.schemas import PersonCreate
from passage.protection.scoring import service as scoring
from passage.protection.scoring.schemas import ScreeningCreate
from passage.synthetic.people import latin_form, make_person

SEED = "passage demo protection"
PEOPLE = 24
CASE_WORKER, PARTNER = "caseworker@demo.passage.int", "partner@demo.passage.int"
PROVIDERS = (
    ProviderCreate(
        name="Kenya Red Cross, Nairobi shelter",
        organisation="Kenya Red Cross",
        services=["shelter", "food", "health", "mental_health"],
        country_iso3="KEN",
        admin1="Nairobi",
        place="Nairobi, South B",
        languages=["sw", "en", "so", "ar"],
        capacity=40,
        contact="+254 20 000 0000",
    ),
    ProviderCreate(
        name="Kituo Cha Sheria legal aid",
        organisation="Kituo Cha Sheria",
        services=["legal", "documentation"],
        country_iso3="KEN",
        admin1="Nairobi",
        place="Nairobi, Ngong Road",
        languages=["sw", "en"],
        capacity=15,
    ),
    ProviderCreate(
        name="IOM Nairobi return counselling",
        organisation="IOM",
        services=["return", "reintegration", "counselling"],
        country_iso3="KEN",
        admin1="Nairobi",
        place="Nairobi, Gigiri",
        languages=["en", "fr", "ar", "am", "ti", "so"],
        capacity=60,
    ),
)
CASE_TYPES = ("stranded_migrant", "general_protection", "cash_assistance", "return_reintegration")
SITUATIONS = (
    ["stranded"],
    ["in_transit"],
    ["destitute", "stranded"],
    ["returnee"],
    ["medical_need"],
)
NEEDS = (["shelter", "food"], ["cash"], ["return"], ["health"], ["legal", "documentation"])


def _actor(session: Session, email: str) -> Principal | None:
    user = auth_repository.get_user_by_email(session, email)
    return principal_for(user) if user else None


def _answers(rng: random.Random) -> dict[str, str]:
    yes_no = (
        "no_income",
        "no_shelter",
        "stranded",
        "irregular_status",
        "no_support",
        "serious_medical",
        "language_barrier",
        "violence_survivor",
    )
    answers = {code: rng.choice(("yes", "no", "no")) for code in yes_no}
    answers["has_documents"] = rng.choice(("yes", "no"))
    answers["dependants"] = str(rng.randint(0, 4))
    return answers


def _person(rng: random.Random, number: int) -> PersonCreate:
    synthetic = make_person(rng, number)
    given = latin_form(" ".join(synthetic.given)).title()
    return PersonCreate(
        given_names=given,
        surname=latin_form(synthetic.surname).title(),
        sex=synthetic.gender,
        birth_date=synthetic.birth_date,
        nationality=synthetic.nationality,
        country_iso3="KEN",
        admin1="Nairobi",
        location="Eastleigh",
        languages=["en"],
        situations=rng.choice(SITUATIONS),
        needs=rng.choice(NEEDS),
        migration_status=rng.choice(("irregular", "expired_permit", "regular", "unknown")),
        phone=f"+2547{rng.randint(10_000_000, 99_999_999)}",
    )


def _cases(session: Session, rng: random.Random, actor: Principal) -> list[tuple[Person, Case]]:
    opened = []
    for number in range(PEOPLE):
        data = IntakeCreate(
            person=_person(rng, number),
            case_type=rng.choice(CASE_TYPES),
            risk_level=rng.choice(("low", "medium", "high")),
        )
        person, case = cases.intake(session=session, data=data, actor=actor)
        screening.screen_case(
            session=session,
            case_id=case.id,
            data=ScreeningCreate(model_code="general_protection", answers=_answers(rng)),
            actor=actor,
        )
        service = plan.add_service(
            session=session,
            case_id=case.id,
            data=ServiceCreate(service_type=rng.choice(("shelter", "food", "cash", "counselling"))),
            actor=actor,
        )
        if number % 3:
            plan.record_service_outcome(
                session=session,
                service_id=service.id,
                data=ServiceOutcome(version=service.version, status="provided"),
                actor=actor,
            )
        due = today() + timedelta(days=rng.randint(-3, 10))
        plan.add_follow_up(
            session=session,
            case_id=case.id,
            data=FollowUpCreate(due_on=due, purpose="Call to check on shelter and health"),
            actor=actor,
        )
        opened.append((person, case))
    plan.add_note(
        session=session,
        case_id=opened[0][1].id,
        data=NoteCreate(text="Met at the IOM office; stranded since the border closure."),
        actor=actor,
    )
    return opened


def _referral(session: Session, opened: list[tuple[Person, Case]], actor: Principal) -> None:
    person, case = opened[0]
    consent = referrals.record_consent(
        session=session,
        person_id=person.id,
        data=ConsentCreate(
            purpose="Shelter and food at the Kenya Red Cross",
            fields=["given_names", "phone", "languages"],
            expires_on=today() + timedelta(days=90),
        ),
        actor=actor,
    )
    shelter = next(
        p for p, _ in referrals.directory(session=session) if p.organisation == "Kenya Red Cross"
    )
    referrals.refer(
        session=session,
        case_id=case.id,
        data=ReferralCreate(
            provider_id=shelter.id,
            consent_id=consent.id,
            services=["shelter", "food"],
            reason="Stranded with no shelter since last week",
        ),
        actor=actor,
    )


def _ways_in(session: Session) -> None:
    intake.self_register(
        session=session,
        data=SelfRegistration(
            language="ar",
            given_names="مريم",
            surname="الحسن",
            sex="F",
            nationality="SDN",
            country_iso3="KEN",
            location="Nairobi",
            situations=["stranded"],
            needs=["shelter", "return"],
            consent=True,
        ),
    )
    partner = _actor(session, PARTNER)
    if partner is not None:
        intake.refer_in(
            session=session,
            data=ReferralIn(
                organisation="IOM",
                consented_fields=["given_names", "surname", "phone", "nationality"],
                consent_purpose="Assisted voluntary return counselling",
                consent_expires_on=today() + timedelta(days=60),
                person={
                    "given_names": "Tesfaye",
                    "surname": "Bekele",
                    "phone": "+254711000111",
                    "nationality": "ETH",
                },
                reason="Wants to go home; no documents",
            ),
            actor=partner,
        )
    intake.ask(
        session=session,
        data=QuestionCreate(
            topic="return",
            country_iso3="ETH",
            question="Can IOM help me return to Ethiopia? I have no passport.",
            language="en",
        ),
    )


def load_demo_protection(session: Session) -> None:
    """The protection demo (nothing if a protection person exists already)."""
    actor = _actor(session, CASE_WORKER)
    if actor is None or registry_repository.any_person(session):
        return
    scoring.ensure_shipped(session)
    for provider in PROVIDERS:
        referrals.add_provider(session=session, data=provider, actor=actor)
    rng = random.Random(SEED)
    opened = _cases(session, rng, actor)
    _referral(session, opened, actor)
    _ways_in(session)
