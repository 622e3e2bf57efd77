"""Field node pages in a real browser: at a node (its own `passage serve` on SQLite, enrolled
and offline), the officer screen shows the offline badge and the age of the alert list, and
the sync page says what waits; at the central, the node list and the conflict queue. axe-core
finds no violation on any of them."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import sessionmaker

from passage.db import make_engine, transaction
from passage.field import keys, node
from passage.kit.clock import utcnow
from tests.browser.axe import assert_accessible
from tests.browser.conftest import (
    _free_port,
    _passage_command,
    _run_cli,
    _stop,
    _wait_until_healthy,
)
from tests.browser.test_shell import ADMIN, BORDER, DEMO_PASSWORD, sign_in

pytestmark = pytest.mark.browser


def _make_offline_node(url: str) -> str:
    """Record an enrolment and a failed sync, with an alert list received two days ago; the
    node's data key made as at enrolment (the demo data written before stays as it is). The
    enrolment secret."""
    engine = make_engine(url)
    private_key, public_x = node.new_key()
    answer = {
        "node_id": "01a25150-0000-7000-8000-000000000001",
        "central_jwk": {"kty": "OKP", "crv": "Ed25519", "x": public_x},
        "bundle_key": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    }
    with transaction(sessionmaker(bind=engine)) as session:
        state = node.save_enrolment(
            session=session,
            central_url="https://central.example.org",
            name="Namanga laptop",
            private_key=private_key,
            answer=answer,
        )
        two_days_ago = (utcnow() - timedelta(days=2)).isoformat()
        state.as_of = {"alert_persons": two_days_ago, "countries": two_days_ago}
        state.last_sync_at = utcnow() - timedelta(days=2)
        state.last_error = "no answer from the central: ConnectError"
        secret = keys.create(session=session)
    engine.dispose()
    return secret


@pytest.fixture(scope="module")
def node_server(
    chromium_executable: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """A demo deployment enrolled as a field node, offline; yields its base URL and its
    enrolment secret."""
    workdir = tmp_path_factory.mktemp("field-node")
    url = f"sqlite:///{workdir / 'passage.db'}"
    env = {**os.environ, "PASSAGE_DATABASE_URL": url, "PASSAGE_ENVIRONMENT": "test"}
    env.setdefault("PASSAGE_ARGON2_TIME_COST", "1")
    env.setdefault("PASSAGE_ARGON2_MEMORY_COST", "1024")
    passage = _passage_command()
    _run_cli([passage, "db", "upgrade"], workdir, env)
    _run_cli([passage, "demo", "--skip-airports"], workdir, env)
    secret = _make_offline_node(url)
    port = _free_port()
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [passage, "serve", "--host", "127.0.0.1", "--port", str(port), "--no-jobs"],
            cwd=workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_healthy(f"http://127.0.0.1:{port}", process, log_path)
            yield f"http://127.0.0.1:{port}", secret
        finally:
            _stop(process)


def test_an_officer_at_an_offline_node_sees_the_badge_and_the_alert_list_age(
    new_page: Callable[..., Page], node_server: tuple[str, str]
) -> None:
    base_url, secret = node_server
    page = new_page(base_url=base_url)
    sign_in(page, BORDER)  # the server started locked; this officer never signed in here
    page.goto("/field/sync")
    expect(page.get_by_test_id("locked")).to_be_visible()
    page.get_by_role("link", name="Open it with the enrolment secret").click()
    expect(page.get_by_role("heading", level=1, name="Open this node's data")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/passage-shots/field-unlock.png", full_page=True)
    page.get_by_label("Your password").fill(DEMO_PASSWORD)
    page.get_by_label("Enrolment secret").fill(secret)
    page.get_by_role("button", name="Open the data").click()
    expect(page.get_by_role("heading", level=1, name="Sync with the central")).to_be_visible()
    expect(page.get_by_test_id("locked")).to_have_count(0)
    page.goto("/border")
    notice = page.get_by_test_id("deployment-notice")
    expect(notice).to_contain_text("Offline")
    expect(notice).to_contain_text("alert list as of")
    expect(notice).to_contain_text("reference data older than the set age")
    assert_accessible(page)
    notice.get_by_role("link", name="Details").click()
    expect(page.get_by_role("heading", level=1, name="Sync with the central")).to_be_visible()
    expect(page.get_by_test_id("field-badge")).to_contain_text("Offline")
    expect(page.get_by_test_id("sync")).to_contain_text("ConnectError")
    assert_accessible(page)


def test_the_central_lists_nodes_and_conflicts(page: Page, tmp_path: Path) -> None:
    sign_in(page, ADMIN)
    page.goto("/admin/field")
    expect(page.get_by_role("heading", level=1, name="Field nodes")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Office").fill("Moyale district office")
    page.get_by_role("button", name="Issue a token").click()
    expect(page.get_by_test_id("token")).to_contain_text("passage field enrol")
    assert_accessible(page)
    page.goto("/admin/field/conflicts")
    expect(page.get_by_role("heading", level=1, name="Sync conflicts")).to_be_visible()
    assert_accessible(page)
