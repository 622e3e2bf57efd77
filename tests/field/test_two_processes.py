"""The issue's acceptance test: a central (`passage serve`, on PostgreSQL when
PASSAGE_TEST_DATABASE_URL is set, else SQLite) and a field node on SQLite driven by its own
`passage field ...` processes. The node enrols, works offline (crossings, hits resolved,
screenings, referrals), syncs over HTTP while either side is killed at random points (20 times),
then shows equal content on both sides, none lost and none duplicated; a conflicting edit
reaches the review queue; a bundle file carries the next changes both ways.

The offline work is written straight into the node's database by this test process (the
records and updates an officer's forms make), so that the test stays within a minute or two.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from passage.access import Role
from passage.border.alerts.models import ScreeningHit
from passage.border.crossings.models import Crossing, Traveller
from passage.border.referrals.models import Referral
from passage.db import make_engine, transaction
from passage.field import keys, service
from passage.field.models import AppliedChange, FieldConflict, OutboxChange
from passage.geo.demo import load_reference
from passage.health.screening.models import HealthScreening
from tests.browser.conftest import _free_port, _passage_command, _run_cli
from tests.conftest import PG_URL, _drop_postgres_database, _postgres_database
from tests.factories import demo_poe, make_user, token_for

KILLS = 20
PEOPLE = 12


class Central:
    """The central deployment: its database, and its server (restarted after each kill)."""

    def __init__(self, root: Path, url: str):
        self.root, self.database_url = root, url
        self.env = {
            **os.environ,
            "PASSAGE_DATABASE_URL": url,
            "PASSAGE_ENVIRONMENT": "test",
            "PASSAGE_FIELD_DOWN_SETTLE_SECONDS": "0",
        }
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = self.root / "central.log"
        self.process = subprocess.Popen(
            [
                _passage_command(),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--no-jobs",
            ],
            cwd=self.root,
            env=self.env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        _wait_until_healthy(self.url, self.process, log)

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll the health endpoint (a busy CI machine may take a while to start a server)."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")[-2000:]
        try:
            with urllib.request.urlopen(f"{url}/api/v1/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the central did not answer within 240 s:\n{log.read_text()[-2000:]}")


def _cli(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_passage_command(), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A central serving with a POE, an officer there and an administrator; a migrated node."""
    root = tmp_path_factory.mktemp("field")
    if PG_URL:
        url, pg_name = _postgres_database(PG_URL)
    else:
        url, pg_name = f"sqlite:///{root / 'central.db'}", None
    central = Central(root, url)
    _run_cli([_passage_command(), "db", "upgrade"], root, central.env)
    engine = make_engine(url)
    with transaction(sessionmaker(bind=engine)) as session:
        load_reference(session, airports=False)
        poe = demo_poe(session)
        officer = make_user(session, Role.BORDER_OFFICER, scope_type="poe", scope_value=str(poe.id))
        admin = make_user(session, Role.ADMIN)
        world = {
            "poe_id": poe.id,
            "officer_id": officer.id,
            "admin_token": token_for(session, admin),
        }
    node_dir = root / "node"
    node_dir.mkdir()
    node_env = {
        **os.environ,
        "PASSAGE_DATABASE_URL": f"sqlite:///{node_dir / 'node.db'}",
        "PASSAGE_ENVIRONMENT": "test",
        "PASSAGE_FIELD_BATCH_SIZE": "4",
    }
    _run_cli([_passage_command(), "db", "upgrade"], node_dir, node_env)
    node_engine = make_engine(node_env["PASSAGE_DATABASE_URL"])
    central.start()
    try:
        yield {
            **world,
            "central": central,
            "central_engine": engine,
            "node_env": node_env,
            "node_dir": node_dir,
            "node_engine": node_engine,
        }
    finally:
        central.kill()
        engine.dispose()
        node_engine.dispose()
        if pg_name and PG_URL:
            _drop_postgres_database(PG_URL, pg_name)


