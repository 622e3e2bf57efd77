"""Model versions in the database: a new version re-scores every case, the old screenings stay
and their version still gives their score; the explanation is rebuilt from the version."""

from __future__ import annotations

from passage.access import Role
from passage.kit.pending import take
from passage.protection.cases import screening
from passage.protection.scoring import service as scoring
from passage.protection.scoring.schemas import ModelVersionCreate, ScreeningCreate
from passage.protection.scoring.seeds import GENERAL_PROTECTION
from passage.protection.vocabulary import PRIORITY_RANK
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


# answer sets as forms, imports and the API send them: words in several languages, numbers
# and booleans, the same set twice (one score per set), a number written two ways, none
VARIED = [
    {"no_shelter": "yes", "stranded": "yes", "no_income": "yes"},
    {"stranded": "Yes", "dependants": "3", "no_income": "no"},
    {"dependants": 2, "serious_medical": True, "has_documents": False},
    {"dependants": 2.0, "serious_medical": True, "has_documents": False},
    {"no_income": "نعم", "violence_survivor": "oui", "disability": "yes"},
    {"no_shelter": "yes", "stranded": "yes", "no_income": "yes"},
    {},
]


def test_the_batch_rescore_gives_each_case_the_score_of_the_per_case_path(session):
    scoring.ensure_shipped(session)
    _, worker = staff(session, Role.CASE_WORKER)
    screened = []
    for number, answers in enumerate(VARIED):
        _, case = person_with_case(session, worker, given_names=f"Person {number}")
        for given in ({"pregnant": "yes"}, answers):  # the newest screening is re-scored
            old = screening.screen_case(
                session=session,
                case_id=case.id,
                data=ScreeningCreate(model_code="general_protection", answers=given),
                actor=worker,
            )
        screened.append((case, answers, old))
    stricter = GENERAL_PROTECTION | {"thresholds": {"medium": 10, "high": 40, "critical": 90}}
    scoring.add_version(
        session=session,
        data=ModelVersionCreate(code="general_protection", name="General", definition=stricter),
        actor=worker,
    )
    take(session, "audit_pending")
    # batches of 3: the last one is short, and one more finds no case left
    assert screening.rescore_all(session=session, model_code="general_protection", batch=3) == 7
    assert [(e.action, e.details["cases"]) for e in take(session, "audit_pending")] == [
        ("rescore", 7)
    ]
    version_2 = scoring.current_model(session, "general_protection")
    for case, answers, old in screened:
        session.refresh(case)
        new = scoring.get_screening(session, case.screening_id)
        expected = scoring.score_answers(version_2, answers)  # the per-case path
        assert new is not None and new.rescored_from == old.id and new.source == "rescore"
        assert (new.model_version, new.answers, new.person_id) == (2, old.answers, old.person_id)
        assert (new.total, new.maximum, new.priority, new.contributions) == (
            expected.total,
            expected.maximum,
            expected.priority,
            scoring.contributions_of(expected),
        )
        assert (case.priority, case.score) == (expected.priority, expected.total)
        assert case.priority_rank == PRIORITY_RANK[expected.priority]
        assert new.id.version == 7 and new.id > old.id  # time-ordered, as the app makes them
        assert scoring.reproduce(session, old).total == old.total  # version 1 still gives it


def test_rescoring_with_no_screened_case_changes_nothing(session):
    scoring.ensure_shipped(session)
    assert screening.rescore_all(session=session, model_code="general_protection") == 0
