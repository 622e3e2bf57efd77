"""Plain factories for the tracing tests: a small registry with a consenting adult, a child
on their own, an adult who did not consent, and a tracing request."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from passage.kit.clock import today
from passage.linkage.tracing.models import TracingRequest
from passage.linkage.tracing.vocabulary import TRACING_PURPOSE
from passage.protection.referrals.models import Consent
from passage.protection.registry.models import Person
from tests.linkage.helpers import person


@dataclass
class Registry:
    """The persons of one organisation that tracing tests look for."""

    adult: Person  # consented to tracing, sharing phone and location
    child: Person  # a child on their own: restricted
    unwilling: Person  # an adult who did not consent


def consent(session: Session, who: Person, fields: list[str], **values: Any) -> Consent:
    """A consent to family tracing, valid for a year unless told otherwise."""
    record = Consent(
        person_id=who.id,
        purpose=values.pop("purpose", TRACING_PURPOSE),
        fields=fields,
        expires_on=values.pop("expires_on", today() + timedelta(days=365)),
        **values,
    )
    session.add(record)
    session.flush()
    return record


def registry(session: Session, organisation: str) -> Registry:
    """A registry with enough people for the linkage model to train."""
    adult = person(
        session,
        organisation,
        "Mohamed Ali",
        "Hassan",
        birth_date=date(1985, 3, 2),
        sex="M",
        nationality="SOM",
        phone="+254700111222",
        location="Kakuma, block 4",
    )
    consent(session, adult, ["phone", "location"])
    child = person(
        session,
        organisation,
        "Hawa",
        "Yusuf",
        birth_date=today().replace(year=today().year - 9, day=1),
        sex="F",
        nationality="SOM",
        restricted=True,
        location="Transit centre, Moyale",
    )
    unwilling = person(
        session, organisation, "Grace", "Achieng", birth_date=date(1990, 6, 1), sex="F"
    )
    for given, surname, born, sex in (
        ("Amina", "Yusuf", date(1990, 5, 4), "F"),
        ("Aminah", "Youssouf", date(1990, 5, 4), "F"),
        ("Peter", "Otieno", date(1978, 1, 9), "M"),
        ("Fatuma", "Abdi", date(2001, 11, 23), "F"),
        ("Yonas", "Tesfaye", date(1995, 8, 15), "M"),
        ("Grace", "Akinyi", date(1993, 2, 14), "F"),
    ):
        person(session, organisation, given, surname, birth_date=born, sex=sex)
    return Registry(adult, child, unwilling)


def tracing_request(session: Session, organisation: str, **values: Any) -> TracingRequest:
    """A tracing request of an organisation (for Hawa Yusuf by default)."""
    fields: dict[str, Any] = {
        "given_names": "Hawa",
        "surname": "Yusuf",
        "approximate_age": 9,
        "sex": "F",
        "relationship": "child",
        "requester_name": "Halima Yusuf",
    } | values
    record = TracingRequest(
        reference=f"T-{uuid.uuid4().hex[:8].upper()}", organisation=organisation, **fields
    )
    session.add(record)
    session.flush()
    return record
