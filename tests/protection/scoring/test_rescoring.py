"""Model versions in the database: a new version re-scores every case, the old screenings stay
and their version still gives their score; the explanation is rebuilt from the version."""

from __future__ import annotations

from passage.access import Role
from passage.protection.cases import screening
from passage.protection.scoring import service as scoring
from passage.protection.scoring.schemas import ModelVersionCreate, ScreeningCreate
from passage.protection.scoring.seeds import GENERAL_PROTECTION
from tests.protection.helpers import person_with_case, staff

ANSWERS = {"no_shelter": "yes", "stranded": "yes", "no_income": "yes"}


def test_a_new_version_rescores_every_case_and_old_scores_stay_reproducible(session):
    scoring.ensure_shipped(session)
    _, worker = staff(session, Role.CASE_WORKER)
    _, case = person_with_case(session, worker)
    old = screening.screen_case(
        session=session,
        case_id=case.id,
        data=ScreeningCreate(model_code="general_protection", answers=ANSWERS),
        actor=worker,
    )
    assert (old.total, old.priority, case.priority) == (45.0, "medium", "medium")
    summary, lines = scoring.explanation(session, old)
    assert "45" in summary and lines[0].points == 20 and "no safe shelter" in lines[0].sentence
    stricter = GENERAL_PROTECTION | {"thresholds": {"medium": 10, "high": 40, "critical": 90}}
    scoring.add_version(
        session=session,
        data=ModelVersionCreate(code="general_protection", name="General", definition=stricter),
        actor=worker,
    )
    assert screening.rescore_all(session=session, model_code="general_protection") == 1
    session.refresh(case)
    assert case.priority == "high" and case.priority_rank == 3 and case.screening_id != old.id
    assert scoring.reproduce(session, old).priority == "medium"
    assert scoring.reproduce(session, old).total == old.total
