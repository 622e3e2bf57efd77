"""Crossing registration through the API: MRZ parsing, screening against a large alert list and
the journey check, on PostgreSQL with 2 app workers, driven from separate processes.

Prepares a fresh database (a throw-away PostgreSQL database with --postgres URL or
PASSAGE_BENCH_DATABASE_URL; embedded SQLite otherwise, noted in the context), loads the demo
world, bulk-loads an alert list of --persons generated people (default 1,000,000), starts
`passage serve --workers 2 --no-access-log`, warms both workers up (each builds its alert index
at first use) and then registers unique travellers from their TD3 MRZ for --duration seconds
(default 60) as the demo border officer at Namanga.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import httpx
from _db import fresh_database
from _report import report
from bench_api_overhead import (
    LoadResult,
    _free_port,
    _passage_command,
    _read_response,
    _wait_healthy,
    prepare,
    server_env,
    summarise,
)

OFFICER_EMAIL = "border@demo.passage.int"
OFFICER_PASSWORD = "passage-demo-2026"
POE_CODE = "LND-KEN-NAMANGA"
SERVER_WORKERS = 2
BATCH = 10_000
NOT_LETTERS = re.compile(r"[^A-Z ]+")


# ---------------------------------------------------------------- the alert list, in bulk


def _person_rows(count: int, list_id: object) -> Iterator[list[dict[str, object]]]:
    """Batches of alert_persons rows for `count` generated people."""
    from passage.border.synthetic_names import generate_people

    batch: list[dict[str, object]] = []
    for person in generate_people(count, seed=9303):
        batch.append(
            {
                "list_id": list_id,
                "external_ref": person.id,
                "names": list(person.names),
                "birth_date_text": person.birth_date,
                "nationality": person.nationality,
                "gender": person.gender,
                "document_numbers": list(person.documents),
                "reason": "benchmark",
            }
        )
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def load_alert_list(database_url: str, count: int) -> float:
    """Insert one person list of `count` entries with batched INSERTs; return the seconds."""
    from sqlalchemy import create_engine, insert

    from passage.border.models import AlertList, AlertPerson

    started = time.perf_counter()
    url = database_url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url)
    with engine.begin() as connection:
        list_id = connection.execute(
            insert(AlertList).returning(AlertList.id),
            {"name": "Benchmark watch list", "kind": "person"},
        ).scalar_one()
        for rows in _person_rows(count, list_id):
            connection.execute(insert(AlertPerson), rows)
    engine.dispose()
    return time.perf_counter() - started


def namanga_id(database_url: str) -> str:
    """The id of the demo POE the border officer is scoped to."""
    from sqlalchemy import create_engine, select

    from passage.geo.models import PointOfEntry

    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        found = connection.scalar(select(PointOfEntry.id).where(PointOfEntry.code == POE_CODE))
    engine.dispose()
    return str(found)


# ---------------------------------------------------------------- unique travellers


def _latin(text: str) -> str:
    from passage.border.synthetic_names import latin_form, strip_diacritics

    return NOT_LETTERS.sub("", strip_diacritics(latin_form(text)).upper().replace("-", " "))


def traveller_mrz(process: int, lane: int, number: int) -> str:
    """A TD3 MRZ of a unique generated traveller (the document number carries the counter)."""
    from passage.border.mrz import build_td3
    from passage.border.synthetic_names import make_person

    person = make_person(random.Random(f"{process}-{lane}-{number}"), number)
    given = _latin(" ".join(person.given)) or "ALEX"
    surname = _latin(person.surname) or "DOE"
    return build_td3(
        issuing_state="KEN",
        document_number=f"{process % 10}{lane % 100:02d}{number % 1_000_000:06d}",
        surname=surname,
        given_names=given,
        nationality="KEN",
        birth_date=date.fromisoformat(person.birth_date),
        sex=person.gender if person.gender in ("M", "F") else "X",
        expiry_date=date(2033, 6, 30),
    )


# ---------------------------------------------------------------- load generator (child side)


@dataclass(frozen=True)
class PostPlan:
    """One load process: where to post, as whom, with how many connections, and when to count."""

    process: int
    port: int
    token: str
    poe_id: str
    connections: int
    start_at: float
    measure_from: float
    measure_until: float


def _post_bytes(plan: PostPlan, mrz: str) -> bytes:
    body = json.dumps(
        {
            "poe_id": plan.poe_id,
            "direction": "entry",
            "mrz": mrz,
            "origin_iso3": "TZA",
            "allowed_stay_days": 30,
        }
    ).encode()
    head = (
        "POST /api/v1/crossings HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{plan.port}\r\n"
        "Accept: application/json\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {plan.token}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


async def _connection(plan: PostPlan, lane: int, result: LoadResult) -> None:
    """Post unique travellers back to back on one keep-alive connection."""
    writer: asyncio.StreamWriter | None = None
    number = 0
    while time.time() < plan.measure_until:
        number += 1
        request = _post_bytes(plan, traveller_mrz(plan.process, lane, number))
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", plan.port)
            started = time.perf_counter()
            writer.write(request)
            status, keep_alive = await _read_response(reader)
            finished = time.perf_counter()
        except (OSError, asyncio.IncompleteReadError, ValueError):
            if plan.measure_from <= time.time() < plan.measure_until:
                result.errors += 1
            writer = None
            await asyncio.sleep(0.01)
            continue
        if plan.measure_from <= time.time() < plan.measure_until:
            if status == 201:
                result.ok += 1
                result.latencies.append(finished - started)
            else:
                result.non_200 += 1
        if not keep_alive:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def _drive(plan: PostPlan) -> LoadResult:
    result = LoadResult()
    await asyncio.sleep(max(0.0, plan.start_at - time.time()))
    await asyncio.gather(*(_connection(plan, lane, result) for lane in range(plan.connections)))
    return result


def _load_process(plan: PostPlan) -> LoadResult:
    """Entry point of one load-generator process."""
    return asyncio.run(_drive(plan))


def run_load(
    port: int, token: str, poe_id: str, options: argparse.Namespace, processes: int
) -> LoadResult:
    """Register crossings from `processes` processes for the measured window."""
    start_at = time.time() + 1.0
    plans = [
        PostPlan(
            process=index,
            port=port,
            token=token,
            poe_id=poe_id,
            connections=options.connections // processes
            + (1 if index < options.connections % processes else 0),
            start_at=start_at,
            measure_from=start_at + options.warmup,
            measure_until=start_at + options.warmup + options.duration,
        )
        for index in range(processes)
    ]
    total = LoadResult()
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        for part in pool.map(_load_process, [plan for plan in plans if plan.connections]):
            total.merge(part)
    return total


# ---------------------------------------------------------------- server


@contextmanager
def running_server(env: dict[str, str], workdir: Path, port: int) -> Iterator[str]:
    """`passage serve --workers 2 --no-access-log`; yields the base URL."""
    command = [
        *_passage_command(),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(SERVER_WORKERS),
        "--no-access-log",
    ]
    log = (workdir / "server.log").open("wb")
    server = subprocess.Popen(command, env=env, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, server, workdir / "server.log")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def officer_token(base: str) -> str:
    """A bearer token of the demo border officer."""
    response = httpx.post(
        base + "/api/v1/auth/token",
        json={"email": OFFICER_EMAIL, "password": OFFICER_PASSWORD},
        timeout=30,
    )
    response.raise_for_status()
    return str(response.json()["token"])


def warm_up(base: str, token: str, poe_id: str, timeout: float = 900.0) -> float:
    """Post until both workers answer quickly (each builds its alert index on first use)."""
    started = time.monotonic()
    headers = {"Authorization": f"Bearer {token}"}

    async def one(client: httpx.AsyncClient, number: int) -> float:
        began = time.perf_counter()
        body = {"poe_id": poe_id, "direction": "entry", "mrz": traveller_mrz(9, 99, number)}
        response = await client.post(base + "/api/v1/crossings", json=body, headers=headers)
        # 409: the token's last-used stamp was updated by a concurrent first request; retry
        if response.status_code not in (201, 409):
            raise RuntimeError(f"warm-up registration failed: {response.text[:500]}")
        return time.perf_counter() - began

    async def rounds() -> None:
        number = 1
        async with httpx.AsyncClient(timeout=timeout) as client:
            await one(client, 0)  # alone first: stamps the token, builds one worker's index
            while time.monotonic() - started < timeout:
                durations = await asyncio.gather(*(one(client, number + i) for i in range(8)))
                number += 8
                if max(durations) < 0.5:
                    return
        raise RuntimeError("the server did not become fast within the warm-up time")

    asyncio.run(rounds())
    return time.monotonic() - started


# ---------------------------------------------------------------- main


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=60.0, help="Seconds measured.")
    parser.add_argument("--warmup", type=float, default=3.0, help="Unmeasured seconds first.")
    parser.add_argument("--persons", type=int, default=1_000_000, help="Alert-list size.")
    parser.add_argument("--connections", type=int, default=16, help="Keep-alive connections.")
    parser.add_argument("--processes", type=int, default=2, help="Load-generator processes.")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("PASSAGE_BENCH_DATABASE_URL"),
        help="PostgreSQL server URL; a fresh database is created there and dropped afterwards.",
    )
    return parser.parse_args()


def main() -> None:
    """Prepare, warm up, measure and report the two figures."""
    options = _options()
    processes = max(1, min(options.processes, options.connections))
    with tempfile.TemporaryDirectory(prefix="passage-bench-") as tmp:
        workdir = Path(tmp)
        with fresh_database(workdir, options.postgres) as database_url:
            env = server_env(database_url)
            prepare(env, workdir)
            load_seconds = load_alert_list(database_url, options.persons)
            poe_id = namanga_id(database_url)
            with running_server(env, workdir, _free_port()) as base:
                token = officer_token(base)
                warm_seconds = warm_up(base, token, poe_id)
                port = int(base.rsplit(":", 1)[1])
                result = run_load(port, token, poe_id, options, processes)
    rate, context = summarise(result, options.duration)
    common = {
        "database": "postgresql" if options.postgres else "sqlite (no --postgres given)",
        "server_workers": SERVER_WORKERS,
        "alert_list_persons": options.persons,
        "alert_list_load_s": round(load_seconds, 1),
        "warm_up_s": round(warm_seconds, 1),
        "connections": options.connections,
        "load_processes": processes,
        "duration_s": options.duration,
        "cpus": os.cpu_count(),
        "endpoint": "POST /api/v1/crossings (TD3 MRZ, unique travellers, entry at Namanga)",
        "note": "load generator on the same machine shares the CPUs with the server",
        **context,
    }
    report(
        "crossing_registrations_per_second",
        rate,
        "per_second",
        target=">= 200",
        meets_target=rate >= 200,
        context=common,
    )
    p99 = context["p99_ms"]
    report(
        "crossing_registration_p99_ms",
        p99,
        "ms",
        target="< 100",
        meets_target=p99 < 100,
        context=common,
    )


if __name__ == "__main__":
    main()
