"""Mixed traffic on `passage serve --workers 2` for 60 s (issue 14, item 9).

A fresh database (PostgreSQL: PASSAGE_BENCH_DATABASE_URL, --postgres URL, else the local server
at 127.0.0.1:5432 if it answers; SQLite otherwise, said in the context) gets the demo world;
then CONNECTIONS keep-alive connections send requests back to back for --duration seconds, each
request drawn from MIX:

- public journey checks: anonymous POST /api/v1/journeys/check (varied travellers/itineraries);
- officer crossing registrations: POST /api/v1/crossings as the demo border officer at Namanga,
  each a new traveller (a TD3 MRZ of a generated person), screened against the alert lists;
- health screenings: POST /api/v1/health/screenings as the demo port-health officer;
- coordinator edits: PATCH /api/v1/poes/{id} as the demo coordinator (each connection its own
  Kenyan point of entry, carrying the version it read: no lost update, no conflict expected).

Figures: mixed_load_throughput (requests/s, baseline: GET /api/v1/health, the bare app, through
the same server and loop for --baseline-seconds), mixed_load_p99_ms (nearest-rank p99 of every
request in the window, baseline: the same health check's p99) and mixed_load_errors (every
answer that is not 2xx, and every transport error; target 0).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from _crossing_load import run_prefix, traveller_mrz
from _db import fresh_database
from _report import percentile, report
from _server import DEMO_PASSWORD, bearer_token, free_port, prepare, running_server, server_env
from bench_crossings import local_postgres
from bench_journeys import questions

MIX = {"journey_check": 50, "crossing_registration": 25, "health_screening": 15, "edit": 10}
CONNECTIONS = 8
OFFICER, HEALTH, COORDINATOR = (
    "border@demo.passage.int",
    "health@demo.passage.int",
    "coordinator@demo.passage.int",
)


@dataclass
class Tally:
    """Latencies and errors per kind of request inside the window."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    samples: list[str] = field(default_factory=list)

    def note(self, kind: str, seconds: float, problem: str | None) -> None:
        """Count one answer."""
        self.latencies.setdefault(kind, []).append(seconds * 1000)
        if problem is not None:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            if len(self.samples) < 5:
                self.samples.append(f"{kind}: {problem}")

    def all_ms(self) -> list[float]:
        """Every latency in milliseconds."""
        return [ms for values in self.latencies.values() for ms in values]


@dataclass
class World:
    """What the requests need: tokens, points of entry, journeys, travellers."""

    officer: dict[str, str]
    health: dict[str, str]
    coordinator: dict[str, str]
    namanga: str
    edit_poes: list[dict[str, Any]]
    journeys: list[dict[str, Any]]
    mrzs: list[str]


def _auth(base: str, email: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {bearer_token(base, email, DEMO_PASSWORD)}"}


def prepare_world(base: str, travellers: int) -> World:
    """Sign the demo staff in and prepare the bodies (before the measured run)."""
    coordinator = _auth(base, COORDINATOR)
    poes = httpx.get(
        base + "/api/v1/poes", params={"country": "KEN", "limit": 100}, headers=coordinator
    ).json()["items"]
    codes = [c["iso3"] for c in httpx.get(base + "/api/v1/countries").json()]
    prefix = run_prefix()
    return World(
        officer=_auth(base, OFFICER),
        health=_auth(base, HEALTH),
        coordinator=coordinator,
        namanga=next(p["id"] for p in poes if p["code"] == "LND-KEN-NAMANGA"),
        edit_poes=_edit_poes(base, coordinator, poes, prefix),
        journeys=questions(codes, 500),
        mrzs=[traveller_mrz(prefix, n) for n in range(travellers)],
    )


def _edit_poes(
    base: str, coordinator: dict[str, str], poes: list[dict[str, Any]], prefix: str
) -> list[dict[str, Any]]:
    """One Kenyan point of entry per connection, so that no two connections edit the same
    record (the demo holds fewer than CONNECTIONS; the missing ones are made as a coordinator
    would, through the API, before the measured run)."""
    own = [p for p in poes if p["code"] != "LND-KEN-NAMANGA"][:CONNECTIONS]
    for number in range(len(own), CONNECTIONS):
        body = {
            "code": f"LND-KEN-BENCH-{prefix}-{number}",
            "name": f"Bench crossing {number}",
            "kind": "land_crossing",
            "country_iso3": "KEN",
        }
        response = httpx.post(base + "/api/v1/poes", json=body, headers=coordinator)
        response.raise_for_status()
        own.append(response.json())
    return own


def _screening(rng: random.Random, poe_id: str) -> dict[str, Any]:
    return {
        "poe_id": poe_id,
        "surname": rng.choice(["Otieno", "Wanjiru", "Mwangi", "Nguyen", "Haddad", "Silva"]),
        "given_names": rng.choice(["Amina", "John", "Grace", "Ali", "Mei"]),
        "sex": rng.choice(["F", "M"]),
        "nationality": rng.choice(["KEN", "TZA", "UGA", "COD"]),
        "arrival_date": date.today().isoformat(),
        "origin_iso3": rng.choice(["TZA", "UGA", "COD"]),
        "temperature_c": round(rng.uniform(36.0, 38.6), 1),
        "symptoms": rng.choice([[], [], ["fever"], ["cough", "headache"]]),
    }


Send = Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]


