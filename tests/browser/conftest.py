"""Browser fixtures: the system Chromium, a live `passage serve` on a demo database, fresh pages.

The suite skips (with the reason shown) when Chromium is absent; PASSAGE_BROWSER_TESTS=1 turns
that skip into a failure, for CI jobs that must run it. Playwright's own browsers are never used.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_CHROMIUM = "/usr/bin/chromium"
SERVER_START_SECONDS = 180  # a machine shared by many test runs starts slowly
PAGES_KEY = pytest.StashKey[list["Page"]]()
SHOTS_KEY = pytest.StashKey[Path]()


def _unavailable(reason: str) -> NoReturn:
    """Skip the browser suite, or fail it when PASSAGE_BROWSER_TESTS=1 demands it."""
    if os.environ.get("PASSAGE_BROWSER_TESTS") == "1":
        pytest.fail(
            f"PASSAGE_BROWSER_TESTS=1 but the browser suite cannot run: {reason}", pytrace=False
        )
    pytest.skip(
        f"browser tests skipped: {reason} (set PASSAGE_BROWSER_TESTS=1 to make this an error)"
    )


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The Chromium binary (PASSAGE_CHROMIUM or /usr/bin/chromium), with Playwright importable."""
    path = os.environ.get("PASSAGE_CHROMIUM") or DEFAULT_CHROMIUM
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        _unavailable(
            f"no Chromium executable at {path} (install Debian's chromium or set PASSAGE_CHROMIUM)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the Python package playwright is not installed")
    return path


@pytest.fixture(autouse=True)
def _browser_suite_available(chromium_executable: str) -> None:
    """Every test here needs Chromium, so each one reports the skip (or failure) reason."""


def _passage_command() -> str:
    """The `passage` console script of the interpreter running the tests."""
    beside = Path(sys.executable).with_name("passage")
    if beside.is_file():
        return str(beside)
    found = shutil.which("passage")
    if found is None:
        pytest.fail(
            "cannot find the passage command next to the test interpreter or on PATH", pytrace=False
        )
    return found


def _free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run_cli(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    """Run one passage command; a failure stops the session with its output."""
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(command[1:])} exited with {result.returncode}:\n"
            f"{result.stdout}\n{result.stderr}",
            pytrace=False,
        )


def _wait_until_healthy(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll the health endpoint until it answers, the server dies, or time runs out."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"passage serve exited with {process.returncode}:\n{log.read_text()}", pytrace=False
            )
        try:
            with urllib.request.urlopen(f"{base_url}/api/v1/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(
        f"passage serve did not answer within {SERVER_START_SECONDS}s:\n{log.read_text()}",
        pytrace=False,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate the server, killing it if it does not stop in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def demo_server(workdir: Path) -> Iterator[str]:
    """`passage serve` on a fresh SQLite demo database in `workdir`; yields the base URL."""
    env = {
        **os.environ,
        "PASSAGE_DATABASE_URL": f"sqlite:///{workdir / 'passage.db'}",
        "PASSAGE_ENVIRONMENT": "test",
    }
    env.setdefault("PASSAGE_ARGON2_TIME_COST", "1")
    env.setdefault("PASSAGE_ARGON2_MEMORY_COST", "1024")
    passage = _passage_command()
    _run_cli([passage, "db", "upgrade"], workdir, env)
    _run_cli([passage, "demo", "--skip-airports"], workdir, env)
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [passage, "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_healthy(base_url, process, log_path)
            yield base_url
        finally:
            _stop(process)


@pytest.fixture(scope="session")
def live_server(
    chromium_executable: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """`passage serve` on a fresh SQLite demo database; yields the base URL."""
    with demo_server(tmp_path_factory.mktemp("live-server")) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser(chromium_executable: str) -> Iterator[Browser]:
    """One headless system Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_executable, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def new_page(
    browser: Browser, live_server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[..., Page]]:
    """Factory: a page in a fresh browser context (options go to new_context), closed at the end."""
    contexts = []
    pages = request.node.stash.setdefault(PAGES_KEY, [])
    request.node.stash[SHOTS_KEY] = tmp_path

    def make(**options: Any) -> Page:
        options.setdefault("base_url", live_server)
        options.setdefault("locale", "en-GB")
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        pages.append(page)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A page in a fresh context (no cookies, empty cache), JavaScript on."""
    return new_page()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """On a failed browser test, screenshot every page it opened and print where they are."""
    report = yield
    pages = item.stash.get(PAGES_KEY, [])
    if report.when == "call" and report.failed and pages:
        _screenshot_failure(item, report, pages)
    return report


def _screenshot_failure(item: pytest.Item, report: pytest.TestReport, pages: list[Page]) -> None:
    """Save a PNG of each open page under the test's tmp_path; list the paths in the report."""
    folder = item.stash[SHOTS_KEY] / "failure-screenshots"
    folder.mkdir(exist_ok=True)
    saved = []
    for number, page in enumerate(pages):
        if page.is_closed():
            continue
        path = folder / f"page-{number}.png"
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception as error:  # a broken page must not hide the test's own failure
            saved.append(f"{path} (screenshot failed: {error})")
            continue
        saved.append(f"{path} (at {page.url})")
    if saved:
        text = "\n".join(saved)
        print(f"\nscreenshots of {item.nodeid}:\n{text}")
        report.sections.append(("browser screenshots", text))
