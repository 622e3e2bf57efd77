"""Port-health part of the demo world: an Ebola event in Uganda and the DRC, as a criteria
revision an administrator would save, and the demo port-health officer's screenings at Namanga
of travellers the border demo registered: most cleared, one from the DRC for secondary
assessment, one with fever and symptoms after a stay in Uganda isolated and referred, whose
case has the follow-ups already due recorded (idempotent: the criteria only when no country is
listed yet, the screenings only when there is none)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from passage.access import ANONYMOUS, Principal
from passage.auth import repository as auth_repository
from passage.auth.service import principal_for
from passage.border import demo as border_demo
from passage.health.cases import repository as cases_repository
from passage.health.cases import service as cases
from passage.health.cases.schemas import FollowUpRecord
from passage.health.screening import criteria
from passage.health.screening import repository as screening_repository
from passage.health.screening import service as screening
from passage.health.screening.forms import screening_payload
from passage.health.screening.models import HealthScreening
from passage.health.screening.schemas import CriteriaInput, ScreeningCreate
from passage.kit.clock import today

DEMO_AFFECTED = {"ebola": ["COD", "UGA"], "mpox": ["COD"]}
OFFICER_EMAIL = "health@demo.passage.int"


@dataclass(frozen=True)
class Answers:
    """What the officer records beyond the crossing's details."""

    temperature_c: str
    symptoms: tuple[str, ...] = ()
    phone: str = ""
    notes: str = ""


ISOLATE = Answers(
    "38.7",
    ("abdominal_pain", "unexplained_bleeding"),
    "+256700000501",
    "Bleeding gums, fever since the day before; came from western Uganda. Isolated in the "
    "holding room.",
)
SCREENINGS: tuple[tuple[tuple[str, str], Answers], ...] = (
    (border_demo.ISOLATE, ISOLATE),
    (border_demo.SECONDARY, Answers("36.8", phone="+243810000502")),
    *((passport, Answers(f"36.{4 + n}")) for n, passport in enumerate(border_demo.CLEARED)),
)
# The isolated traveller's daily calls so far: the first still feverish, then better.
FOLLOW_UPS = (
    FollowUpRecord(version=1, outcome="symptomatic", temperature_c=38.2, symptoms=["fatigue"]),
    FollowUpRecord(version=1, outcome="well", temperature_c=37.1, notes="Feels better"),
)


def load_demo_health(session: Session) -> None:
    """The demo outbreak's affected countries, then the demo screenings."""
    list_affected_countries(session)
    load_demo_screenings(session)


def list_affected_countries(session: Session) -> None:
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


def load_demo_screenings(session: Session) -> None:
    """Screen the border demo's travellers at Namanga (only when no screening exists yet)."""
    user = auth_repository.get_user_by_email(session, OFFICER_EMAIL)
    _, count = screening_repository.search_screenings(session, scope=None, limit=1)
    if user is None or count:
        return
    officer = principal_for(user)
    for passport, answers in SCREENINGS:
        crossing = border_demo.demo_entry(session, passport)
        if crossing is None:
            continue
        done = _screen(session, crossing.id, answers, officer)
        if done.classification == "isolate_refer":
            _record_due_follow_ups(session, done, officer)


def _screen(
    session: Session, crossing_id: Any, answers: Answers, officer: Principal
) -> HealthScreening:
    """The screening form as the officer fills it in: prefilled from the crossing, answered."""
    values = screening.prefill_from_crossing(session, crossing_id=crossing_id, actor=officer)
    values |= {
        "temperature_c": answers.temperature_c,
        "symptoms": list(answers.symptoms),
        "phone": answers.phone,
        "notes": answers.notes,
    }
    if answers.symptoms:
        arrival = date.fromisoformat(values["arrival_date"])
        values["symptom_onset"] = str(arrival - timedelta(days=1))
    data = ScreeningCreate.model_validate(screening_payload(values))
    return screening.screen(session=session, data=data, actor=officer)


def _record_due_follow_ups(session: Session, screened: HealthScreening, officer: Principal) -> None:
    """The outcomes of the case's follow-ups due before today (today's is left to do)."""
    case = cases_repository.case_of_screening(session, screened.id)
    if case is None:
        return
    due = [task for task in cases_repository.follow_ups(session, case.id) if task.due_on < today()]
    for task, record in zip(due, FOLLOW_UPS, strict=False):
        data = record.model_copy(update={"version": task.version})
        cases.record_follow_up(
            session=session, case_id=case.id, task_id=task.id, data=data, actor=officer
        )
