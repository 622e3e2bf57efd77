"""The ``rules eval`` command: result on stdout, invalid logic and evaluation errors exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from passage.rules.cli import rules_app

runner = CliRunner()


def run_eval(tmp_path: Path, logic: Any, data: Any) -> Any:
    logic_file, data_file = tmp_path / "logic.json", tmp_path / "data.json"
    logic_file.write_text(json.dumps(logic), encoding="utf-8")
    data_file.write_text(json.dumps(data), encoding="utf-8")
    return runner.invoke(rules_app, ["eval", "--logic", str(logic_file), "--data", str(data_file)])


def test_eval_prints_result_as_json(tmp_path: Path) -> None:
    logic = {"if": [{"var": "x"}, [{"var": "x"}, {"+": [{"var": "x"}, 1]}], "none"]}
    result = run_eval(tmp_path, logic, {"x": 41})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [41, 42]


def test_eval_renders_date_times_as_iso_strings(tmp_path: Path) -> None:
    result = run_eval(tmp_path, {"plusTime": [{"var": "d"}, 1, "month"]}, {"d": "2021-01-31"})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == "2021-03-03T00:00:00.000Z"


def test_eval_rejects_invalid_logic_with_exit_2(tmp_path: Path) -> None:
    result = run_eval(tmp_path, {"and": [{"var": "x"}, {"or": [1, 2]}]}, {})
    assert result.exit_code == 2
    assert result.stdout == ""
    assert 'at and[1]: unrecognised operator: "or"' in result.stderr


def test_eval_reports_evaluation_errors_with_exit_2(tmp_path: Path) -> None:
    result = run_eval(tmp_path, {"in": ["a", {"var": "list"}]}, {"list": "not a list"})
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "evaluation error" in result.stderr


def test_eval_reports_malformed_json_with_exit_2(tmp_path: Path) -> None:
    logic_file, data_file = tmp_path / "logic.json", tmp_path / "data.json"
    logic_file.write_text("{not json", encoding="utf-8")
    data_file.write_text("{}", encoding="utf-8")
    result = runner.invoke(
        rules_app, ["eval", "--logic", str(logic_file), "--data", str(data_file)]
    )
    assert result.exit_code == 2
    assert "cannot read logic" in result.stderr