def _offline_work(factory: sessionmaker[Session], world: dict[str, Any], people: int) -> None:
    """What officers do at the post: crossings, a hit resolved, a screening, a referral."""
    now, poe_id, officer_id = datetime.now(UTC), world["poe_id"], world["officer_id"]
    for number in range(people):
        with transaction(factory) as s:
            traveller = Traveller(
                surname=f"WANJIKU{number}",
                given_names="Grace",
                name_key=f"wanjiku{number} grace",
                phone="+254700000000",
            )
            s.add(traveller)
            s.flush()
            crossing = Crossing(
                poe_id=poe_id,
                direction="entry",
                occurred_at=now,
                traveller_id=traveller.id,
                officer_id=officer_id,
            )
            s.add(crossing)
            s.flush()
            hit = ScreeningHit(crossing_id=crossing.id, score=0.91)
            s.add_all(
                [
                    hit,
                    HealthScreening(
                        poe_id=poe_id,
                        crossing_id=crossing.id,
                        traveller_id=traveller.id,
                        surname=traveller.surname,
                        arrival_date=date.today(),
                        classification="cleared",
                        screened_at=now,
                        screened_by=officer_id,
                    ),
                    Referral(
                        traveller_id=traveller.id,
                        crossing_id=crossing.id,
                        poe_id=poe_id,
                        service_provider="IOM protection desk",
                        referred_by=officer_id,
                    ),
                ]
            )
        with transaction(factory) as s:  # the hit is resolved in a later transaction
            resolved = s.get(ScreeningHit, hit.id)
            resolved.status, resolved.resolution_reason = "false_positive", "another person"
            resolved.resolved_by, resolved.resolved_at = officer_id, now


def _requests(central: Central) -> int:
    log = central.root / "central.log"
    return log.read_text(errors="replace").count("/api/v1/field/") if log.exists() else 0


