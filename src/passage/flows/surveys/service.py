"""The operations of flow monitoring surveys: a survey form uploaded as XLSForm, a Kobo/ODK
export imported row by row (each interview at a point within the importer's reach; a row at
a point outside it is rejected with its line and the refusal audited), and the results of the
interviews within the reader's reach, suppressed.

Access follows the flows package: a point is reached through a country, POE or global grant
(`flows.access`); forms are defined for the whole deployment by the coordinators
(`flows.manage`); imports are for coordinators and data collectors (`flows.import`); results
for those who read flows (`flows.read`), only over the points they reach."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal, can
from passage.errors import Invalid, NotFound
from passage.flows import access
from passage.flows import repository as flows_repository
from passage.flows.models import FlowPoint
from passage.flows.surveys import forms, reading, repository, results
from passage.flows.surveys.models import FlowInterview, FlowSurvey
from passage.kit import audit
from passage.kit.i18n import N_
from passage.kit.imports import ImportReport
from passage.kit.xlsform import FormProblems, read_xlsform

IMPORT = "flows.import"
READ = "flows.read"
OUTSIDE = "the point {point!r} is outside your reach"
UNKNOWN_POINT = "no flow monitoring point has the code {point!r}"
NO_POINT = "no flow monitoring point: choose one, or answer the form's point question"


@dataclass
class SurveyImport:
    """What an import did: interviews created/updated/unchanged, each rejected row, and the
    personal questions whose answers were left out."""

    report: ImportReport = field(default_factory=ImportReport)
    rows: int = 0
    left_out: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return self.report.to_dict() | {"rows": self.rows, "left_out": self.left_out}


def _audit(session: Session, action: str, object_type: str, object_id: object, **details: Any):
    audit.record(
        session,
        action=action,
        object_type=object_type,
        object_id=object_id,
        purpose=access.PURPOSE,
        details=details,
    )


def upload_form(
    *, session: Session, content: bytes, filename: str, actor: Principal | None
) -> FlowSurvey:
    """Define a survey from an XLSForm, or replace the definition of the one with its form_id
    (interviews keep their answers by question name). No actor: the command line."""
    try:
        parsed = forms.read_survey(read_xlsform(content, filename))
    except FormProblems as problems:
        raise Invalid(
            N_("this XLSForm cannot be used: %(problems)s"),
            params={"problems": "; ".join(problems.problems)[:1000]},
            field="file",
        ) from None
    survey = repository.survey_by_code(session, parsed["code"])
    action = "update" if survey is not None else "create"
    if survey is None:
        survey = FlowSurvey(code=parsed["code"], name=parsed["name"], definition={})
        repository.add(session, survey)
    survey.name, survey.definition = parsed["name"], parsed["definition"]
    survey.uploaded_by = actor.user_id if actor else None
    session.flush()
    _audit(session, action, "flow_survey", survey.id, code=survey.code)
    return survey


def surveys(*, session: Session) -> list[FlowSurvey]:
    """Every survey form (forms hold questions, never answers)."""
    return repository.surveys(session)


def get_survey(*, session: Session, survey_id: uuid.UUID) -> FlowSurvey:
    """A survey form (404 when there is none)."""
    survey = repository.survey(session, survey_id)
    if survey is None:
        raise NotFound(N_("no survey has this id"))
    return survey


def points_within_reach(*, session: Session, actor: Principal, permission: str) -> list[FlowPoint]:
    """The points the actor reaches with a permission (country, POE or global grant)."""
    every = flows_repository.points(session, countries=None)
    return [point for point in every if can(actor, permission, access.target(point))]


def _point_of_rows(
    session: Session, found: list[reading.Interview], default: FlowPoint | None
) -> dict[int, FlowPoint | str]:
    """Each interview's point (by line), or why it has none."""
    named = repository.points_by_code(session, {i.point for i in found if i.point})
    return {
        i.line: (named.get(i.point) or UNKNOWN_POINT.format(point=i.point))
        if i.point
        else (default or NO_POINT)
        for i in found
    }


