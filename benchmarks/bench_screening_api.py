"""Screening submission through the API: POST /api/v1/health/screenings as the demo port-health
officer, p99 latency against the issue's target of 100 ms.

Prepares a fresh database (a throw-away PostgreSQL database with --postgres URL or
PASSAGE_BENCH_DATABASE_URL; embedded SQLite otherwise, noted in the context), loads the demo
world, starts `passage serve --workers 2`, then submits screenings for --duration seconds, first
from one connection (an officer at a desk: the headline figure), then, on PostgreSQL, from 4
concurrent connections (several desks at once; a second figure). A tenth of the travellers
come from an outbreak country with fever (isolate and refer: the request also opens a case,
schedules 21 follow-ups, lists the traveller and notifies the officers), a fifth report contact
with a case, the rest are cleared.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import _cpu
import httpx
from _db import fresh_database
from _report import percentile, report
from _server import (
    DEMO_PASSWORD,
    SERVER_WORKERS,
    bearer_token,
    free_port,
    prepare,
    running_server,
    server_env,
)

OFFICER_EMAIL = "health@demo.passage.int"
POE_CODE = "LND-KEN-NAMANGA"
TARGET_P99_MS = 100.0


def body(poe_id: str, number: int) -> dict[str, object]:
    """A screening: cleared, contact with a case, or fever after an outbreak country."""
    rng = random.Random(number)
    values: dict[str, object] = {
        "poe_id": poe_id,
        "surname": f"TRAVELLER{number}",
        "given_names": "BENCH",
        "nationality": rng.choice(["KEN", "TZA", "UGA"]),
        "origin_iso3": "TZA",
        "temperature_c": round(rng.uniform(36.0, 37.4), 1),
        "phone": f"+2547{number:08d}",
    }
    kind = number % 10
    if kind == 0:
        values |= {
            "origin_iso3": "UGA",
            "temperature_c": 38.9,
            "symptoms": ["headache", "vomiting", "fatigue"],
        }
    elif kind in (1, 2):
        values |= {"contact_with_case": True}
    return values


async def _client(
    base: str, token: str, poe_id: str, stop: float, first: int, step: int
) -> list[float]:
    latencies: list[float] = []
    headers = {"Authorization": f"Bearer {token}"}
    number = first
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
        while time.monotonic() < stop:
            started = time.perf_counter()
            response = await client.post("/api/v1/health/screenings", json=body(poe_id, number))
            elapsed = time.perf_counter() - started
            if response.status_code != 201:
                raise RuntimeError(f"{response.status_code}: {response.text[:300]}")
            latencies.append(elapsed)
            number += step
    return latencies


async def _load(base: str, token: str, poe_id: str, clients: int, duration: float) -> list[float]:
    stop = time.monotonic() + duration
    runs = [_client(base, token, poe_id, stop, first, clients) for first in range(clients)]
    return [latency for run in await asyncio.gather(*runs) for latency in run]


def _setup(base: str) -> tuple[str, str]:
    token = bearer_token(base, OFFICER_EMAIL, DEMO_PASSWORD)
    poes = httpx.get(base + "/api/v1/poes", params={"q": "Namanga", "limit": 50}, timeout=30).json()
    poe_id = next(item["id"] for item in poes["items"] if item["code"] == POE_CODE)
    return token, poe_id


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--duration", type=float, default=float(os.environ.get("BENCH_SECONDS", "15"))
    )
    parser.add_argument(
        "--clients",
        default=None,
        help="comma-separated concurrent connection counts (default 1,4 on PostgreSQL; 1 on "
        "SQLite, where writers from several server processes meet SQLite's database lock)",
    )
    parser.add_argument("--postgres", default=os.environ.get("PASSAGE_BENCH_DATABASE_URL"))
    return parser.parse_args()


def main() -> None:
    """Run the loads and print one p99 figure per number of connections."""
    options = _options()
    counts = [int(n) for n in (options.clients or ("1,4" if options.postgres else "1")).split(",")]
    runs: dict[int, list[float]] = {}
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_database(Path(folder), options.postgres) as url,
    ):
        workdir = Path(folder)
        env = server_env(url)
        prepare(env, workdir)
        with running_server(env, workdir, free_port()) as server:
            base = server.base
            token, poe_id = _setup(base)
            asyncio.run(_load(base, token, poe_id, 1, 2.0))  # warm-up: first requests, caches
            for clients in counts:
                latencies = asyncio.run(_load(base, token, poe_id, clients, options.duration))
                runs[clients] = sorted(latencies)
    for clients, latencies in runs.items():
        _report(options, clients, latencies)


def _report(options: argparse.Namespace, clients: int, latencies: list[float]) -> None:
    p99 = percentile(latencies, 0.99) * 1000
    suffix = "" if clients == 1 else f"_{clients}_clients"
    report(
        "screening_submission_p99" + suffix,
        p99,
        "ms",
        target=f"< {TARGET_P99_MS:g}",
        meets_target=p99 < TARGET_P99_MS,
        baseline={"name": "issue target", "value": TARGET_P99_MS, "unit": "ms"},
        context={
            "database": "postgresql" if options.postgres else "sqlite",
            "server_workers": SERVER_WORKERS,
            "clients": clients,
            "screenings": len(latencies),
            "per_second": round(len(latencies) / options.duration, 1),
            "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
            "p90_ms": round(percentile(latencies, 0.90) * 1000, 2),
            "max_ms": round(latencies[-1] * 1000, 2),
            "load_1min": (_cpu.load_average() or [None])[0],
        },
    )


if __name__ == "__main__":
    main()
