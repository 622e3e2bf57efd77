"""Measure imports: OxCGRT v1 CSV and the Passage template (CSV, XLSX, HXL) through one pipeline."""

from __future__ import annotations

import csv
import io
import json
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from passage.cli import app as cli
from passage.exchange import service as exchange_service
from passage.exchange import trust
from passage.kit import audit
from passage.restrictions import repository, service
from passage.restrictions.imports import oxcgrt, pipeline, template
from tests.exchange.factories import feed_entries
from tests.exchange.factories import head as feed_head
from tests.factories import bearer, csrf_from, make_user, token_for, web_login

DATA = Path(__file__).parent / "data"
OXCGRT = DATA / "oxcgrt_sample.csv"
TEMPLATE_SAMPLE = DATA / "passage_template_sample.csv"


def _import(session, content: bytes, format: str = "oxcgrt", name: str = "oxcgrt_sample.csv"):
    parsed = pipeline.parse_file(
        content=content,
        file_name=name,
        format=format,
        known_countries=pipeline.known_countries(session),
    )
    return pipeline.import_measures(session=session, parsed=parsed, source=name, format=format)


def _measure(session, ref: str):
    measure = repository.get_measures_by_ref(session, [ref])[ref]
    return measure, repository.current_version(session, measure.id)


def _expected_levels(text: str) -> dict[tuple[str, date], int | None]:
    """Each valid national (country, day) of the file -> C8EV if given, else C8E (None: blank).

    Computed straight from the file, independently of the parser; rows that are not valid
    (unknown country, bad date, level outside 0-4, repeated day) are left out."""
    expected: dict[tuple[str, date], int | None] = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row["Jurisdiction"] != "NAT_TOTAL" or row["CountryCode"] == "XXZ":
            continue
        try:
            day = date(int(row["Date"][:4]), int(row["Date"][4:6]), int(row["Date"][6:8]))
        except ValueError:
            continue
        value = (
            row["C8EV_International travel controls"] or row["C8E_International travel controls"]
        )
        level = int(float(value)) if value else None
        if (level is None or 0 <= level <= 4) and (row["CountryCode"], day) not in expected:
            expected[(row["CountryCode"], day)] = level
    return expected


# --- OxCGRT ----------------------------------------------------------------------------------


def test_oxcgrt_each_run_of_equal_levels_becomes_one_measure(session):
    report = _import(session, OXCGRT.read_bytes())
    assert (report.created, report.updated, report.unchanged) == (8, 0, 0)
    runs = {
        "oxcgrt:KEN:2020-03-10": (date(2020, 3, 11), "no_measures", 0),
        "oxcgrt:KEN:2020-03-12": (date(2020, 3, 13), "health_declaration", 1),
        "oxcgrt:KEN:2020-03-14": (date(2020, 3, 15), "quarantine", 2),
        "oxcgrt:KEN:2020-03-17": (date(2020, 3, 18), "origin_ban", 3),
        "oxcgrt:KEN:2020-03-19": (date(2020, 3, 20), "complete_closure", 4),
        "oxcgrt:GBR:2020-03-17": (date(2020, 3, 18), "health_declaration", 1),
        "oxcgrt:UGA:2021-06-01": (date(2021, 6, 3), "origin_ban", 3),
        "oxcgrt:UGA:2021-06-04": (date(2021, 6, 4), "quarantine", 2),
    }
    for ref, (until, measure_type, level) in runs.items():
        _, version = _measure(session, ref)
        assert date.fromisoformat(ref.rsplit(":", 1)[1]) == version.effective_from
        assert (version.effective_until, version.measure_type) == (until, measure_type)
        assert (version.level, version.explicit_level, version.status) == (
            level,
            level,
            "published",
        )