def _store(
    session: Session,
    survey: FlowSurvey,
    kept: list[tuple[reading.Interview, FlowPoint]],
    actor: Principal | None,
    report: ImportReport,
) -> None:
    existing = repository.interviews_by_submission(
        session, survey.id, [interview.submission for interview, _ in kept]
    )
    for interview, point in kept:
        stored = existing.get(interview.submission)
        values = {
            "point_id": point.id,
            "interviewed_on": interview.day,
            "answers": interview.answers,
        }
        if stored is None:
            stored = FlowInterview(
                survey_id=survey.id,
                submission=interview.submission,
                imported_by=actor.user_id if actor else None,
                **values,
            )
            repository.add(session, stored)
            existing[interview.submission] = stored
            report.created += 1
        elif any(getattr(stored, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(stored, name, value)
            report.updated += 1
        else:
            report.unchanged += 1
    session.flush()


def import_export(
    *,
    session: Session,
    survey_id: uuid.UUID,
    content: bytes,
    filename: str,
    actor: Principal | None,
    point_id: uuid.UUID | None = None,
) -> SurveyImport:
    """Import a Kobo/ODK export of a survey: each interview at its point (the row's point
    question, else the point chosen), rows outside the actor's reach rejected with their line
    (no actor: the command line, which reaches every point)."""
    survey = get_survey(session=session, survey_id=survey_id)
    default = None
    if point_id is not None:
        default = flows_repository.point(session, point_id)
        if default is None:
            raise NotFound(N_("no flow monitoring point has this id"))
        if actor is not None:
            access.check(actor, IMPORT, default)
    try:
        read = reading.read_export(content, filename or "upload", survey.definition)
    except reading.UnreadableFile as problem:
        raise Invalid(
            N_("the file cannot be read: %(problem)s"),
            params={"problem": str(problem)},
            field="file",
        ) from None
    outcome = SurveyImport(rows=len(read.interviews) + len(read.rejected), left_out=read.left_out)
    for line, question, reason in read.rejected:
        outcome.report.reject(line, reason, question)
    points = _point_of_rows(session, read.interviews, default)
    kept, outside = [], 0
    for interview in read.interviews:
        point = points[interview.line]
        if isinstance(point, str):
            outcome.report.reject(interview.line, point, "point")
        elif actor is not None and not can(actor, IMPORT, access.target(point)):
            outcome.report.reject(interview.line, OUTSIDE.format(point=interview.point), "point")
            outside += 1
        else:
            kept.append((interview, point))
    outcome.report.rejected.sort(key=lambda error: error.line)
    _store(session, survey, kept, actor, outcome.report)
    if outside:
        audit.record(
            session,
            action="access.denied",
            object_type="flow_interview",
            purpose=access.PURPOSE,
            details={"reason": "rows outside the importer's scope", "rows": outside},
        )
    _audit(
        session,
        "import",
        "flow_survey",
        survey.id,
        file=(filename or "")[:200],
        created=outcome.report.created,
        updated=outcome.report.updated,
        rejected=len(outcome.report.rejected),
    )
    return outcome


def survey_results(
    *,
    session: Session,
    survey_id: uuid.UUID,
    actor: Principal,
    point_id: uuid.UUID | None = None,
    start: date | None = None,
    end: date | None = None,
) -> results.Results:
    """The results of a survey's interviews at the points within reach (one of them when
    asked) between two days, every count under 5 suppressed."""
    survey = get_survey(session=session, survey_id=survey_id)
    reached = points_within_reach(session=session, actor=actor, permission=READ)
    if point_id is not None:
        reached = [point for point in reached if point.id == point_id]
        if not reached:
            point = flows_repository.point(session, point_id)
            if point is None:
                raise NotFound(N_("no flow monitoring point has this id"))
            access.check(actor, READ, point)
    found = repository.interviews(
        session, survey.id, point_ids=[p.id for p in reached], start=start, end=end
    )
    rows = [(label, day.strftime("%Y-%m"), answers) for label, day, answers in found]
    return results.compute(survey.definition, rows)


def export_results(
    *,
    session: Session,
    survey_id: uuid.UUID,
    actor: Principal,
    point_id: uuid.UUID | None = None,
    start: date | None = None,
    end: date | None = None,
) -> results.Results:
    """The results, for a download: audited as every flows export is."""
    found = survey_results(
        session=session, survey_id=survey_id, actor=actor, point_id=point_id, start=start, end=end
    )
    _audit(
        session,
        "export",
        "flow_survey",
        survey_id,
        point=str(point_id) if point_id else None,
        start=start.isoformat() if start else None,
        end=end.isoformat() if end else None,
    )
    return found
