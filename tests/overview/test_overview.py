"""The Global Mobility Restriction Overview: every figure on a small world, and its exports."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
import typer
from sqlalchemy import func, select
from typer.testing import CliRunner

from passage.audit.models import AuditEntry
from passage.auth import service as auth_service
from passage.demo.service import load_demo
from passage.geo.models import PointOfEntry
from passage.kit.clock import today, utcnow
from passage.overview import cli as overview_cli
from passage.overview.csv_export import HXL_TAGS, render_csv
from passage.overview.pdf import render_pdf
from passage.overview.service import build_overview
from passage.restrictions import repository as restrictions_repository
from passage.restrictions import service
from passage.restrictions.schemas import MeasureEdit, PoeStatusCreate
from tests.factories import demo_poe, make_user
from tests.restrictions.factories import make_measure

D = date(2020, 4, 10)


def _verified(days_before: int | None) -> date | None:
    return None if days_before is None else D - timedelta(days=days_before)


def _measure(session, country, measure_type, start, verified=None, **extra):
    return make_measure(
        session,
        country_iso3=country,
        measure_type=measure_type,
        title=f"{country} {measure_type}",
        effective_from=start,
        quarantine_days=None,
        last_verified_on=verified,
        **extra,
    )


def _lift(session, admin, written, on):
    session.flush()
    service.lift(
        session=session,
        measure_id=written.measure.id,
        version=written.measure.version,
        on=on,
        actor=admin,
    )


def _active_poes(session) -> int:
    statement = select(func.count()).select_from(PointOfEntry).where(PointOfEntry.is_active)
    return session.scalar(statement)


def _report(session, code, status, start, verified=None):
    service.record_poe_status(
        session=session,
        poe_id=demo_poe(session, code).id,
        actor=None,
        data=PoeStatusCreate(status=status, effective_from=start, last_verified_on=verified),
    )


@pytest.fixture
def world(session):
    """Kenya, Uganda, Ethiopia (Africa), France and Germany (Europe) on 2020-04-10, plus
    measures lifted or ended around that date and status reports for four crossings."""
    admin = auth_service.principal_for(make_user(session))
    # In force on D
    _measure(session, "KEN", "quarantine", date(2020, 3, 20), _verified(5))
    _measure(session, "KEN", "complete_closure", D)  # new on D, never verified
    _measure(session, "UGA", "origin_ban", date(2020, 3, 1), date(2020, 2, 1), origins=["CHN"])
    _measure(session, "UGA", "health_declaration", date(2020, 4, 5), _verified(1))
    for kind in ("complete_closure", "quarantine", "visa_suspension"):
        _measure(session, "ETH", kind, date(2020, 3, 25), _verified(5))
    _measure(session, "FRA", "test_before_arrival", date(2020, 3, 1), _verified(9))
    _measure(session, "FRA", "exit_ban", date(2020, 1, 1))
    _measure(session, "DEU", "exit_ban", date(2020, 1, 1), _verified(9))
    # Not in force on D
    _measure(session, "KEN", "complete_closure", D, status="draft")
    _measure(session, "KEN", "flight_suspension", D + timedelta(days=1))
    _lift(session, admin, _measure(session, "TZA", "flight_suspension", date(2020, 3, 1)), D)
    _lift(
        session,
        admin,
        _measure(session, "TZA", "visa_suspension", date(2020, 3, 1)),
        D - timedelta(days=6),
    )
    _lift(
        session,
        admin,
        _measure(session, "BDI", "visa_suspension", date(2020, 3, 1)),
        D - timedelta(days=7),
    )
    _measure(session, "RWA", "quarantine", date(2020, 3, 1), effective_until=date(2020, 4, 8))
    # Points of entry
    _report(session, "LND-KEN-NAMANGA", "closed", date(2020, 3, 25))
    _report(session, "LND-KEN-NAMANGA", "partially_operational", date(2020, 4, 8))
    _report(session, "LND-TZA-NAMANGA", "fully_operational", date(2020, 4, 1))
    _report(session, "LND-KEN-BUSIA", "closed", date(2020, 1, 1))
    _report(session, "LND-UGA-BUSIA", "closed", D + timedelta(days=10))
    session.flush()
    return session


def _by_key(rows, key="key", value="count"):
    return {row[key]: row[value] for row in rows}


def test_totals_by_class_and_type_count_only_measures_in_force(world):
    overview = build_overview(session=world, on=D)
    assert overview["date"] == "2020-04-10"
    assert overview["totals"]["measures_in_force"] == 10
    assert _by_key(overview["by_class"]) == {
        "entry_restriction": 4,
        "entry_condition": 4,
        "exit_restriction": 2,
        "none": 0,
    }
    types = {k: v for k, v in _by_key(overview["by_type"]).items() if v}
    assert types == {
        "complete_closure": 2,
        "origin_ban": 1,
        "visa_suspension": 1,
        "quarantine": 2,
        "health_declaration": 1,
        "test_before_arrival": 1,
        "exit_ban": 2,
    }
    assert len(overview["by_type"]) >= 17  # every type of the taxonomy is listed


def test_countries_with_and_without_data(world):
    overview = build_overview(session=world, on=D)
    totals = overview["totals"]
    assert totals["countries_with_data"] == 5
    assert totals["countries_without_data"] == totals["countries"] - 5
    levels = {row["level"]: row["countries"] for row in overview["levels"]}
    assert levels == {0: 0, 1: 1, 2: 0, 3: 1, 4: 2, None: totals["countries"] - 4}


def test_regions_of_the_imposing_country(world):
    regions = {row["region"]: row for row in build_overview(session=world, on=D)["by_region"]}
    africa, europe = regions["Africa"], regions["Europe"]
    assert (africa["measures"], africa["countries_with_data"], africa["highest_level"]) == (7, 3, 4)
    assert (europe["measures"], europe["countries_with_data"], europe["highest_level"]) == (3, 2, 1)
    assert regions["Asia"]["measures"] == 0 and regions["Asia"]["highest_level"] is None
    assert africa["countries"] > 3


def test_most_restrictive_is_highest_level_then_most_measures(world):
    ranking = build_overview(session=world, on=D)["most_restrictive"]
    assert [(r["country"], r["level"], r["measures"]) for r in ranking] == [
        ("ETH", 4, 3),
        ("KEN", 4, 2),
        ("UGA", 3, 2),
        ("FRA", 1, 2),
    ]
    assert ranking[0]["rank"] == 1 and ranking[0]["name"] == "Ethiopia"


def test_new_lifted_and_expired_since_one_and_seven_days(world):
    changes = build_overview(session=world, on=D)["changes"]
    day, week = changes["since_1_day"], changes["since_7_days"]
    assert (day["since"], week["since"]) == ("2020-04-09", "2020-04-03")
    assert (day["new"], week["new"]) == (1, 2)
    assert (day["lifted"], week["lifted"]) == (1, 2)
    assert (day["expired"], week["expired"]) == (0, 1)


def test_changed_counts_edits_recorded_in_the_window_but_not_reverifications(session):
    on = today()
    admin = auth_service.principal_for(make_user(session))
    edited = _measure(session, "KEN", "quarantine", on - timedelta(days=30))
    edited_earlier = _measure(session, "UGA", "quarantine", on - timedelta(days=30))
    verified = _measure(session, "ETH", "quarantine", on - timedelta(days=30))
    ended = _measure(session, "FRA", "quarantine", on - timedelta(days=30))
    session.flush()
    for written in (edited, edited_earlier):
        values = {name: getattr(written.version, name) for name in service.CONTENT_FIELDS}
        data = MeasureEdit(version=written.measure.version, **values | {"quarantine_days": 7})
        service.edit_measure(session=session, measure_id=written.measure.id, data=data, actor=admin)
    service.mark_verified(
        session=session,
        measure_id=verified.measure.id,
        version=verified.measure.version,
        on=on,
        actor=admin,
    )
    _lift(session, admin, ended, on)
    session.flush()
    version = restrictions_repository.current_version(session, edited_earlier.measure.id)
    version.recorded_at = utcnow() - timedelta(days=3)
    session.flush()
    changes = build_overview(session=session, on=on)["changes"]
    assert changes["since_1_day"]["changed"] == 1
    assert changes["since_7_days"]["changed"] == 2
    assert changes["since_1_day"]["lifted"] == 1
    # Seen from a date before the edits were recorded, nothing had changed yet.
    assert (
        build_overview(session=session, on=on - timedelta(days=10))["changes"]["since_7_days"][
            "changed"
        ]
        == 0
    )


def test_points_of_entry_by_status_and_freshness(world):
    poes = build_overview(session=world, on=D)["poes"]
    total = _active_poes(world)
    assert poes["total"] == total
    assert _by_key(poes["by_status"]) == {
        "fully_operational": 1,
        "partially_operational": 1,
        "closed": 1,
        "no_data": total - 3,
    }
    assert poes["updated"] == 2
    assert poes["updated_share"] == round(100 * 2 / total, 1)


def test_stale_data_by_country_with_a_configurable_threshold(world):
    stale = build_overview(session=world, on=D)["stale"]
    assert stale["verified_before"] == "2020-03-11" and stale["measures"] == 3
    assert [(c["country"], c["stale"], c["measures"]) for c in stale["countries"]] == [
        ("FRA", 1, 2),
        ("KEN", 1, 2),
        ("UGA", 1, 2),
    ]
    last_verified = {c["country"]: c["last_verified_on"] for c in stale["countries"]}
    assert last_verified == {"FRA": "2020-04-01", "KEN": "2020-04-05", "UGA": "2020-04-09"}
    assert build_overview(session=world, on=D)["freshness"]["measures_verified_share"] == 70.0
    strict = build_overview(session=world, on=D, stale_days=3)["stale"]
    assert strict["measures"] == 9
    assert {c["country"] for c in strict["countries"]} == {"DEU", "ETH", "FRA", "KEN", "UGA"}


def test_overview_on_an_empty_day_reads_no_data_not_no_restriction(session):
    overview = build_overview(session=session, on=date(1990, 1, 1))
    assert overview["totals"]["measures_in_force"] == 0
    assert overview["most_restrictive"] == []
    no_data = overview["levels"][-1]
    assert no_data["level"] is None and no_data["countries"] == overview["totals"]["countries"]
    assert overview["freshness"]["measures_verified_share"] is None
    json.dumps(overview)  # JSON-ready


def test_csv_has_a_header_an_hxl_row_and_every_figure(world):
    overview = build_overview(session=world, on=D)
    table = list(csv.reader(io.StringIO(render_csv(overview))))
    assert table[0] == ["date", "section", "key", "label", "figure", "value"]
    assert tuple(table[1]) == HXL_TAGS and all(tag.startswith("#") for tag in table[1])
    cells = {(r[1], r[2], r[4]): r[5] for r in table[2:]}
    assert all(r[0] == "2020-04-10" for r in table[2:])
    assert cells[("totals", "measures_in_force", "count")] == "10"
    assert cells[("by_class", "entry_restriction", "measures")] == "4"
    assert cells[("most_restrictive", "ETH", "level")] == "4"
    assert cells[("changes_since_7_days", "lifted", "measures")] == "2"
    assert cells[("poe_status", "closed", "poes")] == "1"
    assert cells[("stale_countries", "UGA", "stale")] == "1"


def _pdf_text(content: bytes, tmp_path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    path = tmp_path / "overview.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_is_a_titled_document_with_the_figures(world, tmp_path):
    content = render_pdf(build_overview(session=world, on=D))
    assert content.startswith(b"%PDF")
    text = _pdf_text(content, tmp_path)
    if text is None:
        assert b"Global Mobility Restriction Overview 2020-04-10" in content  # document title
        return
    assert "Global Mobility Restriction Overview" in text and "2020-04-10" in text
    assert "Ethiopia (ETH)" in text and "Sources and data freshness" in text


def test_api_returns_the_overview_json_to_the_public(client, world):
    world.commit()
    response = client.get("/api/v1/overview", params={"date": "2020-04-10"})
    assert response.status_code == 200
    body = response.json()
    assert body["date"] == "2020-04-10" and body["totals"]["measures_in_force"] == 10


def test_api_rejects_a_bad_date_with_the_standard_422(client):
    response = client.get("/api/v1/overview", params={"date": "2020-13-40"})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid" and response.json()["field"] == "date"
    assert client.get("/api/v1/overview.csv", params={"date": "soon"}).status_code == 422


def _exports(session):
    statement = select(AuditEntry).where(
        AuditEntry.action == "export", AuditEntry.object_type == "overview"
    )
    return [entry.details for entry in session.scalars(statement.order_by(AuditEntry.seq))]


def test_api_csv_and_pdf_exports_are_audited(client, world):
    world.commit()
    csv_response = client.get("/api/v1/overview.csv", params={"date": "2020-04-10"})
    assert csv_response.status_code == 200
    assert csv_response.headers["content-type"].startswith("text/csv")
    assert csv_response.text.splitlines()[1].startswith("#date,#meta+section")
    pdf_response = client.get("/api/v1/overview.pdf", params={"date": "2020-04-10"})
    assert pdf_response.status_code == 200
    assert pdf_response.headers["content-type"] == "application/pdf"
    assert pdf_response.content.startswith(b"%PDF")
    assert _exports(world)[-2:] == [
        {"date": "2020-04-10", "format": "csv"},
        {"date": "2020-04-10", "format": "pdf"},
    ]


def test_web_page_renders_for_the_public_with_date_form_and_links(client, world):
    world.commit()
    response = client.get("/overview", params={"date": "2020-04-10"})
    assert response.status_code == 200
    page = response.text
    assert 'type="date"' in page and 'value="2020-04-10"' in page
    assert (
        "/api/v1/overview.csv?date=2020-04-10" in page
        and "/api/v1/overview.pdf?date=2020-04-10" in page
    )
    assert "Ethiopia" in page and "<svg" in page
    assert len(response.content) < 100_000


def test_web_page_defaults_to_today(client):
    response = client.get("/overview")
    assert response.status_code == 200 and today().isoformat() in response.text


@pytest.fixture
def run_cli(session, monkeypatch):
    @contextmanager
    def bound_transaction(purpose=None):
        yield session
        session.commit()

    monkeypatch.setattr(overview_cli, "cli_transaction", bound_transaction)
    app = typer.Typer()
    app.command()(overview_cli.overview_command)
    return lambda *args: CliRunner().invoke(app, list(args))


def test_cli_prints_json_and_csv(run_cli, world):
    result = run_cli("--date", "2020-04-10", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["totals"]["measures_in_force"] == 10
    result = run_cli("--date", "2020-04-10", "--format", "csv")
    assert result.exit_code == 0 and result.stdout.splitlines()[1].startswith("#date")
    assert _exports(world)[-1] == {"date": "2020-04-10", "format": "csv"}


def test_cli_writes_a_pdf_file(run_cli, world, tmp_path):
    target = tmp_path / "overview.pdf"
    result = run_cli("--date", "2020-04-10", "--format", "pdf", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    assert _exports(world)[-1] == {"date": "2020-04-10", "format": "pdf"}


def test_cli_refuses_a_bad_date_or_format(run_cli):
    result = run_cli("--date", "10/04/2020")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    assert run_cli("--date", "2020-04-10", "--format", "xlsx").exit_code == 2


def test_a_new_measure_whose_source_was_read_today_is_not_stale(session):
    on = today()
    make_measure(
        session,
        effective_from=on - timedelta(days=1),
        sources=[{"title": "Gazette", "url": "https://example.org/g", "retrieved_on": on}],
    )
    stale = build_overview(session=session, on=on)["stale"]
    assert stale["measures"] == 0 and stale["countries"] == []


def test_the_demo_overview_of_today_shows_a_current_situation(session):
    load_demo(session, airports=False)
    overview = build_overview(session=session, on=today())
    assert overview["totals"]["measures_in_force"] >= 40
    assert overview["most_restrictive"][0]["level"] >= 3, "an outbreak, not only old forms"
    assert overview["freshness"]["measures_verified_share"] >= 40, "checked this month"
    assert build_overview(session=session, on=date(2021, 3, 1))["totals"]["measures_in_force"]
