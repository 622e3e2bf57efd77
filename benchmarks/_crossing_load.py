"""The crossing benchmark's load side: unique travellers' MRZs, the load-generator processes,
and the CPU time the server and PostgreSQL use while they run."""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial

import _cpu
from _server import Server
from bench_api_overhead import LoadResult, load_process, measure_cpu, send_back_to_back

NOT_LETTERS = re.compile(r"[^A-Z ]+")
PER_PROCESS = 1_000_000  # document numbers of load process i are i * this + 0, 1, 2...


# ---------------------------------------------------------------- unique travellers


def _latin(text: str) -> str:
    from passage.synthetic.people import latin_form, strip_diacritics

    return NOT_LETTERS.sub("", strip_diacritics(latin_form(text)).upper().replace("-", " "))


def traveller_mrz(prefix: str, number: int) -> str:
    """A TD3 MRZ of a unique generated traveller (the document number carries the counter)."""
    from passage.border.mrz import build_td3
    from passage.synthetic.people import make_person

    person = make_person(random.Random(f"{prefix}-{number}"), number)
    given = _latin(" ".join(person.given)) or "ALEX"
    surname = _latin(person.surname) or "DOE"
    return build_td3(
        issuing_state="KEN",
        document_number=f"{prefix}{number % 10_000_000:07d}",
        surname=surname,
        given_names=given,
        nationality="KEN",
        birth_date=date.fromisoformat(person.birth_date),
        sex=person.gender if person.gender in ("M", "F") else "X",
        expiry_date=date(2033, 6, 30),
    )


def run_prefix() -> str:
    """Two letters that keep this run's document numbers apart from any earlier run's."""
    return "".join(random.SystemRandom().choices("ABCDEFGHJKLMNPQRSTUVWXYZ", k=2))


# ---------------------------------------------------------------- load generator (child side)


@dataclass(frozen=True)
class PostPlan:
    """One load process: where to post, as whom, what, and when to count."""

    process: int
    port: int
    token: str
    poe_id: str
    connections: int
    start_at: float
    measure_from: float
    measure_until: float
    prefix: str
    mrzs: tuple[str, ...]  # prepared before the run: the generator spends no CPU making them


def _post_bytes(plan: PostPlan, mrz: str) -> bytes:
    body = json.dumps(
        {
            "poe_id": plan.poe_id,
            "direction": "entry",
            "mrz": mrz,
            "origin_iso3": "TZA",
            "allowed_stay_days": 30,
        }
    ).encode()
    head = (
        "POST /api/v1/crossings HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{plan.port}\r\n"
        "Accept: application/json\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {plan.token}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


def _travellers(plan: PostPlan) -> Iterator[str]:
    """The prepared MRZs, then (if the server outran them) new ones made on the fly."""
    yield from plan.mrzs
    number = PER_PROCESS * plan.process + len(plan.mrzs)
    while True:
        number += 1
        yield traveller_mrz(plan.prefix, number)


async def _drive(plan: PostPlan) -> LoadResult:
    result = LoadResult()
    travellers = _travellers(plan)
    await asyncio.sleep(max(0.0, plan.start_at - time.time()))
    await asyncio.gather(
        measure_cpu(plan.measure_from, plan.measure_until, result),
        *(
            send_back_to_back(
                plan.port,
                (plan.measure_from, plan.measure_until),
                lambda: _post_bytes(plan, next(travellers)),
                201,
                result,
            )
            for _ in range(plan.connections)
        ),
    )
    return result


def prepare_travellers(prefix: str, count: int, processes: int) -> list[tuple[str, ...]]:
    """`count` unique MRZs per load process, made before the measured run."""
    return [
        tuple(traveller_mrz(prefix, PER_PROCESS * index + n) for n in range(count))
        for index in range(processes)
    ]


@dataclass
class CpuUse:
    """CPU seconds of the server processes and PostgreSQL backends inside the window."""

    server: float = 0.0
    database: float | None = None


def run_load(
    server: Server, token: str, poe_id: str, options: argparse.Namespace, processes: int
) -> tuple[LoadResult, CpuUse]:
    """Register crossings from `processes` processes; note the CPU every component used."""
    prefix = run_prefix()
    per_process = int(options.prepared_rate * (options.warmup + options.duration + 2) / processes)
    prepared = prepare_travellers(prefix, per_process, processes)
    start_at = time.time() + 1.5  # the pool's processes start meanwhile
    measure_from = start_at + options.warmup
    measure_until = measure_from + options.duration
    plans = [
        PostPlan(
            process=index,
            port=server.port,
            token=token,
            poe_id=poe_id,
            connections=options.connections // processes
            + (1 if index < options.connections % processes else 0),
            start_at=start_at,
            measure_from=measure_from,
            measure_until=measure_until,
            prefix=prefix,
            mrzs=prepared[index],
        )
        for index in range(processes)
    ]
    total, cpu = LoadResult(), CpuUse()
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        pending = pool.map_async(
            partial(load_process, _drive), [plan for plan in plans if plan.connections]
        )
        time.sleep(max(0.0, measure_from - time.time()))
        server_before, database_before = server.cpu(), database_cpu(server.database_url)
        time.sleep(max(0.0, measure_until - time.time()))
        server_after, database_after = server.cpu(), database_cpu(server.database_url)
        for part in pending.get():
            total.merge(part)
    cpu.server = _cpu.used_between(server_before, server_after)
    if database_before is not None and database_after is not None:
        cpu.database = _cpu.used_between(database_before, database_after)
    return total, cpu


def database_cpu(database_url: str) -> dict[int, float] | None:
    """CPU seconds of the PostgreSQL backends serving this database (None on SQLite)."""
    if not database_url.startswith("postgresql"):
        return None
    from sqlalchemy import text

    from passage.db import make_engine

    engine = make_engine(database_url)
    with engine.connect() as connection:
        pids = connection.scalars(
            text(
                "SELECT pid FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND backend_type = 'client backend'"
            )
        ).all()
    engine.dispose()
    return _cpu.snapshot(list(pids))
