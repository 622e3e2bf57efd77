"""The issue's acceptance test: two real `passage serve` processes on loopback, each with its
own database. A measure published on A reaches B by `passage exchange pull` and by webhook; an
entry altered in transit is rejected; a pull cut off mid-page resumes without duplicates.

B follows A through a small HTTP proxy run by the test, which can alter or cut A's answers.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from passage.demo.service import DEMO_PASSWORD
from tests.browser.conftest import (
    _free_port,
    _passage_command,
    _run_cli,
    _stop,
    _wait_until_healthy,
)

ADMIN = "admin@demo.passage.int"


@dataclass
class Server:
    """One running deployment."""

    name: str
    url: str
    env: dict[str, str]
    workdir: Path
    token: str = ""

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """A JSON API call with the administrator's token."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """A `passage` command against this deployment's database."""
        return subprocess.run(
            [_passage_command(), *args],
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )


class Proxy:
    """Forwards GETs to A; can alter the entry with a given title or cut the n-th answer."""

    def __init__(self, target: str):
        self.target, self.tamper_title, self.cut_request, self.requests = target, None, None, 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                proxy.requests += 1
                with urllib.request.urlopen(proxy.target + self.path, timeout=30) as upstream:
                    body = proxy.alter(upstream.read())
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if proxy.cut_request == proxy.requests:
                    self.wfile.write(body[: len(body) // 2])  # then the connection drops
                    self.close_connection = True
                    return
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", _free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def alter(self, body: bytes) -> bytes:
        """Change the quarantine days of the entry titled `tamper_title` (after signing)."""
        if not self.tamper_title:
            return body
        page = json.loads(body)
        for entry in page.get("entries", []):
            if entry.get("content", {}).get("title") == self.tamper_title:
                entry["content"]["quarantine_days"] = 0
        return json.dumps(page).encode()


def _start(name: str, root: Path, processes: list[subprocess.Popen[bytes]]) -> Server:
    workdir = root / name
    workdir.mkdir()
    env = {
        **os.environ,
        "PASSAGE_DATABASE_URL": f"sqlite:///{workdir / 'passage.db'}",
        "PASSAGE_ENVIRONMENT": "test",
        "PASSAGE_DEPLOYMENT_NAME": f"Deployment {name.upper()}",
        "PASSAGE_JOBS_POLL_SECONDS": "0.5",
        "PASSAGE_WEBHOOK_RETRY_BASE_SECONDS": "1",
        "PASSAGE_ARGON2_TIME_COST": "1",
        "PASSAGE_ARGON2_MEMORY_COST": "1024",
    }
    passage = _passage_command()
    _run_cli([passage, "db", "upgrade"], workdir, env)
    _run_cli([passage, "demo", "--skip-airports"], workdir, env)
    port = _free_port()
    log = workdir / "server.log"
    process = subprocess.Popen(
        [passage, "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=workdir,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    processes.append(process)
    server = Server(name, f"http://127.0.0.1:{port}", env, workdir)
    _wait_until_healthy(server.url, process, log)
    status, body = server.call(
        "POST", "/api/v1/auth/token", {"email": ADMIN, "password": DEMO_PASSWORD}
    )
    assert status == 201, body
    server.token = body["token"]
    return server


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Server, Proxy]]:
    """A and B serving, and the proxy in front of A."""
    processes: list[subprocess.Popen[bytes]] = []
    root = tmp_path_factory.mktemp("two-deployments")
    try:
        a, b = _start("a", root, processes), _start("b", root, processes)
        proxy = Proxy(a.url)
        yield a, b, proxy
        proxy.server.shutdown()
    finally:
        for process in processes:
            _stop(process)


def _publish(server: Server, title: str, **extra: Any) -> str:
    measure = {
        "country_iso3": "KEN",
        "measure_type": "quarantine",
        "title": title,
        "effective_from": "2021-06-01",
        "quarantine_days": 10,
        "status": "published",
        "origins": ["IND"],
        "sources": [{"title": "Ministry of Health of Kenya"}],
        **extra,
    }
    status, body = server.call("POST", "/api/v1/measures", measure)
    assert status == 201, body
    return body["id"]


def _found(server: Server, text: str) -> list[dict[str, Any]]:
    status, body = server.call("GET", f"/api/v1/measures?q={urllib.parse.quote(text)}&limit=200")
    assert status == 200, body
    return body["items"]


def _pull(b: Server, proxy: Proxy, *extra: str) -> tuple[int, dict[str, Any]]:
    done = b.cli("exchange", "pull", proxy.url, *extra)
    try:
        return done.returncode, json.loads(done.stdout[done.stdout.index("{") :])
    except ValueError:
        pytest.fail(
            f"pull printed no report (exit {done.returncode}):\n{done.stdout}\n{done.stderr}"
        )


def _first_pull(a: Server, b: Server, proxy: Proxy) -> None:
    status, keys = a.call("GET", "/.well-known/passage-keys.json")
    assert status == 200 and keys["keys"]
    keys_file = b.workdir / "keys-of-a.json"
    keys_file.write_text(json.dumps(keys))
    code, report = _pull(b, proxy, "--trust", str(keys_file), "--name", "A")
    assert code == 0, report
    assert report["error"] is None and report["rejected"] == []


def test_a_measure_published_on_a_appears_on_b_after_a_pull(servers):
    a, b, proxy = servers
    title = f"Quarantine for arrivals from India {uuid.uuid4().hex[:6]}"
    _publish(a, title)
    _first_pull(a, b, proxy)
    [copy] = _found(b, title)
    assert (
        copy["country_iso3"] == "KEN"
        and copy["origins"] == ["IND"]
        and copy["status"] == "published"
    )
    status, origin = b.call("GET", f"/api/v1/exchange/provenance/measure/{copy['measure_id']}")
    assert status == 200 and origin["partner"]["name"] == "A"
    status, keys = a.call("GET", "/.well-known/passage-keys.json")
    assert origin["deployment"] == keys["deployment"]["id"]
    code, again = _pull(b, proxy)
    assert code == 0 and again["imported"] == 0  # idempotent: nothing new, nothing twice
    assert len(_found(b, title)) == 1


def test_an_entry_altered_in_transit_is_rejected_and_never_imported(servers):
    a, b, proxy = servers
    tag = uuid.uuid4().hex[:6]
    honest, altered = f"Honest {tag}", f"Altered {tag}"
    _publish(a, honest)
    _publish(a, altered)
    proxy.tamper_title = altered
    try:
        code, report = _pull(b, proxy)
    finally:
        proxy.tamper_title = None
    assert code == 1
    assert len(report["rejected"]) == 1
    assert "signature does not match" in report["rejected"][0]["reason"]
    assert len(_found(b, honest)) == 1 and _found(b, altered) == []
    status, partners = b.call("GET", "/api/v1/exchange/partners")
    [partner] = [p for p in partners if p["name"] == "A"]
    assert partner["rejected"] >= 1 and "rejected" in partner["last_error"]
    status, reset = b.call(
        "POST",
        f"/api/v1/exchange/partners/{partner['id']}/cursor",
        {"version": partner["version"], "cursor": report["rejected"][0]["cursor"] - 1},
    )
    assert status == 200, reset
    code, report = _pull(b, proxy)  # the operator reads it again, untouched this time
    assert code == 0 and len(_found(b, altered)) == 1


def test_a_pull_cut_off_mid_page_resumes_without_duplicates(servers):
    a, b, proxy = servers
    tag = uuid.uuid4().hex[:6]
    for n in range(25):
        _publish(a, f"Batch {tag} number {n}")
    proxy.cut_request, proxy.requests = 2, 0
    try:
        code, report = _pull(b, proxy, "--page-size", "10")
    finally:
        proxy.cut_request = None
    assert code == 1 and report["error"] and report["pages"] == 1
    assert len(_found(b, f"Batch {tag}")) == 10
    code, report = _pull(b, proxy, "--page-size", "10")
    assert code == 0 and report["imported"] == 15, report
    titles = [item["title"] for item in _found(b, f"Batch {tag}")]
    assert len(titles) == 25 and len(set(titles)) == 25


def test_a_measure_published_on_a_reaches_b_through_a_webhook(servers):
    a, b, _ = servers
    status, partners = b.call("GET", "/api/v1/exchange/partners")
    [partner] = [p for p in partners if p["name"] == "A"]
    status, inbox = b.call("POST", f"/api/v1/exchange/partners/{partner['id']}/inbox-secret", {})
    assert status == 200
    status, created = a.call(
        "POST",
        "/api/v1/exchange/subscriptions",
        {"name": "B", "url": b.url + inbox["inbox_path"], "secret": inbox["secret"]},
    )
    assert status == 201, created
    title = f"Pushed by webhook {uuid.uuid4().hex[:6]}"
    _publish(a, title)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not _found(b, title):
        time.sleep(0.5)
    [copy] = _found(b, title)
    status, origin = b.call("GET", f"/api/v1/exchange/provenance/measure/{copy['measure_id']}")
    assert origin["partner"]["name"] == "A"
    status, subscriptions = a.call("GET", "/api/v1/exchange/subscriptions")
    [state] = [s for s in subscriptions if s["name"] == "B"]
    assert state["pending"] == 0 and state["dead"] == 0 and state["delivered_up_to"] is not None
