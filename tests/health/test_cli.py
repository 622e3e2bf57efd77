"""`passage health ...`: trust lists, value sets and criteria from the command line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from passage.cli import app
from tests.dcc.factory import make_signer

runner = CliRunner()


def test_trust_list_and_value_set_imports(tmp_path, monkeypatch):
    """On a database of its own: the imports commit, which the shared test database must not see."""
    monkeypatch.setenv("PASSAGE_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    from passage.config import get_settings
    from passage.db import get_engine, get_session_factory

    for cached in (get_settings, get_engine, get_session_factory):
        cached.cache_clear()
    try:
        assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
        der = tmp_path / "dsc.der"
        der.write_bytes(make_signer()[1])
        done = runner.invoke(app, ["health", "trust-list-import", "--name", "cli", str(der)])
        assert done.exit_code == 0, done.output
        assert json.loads(done.output)["imported"] == 1
        bad = tmp_path / "bad.pem"
        bad.write_text("hello")
        refused = runner.invoke(app, ["health", "trust-list-import", "--name", "cli", str(bad)])
        assert refused.exit_code == 1
        sets = tmp_path / "sets.json"
        sets.write_text(
            json.dumps({"valueSetId": "covid-19-lab-result", "valueSetValues": {"260415000": {}}})
        )
        imported = runner.invoke(app, ["health", "value-sets-import", str(sets)])
        assert imported.exit_code == 0 and "covid-19-lab-result" in imported.output
        listed = runner.invoke(app, ["health", "criteria"])
        codes = {row["disease_code"] for row in json.loads(listed.output)}
        assert {"covid19", "ebola", "mpox"} <= codes
    finally:
        for cached in (get_settings, get_engine, get_session_factory):
            cached.cache_clear()