def test_oxcgrt_level_of_every_day_equals_the_c8_value(session):
    text = OXCGRT.read_text(encoding="utf-8")
    _import(session, text.encode())
    expected = _expected_levels(text)
    assert len(expected) == 17
    countries = {country for country, _ in expected}
    for country in countries:
        days = [day for c, day in expected if c == country]
        day = min(days) - timedelta(days=1)  # the day before the file starts has no data
        while day <= max(days) + timedelta(days=1):
            answer = service.level_on(session=session, country=country, on=day)
            assert answer["level"] == expected.get((country, day)), (country, day)
            day += timedelta(days=1)


def test_oxcgrt_c8ev_wins_over_c8e_and_a_blank_day_has_no_data(session):
    _import(session, OXCGRT.read_bytes())
    assert service.level_on(session=session, country="KEN", on=date(2020, 3, 17))["level"] == 3
    assert service.level_on(session=session, country="KEN", on=date(2020, 3, 16))["level"] is None
    assert service.level_on(session=session, country="KEN", on=date(2020, 3, 10))["level"] == 0


def test_oxcgrt_bad_rows_are_rejected_with_their_line_and_reason(session):
    report = _import(session, OXCGRT.read_bytes())
    rejected = {(error.line, error.field): error.reason for error in report.rejected}
    # lines 4-5, 6-7 and 8-9 are quoted notes with newlines, so line numbers are file lines
    assert set(rejected) == {(14, "Date"), (20, "CountryCode"), (21, "Date"), (22, "C8E")}
    assert "repeats line 6" in rejected[(14, "Date")]
    assert "XXZ" in rejected[(20, "CountryCode")]
    assert "2020-03-18" in rejected[(21, "Date")]
    assert "'5'" in rejected[(22, "C8E")]


def test_oxcgrt_regional_rows_are_skipped_and_counted_not_rejected(session):
    report = _import(session, OXCGRT.read_bytes())
    assert (report.rows, report.skipped) == (22, 1)  # 25 lines, 3 notes span two
    assert report.to_dict()["skipped"] == 1
    assert all(error.line != 17 for error in report.rejected)


def test_oxcgrt_notes_with_commas_and_newlines_become_dated_details(session):
    _import(session, OXCGRT.read_bytes())
    _, screening = _measure(session, "oxcgrt:KEN:2020-03-12")
    note = (
        "2020-03-12: Screening of all arrivals at JKIA, Moi and Kisumu airports: temperature "
        'checks, "health declaration" forms.\nSource: Ministry of Health, 12 March 2020'
    )
    assert screening.details == note  # the same note on the next day is kept once
    _, quarantine = _measure(session, "oxcgrt:KEN:2020-03-14")
    assert quarantine.details.startswith("2020-03-14: Arrivals from China, Italy, Iran\nmust")


def test_oxcgrt_differentiated_values_are_kept_in_the_details(session):
    _import(session, OXCGRT.read_bytes())
    _, ban = _measure(session, "oxcgrt:UGA:2021-06-01")
    lines = ban.details.splitlines()
    assert lines[0] == "2021-06-01: non-vaccinated (C8NV) 3, vaccinated (C8V) 2"
    assert lines[1] == "2021-06-03: non-vaccinated (C8NV) 3, vaccinated (C8V) 1"
    assert lines[2].startswith("2021-06-01: Unvaccinated arrivals")
    assert lines[3].startswith("2021-06-03: Vaccinated travellers")


def test_oxcgrt_source_names_the_file_the_line_and_the_licence(session):
    _import(session, OXCGRT.read_bytes())
    _, version = _measure(session, "oxcgrt:KEN:2020-03-19")
    assert version.sources[0]["title"] == "OxCGRT v1 (oxcgrt_sample.csv, line 15)"
    assert version.sources[0]["publisher"] == oxcgrt.PUBLISHER


def test_oxcgrt_reimport_of_the_same_file_changes_nothing(session):
    _import(session, OXCGRT.read_bytes())
    again = _import(session, OXCGRT.read_bytes())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 8)
    measure, _ = _measure(session, "oxcgrt:KEN:2020-03-19")
    assert [v.version_no for v in repository.versions_of(session, measure.id)] == [1]


