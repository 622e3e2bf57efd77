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
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import _cpu
import httpx
from _crossing_load import CpuUse, database_cpu, run_load, run_prefix, traveller_mrz
from _db import fresh_database
from _report import report
from _server import (
    DEMO_PASSWORD,
    SERVER_WORKERS,
    Server,
    bearer_token,
    free_port,
    prepare,
    running_server,
    server_env,
)
from bench_api_overhead import AUTHENTICATED_PATH, LoadResult, summarise
from bench_api_overhead import run_load as run_read_load

OFFICER_EMAIL = "border@demo.passage.int"
POE_CODE = "LND-KEN-NAMANGA"
BATCH = 10_000
FLOOR_PATH = AUTHENTICATED_PATH
LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
FLOOR_WARMUP = 1.0


# ---------------------------------------------------------------- the alert list, in bulk


def _person_rows(count: int, list_id: object) -> Iterator[list[dict[str, object]]]:
    """Batches of alert_persons rows for `count` generated people."""
    from passage.synthetic.people import generate_people

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
    from sqlalchemy import insert

    from passage.border.alerts.models import AlertList, AlertPerson
    from passage.db import make_engine

    started = time.perf_counter()
    engine = make_engine(database_url)
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
    from sqlalchemy import select

    from passage.db import make_engine
    from passage.geo.models import PointOfEntry

    engine = make_engine(database_url)
    with engine.connect() as connection:
        found = connection.scalar(select(PointOfEntry.id).where(PointOfEntry.code == POE_CODE))
    engine.dispose()
    return str(found)


# ---------------------------------------------------------------- warm-up and baseline


def warm_up(base: str, token: str, poe_id: str, timeout: float = 900.0) -> float:
    """Post until both workers answer quickly (each builds its alert index on first use)."""
    started = time.monotonic()
    headers = {"Authorization": f"Bearer {token}"}
    prefix = run_prefix()

    async def one(client: httpx.AsyncClient, number: int) -> float:
        began = time.perf_counter()
        body = {"poe_id": poe_id, "direction": "entry", "mrz": traveller_mrz(prefix, number)}
        response = await client.post(base + "/api/v1/crossings", json=body, headers=headers)
        if response.status_code != 201:
            raise RuntimeError(f"warm-up registration failed: {response.text[:500]}")
        return time.perf_counter() - began

    async def rounds() -> None:
        number = 1
        async with httpx.AsyncClient(timeout=timeout) as client:
            await one(client, 0)  # alone first: builds one worker's index
            while time.monotonic() - started < timeout:
                durations = await asyncio.gather(*(one(client, number + i) for i in range(8)))
                number += 8
                if max(durations) < 0.5:
                    return
        raise RuntimeError("the server did not become fast within the warm-up time")

    asyncio.run(rounds())
    return time.monotonic() - started


def floor_run(
    server: Server, token: str, options: argparse.Namespace, processes: int
) -> tuple[LoadResult, CpuUse]:
    """The baseline: an authenticated read through the same server and load generator, with
    the server's and PostgreSQL's CPU time (over the whole run, scaled to the measured part)."""
    server_before, database_before = server.cpu(), database_cpu(server.database_url)
    result = run_read_load(
        server.port,
        FLOOR_PATH,
        {"Authorization": f"Bearer {token}"},
        connections=options.connections,
        processes=processes,
        warmup=FLOOR_WARMUP,
        duration=options.floor_duration,
    )
    share = options.floor_duration / (options.floor_duration + FLOOR_WARMUP + 0.5)
    cpu = CpuUse(_cpu.used_between(server_before, server.cpu()) * share)
    database_after = database_cpu(server.database_url)
    if database_before is not None and database_after is not None:
        cpu.database = _cpu.used_between(database_before, database_after) * share
    return result, cpu


# ---------------------------------------------------------------- main


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=60.0, help="Seconds measured.")
    parser.add_argument("--warmup", type=float, default=3.0, help="Unmeasured seconds first.")
    parser.add_argument("--persons", type=int, default=1_000_000, help="Alert-list size.")
    parser.add_argument("--connections", type=int, default=16, help="Keep-alive connections.")
    parser.add_argument("--processes", type=int, default=2, help="Load-generator processes.")
    parser.add_argument(
        "--floor-duration", type=float, default=10.0, help="Seconds of the baseline read run."
    )
    parser.add_argument(
        "--prepared-rate",
        type=float,
        default=400.0,
        help="Registrations per second the prepared travellers last for (more are made live).",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("PASSAGE_BENCH_DATABASE_URL") or local_postgres(),
        help="PostgreSQL server URL; a fresh database is created there and dropped afterwards "
        "(default: PASSAGE_BENCH_DATABASE_URL, else the local server if it answers).",
    )
    parser.add_argument(
        "--prepared-database",
        help="For iteration only: a database already holding the demo world and an alert list "
        "(--persons is then only reported); nothing is created or dropped.",
    )
    return parser.parse_args()


def local_postgres() -> str | None:
    """The local PostgreSQL server's URL if one answers (the issue's figure is on PostgreSQL)."""
    from sqlalchemy import text

    from passage.db import make_engine

    engine = make_engine(LOCAL_POSTGRES)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return None
    finally:
        engine.dispose()
    return LOCAL_POSTGRES


@contextmanager
def prepared(options: argparse.Namespace, workdir: Path) -> Iterator[tuple[str, float | None]]:
    """The database URL to serve and the seconds the alert list took to load."""
    if options.prepared_database:
        yield options.prepared_database, None
        return
    with fresh_database(workdir, options.postgres) as database_url:
        prepare(server_env(database_url), workdir)
        yield database_url, load_alert_list(database_url, options.persons)


