"""Page weight in a real browser (issue 15, "Done when"): the HTML of every page of the roles'
days is at most 100 KB, and the public map transfers under 1 MB on its first load.

Starts `passage serve --workers 2` on a fresh SQLite database with the whole demo world (with
the airports: about 7,500 points of entry on the map) and drives the system Chromium
(PASSAGE_CHROMIUM or /usr/bin/chromium) with Playwright:

- `page_html_max_kb`: each role signs in (English, then Arabic), opens its dashboard, every
  queue card with a count, the first item of each queue and the role's working pages; the
  public pages are opened signed out. The figure is the largest HTML document (decoded, as
  the server rendered it), named in the context with the five largest.
- `map_first_load_kb`: `/map` in a fresh browser (empty cache) until its POE layer (every
  airport and crossing) has arrived and the network is idle: the bytes on the wire of every
  request (Chrome's encodedDataLength: headers and compressed bodies), with the decoded size
  and the largest resources in the context.
- `mobility_map_first_load_kb`: `/map/mobility` (issue 19) the same way, signed in as the
  coordinator (every layer: restriction levels, reported POEs, movements between places,
  stranded migrants), the browser cache emptied after signing in, until the first date's
  layers have arrived and the network is idle.

`--maps-only` measures the two map figures and skips the walk through the pages.

Neither figure is a speed: the machine's load changes only the wall time in the context."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import _cpu
import _server
from _report import report
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM = os.environ.get("PASSAGE_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LANGUAGE_COOKIE = "passage_lang"
PAGE_LIMIT_KB = 100
MAP_LIMIT_KB = 1024
ISSUE_MAP_POE_LAYER_KB = 1.69 * 1024  # the POE layer alone before issue 15 (7,546 points)
ROLES = {
    "border_officer": ("border@demo.passage.int", ["/border"]),
    "port_health_officer": ("health@demo.passage.int", ["/health/screenings/new"]),
    "coordinator": (
        "coordinator@demo.passage.int",
        ["/measures/new", "/measures", "/map/mobility"],
    ),
    "case_worker": ("caseworker@demo.passage.int", ["/protection/caseload"]),
    "partner_worker": ("partner@demo.passage.int", ["/protection/partner"]),
    "admin": ("admin@demo.passage.int", ["/admin/users", "/admin/audit"]),
}
PUBLIC = [
    "/",
    "/travel",
    "/measures",
    "/map",
    "/map/mobility",
    "/overview",
    "/poes",
    "/countries/KEN",
]
QUEUE_ITEM = "main table tbody a[href^='/'], main li a[href^='/protection/partner/']"


def _prepare(env: dict[str, str], workdir: Path) -> None:
    """The schema and the whole demo world, airports included (the map's full POE layer)."""
    for args in (["db", "upgrade"], ["demo"]):
        done = subprocess.run(
            [*_server.passage_command(), *args],
            env=env,
            cwd=workdir,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"passage {' '.join(args)} failed:\n{done.stderr[-2000:]}")


@contextmanager
def _server_with_demo() -> Iterator[_server.Server]:
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as folder:
        workdir = Path(folder)
        env = _server.server_env(f"sqlite:///{workdir / 'passage.db'}")
        _prepare(env, workdir)
        port = _server.free_port()
        with _server.running_server(env, workdir, port, startup_timeout=300) as server:
            yield server


class Sizes:
    """The decoded HTML size of every page opened, by who opened it and where."""

    def __init__(self) -> None:
        self.pages: dict[str, int] = {}

    def visit(self, page: Page, label: str, path: str) -> None:
        """Open a page; keep the size of the document it shows (after any redirect)."""
        response = page.goto(path)
        if response is not None and response.ok:
            where = "/" + page.url.split("//", 1)[1].split("/", 1)[1]
            self.pages[f"{label} {where}"] = len(response.body())


def _context(browser: Browser, base: str, language: str) -> BrowserContext:
    context = browser.new_context(base_url=base)
    context.set_default_timeout(30_000)
    context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": base}])
    return context


def _sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(_server.DEMO_PASSWORD)
    page.locator('form[action="/login"] button[type=submit]').click()
    page.wait_for_url(lambda url: "/login" not in url)


def _walk_role(page: Page, sizes: Sizes, label: str, email: str, extra: list[str]) -> None:
    """Sign in, the dashboard, each queue with a count and its first item, the working pages."""
    _sign_in(page, email)
    sizes.visit(page, label, "/")
    queues = [
        card.get_attribute("href") or "/"
        for card in page.locator("main a.card:has(.figure)").all()
        if not (card.get_attribute("href") or "").startswith(("/countries", "/poes"))
    ]
    for queue in queues:
        sizes.visit(page, label, queue)
        first = page.locator(QUEUE_ITEM).first
        if first.count():
            sizes.visit(page, label, first.get_attribute("href") or queue)
    for path in extra:
        sizes.visit(page, label, path)


def measure_pages(browser: Browser, base: str) -> dict[str, int]:
    """Every visited page's HTML bytes, by role, language and address."""
    sizes = Sizes()
    for language in ("en", "ar"):
        for role, (email, extra) in ROLES.items():
            context = _context(browser, base, language)
            _walk_role(context.new_page(), sizes, f"{role} {language}", email, extra)
            context.close()
        context = _context(browser, base, language)
        page = context.new_page()
        for path in PUBLIC:
            sizes.visit(page, f"public {language}", path)
        context.close()
    return sizes.pages


def measure_map(
    browser: Browser,
    base: str,
    path: str = "/map",
    waits_for: str = "/api/v1/map/poes?",
    email: str | None = None,
) -> dict[str, Any]:
    """Bytes on the wire and decoded of a map page's first load in an empty browser cache
    (signed in first when an e-mail is given; the cache is emptied after that)."""
    context = _context(browser, base, "en")
    page = context.new_page()
    if email is not None:
        _sign_in(page, email)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")
    urls: dict[str, str] = {}
    encodings: dict[str, str] = {}
    wire: dict[str, int] = {}
    decoded: dict[str, int] = {}

    def received(event: dict[str, Any]) -> None:
        urls[event["requestId"]] = event["response"]["url"]
        headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
        encodings[event["requestId"]] = headers.get("content-encoding", "")

    def data(event: dict[str, Any]) -> None:
        decoded[event["requestId"]] = decoded.get(event["requestId"], 0) + event["dataLength"]

    def finished(event: dict[str, Any]) -> None:
        wire[event["requestId"]] = int(event["encodedDataLength"])

    cdp.on("Network.responseReceived", received)
    cdp.on("Network.dataReceived", data)
    cdp.on("Network.loadingFinished", finished)
    # The POE layer (the mobility layers) is asked for once the boundaries are drawn: wait for it.
    with page.expect_response(lambda response: waits_for in response.url):
        page.goto(path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)
    context.close()
    largest = sorted(wire, key=lambda key: wire[key], reverse=True)[:5]
    return {
        "wire_bytes": sum(wire.values()),
        "decoded_bytes": sum(decoded.values()),
        "requests": len(wire),
        "largest": [
            {
                "url": urls.get(key, "?").removeprefix(base),
                "wire_kb": round(wire[key] / 1024, 1),
                "decoded_kb": round(decoded.get(key, 0) / 1024, 1),
                "encoding": encodings.get(key) or "none",
            }
            for key in largest
        ],
    }


def main() -> None:
    maps_only = "--maps-only" in sys.argv[1:]
    started = time.monotonic()
    own_cpu = time.process_time()
    with _server_with_demo() as server, sync_playwright() as playwright:
        ready = time.monotonic()
        server_cpu = server.cpu()
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            pages = {} if maps_only else measure_pages(browser, server.base)
            map_load = measure_map(browser, server.base)
            mobility_load = measure_map(
                browser,
                server.base,
                "/map/mobility",
                "/api/v1/map/mobility?",
                ROLES["coordinator"][0],
            )
        finally:
            browser.close()
        server_seconds = _cpu.used_between(server_cpu, server.cpu())
    machine = {
        "wall_seconds_measuring": round(time.monotonic() - ready, 1),
        "wall_seconds_with_demo": round(time.monotonic() - started, 1),
        "cpu_seconds_server": round(server_seconds, 1),
        "cpu_seconds_bench_process": round(time.process_time() - own_cpu, 1),
        "load_average": _cpu.load_average(),
        "cores": os.cpu_count(),
    }
    if pages:
        _report_pages(pages, machine)
    _report_map(map_load, machine)
    _report_map(
        mobility_load,
        machine,
        figure="mobility_map_first_load_kb",
        workload="/map/mobility signed in as the coordinator (every layer), cache emptied "
        "after signing in, until the first date's layers are in and the network is idle",
    )


def _report_pages(pages: dict[str, int], machine: dict[str, Any]) -> None:
    ranked = sorted(pages.items(), key=lambda item: item[1], reverse=True)
    name, largest = ranked[0]
    report(
        "page_html_max_kb",
        largest / 1024,
        "KB",
        target=f"<= {PAGE_LIMIT_KB}",
        meets_target=largest <= PAGE_LIMIT_KB * 1024,
        baseline={"name": "issue 15's limit for one page's HTML", "value": PAGE_LIMIT_KB},
        context={
            "largest_page": name,
            "five_largest_kb": {page: round(size / 1024, 1) for page, size in ranked[:5]},
            "pages_measured": len(pages),
            "median_kb": round(ranked[len(ranked) // 2][1] / 1024, 1),
            "workload": "6 roles x en/ar: dashboard, each queue with a count and its first item, "
            "working pages; public pages signed out; demo world with airports; SQLite",
            **machine,
        },
    )


MAP_WORKLOAD = "/map signed out, empty cache, until the POE layer is in and the network is idle"


def _report_map(
    load: dict[str, Any],
    machine: dict[str, Any],
    figure: str = "map_first_load_kb",
    workload: str = MAP_WORKLOAD,
) -> None:
    wire_kb = load["wire_bytes"] / 1024
    report(
        figure,
        wire_kb,
        "KB",
        target=f"< {MAP_LIMIT_KB}",
        meets_target=wire_kb < MAP_LIMIT_KB,
        baseline={
            "name": "the POE layer alone before issue 15 (1.69 MB, uncompressed)",
            "value": round(ISSUE_MAP_POE_LAYER_KB, 1),
        },
        context={
            "decoded_kb": round(load["decoded_bytes"] / 1024, 1),
            "requests": load["requests"],
            "largest": load["largest"],
            "workload": f"{workload}; Chrome's encodedDataLength (headers and bodies as "
            "sent); demo world with airports",
            **machine,
        },
    )


if __name__ == "__main__":
    sys.exit(main())
