"""Alert-list CSV import: row errors with line and reason, idempotent re-import, the CLI."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from typer.testing import CliRunner

from passage.border.alerts import repository, service
from passage.border.alerts.cli import alerts_app
from passage.border.alerts.schemas import AlertListCreate
from passage.errors import Conflict, Invalid

HEADER = (
    "ref,names,birth_date,nationality,gender,document_numbers,reason,"
    "issuing_authority,valid_from,valid_until\n"
)
PERSONS = HEADER + (
    "P1,Aleksandr Ivanov|Саша Иванов,1980-05-12,RUS,M,AB1234567|C-99,Fraud warrant,Interpol,,\n"
    "P2,Mohammed Al Rashid,1975,SYR,M,,Wanted,,,\n"
    "P3,No Reason,1970,KEN,F,,,,,\n"
    "P4,Bad Date,1980-13-01,KEN,F,,Wanted,,,\n"
    "P5,Bad Gender,1980,KEN,Q,,Wanted,,,\n"
    "P6,Backwards Validity,1980,KEN,F,,Wanted,,2024-05-01,2024-01-01\n"
    "P1,Duplicate Ref,1980,KEN,F,,Wanted,,,\n"
    ",No Ref,1980,KEN,F,,Wanted,,,\n"
)
DOCUMENTS = (
    "ref,document_number,issuing_state,document_code,reason,reported_on,valid_until\n"
    "D1,P0123456,KEN,P,stolen,2024-01-02,\n"
    "D2,,KEN,P,lost,,\n"
    "D3,X1,KENYA,P,lost,,\n"
)


def make_list(session, name="Watch list", kind="person"):
    """A fresh alert list."""
    return service.create_list(session=session, data=AlertListCreate(name=name, kind=kind))


def test_person_rows_are_imported_and_each_rejected_row_has_its_line_and_reason(session):
    alert_list = make_list(session)
    report = service.import_csv(session=session, alert_list=alert_list, content=PERSONS.encode())
    assert report.created == 2
    rejected = {(error.line, error.field) for error in report.rejected}
    assert rejected == {
        (4, "reason"),
        (5, "birth_date"),
        (6, "gender"),
        (7, "valid_until"),
        (8, "ref"),
        (9, "ref"),
    }
    duplicate = next(error for error in report.rejected if error.line == 8)
    assert "line 2" in duplicate.reason
    stored = repository.persons_by_ref(session, alert_list.id)
    assert stored["P1"].names == ["Aleksandr Ivanov", "Саша Иванов"]
    assert stored["P1"].document_numbers == ["AB1234567", "C99"]
    assert stored["P2"].birth_date_text == "1975"


def test_reimport_is_idempotent_and_updates_only_changed_rows(session):
    alert_list = make_list(session)
    service.import_csv(session=session, alert_list=alert_list, content=PERSONS.encode())
    again = service.import_csv(session=session, alert_list=alert_list, content=PERSONS.encode())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = PERSONS.replace("Fraud warrant", "Fraud warrant (renewed)")
    third = service.import_csv(session=session, alert_list=alert_list, content=changed.encode())
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    assert repository.persons_by_ref(session, alert_list.id)["P1"].reason.endswith("(renewed)")


def test_document_rows_are_normalised_and_checked(session):
    alert_list = make_list(session, "Lost documents", "document")
    report = service.import_csv(session=session, alert_list=alert_list, content=DOCUMENTS.encode())
    assert report.created == 1
    assert {(e.line, e.field) for e in report.rejected} == {
        (3, "document_number"),
        (4, "issuing_state"),
    }
    assert repository.documents_by_ref(session, alert_list.id)["D1"].document_number == "P0123456"


def test_a_file_without_the_required_columns_is_refused_whole(session):
    alert_list = make_list(session)
    with pytest.raises(Invalid, match="missing column"):
        service.import_csv(session=session, alert_list=alert_list, content=b"ref,name\nP1,x\n")
    with pytest.raises(Invalid, match="UTF-8"):
        service.import_csv(session=session, alert_list=alert_list, content=HEADER.encode("utf-16"))
    assert repository.persons_by_ref(session, alert_list.id) == {}


def test_list_names_are_unique(session):
    make_list(session, "Same")
    with pytest.raises(Conflict):
        make_list(session, "Same")


def test_counts_separate_valid_entries_from_expired_ones(session):
    alert_list = make_list(session)
    content = HEADER + "A,Name One,,,,,r,,,\nB,Name Two,,,,,r,,,2001-01-01\n"
    service.import_csv(session=session, alert_list=alert_list, content=content.encode())
    counts = {
        item.name: (item.entries, item.valid_entries)
        for item in service.list_lists(session=session)
    }
    assert counts["Watch list"] == (2, 1)


@pytest.fixture
def bound_cli(session, monkeypatch):
    @contextmanager
    def bound(purpose=None):
        yield session
        session.flush()

    monkeypatch.setattr("passage.border.alerts.cli.cli_transaction", bound)
    return CliRunner()


def test_cli_creates_the_list_and_exits_1_on_rejected_rows(session, bound_cli, tmp_path):
    path = tmp_path / "persons.csv"
    path.write_text(PERSONS, encoding="utf-8")
    result = bound_cli.invoke(
        alerts_app, ["import", "--list", "Interpol", "--kind", "person", str(path)]
    )
    assert result.exit_code == 1, result.output
    assert '"created": 2' in result.output and '"list_created": true' in result.output
    assert "line 5: birth_date" in result.output
    assert repository.get_list_by_name(session, "Interpol").kind == "person"


def test_cli_exits_0_on_a_clean_file_and_2_on_an_unreadable_one(session, bound_cli, tmp_path):
    good = tmp_path / "docs.csv"
    good.write_text(DOCUMENTS.splitlines()[0] + "\n" + DOCUMENTS.splitlines()[1] + "\n")
    ok = bound_cli.invoke(alerts_app, ["import", "--list", "SLTD", "--kind", "document", str(good)])
    assert ok.exit_code == 0, ok.output
    bad = tmp_path / "bad.csv"
    bad.write_text("nothing,useful\n1,2\n")
    refused = bound_cli.invoke(
        alerts_app, ["import", "--list", "SLTD", "--kind", "document", str(bad)]
    )
    assert refused.exit_code == 2
    missing = bound_cli.invoke(
        alerts_app, ["import", "--list", "SLTD", "--kind", "document", str(tmp_path / "nope.csv")]
    )
    assert missing.exit_code == 2
    wrong_kind = bound_cli.invoke(
        alerts_app, ["import", "--list", "SLTD", "--kind", "person", str(good)]
    )
    assert wrong_kind.exit_code == 2 and "holds document" in wrong_kind.output
