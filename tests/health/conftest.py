"""Fixtures of the port-health tests: users in scope, a point of entry, a trusted signer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from passage.access import Principal, Role, ScopeType
from passage.auth import service as auth_service
from passage.auth.models import User
from passage.geo.models import PointOfEntry
from passage.health.screening.schemas import ScreeningCreate
from passage.kit.clock import today
from tests.dcc.fixtures import signer  # noqa: F401 - certificates checked in port health
from tests.factories import demo_poe, make_user


@dataclass
class Actor:
    """A test user and the principal acting for them."""

    user: User
    principal: Principal


def actor(session: Session, role: Role, scope_type: ScopeType, scope_value: str | None) -> Actor:
    """A user with one grant, and their principal."""
    user = make_user(session, role, scope_type=scope_type, scope_value=scope_value)
    return Actor(user, auth_service.principal_for(user))


@pytest.fixture
def poe(session: Session) -> PointOfEntry:
    """Namanga (KEN), a land crossing of the demo data."""
    return demo_poe(session)


@pytest.fixture
def other_poe(session: Session) -> PointOfEntry:
    """Another Kenyan crossing."""
    return demo_poe(session, "LND-KEN-BUSIA")


@pytest.fixture
def officer(session: Session, poe: PointOfEntry) -> Actor:
    """A port-health officer at Namanga."""
    return actor(session, Role.PORT_HEALTH_OFFICER, ScopeType.POE, str(poe.id))


@pytest.fixture
def authority(session: Session) -> Actor:
    """Public health authority staff for Kenya."""
    return actor(session, Role.HEALTH_AUTHORITY, ScopeType.COUNTRY, "KEN")


def screening_data(poe: PointOfEntry, **changes: Any) -> ScreeningCreate:
    """A screening of a well traveller at a POE, with changes."""
    values: dict[str, Any] = {
        "poe_id": poe.id,
        "surname": "OTIENO",
        "given_names": "GRACE",
        "sex": "F",
        "birth_date": "1990-04-02",
        "nationality": "KEN",
        "phone": "+254700000001",
        "address_during_stay": "Kajiado, Namanga road",
        "arrival_date": today(),
        "origin_iso3": "TZA",
        "temperature_c": 36.7,
    }
    return ScreeningCreate.model_validate(values | changes)