@dataclass
class Run:
    """What one benchmark run measured."""

    result: LoadResult
    cpu: CpuUse
    floor: LoadResult
    floor_cpu: CpuUse
    warm_seconds: float
    load_seconds: float | None
    database_url: str
    load_before: list[float]
    load_after: list[float]
    hits_per_registration: float


def hits_per_registration(database_url: str, since: datetime) -> float:
    """Alert hits stored per crossing registered since a moment (the screening workload)."""
    from sqlalchemy import func, select

    from passage.border.alerts.models import ScreeningHit
    from passage.border.crossings.models import Crossing
    from passage.db import make_engine

    engine = make_engine(database_url)
    with engine.connect() as connection:
        crossings = connection.scalar(
            select(func.count()).select_from(Crossing).where(Crossing.created_at >= since)
        )
        hits = connection.scalar(
            select(func.count())
            .select_from(ScreeningHit)
            .join(Crossing, Crossing.id == ScreeningHit.crossing_id)
            .where(Crossing.created_at >= since)
        )
    engine.dispose()
    return round((hits or 0) / max(crossings or 0, 1), 2)


def measure(options: argparse.Namespace, processes: int) -> Run:
    """Prepare the database, start the server, warm up, measure the baseline and the load."""
    with tempfile.TemporaryDirectory(prefix="passage-bench-") as tmp:
        workdir = Path(tmp)
        with prepared(options, workdir) as (database_url, load_seconds):
            poe_id = namanga_id(database_url)
            env = server_env(database_url)
            with running_server(env, workdir, free_port()) as server:
                token = bearer_token(server.base, OFFICER_EMAIL, DEMO_PASSWORD)
                warm_seconds = warm_up(server.base, token, poe_id)
                load_before = _cpu.load_average()
                floor, floor_cpu = floor_run(server, token, options, processes)
                started = datetime.now(UTC)
                result, cpu = run_load(server, token, poe_id, options, processes)
                hits = hits_per_registration(database_url, started)
                load_after = _cpu.load_average()
    return Run(
        result,
        cpu,
        floor,
        floor_cpu,
        warm_seconds,
        load_seconds,
        database_url,
        load_before,
        load_after,
        hits,
    )


def cpu_per_request(result: LoadResult, cpu: CpuUse) -> dict[str, float]:
    """CPU-ms per successful request by component, and their total."""
    count = max(result.ok, 1)
    parts = {
        "app_workers": cpu.server,
        "postgresql_backends": cpu.database,
        "load_generator": result.cpu_seconds,
    }
    per = {name: round(value * 1000 / count, 2) for name, value in parts.items() if value}
    return {**per, "total": round(sum(per.values()), 2)}


def cpu_context(run: Run) -> dict[str, object]:
    """CPU-ms per registration by component, what the machine's cores could sustain at that
    cost, and the same for the baseline read."""
    per = cpu_per_request(run.result, run.cpu)
    return {
        "cpu_ms_per_registration": per,
        "cpu_bound_ceiling_per_second": round((os.cpu_count() or 1) * 1000 / per["total"], 1)
        if per["total"]
        else None,
        "baseline_cpu_ms_per_request": cpu_per_request(run.floor, run.floor_cpu),
        "cpu_note": "client PostgreSQL backends only (no WAL writer or checkpointer); the "
        "baseline's server CPU is scaled from its whole run to the measured seconds",
    }


def main() -> None:
    """Prepare, warm up, measure and report the two figures."""
    options = _options()
    processes = max(1, min(options.processes, options.connections, 9))
    run = measure(options, processes)
    rate, context = summarise(run.result, options.duration)
    floor_rate, floor_context = summarise(run.floor, options.floor_duration)
    database = "postgresql" if run.database_url.startswith("postgresql") else "sqlite"
    common = {
        "database": database
        if options.postgres or options.prepared_database
        else database + " (no PostgreSQL server given or found)",
        "server_workers": SERVER_WORKERS,
        "alert_list_persons": options.persons,
        "alert_list_load_s": round(run.load_seconds, 1) if run.load_seconds else None,
        "warm_up_s": round(run.warm_seconds, 1),
        "connections": options.connections,
        "load_processes": processes,
        "duration_s": options.duration,
        "cpus": os.cpu_count(),
        "load_average_before": run.load_before,
        "load_average_after": run.load_after,
        "endpoint": "POST /api/v1/crossings (TD3 MRZ, unique travellers, entry at Namanga, "
        "bearer token)",
        "note": "load generator, PostgreSQL and the 2 workers share the machine's CPUs",
        **cpu_context(run),
        "alert_hits_per_registration": run.hits_per_registration,
        **context,
    }
    floor_name = f"authenticated GET {FLOOR_PATH}, same server and load generator, same run"
    report(
        "crossing_registrations_per_second",
        rate,
        "per_second",
        target=">= 200",
        meets_target=rate >= 200,
        baseline={"name": floor_name, "value": floor_rate, "unit": "per_second"},
        context=common,
    )
    p99 = context["p99_ms"]
    report(
        "crossing_registration_p99_ms",
        p99,
        "ms",
        target="< 100",
        meets_target=p99 < 100,
        baseline={"name": floor_name, "value": floor_context["p99_ms"], "unit": "ms"},
        context=common,
    )


if __name__ == "__main__":
    main()