def _extended(text: str) -> str:
    """The sample with three more Kenyan days inserted after Kenya's last row (as OxCGRT sorts
    by country then date, the later countries' rows move down)."""
    extra = "".join(
        f"Kenya,KEN,,,NAT_TOTAL,{day},0,,,{level},,,,{note},1,1,11.11,3,0\n"
        for day, level, note in (
            ("20200321", "4", '"Closure extended, see notice of 21 March"'),
            ("20200322", "4", ""),
            ("20200323", "3", ""),
        )
    )
    marker = "Kenya,KEN,,,NAT_TOTAL,20200320,0,,,4,,,,,1,1,11.11,3,0\n"
    return text.replace(marker, marker + extra)


def test_oxcgrt_extended_file_lengthens_the_last_run_with_a_new_version(session):
    text = OXCGRT.read_text(encoding="utf-8")
    _import(session, text.encode())
    report = _import(session, _extended(text).encode())
    assert (report.created, report.updated, report.unchanged) == (1, 1, 7)
    measure, closure = _measure(session, "oxcgrt:KEN:2020-03-19")
    assert closure.effective_until == date(2020, 3, 22)
    assert "2020-03-21: Closure extended" in closure.details
    versions = repository.versions_of(session, measure.id)
    assert [v.effective_until for v in versions] == [date(2020, 3, 20), date(2020, 3, 22)]
    for day, level in ((date(2020, 3, 22), 4), (date(2020, 3, 23), 3), (date(2020, 3, 24), None)):
        assert service.level_on(session=session, country="KEN", on=day)["level"] == level


def test_one_summary_audit_entry_per_import(session):
    session.info.pop(audit.PENDING_KEY, None)
    _import(session, OXCGRT.read_bytes())
    pending = session.info.get(audit.PENDING_KEY, [])
    assert [(p.action, p.object_type) for p in pending] == [("import", "measure")]
    assert pending[0].details["created"] == 8 and pending[0].details["rejected"] == 4
    assert pending[0].details["source"] == "oxcgrt_sample.csv"


def test_oxcgrt_file_without_c8_columns_is_unreadable(session):
    with pytest.raises(pipeline.FileError, match="C8E"):
        _import(session, b"CountryName,CountryCode,Date\nKenya,KEN,20200301\n")


def test_oxcgrt_runs_break_on_a_missing_day():
    rows = "CountryCode,Jurisdiction,Date,C8E_International travel controls\n"
    rows += "KEN,NAT_TOTAL,20200301,2\nKEN,NAT_TOTAL,20200303,2\n"
    parsed = oxcgrt.parse(rows, file_name="t.csv", known_countries={"KEN"})
    spans = [(c.data.effective_from, c.data.effective_until) for c in parsed.candidates if c.data]
    assert spans == [(date(2020, 3, 1), date(2020, 3, 1)), (date(2020, 3, 3), date(2020, 3, 3))]


# --- Passage template ------------------------------------------------------------------------


def test_template_csv_rows_are_imported_and_bad_rows_name_the_column(session):
    report = _import(session, TEMPLATE_SAMPLE.read_bytes(), "passage", "sample.csv")
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    rejected = {error.line: (error.field, error.reason) for error in report.rejected}
    assert {line: field for line, (field, _) in rejected.items()} == {
        6: "measure_type",
        7: "effective_from",
        8: "country",
        9: "origins",
        10: "source_title",
        11: "ref",
    }
    assert "rocket_ban" in rejected[6][1]
    assert "ZZZ" in rejected[9][1]
    assert "repeats line 2" in rejected[11][1]


