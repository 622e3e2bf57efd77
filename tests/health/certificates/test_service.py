"""Certificate checks at a POE: stored as health data and read back only within the scope."""

from __future__ import annotations

import pytest

from passage.access import Role
from passage.auth import service as auth_service
from passage.errors import NotFound
from passage.health.certificates import service as certificates
from tests.dcc.factory import current_qr
from tests.factories import make_user


def test_stored_checks_are_scoped(session, signer, poe, other_poe, officer):
    found = certificates.verify_qr(session=session, qr_text=current_qr(signer), destination="KEN")
    check = certificates.record_check(
        session=session,
        verification=found,
        actor=officer.principal,
        poe_id=poe.id,
        destination="KEN",
        source="text",
    )
    assert check.decoded["nam"]["fn"] == "Musterfrau"
    assert certificates.get_check(session=session, check_id=check.id, actor=officer.principal)
    elsewhere = auth_service.principal_for(
        make_user(
            session, Role.PORT_HEALTH_OFFICER, scope_type="poe", scope_value=str(other_poe.id)
        )
    )
    with pytest.raises(NotFound):
        certificates.get_check(session=session, check_id=check.id, actor=elsewhere)
