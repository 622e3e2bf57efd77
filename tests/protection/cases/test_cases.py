"""Case management: organisation scope, restricted cases, the queue and caseload, reminders,
transfers and closure, documents checked and sealed, every read audited."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from passage.access import Role
from passage.audit.models import AuditEntry
from passage.errors import Forbidden, Invalid, NotFound
from passage.kit.clock import today
from passage.kit.pending import take
from passage.protection.cases import documents, lists, plan
from passage.protection.cases import service as cases
from passage.protection.cases.models import Reminder
from passage.protection.cases.schemas import (
    Assignment,
    ClosureCreate,
    FollowUpCreate,
    ReopenCreate,
    TransferCreate,
)
from tests.factories import web_login
from tests.protection.helpers import IOM, RED_CROSS, designated, person_with_case, staff

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_a_case_worker_of_another_organisation_finds_nothing(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _, stranger = staff(session, Role.CASE_WORKER, RED_CROSS)
    _person, case = person_with_case(session, worker)
    assert cases.get_case(session=session, case_id=case.id, actor=worker).id == case.id
    with pytest.raises(NotFound):
        cases.get_case(session=session, case_id=case.id, actor=stranger)
    rows, total = lists.priority_queue(session=session, actor=stranger)
    assert total == 0 and rows == []


def test_child_protection_cases_are_for_designated_staff_only(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _, supervisor = staff(session, Role.SUPERVISOR)
    _, focal = designated(session)
    with pytest.raises(Invalid):
        person_with_case(session, worker, case_type="child_protection")
    person, case = person_with_case(session, focal, case_type="child_protection")
    assert case.restricted and person.restricted
    for outsider in (worker, supervisor):
        with pytest.raises(NotFound):
            cases.get_case(session=session, case_id=case.id, actor=outsider)
    assert lists.priority_queue(session=session, actor=worker)[1] == 0
    assert lists.priority_queue(session=session, actor=focal)[1] == 1


def test_reading_a_case_is_audited_with_its_purpose(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _, case = person_with_case(session, worker)
    take(session, "audit_pending")
    cases.case_and_person(session=session, case_id=case.id, actor=worker)
    queued = take(session, "audit_pending")
    assert [(e.action, e.object_type) for e in queued] == [
        ("read", "protection_case"),
        ("read", "protection_person"),
    ]
    assert all(e.purpose == "protection" for e in queued)
    assert not any("Amina" in str(e.details) for e in queued)


def test_the_queue_puts_the_highest_priority_first_then_the_longest_waiting(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _, low = person_with_case(session, worker, given_names="Low")
    _, older = person_with_case(session, worker, given_names="Older")
    _, newer = person_with_case(session, worker, given_names="Newer")
    for case, priority in ((low, "low"), (older, "high"), (newer, "high")):
        cases.set_priority(case, priority, 10.0, case.id)
    older.waiting_since = older.waiting_since - timedelta(days=3)
    session.flush()
    rows, _ = lists.priority_queue(session=session, actor=worker)
    assert [row.case.id for row in rows] == [older.id, newer.id, low.id]
    assert rows[0].waiting_days == 3


def test_an_overdue_follow_up_reminds_its_worker_once(session):
    user, worker = staff(session, Role.CASE_WORKER)
    _, case = person_with_case(session, worker)
    plan.add_follow_up(
        session=session,
        case_id=case.id,
        data=FollowUpCreate(due_on=today() - timedelta(days=2), purpose="Call back"),
        actor=worker,
    )
    assert plan.send_reminders(session) == 1
    assert plan.send_reminders(session) == 0
    reminder = session.scalar(select(Reminder).where(Reminder.case_id == case.id))
    assert reminder is not None and reminder.user_id == user.id
    rows, reminders = lists.caseload(session=session, actor=worker)
    assert rows[0].overdue == 1 and reminders[0][1].id == case.id


def test_transfer_to_another_organisation_moves_the_case_and_the_person(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _, supervisor = staff(session, Role.SUPERVISOR)
    _, receiver = staff(session, Role.CASE_WORKER, RED_CROSS)
    person, case = person_with_case(session, worker)
    with pytest.raises(NotFound):  # a case worker does not transfer
        cases.transfer(
            session=session,
            case_id=case.id,
            data=TransferCreate(version=case.version, to_organisation=RED_CROSS, reason="Shelter"),
            actor=worker,
        )
    cases.transfer(
        session=session,
        case_id=case.id,
        data=TransferCreate(
            version=case.version, to_organisation=RED_CROSS, reason="Closer to the shelter"
        ),
        actor=supervisor,
    )
    assert (
        case.status == "transferred"
        and case.organisation == RED_CROSS
        and person.organisation == RED_CROSS
    )
    assert cases.get_case(session=session, case_id=case.id, actor=receiver).id == case.id
    with pytest.raises(NotFound):
        cases.get_case(session=session, case_id=case.id, actor=worker)


def test_closure_needs_a_reason_and_only_a_supervisor_reopens(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _, supervisor = staff(session, Role.SUPERVISOR)
    _, case = person_with_case(session, worker)
    cases.close(
        session=session,
        case_id=case.id,
        data=ClosureCreate(version=case.version, reason="needs_met"),
        actor=worker,
    )
    assert case.status == "closed" and case.closure_reason == "needs_met"
    with pytest.raises(NotFound):
        cases.reopen(
            session=session,
            case_id=case.id,
            data=ReopenCreate(version=case.version, reason="New needs"),
            actor=worker,
        )
    cases.reopen(
        session=session,
        case_id=case.id,
        data=ReopenCreate(version=case.version, reason="New needs"),
        actor=supervisor,
    )
    assert case.status == "reopened"


def test_assigning_to_someone_else_is_for_supervisors(session):
    _user, worker = staff(session, Role.CASE_WORKER)
    other, _ = staff(session, Role.CASE_WORKER)
    _, case = person_with_case(session, worker)
    with pytest.raises(Forbidden):
        cases.assign(
            session=session,
            case_id=case.id,
            data=Assignment(version=case.version, assigned_to=other.id),
            actor=worker,
        )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"MZ\x90\x00 an executable", "only PDF, PNG and JPEG documents are accepted"),
        (b"%PDF-" + b"0" * (5 * 1024 * 1024), "the file is larger than 5 MB"),
    ],
)
def test_a_bad_upload_is_refused_with_a_clear_error(session, content, message):
    _, worker = staff(session, Role.CASE_WORKER)
    _, case = person_with_case(session, worker)
    with pytest.raises(Invalid) as refused:
        documents.upload(
            session=session, case_id=case.id, filename="x.pdf", content=content, actor=worker
        )
    assert refused.value.message == message and refused.value.field == "file"


def test_a_document_is_stored_sealed_and_comes_back_the_same(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _, case = person_with_case(session, worker)
    document = documents.upload(
        session=session,
        case_id=case.id,
        filename="../../etc/passport scan.exe",
        content=PDF,
        actor=worker,
    )
    assert document.filename == "passport scan.pdf" and document.content_type == "application/pdf"
    assert PDF not in document.sealed_content.encode()
    _, content = documents.download(session=session, document_id=document.id, actor=worker)
    assert content == PDF
    _, stranger = staff(session, Role.CASE_WORKER, RED_CROSS)
    with pytest.raises(NotFound):
        documents.download(session=session, document_id=document.id, actor=stranger)


def test_audit_entries_of_a_request_are_written(client, session):
    user, worker = staff(session, Role.CASE_WORKER, IOM)
    _, case = person_with_case(session, worker)
    session.commit()
    web_login(client, user.email)
    assert client.get(f"/protection/cases/{case.id}").status_code == 200
    reads = session.scalars(
        select(AuditEntry).where(AuditEntry.object_id == str(case.id), AuditEntry.action == "read")
    ).all()
    assert reads and reads[-1].actor_id == str(user.id)


def test_the_caseload_page_lists_what_the_full_caseload_lists_and_nothing_out_of_reach(
    client, session
):
    user, worker = staff(session, Role.CASE_WORKER, IOM)
    _, designated_worker = designated(session, IOM)
    _, mine = person_with_case(session, worker, given_names="Amina")
    _, other = person_with_case(session, worker, given_names="Hassan")
    _, hidden = person_with_case(session, designated_worker, case_type="child_protection")
    for case in (other, hidden):  # a restricted case assigned to a worker not designated
        case.assigned_to = user.id
    plan.add_follow_up(
        session=session,
        case_id=mine.id,
        data=FollowUpCreate(due_on=today() - timedelta(days=3), purpose="Call back"),
        actor=worker,
    )
    plan.send_reminders(session)
    session.flush()
    take(session, "audit_pending")
    lines, reminders, following = lists.caseload_lines(session=session, actor=worker)
    assert [e.action for e in take(session, "audit_pending")] == ["list"] and following is None
    rows, _ = lists.caseload(session=session, actor=worker)
    shown = ("id", "reference", "case_type", "priority", "score", "status", "given_names")
    assert [[getattr(line, name) for name in shown] for line in lines] == [
        [getattr(row, name) for name in shown] for row in rows
    ]
    assert [(line.overdue, line.waiting_days) for line in lines] == [
        (row.overdue, row.waiting_days) for row in rows
    ]
    assert hidden.id not in {line.id for line in lines} and len(lines) == 2
    assert [(r.case_id, r.reference) for r in reminders] == [(mine.id, mine.reference)]
    session.commit()
    web_login(client, user.email)
    page = client.get("/protection/caseload")
    assert page.status_code == 200
    assert mine.reference in page.text and other.reference in page.text
    assert hidden.reference not in page.text
    assert f"/protection/cases/{mine.id}#follow-ups" in page.text


def test_the_caseload_pages_follow_each_other_without_gap_or_repeat(client, session, monkeypatch):
    user, worker = staff(session, Role.CASE_WORKER, IOM)
    opened = [person_with_case(session, worker, given_names=f"Person {n}")[1] for n in range(5)]
    for case, rank in zip(opened, (2, 2, 1, 2, 0), strict=True):  # ties on rank and time
        case.priority_rank, case.waiting_since = rank, opened[0].waiting_since
    session.flush()
    monkeypatch.setattr(lists, "CASELOAD_PAGE", 2)
    seen, after, pages = [], None, 0
    while True:
        lines, _, after = lists.caseload_lines(session=session, actor=worker, after=after)
        seen += [line.id for line in lines]
        pages += 1
        if after is None:
            break
    ranks = {case.id: case.priority_rank for case in opened}
    assert pages == 3 and sorted(seen) == sorted(ranks)
    assert [ranks[case_id] for case_id in seen] == [2, 2, 2, 1, 0]
    with pytest.raises(Invalid):
        lists.caseload_lines(session=session, actor=worker, after="2~yesterday~x")
    session.commit()
    web_login(client, user.email)
    first = client.get("/protection/caseload")
    link = re.search(r'href="(/protection/caseload\?after=[^"]+)"', first.text)
    assert link is not None
    second = client.get(html.unescape(link.group(1)))
    assert second.status_code == 200 and opened[2].reference in second.text
