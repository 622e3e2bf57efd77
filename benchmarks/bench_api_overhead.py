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
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import httpx
from _db import fresh_database
from _report import report

DEMO_EMAIL = "admin@demo.passage.int"
DEMO_PASSWORD = "passage-demo-2026"
BARE_PATH = "/api/v1/health"
AUTHENTICATED_PATH = "/api/v1/countries/KEN"
SERVER_WORKERS = 2


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


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
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
            status, keep_alive = await _read_response(reader)
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


def _load_process(plan: LoadPlan) -> LoadResult:
    """Entry point of one load-generator process."""
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    return asyncio.run(_drive(plan))


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
        for part in pool.map(_load_process, [plan for plan in plans if plan.connections]):
            total.merge(part)
    return total


# ---------------------------------------------------------------- database and server


def _passage_command() -> list[str]:
    script = Path(sys.executable).parent / "passage"
    if script.exists():
        return [str(script)]
    found = shutil.which("passage")
    return [found] if found else [sys.executable, "-c", "from passage.cli import app; app()"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(database_url: str) -> dict[str, str]:
    """Environment of every `passage` subprocess: production settings on the fresh database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PASSAGE_")}
    env.update(
        PASSAGE_DATABASE_URL=database_url,
        PASSAGE_ENVIRONMENT="production",
        PASSAGE_SECRET_KEY=secrets.token_urlsafe(48),
        PASSAGE_SECURE_COOKIES="true",
        # cheap password hashing only speeds up `passage demo`; the measured reads never hash
        PASSAGE_ARGON2_TIME_COST="1",
        PASSAGE_ARGON2_MEMORY_COST="8192",
    )
    return env


def prepare(env: dict[str, str], workdir: Path) -> None:
    """Create the schema and load the demo world (without airports)."""
    for args in (["db", "upgrade"], ["demo", "--skip-airports"]):
        done = subprocess.run(
            [*_passage_command(), *args], env=env, cwd=workdir, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise RuntimeError(f"passage {' '.join(args)} failed:\n{done.stderr[-2000:]}")


@contextmanager
def running_server(env: dict[str, str], workdir: Path, port: int) -> Iterator[str]:
    """Start `passage serve --workers 2`, wait for health, yield its base URL, stop it."""
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


def _wait_healthy(
    base: str, server: subprocess.Popen[bytes], log: Path, timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("passage serve exited:\n" + log.read_text(errors="replace")[-2000:])
        try:
            if httpx.get(base + BARE_PATH, timeout=5).status_code == 200:
                # both workers must be up before the run; give the second one a moment
                time.sleep(1.0)
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(
        "passage serve was not healthy in time:\n" + log.read_text(errors="replace")[-2000:]
    )


def bearer_token(base: str) -> str:
    """Sign in as the demo administrator and return a bearer token."""
    response = httpx.post(
        base + "/api/v1/auth/token",
        json={"email": DEMO_EMAIL, "password": DEMO_PASSWORD},
        timeout=30,
    )
    response.raise_for_status()
    return str(response.json()["token"])


# ---------------------------------------------------------------- figures


def _percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def summarise(result: LoadResult, duration: float) -> tuple[float, dict[str, Any]]:
    """Requests/s of 200 responses and the latency/error context of one run."""
    latencies = sorted(result.latencies)
    context = {
        "responses_200": result.ok,
        "non_200": result.non_200,
        "errors": result.errors,
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 3),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 3),
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
            with running_server(env, workdir, _free_port()) as base:
                token = bearer_token(base)
                port = int(base.rsplit(":", 1)[1])
                runs = [(BARE_PATH, {}), (options.path, {"Authorization": f"Bearer {token}"})]
                bare, authenticated = (
                    run_load(
                        port,
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
