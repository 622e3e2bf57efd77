"""Scheduled pulls: each partner due (by its interval, or asked for with "pull now") is leased
by one worker and pulled."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy.orm import Session, sessionmaker

from passage.db import transaction
from passage.exchange import pull, repository
from passage.kit.clock import utcnow

LEASE_MINUTES = 15


def pull_due(
    *, factory: sessionmaker[Session] | None = None, client: httpx.Client | None = None
) -> int:
    """Pull every partner that is due; how many were pulled."""
    now = utcnow()
    with transaction(factory) as session:
        if not repository.any_partner_due(session, now):
            return 0
    with transaction(factory) as session:
        ids = repository.claim_due_partners(
            session, now=now, lease_until=now + timedelta(minutes=LEASE_MINUTES)
        )
    for partner_id in ids:
        pull.pull(partner_id, factory=factory, client=client)
    return len(ids)
