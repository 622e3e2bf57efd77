"""Reports: counts by category, cells under 5 suppressed (and one more where the total would
give them away), CSV with an HXL row, no personal data."""

from __future__ import annotations

from passage.access import Role
from passage.kit.clock import today
from passage.protection.reports import service as reports
from passage.protection.reports import tables
from tests.protection.helpers import person_with_case, staff


def test_small_cells_are_suppressed_and_one_more_when_the_total_would_reveal_them():
    table = tables.suppress({"SDN": 12, "ERI": 7, "SOM": 3}, 22)
    assert [(c.category, c.count) for c in table.cells] == [
        ("SDN", 12),
        ("ERI", None),
        ("SOM", None),
    ]
    assert tables.suppress({"SDN": 12, "ERI": 3, "SOM": 2}, 17).cells[0].count == 12
    assert all(c.count is None for c in tables.suppress({"SDN": 3}, 3).cells)


def test_the_csv_has_an_hxl_row_and_blank_suppressed_counts():
    table = tables.suppress({"F": 9, "M": 2}, 11)
    table.dimension = "sex"
    report = tables.as_dict([table], 11)
    text = tables.to_csv(report, today(), today())
    lines = text.splitlines()
    assert lines[1].startswith("#date+start,#date+end,#indicator+dimension")
    assert any(line.endswith(",sex,M,,1") for line in lines)


def test_the_weekly_report_counts_cases_without_naming_anyone(session):
    _, worker = staff(session, Role.CASE_WORKER)
    for number in range(6):
        person_with_case(
            session,
            worker,
            given_names=f"Zeynab{number}",
            surname="Unique",
            nationality="SDN",
            sex="F",
        )
    _, report = reports.report(session=session, actor=worker, kind="week", day=today())
    assert report["total"] == 6
    nationality = next(t for t in report["tables"] if t["dimension"] == "nationality")
    assert nationality["cells"] == [{"category": "SDN", "count": 6}]
    assert "Zeynab" not in str(report) and "Unique" not in str(report)


def test_the_snapshot_job_stores_each_finished_period_once(session):
    _, worker = staff(session, Role.CASE_WORKER)
    person_with_case(session, worker)
    made = reports.make_snapshots(session)
    assert made >= 2 and reports.make_snapshots(session) == 0
