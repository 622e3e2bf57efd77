"""Opening a case from a screening that needs action: the case, its daily follow-up schedule
to the end of the incubation period, and the notice to the responsible port-health officers.

Screening opens a case at once for a traveller isolated and referred; the cases service opens
one on request (after secondary assessment)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.errors import Conflict, Invalid
from passage.geo import repository as geo_repository
from passage.geo.models import PointOfEntry
from passage.health import access
from passage.health.cases import repository
from passage.health.cases.models import PortHealthCase, TravellerOfInterest
from passage.health.notifications import service as notifications
from passage.health.screening.engine import CLEARED
from passage.health.screening.models import HealthScreening
from passage.kit import audit
from passage.kit.ids import uuid7

MAX_FOLLOW_UPS = 60


def case_poe(session: Session, poe_id: uuid.UUID) -> PointOfEntry:
    """The POE of a case (it always has one)."""
    poe = geo_repository.get_poe(session, poe_id)
    assert poe is not None
    return poe


def open_case(
    *,
    session: Session,
    screening: HealthScreening,
    actor: Principal,
    interest: TravellerOfInterest | None = None,
    is_new: bool = False,
) -> PortHealthCase:
    """Open the case of a screening that needs action, with its follow-up schedule (a screening
    being recorded has no case yet, and its list entry is at hand: two queries saved)."""
    if screening.classification == CLEARED:
        raise Invalid("a cleared traveller needs no case", field="screening_id")
    if not is_new and repository.case_of_screening(session, screening.id) is not None:
        raise Conflict("a case is already open for this screening", field="screening_id")
    until = screening.monitor_until or screening.arrival_date + timedelta(days=14)
    diseases = [f["disease"] for f in screening.findings if f["classification"] != CLEARED]
    case = PortHealthCase(
        id=uuid7(),
        screening_id=screening.id,
        poe_id=screening.poe_id,
        suspected_diseases=diseases,
        follow_up_until=until,
        opened_by=actor.user_id,
    )
    interest = interest or repository.interest_of_screening(session, screening.id)
    if interest is not None:
        interest.case_id = case.id
    session.add(case)
    session.flush()
    repository.add_follow_ups(session, schedule(case, screening))
    audit_case(session, "health.case.open", case, diseases=len(diseases))
    poe = case_poe(session, case.poe_id)
    notifications.notify(
        session,
        users=notifications.responsible_users(session, poe),
        kind="case_opened",
        params={"poe": poe.name},
        url=f"/health/cases/{case.id}",
    )
    return case


def schedule(case: PortHealthCase, screening: HealthScreening) -> list[dict[str, object]]:
    """Daily follow-ups from the day after arrival to the end of the incubation period."""
    first = screening.arrival_date + timedelta(days=1)
    days = max((case.follow_up_until - first).days + 1, 1)
    count = min(days, MAX_FOLLOW_UPS)
    return [
        {"case_id": case.id, "due_on": first + timedelta(days=n), "is_final": n == count - 1}
        for n in range(count)
    ]


def audit_case(session: Session, action: str, case: PortHealthCase, **details: object) -> None:
    """Record an action on a case in the audit trail (ids and counts only)."""
    audit.record(
        session,
        action=action,
        object_type="port_health_case",
        object_id=case.id,
        purpose=access.PURPOSE,
        details=dict(details),
    )
