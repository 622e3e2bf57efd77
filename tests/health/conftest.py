"""Fixtures of the port-health tests: users in scope, a point of entry, a trusted signer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from passage.access import Principal, Role, ScopeType
from passage.auth import service as auth_service
from passage.auth.models import User
from passage.geo.models import PointOfEntry
from passage.health import certificates
from passage.health.dcc import key_id
from passage.health.schemas import ScreeningCreate
from passage.kit.clock import today, utcnow
from tests.factories import demo_poe, make_user
from tests.health.dcc_factory import make_signer, qr_text, sign1


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


@pytest.fixture
def signer(session: Session) -> tuple[Any, bytes]:
    """An EC signer key and its certificate valid today, imported as the trust list 'test'."""
    key, der = make_signer(around=utcnow())
    admin = auth_service.principal_for(make_user(session, Role.ADMIN))
    certificates.import_trust_list(session=session, name="test", data=der, actor=admin)
    return key, der


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


def current_qr(signer: tuple[Any, bytes], **options: Any) -> str:
    """QR text of a vaccination certificate signed by the signer, valid today."""
    key, der = signer
    now = utcnow()
    options.setdefault("issued", now - timedelta(days=1))
    options.setdefault("expires", now + timedelta(days=180))
    return qr_text(sign1(key, protected_kid=key_id(der), **options))
