"""`passage flows import` and `passage flows alerts` on CSV files as people make them: the
JSON alerts, rejected rows with their lines (exit 1), unreadable files (exit 2), re-imports that
do not double counts, and the forms of CSV seen in the wild (BOM, `;`, HXL row, quoted
fields, thousands separators)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

KEYS = {
    "point",
    "period",
    "observed",
    "expected",
    "threshold",
    "method",
    "direction",
    "explanation",
}


def _daily(point: str, spike_on: int = 40, days: int = 45, base: int = 100) -> list[str]:
    """A steady daily series (small noise) with one sudden rise."""
    start = date(2024, 1, 1)
    rows = []
    for day in range(days):
        count = base + (day * 7) % 11 - 5
        if day == spike_on:
            count = base * 10
        rows.append(f"{point},{(start + timedelta(days=day)).isoformat()},{count}")
    return rows


def _write(tmp_path: Path, name: str, lines: list[str], encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes("\n".join(lines).encode(encoding))
    return path


def _rejections(result) -> list[str]:
    """The rejected rows on stderr (a first command also notes that it made the schema)."""
    return [line for line in result.stderr.splitlines() if line.startswith("line ")]


def _alerts(flows_cli, *args: str) -> list[dict]:
    result = flows_cli("alerts", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_import_then_alerts_names_the_point_as_the_file_did(flows_cli, tmp_path):
    path = _write(tmp_path, "a.csv", ["point,period,count", *_daily("Gare Routière (Niamey)")])
    result = flows_cli("import", str(path))
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["created"] == 45 and summary["new_points"] == ["Gare Routière (Niamey)"]
    found = _alerts(flows_cli, "--point", "Gare Routière (Niamey)")
    spike = [alert for alert in found if alert["period"] == "2024-02-10"]
    assert len(spike) == 1 and set(spike[0]) == KEYS
    assert spike[0]["point"] == "Gare Routière (Niamey)"
    assert spike[0]["observed"] == 1000 and spike[0]["direction"] == "up"
    assert spike[0]["threshold"] < 1000 and spike[0]["expected"] < spike[0]["threshold"]
    assert spike[0]["explanation"]


def test_reimporting_the_same_file_does_not_double_counts(flows_cli, tmp_path):
    path = _write(tmp_path, "b.csv", ["point,period,count", *_daily("B1")])
    assert flows_cli("import", str(path)).exit_code == 0
    again = flows_cli("import", str(path))
    assert again.exit_code == 0
    assert json.loads(again.stdout)["unchanged"] == 45
    assert json.loads(again.stdout)["created"] == 0
    spike = [a for a in _alerts(flows_cli, "--point", "B1") if a["period"] == "2024-02-10"]
    assert spike[0]["observed"] == 1000


def test_breakdown_rows_are_summed_and_movement_direction_is_not_the_alert_direction(
    flows_cli, tmp_path
):
    lines = ["point,period,count,direction,sex,age_band,nationality"]
    for row in _daily("C1"):
        point, period, count = row.split(",")
        half = int(count) // 2
        lines.append(f"{point},{period},{half},out,F,18-59,NER")
        lines.append(f"{point},{period},{int(count) - half},in,M,0-17,NGA")
    path = _write(tmp_path, "c.csv", lines)
    assert flows_cli("import", str(path)).exit_code == 0
    spike = [a for a in _alerts(flows_cli, "--point", "C1") if a["period"] == "2024-02-10"]
    assert spike[0]["observed"] == 1000
    assert spike[0]["direction"] == "up"


def test_each_bad_row_is_reported_with_its_line_and_the_good_ones_are_kept(flows_cli, tmp_path):
    lines = [
        "point,period,count",
        "D1,2024-01-01,10",
        "",
        "D1,2024-13-01,10",  # line 4: no 13th month
        '"D1","2024-01-02","1,5"',  # line 5: not a whole number
        '"D1\nnorth",2024-01-03,4',  # lines 6-7: a quoted line break in the point
        "D1,05/01/2024,3",  # line 8: day or month first? refused
        ",2024-01-04,3",  # line 9: no point
        "D1,2024-01-05,-2",  # line 10: negative
        "D1,2024-01-06,7",
    ]
    result = flows_cli("import", str(_write(tmp_path, "d.csv", lines)))
    assert result.exit_code == 1
    reported = [line.split(":")[0] for line in _rejections(result)]
    assert reported == ["line 4", "line 5", "line 8", "line 9", "line 10"]
    assert "count" in result.stderr and "period" in result.stderr
    summary = json.loads(result.stdout)
    assert summary["created"] == 3 and len(summary["rejected"]) == 5


def test_an_unreadable_file_exits_2(flows_cli, tmp_path):
    assert flows_cli("import", str(tmp_path / "missing.csv")).exit_code == 2
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert flows_cli("import", str(binary)).exit_code == 2
    wrong = _write(tmp_path, "wrong.csv", ["place,date,people", "X,2024-01-01,3"])
    result = flows_cli("import", str(wrong))
    assert result.exit_code == 2 and "point, period and count" in result.stderr
    unbalanced = _write(tmp_path, "quote.csv", ["point,period,count", '"E1,2024-01-01,3'])
    assert flows_cli("import", str(unbalanced)).exit_code == 2


def test_bom_semicolons_hxl_row_and_thousands_are_read(flows_cli, tmp_path):
    lines = ["Point ; Period ; Count ; Nationality", "#loc;#date;#affected+num;#country"]
    for row in _daily("F1", base=1000):
        point, period, count = row.split(",")
        lines.append(f'{point};{period};"{int(count):,}";SDN')
    path = _write(tmp_path, "f.csv", lines, encoding="utf-8-sig")
    result = flows_cli("import", str(path))
    assert result.exit_code == 0, result.output
    spike = [a for a in _alerts(flows_cli, "--point", "F1") if a["period"] == "2024-02-10"]
    assert spike[0]["observed"] == 10_000


def test_weekly_and_monthly_series_keep_their_own_period_form(flows_cli, tmp_path):
    lines = ["point,period,count"]
    for week in range(1, 31):
        lines.append(f"W1,2023-W{week:02d},{5000 if week == 28 else 200 + week % 3}")
    for month in range(1, 13):
        lines.append(f"M1,2023-{month:02d},{900 if month == 12 else 30 + month % 4}")
    assert flows_cli("import", str(_write(tmp_path, "g.csv", lines))).exit_code == 0
    assert any(a["period"] == "2023-W28" for a in _alerts(flows_cli, "--point", "W1"))
    monthly = _alerts(flows_cli, "--point", "M1")
    assert all(len(a["period"]) == 7 for a in monthly)


def test_from_and_to_bound_the_periods_listed(flows_cli, tmp_path):
    path = _write(tmp_path, "h.csv", ["point,period,count", *_daily("H1")])
    assert flows_cli("import", str(path)).exit_code == 0
    assert any(a["period"] == "2024-02-10" for a in _alerts(flows_cli, "--point", "H1"))
    assert _alerts(flows_cli, "--point", "H1", "--from", "2024-02-11") == []
    assert _alerts(flows_cli, "--point", "H1", "--to", "2024-01") == []
    inside = _alerts(flows_cli, "--point", "H1", "--from", "2024-02", "--to", "2024-W06")
    assert [a["period"] for a in inside] == ["2024-02-10"]
    assert flows_cli("alerts", "--from", "yesterday").exit_code == 2
    assert _alerts(flows_cli, "--point", "nowhere") == []


def test_excel_separator_line_crlf_and_trailing_columns_are_read(flows_cli, tmp_path):
    lines = ["sep=;", "point;period;count;", *[r.replace(",", ";") + ";" for r in _daily("X1")]]
    path = tmp_path / "x.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    result = flows_cli("import", str(path))
    assert result.exit_code == 0, result.output
    spike = [a for a in _alerts(flows_cli, "--point", "X1") if a["period"] == "2024-02-10"]
    assert spike[0]["observed"] == 1000
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"sep=;\r\npoint;period;count\r\nX2;2024-01-01;many\r\n")
    result = flows_cli("import", str(bad))
    assert result.exit_code == 1 and _rejections(result) == [
        "line 3: count: count 'many' is not a whole number of people"
    ]
