"""Port-health part of the demo world: an Ebola event in Uganda and the DRC, as a criteria
revision an administrator would save (idempotent: only when no country is listed yet)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from passage.auth.policy import ANONYMOUS
from passage.health import criteria
from passage.health.admin_schemas import CriteriaInput

DEMO_AFFECTED = {"ebola": ["COD", "UGA"], "mpox": ["COD"]}


def load_demo_health(session: Session) -> None:
    """List the demo event's affected countries in the Ebola and mpox criteria."""
    for row in criteria.current(session):
        countries = DEMO_AFFECTED.get(row.disease_code)
        if not countries or row.affected_countries:
            continue
        values = criteria.as_input(row) | {
            "affected_countries": countries,
            "change_note": "demo: outbreak declared in the listed countries",
        }
        data = CriteriaInput.model_validate(values)
        criteria.save_revision(session=session, data=data, actor=ANONYMOUS)
