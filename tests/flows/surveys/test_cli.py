"""`passage flows survey form` and `passage flows survey import`: the form defined, an export
imported at a point with each rejected row on stderr (exit 1), imported again without
duplicates, an unknown survey or an unreadable file (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

from passage.flows.surveys import demo
from tests.flows.surveys.exports import kobo_csv, kobo_row


def test_a_form_and_an_export_from_the_command_line(flows_cli, tmp_path: Path):
    form = tmp_path / "fms.xlsx"
    form.write_bytes(demo.xlsform())
    defined = flows_cli("survey", "form", str(form))
    assert defined.exit_code == 0, defined.output
    assert json.loads(defined.stdout)["code"] == demo.CODE
    counts = tmp_path / "counts.csv"
    counts.write_text("point,period,count\nFMP-CLI,2026-11-01,5\n")
    assert flows_cli("import", str(counts)).exit_code == 0  # the point exists as a series
    export = tmp_path / "kobo.csv"
    export.write_bytes(kobo_csv(kobo_row(1, point=""), kobo_row(2, point="", sex="")))
    first = flows_cli("survey", "import", demo.CODE, str(export), "--point", "FMP-CLI")
    assert first.exit_code == 1
    assert "line 3: sex: sex is required but blank" in first.stderr
    assert json.loads(first.stdout)["created"] == 1
    again = flows_cli("survey", "import", demo.CODE, str(export), "--point", "FMP-CLI")
    assert json.loads(again.stdout)["unchanged"] == 1 and json.loads(again.stdout)["created"] == 0


def test_an_unknown_survey_or_an_unreadable_file_exits_2(flows_cli, tmp_path: Path):
    export = tmp_path / "kobo.csv"
    export.write_bytes(kobo_csv(kobo_row(1)))
    assert flows_cli("survey", "import", "no_such_form", str(export)).exit_code == 2
    missing = flows_cli("survey", "form", str(tmp_path / "missing.xlsx"))
    assert missing.exit_code == 2 and "cannot be read" in missing.stderr
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    refused = flows_cli("survey", "form", str(broken))
    assert refused.exit_code == 2 and "not a valid XLSForm" in refused.stderr