class Connection:
    """One keep-alive connection sending the mix back to back."""

    def __init__(self, index: int, world: World, mrzs: list[str], mix: dict[str, int]):
        self.rng = random.Random(index)
        self.world, self.mrzs, self.mix = world, mrzs, mix
        self.poe = dict(world.edit_poes[index % len(world.edit_poes)]) if world.edit_poes else {}

    def request(self) -> tuple[str, Send]:
        """The next request of the mix: its kind and how to send it."""
        kind = self.rng.choices(list(self.mix), weights=list(self.mix.values()))[0]
        return kind, getattr(self, kind)

    async def journey_check(self, client: httpx.AsyncClient) -> httpx.Response:
        """An anonymous journey check."""
        body = self.rng.choice(self.world.journeys)
        return await client.post("/api/v1/journeys/check", json=body)

    async def crossing_registration(self, client: httpx.AsyncClient) -> httpx.Response:
        """A border officer registers a new traveller's entry."""
        body = {
            "poe_id": self.world.namanga,
            "direction": "entry",
            "mrz": self.mrzs.pop() if self.mrzs else traveller_mrz(run_prefix(), 0),
            "origin_iso3": "TZA",
            "allowed_stay_days": 30,
        }
        return await client.post("/api/v1/crossings", json=body, headers=self.world.officer)

    async def health_screening(self, client: httpx.AsyncClient) -> httpx.Response:
        """A port-health officer records an SOP screening."""
        body = _screening(self.rng, self.world.namanga)
        return await client.post("/api/v1/health/screenings", json=body, headers=self.world.health)

    async def edit(self, client: httpx.AsyncClient) -> httpx.Response:
        """A coordinator edits a point of entry from the version read."""
        area = f"Area {self.rng.randint(1, 999)}"
        body = {"version": self.poe["version"], "admin_area": area}
        response = await client.patch(
            f"/api/v1/poes/{self.poe['id']}", json=body, headers=self.world.coordinator
        )
        if response.status_code == 200:
            self.poe["version"] = response.json()["version"]
        return response

    async def health(self, client: httpx.AsyncClient) -> httpx.Response:
        """The bare health check (the baseline)."""
        return await client.get("/api/v1/health")


async def _drive(connection: Connection, base: str, window: tuple[float, float], tally: Tally):
    start, until = window
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while (now := time.monotonic()) < until:
            kind, send = connection.request()
            problem = None
            began = time.perf_counter()
            try:
                response = await send(client)
                if not response.is_success:
                    problem = f"{response.status_code} {response.text[:200]}"
            except httpx.HTTPError as error:
                problem = f"{type(error).__name__}: {error}"
            if now >= start:
                tally.note(kind, time.perf_counter() - began, problem)


def run_phase(base: str, world: World, mix: dict[str, int], warmup: float, seconds: float):
    """CONNECTIONS connections for warmup + seconds; what the last `seconds` saw."""
    tally = Tally()
    start = time.monotonic() + warmup
    window = (start, start + seconds)
    per_connection = len(world.mrzs) // CONNECTIONS
    connections = [
        Connection(i, world, world.mrzs[i * per_connection : (i + 1) * per_connection], mix)
        for i in range(CONNECTIONS)
    ]

    async def everything() -> None:
        await asyncio.gather(*(_drive(c, base, window, tally) for c in connections))

    asyncio.run(everything())
    return tally


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--baseline-seconds", type=float, default=10.0)
    parser.add_argument("--travellers", type=int, default=6000, help="MRZs made beforehand")
    parser.add_argument(
        "--postgres", default=os.environ.get("PASSAGE_BENCH_DATABASE_URL") or local_postgres()
    )
    return parser.parse_args()


def _report(mixed: Tally, floor: Tally, options: argparse.Namespace, database: str) -> None:
    latencies, floor_ms = mixed.all_ms(), floor.all_ms()
    errors = sum(mixed.errors.values())
    context = {
        "database": database,
        "server_workers": 2,
        "connections": CONNECTIONS,
        "duration_s": options.duration,
        "mix_weights": MIX,
        "requests_by_kind": {k: len(v) for k, v in mixed.latencies.items()},
        "p99_ms_by_kind": {k: round(percentile(v, 0.99), 1) for k, v in mixed.latencies.items()},
        "errors_by_kind": mixed.errors,
        "error_samples": mixed.samples,
        "load_generator": "one process, httpx keep-alive connections, same machine",
    }
    floor_rate = len(floor_ms) / options.baseline_seconds
    health = {"name": "GET /api/v1/health through the same server and loop", "unit": ""}
    report(
        "mixed_load_throughput",
        len(latencies) / options.duration,
        "requests_per_second",
        baseline=health | {"value": round(floor_rate, 1), "unit": "requests_per_second"},
        context=context,
    )
    report(
        "mixed_load_p99_ms",
        percentile(latencies, 0.99),
        "ms",
        baseline=health | {"value": round(percentile(floor_ms, 0.99), 2), "unit": "ms"},
        context=context,
    )
    report(
        "mixed_load_errors",
        errors,
        "count",
        target="0",
        meets_target=errors == 0,
        baseline={"name": "issue 14 item 9: no error in 60 s", "value": 0, "unit": "count"},
        context=context,
    )


def main() -> None:
    """Prepare, run the baseline and the mixed load, print the figures."""
    options = _options()
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        with fresh_database(workdir, options.postgres) as database_url:
            env = server_env(database_url)
            prepare(env, workdir)
            with running_server(env, workdir, free_port()) as server:
                world = prepare_world(server.base, options.travellers)
                floor = run_phase(server.base, world, {"health": 1}, 1.0, options.baseline_seconds)
                mixed = run_phase(server.base, world, MIX, options.warmup, options.duration)
        database = "postgresql" if database_url.startswith("postgresql") else "sqlite"
        _report(mixed, floor, options, database)


if __name__ == "__main__":
    main()
