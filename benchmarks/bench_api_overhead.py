"""Framework overhead: requests/s of an authenticated API read versus a bare endpoint.

Prepares a fresh database (embedded SQLite in a temp dir, or a throw-away PostgreSQL database
with --postgres URL / PASSAGE_BENCH_DATABASE_URL), loads the demo world, starts
`passage serve --workers 2` on a free loopback port, and drives it from separate processes
with a small pure-Python HTTP/1.1 keep-alive load generator (no wrk needed).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).parent))

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

DEMO_EMAIL = "admin@demo.passage.int"
BARE_PATH = "/api/v1/health"
AUTHENTICATED_PATH = "/api/v1/countries/KEN"

Plan = TypeVar("Plan")


@dataclass
class LoadResult:
    """What one load-generator process saw inside the measurement window."""

    ok: int = 0
    non_200: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    cpu_seconds: float = 0.0  # the load generator's own CPU time inside the window

    def merge(self, other: LoadResult) -> None:
        """Add another process's counts, latencies and CPU time to this one."""
        self.ok += other.ok
        self.non_200 += other.non_200
        self.errors += other.errors
        self.latencies.extend(other.latencies)
        self.cpu_seconds += other.cpu_seconds


@dataclass(frozen=True)
class LoadPlan:
    """One load run: where to send what, with how many connections, and when to count."""

    port: int
    path: str
    headers: tuple[tuple[str, str], ...]
    connections: int
    start_at: float
    measure_from: float
    measure_until: float


# ---------------------------------------------------------------- load generator (child side)


def _request_bytes(plan: LoadPlan) -> bytes:
    lines = [
        f"GET {plan.path} HTTP/1.1",
        f"Host: 127.0.0.1:{plan.port}",
        "Accept: application/json",
    ]
    lines += [f"{name}: {value}" for name, value in plan.headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one HTTP/1.1 response; return (status, server keeps the connection open)."""
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split(" ", 2)[1])
    length, keep_alive = 0, True
    for line in header_lines:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection" and value.strip().lower() == "close":
            keep_alive = False
        elif name == "transfer-encoding":
            raise ValueError("chunked responses are not supported by this load generator")
    if length:
        await reader.readexactly(length)
    return status, keep_alive


async def send_back_to_back(
    port: int,
    window: tuple[float, float],
    next_request: Callable[[], bytes],
    ok_status: int,
    result: LoadResult,
) -> None:
    """Send requests back to back on one keep-alive connection until the window closes;
    count those answered inside the window (`ok_status`, other statuses, errors)."""
    measure_from, measure_until = window
    writer: asyncio.StreamWriter | None = None
    while time.time() < measure_until:
        request = next_request()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            started = time.perf_counter()
            writer.write(request)
            status, keep_alive = await read_response(reader)
            finished = time.perf_counter()
        except (OSError, asyncio.IncompleteReadError, ValueError):
            if measure_from <= time.time() < measure_until:
                result.errors += 1
            writer = None
            await asyncio.sleep(0.01)
            continue
        if measure_from <= time.time() < measure_until:
            if status == ok_status:
                result.ok += 1
                result.latencies.append(finished - started)
            else:
                result.non_200 += 1
        if not keep_alive:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def measure_cpu(measure_from: float, measure_until: float, result: LoadResult) -> None:
    """Note this process's CPU time spent inside the measurement window."""
    await asyncio.sleep(max(0.0, measure_from - time.time()))
    started = time.process_time()
    await asyncio.sleep(max(0.0, measure_until - time.time()))
    result.cpu_seconds = time.process_time() - started


async def _drive(plan: LoadPlan) -> LoadResult:
    result = LoadResult()
    await asyncio.sleep(max(0.0, plan.start_at - time.time()))
    request = _request_bytes(plan)
    await asyncio.gather(
        measure_cpu(plan.measure_from, plan.measure_until, result),
        *(
            send_back_to_back(
                plan.port, (plan.measure_from, plan.measure_until), lambda: request, 200, result
            )
            for _ in range(plan.connections)
        ),
    )
    return result


def load_process(
    drive: Callable[[Plan], Coroutine[Any, Any, LoadResult]], plan: Plan
) -> LoadResult:
    """Entry point of one load-generator process: `drive(plan)` on uvloop when installed.
    Pass it to a pool as `partial(load_process, drive)` (`drive` defined at module level)."""
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    return asyncio.run(drive(plan))


def run_load(
    port: int,
    path: str,
    headers: dict[str, str],
    *,
    connections: int,
    processes: int,
    warmup: float,
    duration: float,
) -> LoadResult:
    """Drive one endpoint from `processes` processes sharing `connections` connections."""
    start_at = time.time() + 0.5
    plans = [
        LoadPlan(
            port=port,
            path=path,
            headers=tuple(headers.items()),
            connections=connections // processes + (1 if i < connections % processes else 0),
            start_at=start_at,
            measure_from=start_at + warmup,
            measure_until=start_at + warmup + duration,
        )
        for i in range(processes)
    ]
    total = LoadResult()
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        for part in pool.map(
            partial(load_process, _drive), [plan for plan in plans if plan.connections]
        ):
            total.merge(part)
    return total


# ---------------------------------------------------------------- figures


def summarise(result: LoadResult, duration: float) -> tuple[float, dict[str, Any]]:
    """Requests/s of 200 responses and the latency/error context of one run."""
    latencies = sorted(result.latencies)
    context = {
        "responses_200": result.ok,
        "non_200": result.non_200,
        "errors": result.errors,
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 3),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 3),
    }
    return result.ok / duration, context


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--duration", type=float, default=10.0, help="Seconds measured per endpoint."
    )
    parser.add_argument(
        "--warmup", type=float, default=2.0, help="Unmeasured seconds before each run."
    )
    parser.add_argument(
        "--connections", type=int, default=8, help="Concurrent keep-alive connections."
    )
    parser.add_argument("--processes", type=int, default=2, help="Load-generator processes.")
    parser.add_argument(
        "--path", default=AUTHENTICATED_PATH, help="The authenticated read to measure."
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("PASSAGE_BENCH_DATABASE_URL"),
        help="PostgreSQL server URL; a fresh database is created there and dropped afterwards.",
    )
    return parser.parse_args()


