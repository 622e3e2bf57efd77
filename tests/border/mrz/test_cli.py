"""`passage mrz parse`: JSON on stdout and exit codes 0 valid, 1 invalid, 2 unreadable."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from passage.border.mrz.cli import mrz_app

TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n"
runner = CliRunner()


def _run(text: str, *args: str):
    return runner.invoke(mrz_app, ["parse", "--today", "2025-06-01", *args], input=text)


def test_valid_mrz_prints_json_and_exits_0() -> None:
    result = _run(TD3)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"format", "fields", "checks", "valid", "errors", "corrections"}
    assert data["format"] == "TD3"
    assert data["valid"] is True
    assert data["fields"]["birth_date"] == "1974-08-12"
    assert data["fields"]["expired"] is True


def test_failed_check_digit_exits_1_with_the_errors() -> None:
    result = _run(TD3.replace("7408122F", "7408123F"))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert "birth_date: check digit is 3, expected 2" in data["errors"]


def test_unreadable_text_exits_2_with_message_on_stderr() -> None:
    result = _run("not an mrz at all")
    assert result.exit_code == 2
    assert "unreadable MRZ" in result.stderr
    assert json.loads(result.stdout)["error"] == "unreadable"


def test_reference_date_sets_expiry_status() -> None:
    before = json.loads(_run(TD3, "--today", "2012-04-14").stdout)
    assert before["fields"]["expired"] is False


def test_indent_zero_prints_one_line() -> None:
    result = _run(TD3, "--indent", "0")
    assert result.stdout.strip().count("\n") == 0
    assert json.loads(result.stdout)["valid"] is True
