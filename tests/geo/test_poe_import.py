"""Importing crossings from CSV: every bad row reported with its line, re-import changes nothing."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from typer.testing import CliRunner

from passage.cli import app as cli
from passage.errors import Invalid
from passage.geo import repository, service
from tests.factories import bearer, make_user, token_for

GOOD_AND_BAD = (
    "code,name,kind,country,admin_area,latitude,longitude\n"
    'LND-TEST-1,"Border post, north gate",land_crossing,KEN,"Kajiado\ncounty",-2.5,36.8\n'
    "LND-TEST-2,Missing kind,,KEN,,,\n"
    "LND-TEST-3,Bad country,land_crossing,XXZ,,,\n"
    "LND-TEST-4,Bad latitude,land_crossing,UG,,123,30\n"
    "LND-TEST-1,Duplicate,land_crossing,KEN,,,\n"
    "SEA-TEST-5,Harbour,sea_port,TZ,,-6.8,39.3\n"
)


def test_rejected_rows_are_reported_with_file_line_and_reason(session):
    report = service.import_poes_csv(session=session, text=GOOD_AND_BAD, source="t.csv")
    assert report.created == 2
    rejected = {(e.line, e.field) for e in report.rejected}
    # line 2-3 is the quoted multi-line row, so the next rows start at line 4
    assert rejected == {(4, "kind"), (5, "country"), (6, "latitude"), (7, "code")}
    assert "already appears on line 2" in report.rejected[-1].reason


def test_quoted_commas_and_newlines_are_kept(session):
    service.import_poes_csv(session=session, text=GOOD_AND_BAD, source="t.csv")
    poe = repository.get_poes_by_code(session, ["LND-TEST-1"])["LND-TEST-1"]
    assert poe.name == "Border post, north gate"
    assert poe.admin_area == "Kajiado\ncounty"


def test_alpha2_codes_are_accepted(session):
    service.import_poes_csv(session=session, text=GOOD_AND_BAD, source="t.csv")
    assert repository.get_poes_by_code(session, ["SEA-TEST-5"])["SEA-TEST-5"].country_iso3 == "TZA"


def test_reimport_is_idempotent_and_updates_changed_rows(session):
    service.import_poes_csv(session=session, text=GOOD_AND_BAD, source="t.csv")
    again = service.import_poes_csv(session=session, text=GOOD_AND_BAD, source="t.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = GOOD_AND_BAD.replace("Harbour", "Harbour East")
    third = service.import_poes_csv(session=session, text=changed, source="t.csv")
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)


def test_missing_columns_refuse_the_file(session, client):
    # a file without the columns is not a crossings file: 422 naming the file, as the other
    # imports answer (it was a 200 whose only rejection was "line 1")
    with pytest.raises(Invalid, match="kind") as refused:
        service.import_poes_csv(session=session, text="code,name\nA,B\n", source="t.csv")
    assert refused.value.field == "file"
    token = token_for(session, make_user(session, "admin"))
    session.commit()
    files = {"file": ("t.csv", "true", "text/csv")}
    response = client.post("/api/v1/poes/import", files=files, headers=bearer(token))
    assert response.status_code == 422 and response.json()["field"] == "file"


def test_cli_import_prints_the_report_and_exits_1_on_rejections(session, tmp_path, monkeypatch):
    path = tmp_path / "crossings.csv"
    path.write_text(GOOD_AND_BAD, encoding="utf-8")

    @contextmanager
    def bound(purpose=None):
        yield session

    monkeypatch.setattr("passage.geo.cli.cli_transaction", bound)
    result = CliRunner().invoke(cli, ["poe", "import", str(path)])
    assert result.exit_code == 1
    assert '"created": 2' in result.output
    assert "line 5: country 'XXZ' is not an ISO 3166 code" in result.output


def test_countries_carry_m49_regions(session):
    kenya = repository.get_country(session, "KEN")
    assert (kenya.m49, kenya.region_code, kenya.subregion_code) == (404, 2, 202)
    assert kenya.name("ar") == "كينيا"
    assert repository.count_countries(session) >= 249


def test_airports_come_from_airportsdata(session):
    report = service.load_airports(session=session)
    assert report.created > 5000
    nairobi = repository.get_poes_by_code(session, ["AIR-NBO"])["AIR-NBO"]
    assert (nairobi.country_iso3, nairobi.kind, nairobi.icao) == ("KEN", "airport", "HKJK")
    assert service.load_airports(session=session).created == 0
