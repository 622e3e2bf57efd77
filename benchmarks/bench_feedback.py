"""Feedback figures (issue 18) on a real `passage serve --workers 2`:

1. intake: public submissions through POST /api/v1/feedback for `--duration` seconds from
   `--connections` keep-alive connections (each body a new device id, categories mixed as in
   CATEGORY_MIX); throughput and p99 (targets: >= 200 per second, p99 < 100 ms, PostgreSQL).
2. offline delivery: `--queued` submissions waiting on one device are delivered while sends are
   cut at random (CUT_BEFORE: the request never reaches the server; CUT_AFTER: the server
   stores it and the answer is lost). The device follows static/js/feedback.js: an item leaves
   its queue only on a 201 (or a 4xx other than 429), and is sent again otherwise. Figures: the
   time it took, and lost + duplicated items counted on the server (target 0).
3. public page weight: /feedback and its script, in bytes as sent and gzipped (< 50 KB).

The submission throttle is turned off for the run (PASSAGE_FEEDBACK_SUBMISSIONS_PER_HOUR=0):
every request comes from one address here.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

import _cpu
import _server
import httpx
from _db import fresh_database
from _report import percentile, report
from _server import free_port, prepare, running_server, server_env
from sqlalchemy import func, select, text

from passage.db import make_engine
from passage.feedback.models import FeedbackItem

sys.path.insert(0, str(Path(__file__).parent))
from _crossing_load import database_cpu
from bench_crossings import local_postgres

# On a shared machine two workers importing the app can take longer than the usual minute.
STARTUP_TIMEOUT = 300
CATEGORY_MIX = {"service_complaint": 4, "question": 3, "assistance": 2, "thanks": 1}
CUT_BEFORE, CUT_AFTER = 0.1, 0.1
SENT = [0]  # submissions sent by the intake load, warm-up included (for CPU per submission)
MESSAGE = "The distribution at the reception centre started late and ran out of blankets."


def _body(rng: random.Random, prefix: str) -> dict[str, object]:
    categories = list(CATEGORY_MIX)
    category = rng.choices(categories, weights=list(CATEGORY_MIX.values()))[0]
    return {
        "client_id": f"{prefix}-{uuid.uuid4().hex}",
        "category": category,
        "message": MESSAGE,
        "language": rng.choice(["en", "so", "ar", "fr"]),
    }


async def _intake_connection(
    base: str, until: float, start: float, latencies: list[float], errors: list[str]
) -> None:
    rng = random.Random()
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while (now := time.monotonic()) < until:
            began = time.perf_counter()
            response = await client.post("/api/v1/feedback", json=_body(rng, "load"))
            SENT[0] += 1
            if now >= start:
                latencies.append((time.perf_counter() - began) * 1000)
                if response.status_code != 201:
                    errors.append(f"{response.status_code} {response.text[:120]}")


def intake(base: str, options: argparse.Namespace) -> tuple[list[float], list[str]]:
    """Closed-loop load; the latencies (ms) and errors after the warm-up."""
    latencies: list[float] = []
    errors: list[str] = []
    start = time.monotonic() + options.warmup
    until = start + options.duration

    async def everything() -> None:
        await asyncio.gather(
            *(
                _intake_connection(base, until, start, latencies, errors)
                for _ in range(options.connections)
            )
        )

    asyncio.run(everything())
    return latencies, errors


def deliver(base: str, queued: int, seed: int) -> tuple[float, int, list[str]]:
    """Deliver a device's queue through random cuts; seconds taken, sends made, the ids."""
    rng = random.Random(seed)
    run = f"device-{uuid.uuid4().hex[:8]}"
    queue = [_body(rng, run) for _ in range(queued)]
    ids = [str(item["client_id"]) for item in queue]
    sends = 0
    began = time.perf_counter()
    with httpx.Client(base_url=base, timeout=30) as client:
        while queue:
            item = queue[0]
            sends += 1
            roll = rng.random()
            if roll < CUT_BEFORE:
                continue  # the network dropped the request: it stays first in the queue
            response = client.post("/api/v1/feedback", json=item)
            if roll < CUT_BEFORE + CUT_AFTER:
                continue  # stored, but the answer was lost: sent again
            status = response.status_code
            if status == 201 or (400 <= status < 500 and status != 429):
                queue.pop(0)
    return time.perf_counter() - began, sends, ids


def count_on_server(database_url: str, ids: list[str]) -> tuple[int, int]:
    """(lost, duplicated) of the device's ids, counted in the server's database (the staff API
    shows no device ids)."""
    engine = make_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(FeedbackItem.client_id, func.count())
            .where(FeedbackItem.client_id.in_(ids))
            .group_by(FeedbackItem.client_id)
        ).all()
    engine.dispose()
    counts = {client_id: count for client_id, count in rows}
    lost = sum(1 for client_id in ids if client_id not in counts)
    duplicated = sum(count - 1 for count in counts.values())
    return lost, duplicated


def commit_ms(database_url: str, count: int = 100) -> float:
    """Milliseconds of one small durable commit on this database now (its WAL flush), to tell a
    slow disk from a slow server: until the audit chain's head was taken with SKIP LOCKED,
    every submission held it across this time, so they were serialised on it."""
    engine = make_engine(database_url)
    with engine.connect() as connection:
        connection.execute(text("CREATE TEMPORARY TABLE commit_probe (n integer)"))
        connection.commit()
        began = time.perf_counter()
        for n in range(count):
            connection.execute(text("INSERT INTO commit_probe VALUES (:n)"), {"n": n})
            connection.commit()
        took = time.perf_counter() - began
    engine.dispose()
    return took / count * 1000


