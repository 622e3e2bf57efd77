"""Screenings exported from KoboToolbox and ODK Central, as those tools write them: Kobo's CSV
(semicolons, every cell quoted, group paths with `/`, a select_multiple both as one column and
one 0/1 column per choice, Kobo's own `_id`, `_uuid`, `_submission_time` ... columns) and its
XLSX, ODK Central's CSV (commas, group paths with `-`, `meta-instanceID` and `KEY`, the review
columns). Good rows become screenings and give the case its priority; each bad row is reported
with its line and reason; importing the same file again changes nothing; a file exported with
the questions' labels instead of their names is refused as a whole with a clear error."""

from __future__ import annotations

import io
import uuid

import openpyxl
import pytest

from passage.access import Role
from passage.errors import Invalid
from passage.protection.cases import screening
from passage.protection.scoring import service as scoring
from tests.factories import bearer, token_for
from tests.protection.helpers import RED_CROSS, person_with_case, staff

KOBO_HEADER = [
    "start",
    "end",
    "today",
    "deviceid",
    "identification/person_reference",
    "identification/interview_consent",
    "situation/no_shelter",
    "situation/stranded",
    "situation/no_income",
    "situation/dependants",
    "needs",
    "needs/food",
    "needs/shelter",
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
]
ODK_HEADER = [
    "SubmissionDate",
    "start",
    "end",
    "identification-person_reference",
    "situation-no_shelter",
    "situation-stranded",
    "situation-no_income",
    "situation-dependants",
    "meta-instanceID",
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
]


def kobo_row(index: int, reference: str, shelter: str, stranded: str, income: str, kids: str):
    return [
        "2024-03-04T09:12:33.000+03:00",
        "2024-03-04T09:20:01.000+03:00",
        "2024-03-04",
        "ee.kobotoolbox.org:4KpbYgN1",
        reference,
        "yes",
        shelter,
        stranded,
        income,
        kids,
        "food shelter",
        "1",
        "1",
        str(215_000_000 + index),
        str(uuid.uuid4()),
        "2024-03-04T06:20:14",
        "",
        "",
        "submitted_via_web",
        "enumerator_ke",
        "vPz3Rt9EtFYmo8sGBXWJkf",
        "",
        str(index),
    ]


def kobo_csv(rows: list[list[str]]) -> bytes:
    lines = [";".join(f'"{cell}"' for cell in row) for row in [KOBO_HEADER, *rows]]
    return ("\r\n".join(lines) + "\r\n").encode()


def odk_row(reference: str, shelter: str, stranded: str, income: str, kids: str, key: str):
    return [
        "2024-03-05T10:01:02.123Z",
        "2024-03-05T12:55:40.000+03:00",
        "2024-03-05T13:01:00.000+03:00",
        reference,
        shelter,
        stranded,
        income,
        kids,
        key,
        key,
        "5",
        "enumerator_ke",
        "0",
        "0",
        "",
        "approved",
        "collect:Xh8QkqS7",
        "0",
        "2024030101",
    ]


def odk_csv(rows: list[list[str]]) -> bytes:
    return ("\n".join(",".join(row) for row in [ODK_HEADER, *rows]) + "\n").encode()


def _import(session, actor, content, filename):
    return screening.import_submissions(
        session=session,
        model_code="general_protection",
        filename=filename,
        content=content,
        actor=actor,
    )


@pytest.fixture
def people(session):
    scoring.ensure_shipped(session)
    _, worker = staff(session, Role.CASE_WORKER)
    _, stranger = staff(session, Role.CASE_WORKER, RED_CROSS)
    ours = [person_with_case(session, worker, given_names=f"Person {n}") for n in range(3)]
    theirs, _ = person_with_case(session, stranger)
    return worker, ours, theirs


