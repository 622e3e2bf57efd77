"""The survey operations: a form uploaded (audited, replaced by the same form_id), an export
imported at the point each row names or the one chosen, imported again without duplicates, an
edited submission updated, rows at points outside the importer's reach rejected with their
line and the refusal audited, personal answers never stored, and results over the points
within the reader's reach only."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from passage.access import Role
from passage.audit.models import AuditEntry
from passage.errors import Invalid, NotFound
from passage.flows.surveys import demo, service
from passage.flows.surveys.models import FlowInterview
from tests.flows.surveys.exports import kobo_csv, kobo_row
from tests.flows.surveys.helpers import point, principal, survey


def _interviews(session, survey_id):
    statement = select(FlowInterview).where(FlowInterview.survey_id == survey_id)
    return list(session.scalars(statement))


def _import(session, found, content, actor, point_id=None):
    return service.import_export(
        session=session, survey_id=found.id, content=content, filename="kobo.csv", actor=actor,
        point_id=point_id,
    )  # fmt: skip


def test_an_export_imported_twice_adds_each_interview_once(session):
    namanga = point(session, code=f"FMP-KEN-NAMANGA-{id(session) % 1000}")
    found = survey(session)
    content = kobo_csv(*(kobo_row(n, point=namanga.code) for n in range(1, 7)))
    first = _import(session, found, content, principal(session))
    assert (first.report.created, first.report.rejected) == (6, [])
    again = _import(session, found, content, principal(session))
    assert (again.report.created, again.report.unchanged) == (0, 6)
    assert len(_interviews(session, found.id)) == 6


def test_an_edited_submission_replaces_its_answers(session):
    namanga = point(session)
    found = survey(session)
    actor = principal(session)
    _import(session, found, kobo_csv(kobo_row(1, point=namanga.code)), actor)
    edited = _import(session, found, kobo_csv(kobo_row(1, point=namanga.code, sex="male")), actor)
    assert edited.report.updated == 1
    (stored,) = _interviews(session, found.id)
    assert stored.answers["sex"] == "male"


def test_no_personal_answer_is_stored(session):
    namanga = point(session)
    found = survey(session)
    outcome = _import(session, found, kobo_csv(kobo_row(1, point=namanga.code)), principal(session))
    (stored,) = _interviews(session, found.id)
    text = json.dumps(stored.answers)
    for personal in ("Amina", "+254712345678", "36.79", "collect:"):
        assert personal not in text
    assert "respondent_name" in outcome.left_out and "phone_number" in outcome.left_out


def test_rows_naming_no_point_take_the_chosen_one_and_unknown_points_are_rejected(session):
    chosen = point(session)
    found = survey(session)
    content = kobo_csv(kobo_row(1, point=""), kobo_row(2, point="FMP-NOWHERE"))
    outcome = _import(session, found, content, principal(session), point_id=chosen.id)
    assert outcome.report.created == 1
    assert [(e.line, e.field) for e in outcome.report.rejected] == [(3, "point")]
    assert "FMP-NOWHERE" in outcome.report.rejected[0].reason
    assert _interviews(session, found.id)[0].point_id == chosen.id


def test_a_collector_imports_at_their_countrys_points_only_and_the_refusal_is_audited(session):
    kenya, uganda = point(session, "KEN"), point(session, "UGA")
    found = survey(session)
    collector = principal(session, Role.FLOW_MONITOR, "KEN")
    content = kobo_csv(kobo_row(1, point=kenya.code), kobo_row(2, point=uganda.code))
    outcome = _import(session, found, content, collector)
    assert outcome.report.created == 1
    assert [(e.line, e.field) for e in outcome.report.rejected] == [(3, "point")]
    assert "outside your reach" in outcome.report.rejected[0].reason
    session.commit()
    denied = session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "access.denied", AuditEntry.object_type == "flow_interview"
        )
    ).all()
    assert denied, "the rows refused for scope are audited"
    with pytest.raises(NotFound):
        _import(session, found, content, collector, point_id=uganda.id)


def test_results_cover_only_the_points_within_the_readers_reach(session):
    kenya, uganda = point(session, "KEN"), point(session, "UGA")
    found = survey(session)
    rows = [kobo_row(n, point=kenya.code) for n in range(1, 7)]
    rows += [kobo_row(n, point=uganda.code) for n in range(7, 15)]
    _import(session, found, kobo_csv(*rows), principal(session))
    everyone = service.survey_results(session=session, survey_id=found.id, actor=principal(session))
    assert everyone.interviews == 14
    kenyan = principal(session, Role.COORDINATOR, "KEN")
    mine = service.survey_results(session=session, survey_id=found.id, actor=kenyan)
    assert mine.interviews == 6
    assert {p for p, _, _ in mine.by_point_month} == {kenya.code}
    with pytest.raises(NotFound):
        service.survey_results(
            session=session, survey_id=found.id, actor=kenyan, point_id=uganda.id
        )


def test_results_of_one_point_and_a_range_of_days(session):
    kenya = point(session, "KEN")
    found = survey(session)
    rows = [kobo_row(n, point=kenya.code, today="2026-10-05") for n in range(1, 6)]
    rows += [kobo_row(n, point=kenya.code, today="2026-11-05") for n in range(6, 13)]
    _import(session, found, kobo_csv(*rows), principal(session))
    november = service.survey_results(
        session=session, survey_id=found.id, actor=principal(session), point_id=kenya.id,
        start=date(2026, 11, 1), end=date(2026, 11, 30),
    )  # fmt: skip
    assert november.interviews == 7
    assert november.by_point_month == [(kenya.code, "2026-11", 7)]


def test_a_form_is_audited_and_replaced_by_the_same_form_id(session):
    actor = principal(session)
    first = survey(session)
    renamed = demo.xlsform(settings=[("form_id", "form_title"), (demo.CODE, "FMS v2")])
    second = service.upload_form(session=session, content=renamed, filename="v2.xlsx", actor=actor)
    assert second.id == first.id and second.name == "FMS v2"
    session.commit()
    actions = session.scalars(
        select(AuditEntry.action).where(
            AuditEntry.object_type == "flow_survey", AuditEntry.object_id == str(first.id)
        )
    ).all()
    assert "update" in actions


def test_a_broken_form_is_refused_with_its_problems(session):
    broken = demo.xlsform(survey=[demo.SURVEY[0], ("select_one nowhere", "q", "Q", "", "", "")])
    with pytest.raises(Invalid) as raised:
        service.upload_form(
            session=session, content=broken, filename="f.xlsx", actor=principal(session)
        )
    assert raised.value.field == "file"