def _kill_mid_sync(
    central: Central, env: dict[str, str], node_dir: Path, rng: random.Random, *, kill_central: bool
) -> None:
    """Start `passage field sync`, wait until it has reached the central, then kill it (or the
    central) at a random moment of the sync."""
    seen = _requests(central)
    sync = subprocess.Popen(
        [_passage_command(), "field", "sync"],
        cwd=node_dir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while _requests(central) == seen and sync.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(rng.uniform(0.0, 0.5))
    if kill_central:
        central.kill()
    if sync.poll() is None:
        sync.send_signal(signal.SIGKILL)
    sync.wait(timeout=30)
    if kill_central:
        central.start()


def _both_sides(world: dict[str, Any]) -> tuple[dict[str, str], dict[str, str], dict[str, int]]:
    """Content hashes of the node's records on the node and at the central, and counts."""
    with transaction(sessionmaker(bind=world["node_engine"])) as s:
        ids = service.record_ids(session=s)
        node_hashes = service.content_hashes(session=s, only=ids)
        outbox = s.scalar(select(func.count()).select_from(OutboxChange)) or 0
    with transaction(sessionmaker(bind=world["central_engine"])) as s:
        central_hashes = service.content_hashes(session=s, only=ids)
        applied = s.scalar(select(func.count()).select_from(AppliedChange)) or 0
        rows = {
            table: s.scalar(
                select(func.count())
                .select_from(model)
                .where(model.id.in_([uuid.UUID(i) for i in ids[table]]))
            )
            or 0
            for table, model in _models().items()
        }
    counts = {"outbox": outbox, "applied": applied, **{k: v - len(ids[k]) for k, v in rows.items()}}
    return node_hashes, central_hashes, counts


def _models() -> dict[str, Any]:
    return {
        "travellers": Traveller,
        "crossings": Crossing,
        "screening_hits": ScreeningHit,
        "health_screenings": HealthScreening,
        "referrals": Referral,
    }


def _api(world: dict[str, Any], path: str) -> Any:
    request = urllib.request.Request(world["central"].url + path)
    request.add_header("Authorization", f"Bearer {world['admin_token']}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_a_field_node_enrols_works_offline_and_syncs_through_kills(world):
    central, env, node_dir = world["central"], world["node_env"], world["node_dir"]
    token = _cli(central.env, central.root, "field", "token", "--poe", str(world["poe_id"]))
    assert token.returncode == 0, token.stderr
    enrolled = _cli(
        env,
        node_dir,
        "field",
        "enrol",
        central.url,
        "--token",
        token.stdout.strip(),
        "--name",
        "Namanga laptop",
    )
    assert enrolled.returncode == 0, enrolled.stderr
    locked = _cli(env, node_dir, "field", "sync")  # the node's data is sealed: sync waits
    assert locked.returncode == 1 and "locked" in locked.stderr
    # each node command opens the data key with the enrolment secret shown at enrolment
    env = {**env, "PASSAGE_FIELD_SECRET": enrolled.stdout.strip().rsplit(" ", 1)[-1]}
    first = _cli(env, node_dir, "field", "sync")  # the site's reference data and officers
    assert first.returncode == 0, first.stderr
    node_factory = sessionmaker(bind=world["node_engine"], expire_on_commit=False)
    with transaction(node_factory) as s:  # this process writes what officers' forms make
        keys.unlock_with_secret(
            session=s, user=None, password=None, secret=env["PASSAGE_FIELD_SECRET"], holder="t"
        )
    _offline_work(node_factory, world, PEOPLE)

    rng = random.Random(20)
    for attempt in range(KILLS):
        _kill_mid_sync(central, env, node_dir, rng, kill_central=attempt % 5 == 4)
    done = _cli(env, node_dir, "field", "sync")
    assert done.returncode == 0, done.stderr
    node_hashes, central_hashes, counts = _both_sides(world)
    assert node_hashes == central_hashes
    assert counts["outbox"] == counts["applied"] == PEOPLE * 6
    assert all(counts[table] == 0 for table in _models()), counts  # none missing, none doubled

    # a conflicting edit: the same field changed at the post and at the central
    with transaction(sessionmaker(bind=world["central_engine"])) as s:
        traveller = s.scalars(select(Traveller).where(Traveller.surname == "WANJIKU0")).one()
        traveller.phone, traveller_id = "+254711111111", traveller.id
    with transaction(node_factory) as s:
        s.get(Traveller, traveller_id).phone = "+254722222222"
    assert _cli(env, node_dir, "field", "sync").returncode == 0
    queue = _api(world, "/api/v1/field/conflicts")
    assert [(c["field_name"], c["node_value"]["value"]) for c in queue] == [
        ("phone", "+254722222222")
    ]
    nodes = _api(world, "/api/v1/field/nodes")
    assert nodes[0]["open_conflicts"] == 1 and nodes[0]["audit_broken"] is None

    # by bundle file, both ways
    _offline_work(node_factory, world, 2)
    up, down = node_dir / "up.bundle", central.root / "down.bundle"
    assert _cli(env, node_dir, "field", "export-bundle", str(up)).returncode == 0
    imported = _cli(central.env, central.root, "field", "import-bundle", str(up))
    assert imported.returncode == 0, imported.stderr
    exported = _cli(
        central.env, central.root, "field", "export-bundle", str(down), "--node", nodes[0]["id"]
    )
    assert exported.returncode == 0, exported.stderr
    assert _cli(env, node_dir, "field", "import-bundle", str(down)).returncode == 0
    status = json.loads(_cli(env, node_dir, "field", "status").stdout)
    assert status["waiting"] == 0
    node_hashes, central_hashes, counts = _both_sides(world)
    differing = {t for t in node_hashes if node_hashes[t] != central_hashes[t]}
    assert differing == {"travellers"}  # the one field waiting in the review queue
    assert counts["outbox"] == counts["applied"]
    with transaction(sessionmaker(bind=world["central_engine"])) as s:
        assert s.scalar(select(func.count()).select_from(FieldConflict)) == 1
    # a thief with the node's files finds none of it in clear
    database = node_dir / "node.db"
    wal = node_dir / "node.db-wal"
    raw = database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert b"WANJIKU" not in raw and b"254722222222" not in raw