def test_template_csv_values_reach_the_measure(session):
    _import(session, TEMPLATE_SAMPLE.read_bytes(), "passage", "sample.csv")
    _, version = _measure(session, "passage:KEN-Q1")
    assert version.details == (
        "Self-isolation at home, or in a government facility.\nChecked by county teams."
    )
    assert version.origins == ["CHN", "IRN", "ITA"]
    assert version.exemptions == ["health_workers", "nationals"]
    assert (version.poe_scope, version.quarantine_days) == ("air", 14)
    assert (version.effective_from, version.effective_until) == (
        date(2020, 3, 20),
        date(2020, 6, 30),
    )
    assert version.sources == [
        {
            "title": "MoH statement",
            "url": "https://www.health.go.ke/",
            "publisher": "Ministry of Health, Kenya",
            "retrieved_on": "2020-03-16",
        }
    ]
    assert version.status == "published" and version.last_verified_on == date(2020, 3, 21)


def test_template_import_publishes_one_signed_entry_per_published_measure(session):
    """Each entry a partner reads verifies on its own: its payload rebuilt from the entry as
    served (RFC 8785), its signature checked with the published keys."""
    before = feed_head(session)
    _import(session, TEMPLATE_SAMPLE.read_bytes(), "passage", "sample.csv")
    session.commit()
    entries = feed_entries(session, before)
    published = {"passage:KEN-Q1", "passage:UGA-BAN"}  # the third measure is a draft
    assert sorted(entry["content"]["external_ref"] for entry in entries) == sorted(published)
    document = trust.read_keys_document(exchange_service.keys_document(session))
    keys = {key.kid: key for key in document.keys}
    for entry in entries:
        trust.verify_entry(entry, keys=keys, deployment_id=document.deployment_id)
        _, version = _measure(session, entry["content"]["external_ref"])
        assert entry["content"]["origins"] == version.origins
        tampered = json.loads(json.dumps(entry))
        tampered["content"]["origins"] = tampered["content"]["origins"][1:]
        with pytest.raises(trust.Rejected):
            trust.verify_entry(tampered, keys=keys, deployment_id=document.deployment_id)


def test_template_row_without_ref_gets_a_deterministic_ref(session):
    first = _import(session, TEMPLATE_SAMPLE.read_bytes(), "passage", "sample.csv")
    again = _import(session, TEMPLATE_SAMPLE.read_bytes(), "passage", "sample.csv")
    assert (first.created, again.created, again.unchanged) == (3, 0, 3)
    values = {"country": "TZA", "measure_type": "health_declaration"}
    values |= {"effective_from": "2020-03-18", "title": "Health declaration for all arrivals"}
    ref = "passage:" + template.deterministic_ref(values)
    _, version = _measure(session, ref)
    assert version.poe_codes == ["LND-TZA-NAMANGA"] and version.status == "draft"


def test_template_changed_row_records_a_new_version(session):
    text = TEMPLATE_SAMPLE.read_text(encoding="utf-8")
    _import(session, text.encode(), "passage", "sample.csv")
    changed = text.replace("GBR USA", "GBR USA FRA")
    report = _import(session, changed.encode(), "passage", "sample.csv")
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    measure, version = _measure(session, "passage:UGA-BAN")
    assert version.origins == ["FRA", "GBR", "USA"] and version.version_no == 2
    assert len(repository.versions_of(session, measure.id)) == 2


def _assert_example_imported(session, report):
    assert (report.created, report.rejected) == (1, [])
    _, version = _measure(session, "passage:" + template.EXAMPLE["ref"])
    assert version.title == template.EXAMPLE["title"]
    assert version.origins == sorted(template.EXAMPLE["origins"].split())
    assert version.quarantine_days == int(template.EXAMPLE["quarantine_days"])
    assert version.effective_from == date.fromisoformat(template.EXAMPLE["effective_from"])
    assert version.sources[0]["url"] == template.EXAMPLE["source_url"]


