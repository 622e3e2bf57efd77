"""Visa requirements by passport and destination (issue #13 item 5): rows from the Passport
Index data set (2021-01-25, tidy ISO3), plus faulty rows; a matrix; the CLI and the API."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from passage.cli import app as cli
from passage.restrictions import repository
from passage.restrictions.imports import pipeline, visas
from passage.restrictions.imports.parsing import FileError
from tests.factories import bearer, make_user, token_for

TIDY = Path(__file__).parent / "data" / "passport-index-tidy-iso3-2021-01-25.csv"
KNOWN = {"ARE", "FRA", "GBR", "KAZ", "KEN", "KIR", "NGA", "TZA", "UGA"}


def _measures(parsed) -> dict[str, tuple[str, list[str], date]]:
    return {
        c.external_ref: (c.data.measure_type, c.data.nationalities, c.data.effective_from)
        for c in parsed.candidates
        if c.data is not None
    }


def test_tidy_file_groups_passports_by_destination_and_requirement():
    parsed = visas.parse(TIDY.read_text(), file_name=TIDY.name, known_countries=KNOWN)
    day = date(2021, 1, 25)  # from the file name
    assert _measures(parsed) == {
        "visa:GBR:visa_required": ("visa_requirement", ["KAZ", "KEN"], day),
        "visa:KEN:visa_on_arrival": ("visa_requirement", ["KAZ"], day),
        "visa:ARE:e_visa": ("visa_requirement", ["KEN"], day),
        "visa:FRA:covid_ban": ("nationality_ban", ["KEN"], day),
        "visa:NGA:visa_on_arrival": ("visa_requirement", ["KEN"], day),
    }
    assert (parsed.rows, parsed.skipped) == (14, 5)  # -1 twice, 90, 180, 90: no condition


def test_each_faulty_row_is_rejected_with_its_line_and_column():
    parsed = visas.parse(TIDY.read_text(), file_name=TIDY.name, known_countries=KNOWN)
    errors = [(c.error.line, c.error.field, c.error.reason) for c in parsed.candidates if c.error]
    assert errors == [
        (11, "Destination", "unknown country code 'QQQ'"),
        (12, "Requirement", "unknown requirement 'maybe'"),
        (13, "Destination", "KEN to GBR repeats line 7"),
    ]


def test_matrix_file_with_the_date_given():
    text = "Passport,GBR,KEN\nKEN,visa required,-1\nGBR,-1,e-visa\nXXQ,visa free,90\n"
    parsed = visas.parse(
        text, file_name="matrix.csv", known_countries=KNOWN, effective_from=date(2021, 2, 1)
    )
    assert _measures(parsed) == {
        "visa:GBR:visa_required": ("visa_requirement", ["KEN"], date(2021, 2, 1)),
        "visa:KEN:e_visa": ("visa_requirement", ["GBR"], date(2021, 2, 1)),
    }
    errors = [(c.error.line, c.error.field) for c in parsed.candidates if c.error]
    assert errors == [(4, "GBR"), (4, "KEN")]


def test_a_file_without_a_date_or_in_another_shape_is_refused():
    with pytest.raises(FileError, match="Date column"):
        visas.parse("Passport,Destination,Requirement\nKEN,GBR,visa required\n", file_name="v.csv")
    with pytest.raises(FileError, match="not a visa-requirement file"):
        visas.parse("a,b\n1,2\n", file_name="v-2021-01-01.csv")


@pytest.fixture
def bound_cli(session, monkeypatch):
    """The CLI with its transaction bound to the test's session."""

    @contextmanager
    def bound(purpose=None):
        yield session

    monkeypatch.setattr("passage.restrictions.imports.cli.cli_transaction", bound)
    return CliRunner()


def test_cli_imports_and_reimport_changes_nothing(bound_cli, session):
    runner = bound_cli
    command = ["restrictions", "import", "--format", "visa", str(TIDY)]
    first = runner.invoke(cli, command)
    assert first.exit_code == 1, first.output  # rows were rejected, the others imported
    report = json.loads(first.stdout)
    assert (report["created"], len(report["rejected"])) == (5, 3)
    assert "line 11: unknown country code 'QQQ'" in first.stderr
    again = json.loads(runner.invoke(cli, command).stdout)
    assert (again["created"], again["unchanged"]) == (0, 5)


def test_api_import_records_measures_by_nationality(client, session):
    token = token_for(session, make_user(session, "coordinator"))
    session.commit()
    response = client.post(
        "/api/v1/restrictions/import",
        params={"format": "visa", "effective_from": "2021-01-20"},
        files={"file": ("visas.csv", TIDY.read_bytes(), "text/csv")},
        headers=bearer(token),
    )
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 5
    measure = repository.get_measures_by_ref(session, ["visa:GBR:visa_required"])
    version = repository.current_version(session, measure["visa:GBR:visa_required"].id)
    assert version.nationalities == ["KAZ", "KEN"]
    assert version.effective_from == date(2021, 1, 20)  # the option wins over the file name


def test_pipeline_knows_the_visa_format():
    assert "visa" in pipeline.FORMATS
