"""What the request stack costs, layer by layer, without a server, a network or a database.

The application is called in process as an ASGI app with a GET of the open health route (no
session, no credentials). Each middleware layer is measured by calling the stack from that
layer inwards and subtracting the next layer's cost: CPU microseconds per request (the median
of `--rounds`). Then the router's matching alone, for the health route and for the public
feedback submission (POST /api/v1/feedback, the route of issue 18's intake figure), and for a
path no route answers (a 404 scans every route): FastAPI matches routes in order, so a route's
cost grows with the routes mounted before it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from _report import report

os.environ.setdefault("PASSAGE_ENVIRONMENT", "test")
os.environ.setdefault("PASSAGE_SECRET_KEY", secrets.token_urlsafe(48))

from starlette.routing import Match

from passage.main import create_app

App = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


def _scope(method: str, path: str) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), (b"accept-encoding", b"gzip")],
        "client": ("127.0.0.1", 5555),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


async def _call(app: App, method: str, path: str) -> int:
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    await app(_scope(method, path), receive, send)
    return statuses[0]


async def _cpu_us(app: App, count: int, rounds: int) -> float:
    """Median CPU microseconds per health request through `app`."""
    samples = []
    for _ in range(rounds):
        began = time.process_time()
        for _ in range(count):
            await _call(app, "GET", "/api/v1/health")
        samples.append((time.process_time() - began) / count * 1e6)
    return statistics.median(samples)


def _layers(app: Any) -> list[tuple[str, App]]:
    """The middleware stack from the outside in; the innermost layer (FastAPI's exit stack,
    which the routes need) is measured with the router and the route."""
    layers = []
    layer = app.middleware_stack or app.build_middleware_stack()
    while layer is not None:
        name = type(layer).__name__
        if name == "AsyncExitStackMiddleware":
            layers.append(("router_and_route", layer))
            break
        layers.append((name, layer))
        layer = getattr(layer, "app", None)
    return layers


def _matching_us(app: Any, method: str, path: str, count: int) -> float:
    """CPU microseconds the router spends finding the route of one request."""
    began = time.process_time()
    for _ in range(count):
        scope = _scope(method, path)
        for route in app.router.routes:
            if route.matches(scope)[0] is Match.FULL:
                break
    return (time.process_time() - began) / count * 1e6


async def measure(options: argparse.Namespace) -> None:
    """Print the per-layer and the matching figures."""
    app = create_app()
    app.middleware_stack = app.build_middleware_stack()
    layers = _layers(app)
    costs = [await _cpu_us(layer, options.requests, options.rounds) for _, layer in layers]
    context = {
        "request": "GET /api/v1/health in process (open route: no session, no credentials)",
        "requests_per_round": options.requests,
        "rounds": options.rounds,
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "cpus": os.cpu_count(),
    }
    for index, (name, _) in enumerate(layers):
        inner = costs[index + 1] if index + 1 < len(costs) else 0.0
        report(
            f"stack_layer_{name}_cpu_us",
            costs[index] - inner,
            "cpu_us_per_request",
            context=context | {"layer": index, "from_here_inwards_us": round(costs[index], 1)},
        )
    routes = sum(1 for _ in app.router.routes)
    for label, method, path in (
        ("health", "GET", "/api/v1/health"),
        ("feedback_submit", "POST", "/api/v1/feedback"),
        ("no_route", "GET", "/api/v1/nowhere"),
    ):
        report(
            f"route_matching_{label}_cpu_us",
            _matching_us(app, method, path, options.requests),
            "cpu_us_per_request",
            baseline={"name": "whole stack, health", "value": costs[0], "unit": "cpu_us"},
            context=context | {"request": f"{method} {path}", "top_level_routes": routes},
        )


def main() -> None:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    asyncio.run(measure(parser.parse_args()))


if __name__ == "__main__":
    main()