def main() -> None:
    """Measure the bare and the authenticated endpoint and report both figures."""
    options = _options()
    processes = max(1, min(options.processes, options.connections))
    with tempfile.TemporaryDirectory(prefix="passage-bench-") as tmp:
        workdir = Path(tmp)
        with fresh_database(workdir, options.postgres) as database_url:
            env = server_env(database_url)
            prepare(env, workdir)
            with running_server(env, workdir, free_port()) as server:
                token = bearer_token(server.base, DEMO_EMAIL, DEMO_PASSWORD)
                runs = [(BARE_PATH, {}), (options.path, {"Authorization": f"Bearer {token}"})]
                bare, authenticated = (
                    run_load(
                        server.port,
                        path,
                        headers,
                        connections=options.connections,
                        processes=processes,
                        warmup=options.warmup,
                        duration=options.duration,
                    )
                    for path, headers in runs
                )
    common = {
        "database": "postgresql" if options.postgres else "sqlite",
        "server_workers": SERVER_WORKERS,
        "connections": options.connections,
        "load_processes": processes,
        "duration_s": options.duration,
        "warmup_s": options.warmup,
        "cpus": os.cpu_count(),
        "note": "pure-Python keep-alive load generator on the same machine; it shares the CPUs "
        "with the server, so absolute figures are lower bounds and the ratio is what matters; "
        "uvicorn access log off (passage serve --no-access-log)",
    }
    bare_rate, bare_context = summarise(bare, options.duration)
    report(
        "api_bare_requests_per_second",
        bare_rate,
        "per_second",
        context={"endpoint": f"GET {BARE_PATH}", **bare_context, **common},
    )
    auth_rate, auth_context = summarise(authenticated, options.duration)
    report(
        "api_authenticated_read_requests_per_second",
        auth_rate,
        "per_second",
        baseline={
            "name": f"bare endpoint GET {BARE_PATH}",
            "value": bare_rate,
            "unit": "per_second",
        },
        context={
            "endpoint": f"GET {options.path}",
            "auth": "demo administrator's bearer token, resolved against the database per request",
            **auth_context,
            **common,
        },
    )


if __name__ == "__main__":
    main()
