"""A real `passage serve` for the API benchmarks: its environment on a fresh database, the demo
world, start-up on a free loopback port until healthy, a bearer token, and shutdown."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import _cpu
import httpx

HEALTH_PATH = "/api/v1/health"
SERVER_WORKERS = 2
DEMO_PASSWORD = "passage-demo-2026"  # every demo account's password (`passage demo`)


@dataclass
class Server:
    """A running `passage serve`: where it listens and how to read its CPU time."""

    base: str
    port: int
    pid: int
    database_url: str

    def cpu(self) -> dict[int, float]:
        """CPU seconds of the server's processes (supervisor and workers) now."""
        return _cpu.snapshot(_cpu.tree(self.pid))


def passage_command() -> list[str]:
    """The `passage` command of this interpreter's environment."""
    script = Path(sys.executable).parent / "passage"
    if script.exists():
        return [str(script)]
    found = shutil.which("passage")
    return [found] if found else [sys.executable, "-c", "from passage.cli import app; app()"]


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
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
            [*passage_command(), *args], env=env, cwd=workdir, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise RuntimeError(f"passage {' '.join(args)} failed:\n{done.stderr[-2000:]}")


def wait_healthy(
    base: str, server: subprocess.Popen[bytes], log: Path, timeout: float = 60
) -> None:
    """Wait until the server answers its health check (then a moment for the other worker)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("passage serve exited:\n" + log.read_text(errors="replace")[-2000:])
        try:
            if httpx.get(base + HEALTH_PATH, timeout=5).status_code == 200:
                # both workers must be up before the run; give the second one a moment
                time.sleep(1.0)
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(
        "passage serve was not healthy in time:\n" + log.read_text(errors="replace")[-2000:]
    )


@contextmanager
def running_server(
    env: dict[str, str], workdir: Path, port: int, startup_timeout: float = 60
) -> Iterator[Server]:
    """Start `passage serve --workers 2 --no-access-log`, wait for health, yield it, stop it
    (a loaded machine may need a longer `startup_timeout`)."""
    command = [
        *passage_command(),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(SERVER_WORKERS),
        "--no-access-log",
    ]
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            command, env=env, cwd=workdir, stdout=log, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(base, server, log_path, startup_timeout)
            yield Server(base, port, server.pid, env["PASSAGE_DATABASE_URL"])
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def bearer_token(base: str, email: str, password: str) -> str:
    """Sign in through the API and return the account's bearer token."""
    response = httpx.post(
        base + "/api/v1/auth/token", json={"email": email, "password": password}, timeout=30
    )
    response.raise_for_status()
    return str(response.json()["token"])
