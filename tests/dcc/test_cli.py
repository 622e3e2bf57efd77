"""The ``certificates verify`` command: stdin in, JSON report out, exit code by result."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from typer.testing import CliRunner

from passage.dcc.cli import certificates_app
from tests.dcc.factory import NOW, signed_qr

runner = CliRunner()


def _run(text: str, *options: str):
    return runner.invoke(certificates_app, ["verify", *options], input=text + "\n")


def _trust_file(tmp_path: Path, der: bytes) -> str:
    path = tmp_path / "dsc.der"
    path.write_bytes(der)
    return str(path)


def test_valid_certificate_prints_the_report_and_exits_0(tmp_path: Path) -> None:
    text, der = signed_qr()
    result = _run(text, "--trust-list", _trust_file(tmp_path, der), "--at", NOW.isoformat())
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["result"] == "VALID"
    assert report["certificate_type"] == "vaccination"


def test_expired_certificate_exits_1(tmp_path: Path) -> None:
    text, der = signed_qr()
    later = (NOW + timedelta(days=200)).isoformat()
    result = _run(text, "--trust-list", _trust_file(tmp_path, der), "--at", later)
    assert result.exit_code == 1
    assert json.loads(result.output)["failed_step"] == "expiry"


def test_garbage_exits_1() -> None:
    result = _run("not a health certificate")
    assert result.exit_code == 1
    assert json.loads(result.output)["failed_step"] == "prefix"


def test_without_trust_list_the_result_is_unknown_and_exits_3() -> None:
    text, _ = signed_qr()
    result = _run(text, "--at", NOW.isoformat())
    assert result.exit_code == 3
    assert json.loads(result.output)["result"] == "UNKNOWN"


def test_a_certificate_whose_structure_cannot_be_checked_exits_3(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("PASSAGE_DCC_SCHEMA", str(tmp_path / "no-such-schema.json"))
    text, der = signed_qr()
    result = _run(text, "--trust-list", _trust_file(tmp_path, der), "--at", NOW.isoformat())
    assert result.exit_code == 3, result.output
    report = json.loads(result.output)
    assert (report["result"], report["failed_step"]) == ("UNKNOWN", "schema")


def test_bad_at_option_is_a_usage_error() -> None:
    text, _ = signed_qr()
    assert _run(text, "--at", "yesterday").exit_code == 2


def test_unreadable_trust_list_is_a_usage_error(tmp_path: Path) -> None:
    text, _ = signed_qr()
    bad = tmp_path / "bad.pem"
    bad.write_text("garbage")
    assert _run(text, "--trust-list", str(bad)).exit_code == 2


def test_help_documents_the_exit_codes() -> None:
    result = runner.invoke(certificates_app, ["verify", "--help"])
    assert result.exit_code == 0
    assert "3 UNKNOWN" in result.output
