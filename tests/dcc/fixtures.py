"""Fixtures of the DCC tests, shared with the port-health tests (their conftests import them)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from passage.access import Role
from passage.auth import service as auth_service
from passage.dcc import service
from passage.kit.clock import utcnow
from tests.dcc.factory import make_signer
from tests.factories import make_user


@pytest.fixture
def signer(session: Session) -> tuple[Any, bytes]:
    """An EC signer key and its certificate valid today, imported as the trust list 'test'."""
    key, der = make_signer(around=utcnow())
    admin = auth_service.principal_for(make_user(session, Role.ADMIN))
    service.import_trust_list(session=session, name="test", data=der, actor=admin)
    return key, der