def test_a_kobo_csv_export_imports_reports_each_bad_row_and_imports_once(session, people):
    worker, ours, theirs = people
    (first, first_case), (second, second_case), (third, _) = ours
    rows = [
        kobo_row(1, first.reference, "yes", "yes", "yes", "3"),
        kobo_row(2, second.reference, "no", "no", "no", "0"),
        kobo_row(3, "P-NOBODY", "yes", "yes", "yes", "1"),
        kobo_row(4, theirs.reference, "yes", "yes", "yes", "1"),
        kobo_row(5, third.reference, "maybe", "yes", "yes", "1"),
        kobo_row(6, third.reference, "", "", "", ""),
    ]
    content = kobo_csv(rows)
    report = _import(session, worker, content, "general_protection_2024_03_04.csv")
    assert report.created == 2
    assert [(e.line, e.reason) for e in report.rejected] == [
        (4, screening.NO_PERSON),
        (5, screening.NO_PERSON),
        (6, "no_shelter: answer yes or no"),
        (7, "no answer to any question of the model"),
    ]
    imported = scoring.screenings_of_person(session, first.id)[0]
    assert imported.source == "import"
    assert imported.answers == {"no_shelter": "yes", "stranded": "yes", "no_income": "yes"} | {
        "dependants": "3"
    }
    assert first_case.screening_id == imported.id and first_case.priority is not None
    assert first_case.score > second_case.score
    again = _import(session, worker, content, "general_protection_2024_03_04.csv")
    assert (again.created, again.unchanged) == (0, 2)
    assert len(scoring.screenings_of_person(session, first.id)) == 1


def test_an_odk_central_csv_with_group_paths_and_a_repeated_submission(session, people):
    worker, ours, _ = people
    (first, first_case), (second, _), _ = ours
    key = f"uuid:{uuid.uuid4()}"
    rows = [
        odk_row(first.reference.lower(), "yes", "yes", "no", "2", key),
        odk_row(second.reference, "no", "yes", "no", "0", f"uuid:{uuid.uuid4()}"),
        odk_row(first.reference, "yes", "yes", "no", "2", key),
    ]
    report = _import(session, worker, odk_csv(rows), "general_protection.csv")
    assert report.created == 2
    assert [(e.line, e.reason) for e in report.rejected] == [
        (4, "the same submission appears twice in the file")
    ]
    imported = scoring.screenings_of_person(session, first.id)[0]
    assert imported.submission_id == key.removeprefix("uuid:")
    assert imported.answers["dependants"] == "2" and first_case.screening_id == imported.id


def test_a_kobo_xlsx_export_with_numbers_as_numbers(session, people):
    worker, ours, _ = people
    (first, first_case), _, _ = ours
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "General protection screening"
    sheet.append(KOBO_HEADER)
    row: list[object] = kobo_row(1, first.reference, "yes", "no", "yes", "4")
    row[9], row[13], row[22] = 4, 215_000_001, 1  # Kobo writes integers as numbers
    sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    report = _import(session, worker, buffer.getvalue(), "general_protection_2024_03_04.xlsx")
    assert (report.created, report.rejected) == (1, [])
    assert scoring.screenings_of_person(session, first.id)[0].answers["dependants"] == "4"
    assert first_case.priority is not None


def test_an_export_with_labels_instead_of_names_is_refused_with_a_clear_error(
    client, session, people
):
    worker, ours, _ = people
    labels = ["Person reference", "Does the person have a safe place to sleep?"]
    content = (",".join(labels) + "\n" + f"{ours[0][0].reference},Yes\n").encode()
    with pytest.raises(Invalid) as refused:
        _import(session, worker, content, "labels.csv")
    assert refused.value.field == "file" and "XML values and headers" in refused.value.message
    user, _ = staff(session, Role.CASE_WORKER)
    headers = bearer(token_for(session, user))
    session.commit()
    answer = client.post(
        "/api/v1/protection/imports/submissions",
        data={"model_code": "general_protection"},
        files={"file": ("labels.csv", io.BytesIO(content), "text/csv")},
        headers=headers,
    )
    assert answer.status_code == 422 and answer.json()["field"] == "file"