class _Cpu:
    """CPU seconds of the app workers, the PostgreSQL backends and this load generator over
    the intake run (warm-up included), per submission sent."""

    def __init__(self, server: _server.Server):
        self.server, self.database_url = server, server.database_url
        self.app, self.database = server.cpu(), database_cpu(self.database_url)
        self.own, self.wall = time.process_time(), time.perf_counter()

    def used(self) -> dict[str, object]:
        """The CPU seconds used since the start, and per submission in milliseconds."""
        app = _cpu.used_between(self.app, self.server.cpu())
        after = database_cpu(self.database_url)
        database = _cpu.used_between(self.database or {}, after or {})
        own = time.process_time() - self.own
        sent = max(SENT[0], 1)
        per = {"app_workers": app, "postgresql_backends": database, "load_generator": own}
        return {
            "wall_s_with_warmup": round(time.perf_counter() - self.wall, 2),
            "submissions_sent": SENT[0],
            "cpu_s": {name: round(value, 2) for name, value in per.items()},
            "cpu_ms_per_submission": {
                name: round(value * 1000 / sent, 2) for name, value in per.items()
            },
            "cpu_note": "client PostgreSQL backends only (no WAL writer or checkpointer)",
        }


def page_weight(base: str) -> tuple[int, int]:
    """Bytes of the public page and its script, as sent and gzipped."""
    with httpx.Client(base_url=base, timeout=30) as client:
        bodies = [client.get(path).content for path in ("/feedback", "/static/js/feedback.js")]
    return sum(map(len, bodies)), sum(len(gzip.compress(body)) for body in bodies)


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--queued", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument(
        "--postgres", default=os.environ.get("PASSAGE_BENCH_DATABASE_URL") or local_postgres()
    )
    return parser.parse_args()


def _report_intake(latencies: list[float], errors: list[str], context: dict) -> None:
    rate = len(latencies) / context["duration_s"]
    p99 = percentile(latencies, 0.99)
    issue = {"name": "issue 18: intake on PostgreSQL with 2 workers"}
    report(
        "feedback_intake_throughput",
        rate,
        "submissions_per_second",
        target=">= 200",
        meets_target=rate >= 200,
        baseline=issue | {"value": 200, "unit": "submissions_per_second"},
        context=context | {"errors": len(errors), "error_samples": errors[:3]},
    )
    report(
        "feedback_intake_p99_ms",
        p99,
        "ms",
        target="< 100",
        meets_target=p99 < 100,
        baseline=issue | {"value": 100, "unit": "ms"},
        context=context | {"p50_ms": round(percentile(latencies, 0.5), 1)},
    )


def main() -> None:
    """Prepare a server, run the three measurements, print the figures."""
    options = _options()
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        with fresh_database(workdir, options.postgres) as database_url:
            env = server_env(database_url) | {"PASSAGE_FEEDBACK_SUBMISSIONS_PER_HOUR": "0"}
            prepare(env, workdir)
            with running_server(env, workdir, free_port(), STARTUP_TIMEOUT) as server:
                cpu = _Cpu(server)
                latencies, errors = intake(server.base, options)
                cpu_use = cpu.used()
                flush_ms = commit_ms(database_url)
                seconds, sends, ids = deliver(server.base, options.queued, options.seed)
                lost, duplicated = count_on_server(database_url, ids)
                raw, zipped = page_weight(server.base)
    database = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    context = {
        "database": database,
        "server_workers": 2,
        "connections": options.connections,
        "duration_s": options.duration,
        "category_mix": CATEGORY_MIX,
        "throttle": "off (one load-generator address)",
        "load_generator": "one process, httpx keep-alive connections, same machine",
        "durable_commit_ms": round(flush_ms, 2),
        "audit_chaining": "head taken with SKIP LOCKED: a writer that finds it held writes its "
        "entry unchained (sealed), chained by the head's next holder or the audit.chain job",
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "cpus": os.cpu_count(),
        **cpu_use,
    }
    _report_intake(latencies, errors, context)
    sync = {
        "database": database,
        "queued": options.queued,
        "sends": sends,
        "cut_before_share": CUT_BEFORE,
        "cut_after_share": CUT_AFTER,
        "seed": options.seed,
        "device": "the queue algorithm of static/js/feedback.js, in Python, one connection",
    }
    baseline = {"name": "issue 18: none lost, none duplicated", "value": 0, "unit": "count"}
    report("feedback_offline_delivery_seconds", seconds, "s", context=sync)
    report(
        "feedback_offline_lost_or_duplicated",
        lost + duplicated,
        "count",
        target="0",
        meets_target=lost + duplicated == 0,
        baseline=baseline,
        context=sync | {"lost": lost, "duplicated": duplicated},
    )
    report(
        "feedback_public_page_bytes",
        raw,
        "bytes",
        target="< 51200",
        meets_target=raw < 51_200,
        baseline={
            "name": "issue 18: under 50 KB with its script",
            "value": 51_200,
            "unit": "bytes",
        },
        context={"gzipped_bytes": zipped, "parts": ["/feedback", "/static/js/feedback.js"]},
    )


if __name__ == "__main__":
    main()
