"""`passage exchange`: keys, partners, subscriptions, conflicts and the pull's error messages
(the pull itself runs against a live server in test_two_processes.py)."""

from __future__ import annotations

import json
import uuid
from contextlib import contextmanager

import pytest
from typer.testing import CliRunner

from passage.cli import app
from passage.db import transaction
from tests.exchange.factories import RemoteDeployment

runner = CliRunner()


@pytest.fixture
def on_a(deployments, monkeypatch):
    """Commands run against deployment a's database."""
    a, _ = deployments

    @contextmanager
    def own_transaction(factory=None):
        with transaction(a.factory) as session:
            yield session

    monkeypatch.setattr("passage.kit.cli.transaction", own_transaction)
    return a


def test_keys_show_prints_the_keys_document(on_a):
    result = runner.invoke(app, ["exchange", "keys", "show"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["deployment"]["id"] and document["keys"][0]["kty"] == "OKP"


def test_partners_add_prints_the_webhook_secret_once_and_lists_them(on_a, tmp_path):
    remote = RemoteDeployment(f"Cli{uuid.uuid4().hex[:6]}")
    keys_file = tmp_path / "keys.json"
    keys_file.write_text(json.dumps(remote.keys_document()))
    result = runner.invoke(
        app,
        [
            "exchange",
            "partners",
            "add",
            remote.name,
            f"https://{remote.name}.example.org",
            "--trust",
            str(keys_file),
            "--webhooks",
            "--every",
            "10",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (
        "webhook secret (shown once):" in result.stdout
        and "/api/v1/exchange/inbox/" in result.stdout
    )
    listed = json.loads(runner.invoke(app, ["exchange", "partners", "list"]).stdout)
    [row] = [p for p in listed if p["name"] == remote.name]
    assert row["pull_interval_minutes"] == 10 and row["receives_webhooks"] is True
    again = runner.invoke(
        app,
        [
            "exchange",
            "partners",
            "add",
            remote.name,
            "https://other.example.org",
            "--trust",
            str(keys_file),
        ],
    )
    assert again.exit_code == 1 and "exists" in again.stderr


def test_subscriptions_add_list_and_replay(on_a):
    name = f"sub-{uuid.uuid4().hex[:6]}"
    added = runner.invoke(
        app, ["exchange", "subscriptions", "add", name, "https://s.example.org/in"]
    )
    assert added.exit_code == 0 and "secret (shown once):" in added.stdout
    listed = json.loads(runner.invoke(app, ["exchange", "subscriptions", "list"]).stdout)
    assert any(row["name"] == name for row in listed)
    replayed = runner.invoke(app, ["exchange", "subscriptions", "replay", name, "--from", "0"])
    assert replayed.exit_code == 0 and "queued" in replayed.stdout
    missing = runner.invoke(app, ["exchange", "subscriptions", "replay", "nobody", "--from", "0"])
    assert missing.exit_code == 1 and "no subscription" in missing.stderr


def test_a_pull_of_an_unknown_partner_needs_its_keys(on_a, tmp_path):
    unknown = runner.invoke(app, ["exchange", "pull", "https://nobody.example.org"])
    assert unknown.exit_code == 1 and "--trust" in unknown.stderr
    by_name = runner.invoke(app, ["exchange", "pull", "--partner", "nobody"])
    assert by_name.exit_code == 1 and "no partner named" in by_name.stderr
    bad_keys = tmp_path / "bad.json"
    bad_keys.write_text("{not json")
    broken = runner.invoke(
        app, ["exchange", "pull", "https://x.example.org", "--trust", str(bad_keys)]
    )
    assert broken.exit_code == 2 and "cannot read the keys file" in broken.stderr


def test_conflicts_lists_what_waits_for_review(on_a):
    result = runner.invoke(app, ["exchange", "conflicts"])
    assert result.exit_code == 0 and isinstance(json.loads(result.stdout), list)