def test_template_csv_round_trip(session):
    report = _import(session, template.template_csv().encode(), "passage", "t.csv")
    _assert_example_imported(session, report)


def test_template_xlsx_round_trip(session):
    report = _import(session, template.template_xlsx(), "passage", "t.xlsx")
    _assert_example_imported(session, report)


def test_template_hxl_round_trip(session):
    text = template.template_hxl_csv()
    assert text.splitlines()[1].startswith("#meta+id,#country+code,")
    report = _import(session, text.encode(), "passage", "t.hxl.csv")
    _assert_example_imported(session, report)


def test_hxl_columns_are_found_by_hashtag_whatever_the_header_and_attribute_order(session):
    rows = [
        ["Pays", "Début", "Titre", "Type", "Origines"],
        [
            "#country+code",
            "#date+start",
            "#description+title",
            "#indicator+type",
            "#country+origin+code",
        ],
        ["KEN", "2020-04-01", "Interdiction", "origin_ban", "FRA"],
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    report = _import(session, buffer.getvalue().encode(), "passage", "fr.csv")
    assert report.created == 1 and not report.rejected
    version = repository.search(session, country="KEN", text="Interdiction")[0][0]
    assert version.origins == ["FRA"] and version.effective_from == date(2020, 4, 1)


def test_hxl_file_with_hashtags_as_its_only_header_row(session):
    text = "#country+code,#indicator+type,#description+title,#date+start,#meta+id\n"
    text += "UGA,quarantine,Quarantine,2020-03-22,UGA-Q\n"
    report = _import(session, text.encode(), "passage", "tags.csv")
    assert report.created == 1 and not report.rejected
    _, version = _measure(session, "passage:UGA-Q")
    assert version.effective_from == date(2020, 3, 22)


def test_template_without_required_columns_is_unreadable(session):
    with pytest.raises(pipeline.FileError, match="measure_type"):
        _import(session, b"country,title\nKEN,x\n", "passage", "t.csv")


def test_a_damaged_workbook_is_unreadable(session):
    with pytest.raises(pipeline.FileError, match="XLSX"):
        _import(session, b"not a zip file", "passage", "t.xlsx")


# --- command line ----------------------------------------------------------------------------


@pytest.fixture
def bound_cli(session, monkeypatch):
    """The CLI with its transaction bound to the test's session."""

    @contextmanager
    def bound(purpose=None):
        yield session

    monkeypatch.setattr("passage.restrictions.imports.cli.cli_transaction", bound)
    return CliRunner()


def test_cli_exits_0_and_prints_the_report_when_every_row_is_accepted(bound_cli, tmp_path):
    path = tmp_path / "template.csv"
    path.write_text(template.template_csv(), encoding="utf-8")
    result = bound_cli.invoke(cli, ["restrictions", "import", "--format", "passage", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["created"] == 1


def test_cli_exits_1_and_lists_rejected_rows_on_stderr(bound_cli):
    args = ["restrictions", "import", "--format", "oxcgrt", str(OXCGRT)]
    result = bound_cli.invoke(cli, args)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["created"] == 8
    assert "line 14: KEN 2020-03-13 repeats line 6" in result.stderr
    assert "line 22: C8E level '5' is not one of 0, 1, 2, 3, 4" in result.stderr


def test_cli_exits_2_for_an_unreadable_file(bound_cli, tmp_path):
    missing = bound_cli.invoke(cli, ["restrictions", "import", str(tmp_path / "none.csv")])
    assert missing.exit_code == 2 and "cannot read" in missing.stderr
    binary = tmp_path / "data.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    result = bound_cli.invoke(cli, ["restrictions", "import", "--format", "oxcgrt", str(binary)])
    assert result.exit_code == 2 and "UTF-8" in result.stderr


# --- API and web -----------------------------------------------------------------------------


def test_api_upload_returns_the_report(client, session):
    token = token_for(session, make_user(session, "coordinator"))
    session.commit()
    response = client.post(
        "/api/v1/restrictions/import",
        params={"format": "oxcgrt"},
        files={"file": ("oxcgrt_sample.csv", OXCGRT.read_bytes(), "text/csv")},
        headers=bearer(token),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["created"], body["skipped"]) == (8, 1)
    assert {"line": 20, "reason": "unknown country code 'XXZ'", "field": "CountryCode"} in body[
        "rejected"
    ]


def test_api_refuses_an_unreadable_upload_with_422(client, session):
    token = token_for(session, make_user(session, "coordinator"))
    session.commit()
    response = client.post(
        "/api/v1/restrictions/import",
        params={"format": "passage"},
        files={"file": ("t.csv", b"country\nKEN\n", "text/csv")},
        headers=bearer(token),
    )
    assert response.status_code == 422 and response.json()["field"] == "file"


def test_api_import_needs_the_import_permission(client, session):
    token = token_for(session, make_user(session, "analyst"))
    session.commit()
    files = {"file": ("t.csv", template.template_csv().encode(), "text/csv")}
    assert client.post("/api/v1/restrictions/import", files=files).status_code == 401
    response = client.post("/api/v1/restrictions/import", files=files, headers=bearer(token))
    assert response.status_code == 403


def test_templates_download_in_three_formats(client, session):
    csv_response = client.get("/api/v1/restrictions/template.csv")
    assert csv_response.status_code == 200
    assert csv_response.text == template.template_csv()
    assert "attachment" in csv_response.headers["content-disposition"]
    hxl = client.get("/api/v1/restrictions/template.hxl.csv")
    assert hxl.text.splitlines()[1].split(",")[0] == "#meta+id"
    xlsx = client.get("/api/v1/restrictions/template.xlsx")
    assert xlsx.headers["content-type"] == api_xlsx_type()
    assert (
        template.parse_xlsx(xlsx.content).candidates[0].external_ref
        == "passage:" + (template.EXAMPLE["ref"])
    )


def api_xlsx_type() -> str:
    from passage.restrictions.imports.api import XLSX_TYPE

    return XLSX_TYPE


def test_web_upload_shows_the_summary_and_the_rejected_rows(client, session):
    user = make_user(session, "coordinator")
    session.commit()
    web_login(client, user.email)
    page = client.get("/restrictions/import")
    assert page.status_code == 200
    assert 'href="/api/v1/restrictions/template.xlsx"' in page.text
    response = client.post(
        "/restrictions/import",
        data={"format": "oxcgrt", "csrf_token": csrf_from(page.text)},
        files={"file": ("oxcgrt_sample.csv", OXCGRT.read_bytes(), "text/csv")},
    )
    assert response.status_code == 200
    assert "created 8" in response.text and "rejected 4" in response.text
    assert "<td>22</td><td><code>C8E</code></td>" in response.text
    assert "unknown country code &#39;XXZ&#39;" in response.text


def test_web_upload_of_an_unreadable_file_shows_the_reason(client, session):
    user = make_user(session, "coordinator")
    session.commit()
    web_login(client, user.email)
    page = client.get("/restrictions/import")
    response = client.post(
        "/restrictions/import",
        data={"format": "passage", "csrf_token": csrf_from(page.text)},
        files={"file": ("t.xlsx", b"not a workbook", "application/octet-stream")},
    )
    assert response.status_code == 422
    assert "could not be read" in response.text


def test_web_import_page_is_for_editors_only(client, session):
    user = make_user(session, "analyst")
    session.commit()
    web_login(client, user.email)
    assert client.get("/restrictions/import").status_code == 403


def test_template_rejects_unknown_exemptions_and_points_of_entry_naming_the_column(session):
    header = "ref,country,measure_type,title,poe_scope,poe_codes,exemptions,effective_from,"
    header += "effective_until\n"
    rows = [
        "A,KEN,quarantine,Aliens exempt,all,,aliens,2020-03-20,",
        "B,KEN,quarantine,Unknown crossing,named,LND-KEN-NOWHERE,,2020-03-20,",
        "C,KEN,quarantine,Crossing of another country,named,LND-TZA-NAMANGA,,2020-03-20,",
        "D,KEN,quarantine,Ends before it starts,all,,,2020-03-20,2020-03-01",
        "E,KEN,quarantine,Named without codes,named,,,2020-03-20,",
        "F,KEN,quarantine,Good,named,lnd-ken-namanga,Health workers,2020-03-20,",
    ]
    content = (header + "\n".join(rows) + "\n").encode()
    report = _import(session, content, "passage", "t.csv")
    rejected = {error.line: (error.field, error.reason) for error in report.rejected}
    assert {line: field for line, (field, _) in rejected.items()} == {
        2: "exemptions",
        3: "poe_codes",
        4: "poe_codes",
        5: "effective_until",
        6: "poe_codes",
    }
    assert "aliens" in rejected[2][1] and "LND-KEN-NOWHERE" in rejected[3][1]
    assert report.created == 1
    _, version = _measure(session, "passage:F")
    assert (version.poe_codes, version.exemptions) == (["LND-KEN-NAMANGA"], ["health_workers"])


# --- Re-import never destroys history (#13 item 10) -------------------------------------------


def _oxcgrt_days(country: str, start: date, days: int, level: str = "0", bad: tuple = ()) -> str:
    text = "CountryCode,Jurisdiction,Date,C8E_International travel controls\n"
    for n in range(days):
        on = start + timedelta(days=n)
        value = "9" if on in bad else level
        text += f"{country},NAT_TOTAL,{on:%Y%m%d},{value}\n"
    return text


def test_a_shorter_oxcgrt_file_does_not_shorten_a_stored_run(session):
    _import(session, _oxcgrt_days("GBR", date(2020, 1, 1), 91).encode(), name="full.csv")
    assert service.level_on(session=session, country="GBR", on=date(2020, 3, 1))["level"] == 0
    report = _import(session, _oxcgrt_days("GBR", date(2020, 1, 1), 3).encode(), name="short.csv")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    _, version = _measure(session, "oxcgrt:GBR:2020-01-01")
    assert (version.version_no, version.effective_until) == (1, date(2020, 3, 31))
    assert service.level_on(session=session, country="GBR", on=date(2020, 3, 1))["level"] == 0


def test_a_rejected_oxcgrt_row_does_not_cut_a_hole_in_a_run(session):
    bad = (date(2020, 1, 15),)
    _import(session, _oxcgrt_days("GBR", date(2020, 1, 1), 31).encode(), name="full.csv")
    faulty = _oxcgrt_days("GBR", date(2020, 1, 1), 31, bad=bad).encode()
    report = _import(session, faulty, name="faulty.csv")
    assert [error.line for error in report.rejected] == [16]
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    _, version = _measure(session, "oxcgrt:GBR:2020-01-01")
    assert version.effective_until == date(2020, 1, 31)
    for day in (date(2020, 1, 15), date(2020, 1, 16)):
        assert service.level_on(session=session, country="GBR", on=day)["level"] == 0


def test_a_level_change_inside_the_file_still_ends_a_stored_run(session):
    _import(session, _oxcgrt_days("GBR", date(2020, 1, 1), 31).encode(), name="full.csv")
    revised = (
        _oxcgrt_days("GBR", date(2020, 1, 1), 10)
        + _oxcgrt_days("GBR", date(2020, 1, 11), 5, level="2").split("\n", 1)[1]
    )
    report = _import(session, revised.encode(), name="revised.csv")
    assert (report.created, report.updated) == (1, 1)
    _, version = _measure(session, "oxcgrt:GBR:2020-01-01")
    assert version.effective_until == date(2020, 1, 10)


# --- Input limits (#14 item 5) ----------------------------------------------------------------


def test_an_unbalanced_quote_is_reported_as_swallowing_the_rows_after_it(session):
    content = (
        b"ref,country,measure_type,title,effective_from\n"
        b'A,KEN,quarantine,"Broken title,2020-03-20\n'
        b"B,KEN,quarantine,Second,2020-03-21\n"
        b"C,KEN,quarantine,Third,2020-03-22\n"
    )
    report = _import(session, content, "passage", "t.csv")
    assert report.created == 0
    [error] = report.rejected
    assert (error.line, error.field) == (2, "title")
    assert "lines 3-4 were not read" in error.reason


def test_an_unbalanced_quote_in_an_oxcgrt_note_is_reported(session):
    # As in real OxCGRT files, other indicators follow the C8 notes.
    text = "CountryCode,Jurisdiction,Date,C8E_International travel controls,C8_Notes,H6E\n"
    text += 'KEN,NAT_TOTAL,20200301,2,"open note,1\nKEN,NAT_TOTAL,20200302,2,,1\n'
    report = _import(session, text.encode())
    assert [(e.line, e.field) for e in report.rejected] == [(2, "C8_Notes")]


def test_a_file_with_a_nul_character_is_refused_naming_the_line(session):
    content = b"ref,country,measure_type,title,effective_from\nA,KEN,quar\x00antine,T,2020-03-20\n"
    with pytest.raises(pipeline.FileError, match="line 2"):
        _import(session, content, "passage", "t.csv")


# An excerpt in the layout of OxCGRT's earlier national files (2020-2022): one C8 column with
# no E/NV/V/EV split, no Jurisdiction column (regional rows are known by their RegionCode), the
# flag columns of other indicators beside it, levels written as decimals, blank days, Kosovo
# under OxCGRT's own code RKS, and daily rows that cross a year.
OLD_LAYOUT = (
    "CountryName,CountryCode,RegionName,RegionCode,Date,C1_School closing,C1_Flag,"
    "C8_International travel controls,H6_Facial Coverings,H6_Flag,StringencyIndex\n"
    "Kosovo,RKS,,,20201230,3,1,3.00,2,1,60.19\n"
    "Kosovo,RKS,,,20201231,3,1,3.00,2,1,60.19\n"
    "Kosovo,RKS,,,20210101,3,1,2.00,2,1,60.19\n"
    "Kosovo,RKS,,,20210102,3,1,,2,1,60.19\n"
    "Kosovo,RKS,,,20210103,3,1,4,2,1,60.19\n"
    "United States,USA,Alaska,US_AK,20201231,2,0,1,2,0,40.0\n"
    "United States,USA,,,20201231,3,1,3,2,1,70.0\n"
    "United States,USA,,,20210101,3,1,3,2,1,70.0\n"
)


def test_oxcgrt_earlier_layout_every_day_and_region_row_read_as_the_source_says(session):
    report = _import(session, OLD_LAYOUT.encode())
    assert (report.rows, report.skipped, report.rejected) == (8, 1, [])
    expected = {
        ("XKX", date(2020, 12, 29)): None,
        ("XKX", date(2020, 12, 30)): 3,
        ("XKX", date(2020, 12, 31)): 3,
        ("XKX", date(2021, 1, 1)): 2,
        ("XKX", date(2021, 1, 2)): None,  # blank: no data, not level 0
        ("XKX", date(2021, 1, 3)): 4,
        ("USA", date(2020, 12, 31)): 3,  # the national row, not Alaska's 1
        ("USA", date(2021, 1, 1)): 3,
    }
    for (country, day), level in expected.items():
        answer = service.level_on(session=session, country=country, on=day)
        assert answer["level"] == level, (country, day)
    _, version = _measure(session, "oxcgrt:XKX:2020-12-30")
    assert version.effective_until == date(2020, 12, 31)  # the run crosses no blank day
