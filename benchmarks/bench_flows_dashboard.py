"""Flows dashboard figures (issue 19): the coordinator's alert list (GET /flows) and one alert's
page with its chart and nearby changes (GET /flows/alerts/{id}), p95 over `--requests` each,
with `--series` daily series of `--days` days in the database (issue: 5,000 series of three
years, dashboard p95 < 300 ms).

Workload: `--series` points in 20 countries, each a daily total split into two movement
directions (two cells a day); Poisson counts around a level drawn per series (5 to 5,000, log
uniform) with a weekly pattern; one series in five has a planted level shift (x2.5) and one in
ten a three-day spike somewhere in its last year. Counts are written with bulk inserts; the
alerts are then judged through the app's own path (`flows.alerts.refresh`, batches of 100
points: the detectors over every series' whole history), timed as a context figure. Requests go
through the whole app in process (FastAPI TestClient: routing, session cookie, permission,
queries, Jinja), one at a time, as a global coordinator; no network.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from _db import fresh_database
from _report import percentile, report
from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).parent))
COUNTRIES = ["KEN", "UGA", "TZA", "ETH", "SOM", "SDN", "SSD", "NER", "MLI", "TCD",
             "NGA", "BFA", "LBY", "TUN", "EGY", "YEM", "DJI", "ERI", "RWA", "BDI"]  # fmt: skip


def _settings(database_url: str) -> None:
    os.environ["PASSAGE_DATABASE_URL"] = database_url
    os.environ.setdefault("PASSAGE_ENVIRONMENT", "test")
    os.environ.setdefault("PASSAGE_ARGON2_TIME_COST", "1")
    os.environ.setdefault("PASSAGE_ARGON2_MEMORY_COST", "1024")


def _series(rng: np.random.Generator, days: int) -> np.ndarray:
    level = float(np.exp(rng.uniform(np.log(5), np.log(5000))))
    weekly = 1 + 0.2 * np.sin(2 * np.pi * np.arange(days) / 7)
    mean = level * weekly
    if rng.random() < 0.2:
        mean[int(rng.integers(days - 365, days - 7)) :] *= 2.5
    if rng.random() < 0.1:
        at = int(rng.integers(days - 365, days - 3))
        mean[at : at + 3] *= 4
    return rng.poisson(mean)


def load(engine, series: int, days: int, seed: int, split: bool) -> list[uuid.UUID]:
    """Bulk-insert the points and their counts; their ids."""
    from passage.flows.models import FlowCount, FlowPoint
    from passage.kit.ids import uuid7

    rng = np.random.default_rng(seed)
    first = date.today() - timedelta(days=days)
    ids = [uuid7() for _ in range(series)]
    points = [
        {"id": ids[i], "code": f"FMP-{i:05d}", "name": f"Point {i}", "label": f"FMP-{i:05d}",
         "kind": "border_crossing", "imported": False, "country_iso3": COUNTRIES[i % 20],
         "detector": {}, "version": 1}
        for i in range(series)
    ]  # fmt: skip
    with engine.begin() as connection:
        connection.execute(insert(FlowPoint), points)
    days_list = [first + timedelta(days=d) for d in range(days)]
    batch: list[dict] = []
    for index, point_id in enumerate(ids):
        values = _series(rng, days)
        for day, value in zip(days_list, values, strict=True):
            half = int(value) // 2
            cells = (
                (("incoming", half), ("outgoing", int(value) - half))
                if split
                else (("", int(value)),)
            )
            for direction, count in cells:
                batch.append({"id": uuid7(), "point_id": point_id, "granularity": "day",
                              "period_start": day, "source": "import", "direction": direction,
                              "count": count, "version": 1})  # fmt: skip
        if len(batch) >= 50_000 or index == series - 1:
            with engine.begin() as connection:
                connection.execute(insert(FlowCount), batch)
            batch = []
    return ids


def judge_all(engine, ids: list[uuid.UUID]) -> float:
    """Judge every series through the app's path; seconds."""
    from sqlalchemy.orm import Session

    from passage.flows import alerts

    began = time.perf_counter()
    for start in range(0, len(ids), 100):
        with Session(engine) as session:
            alerts.refresh(session, point_ids=ids[start : start + 100])
            session.commit()
    return time.perf_counter() - began


def _timed(client, path: str, requests: int) -> list[float]:
    latencies = []
    for _ in range(requests):
        began = time.perf_counter()
        response = client.get(path)
        latencies.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.text[:300]
    return latencies


def measure(engine, requests: int) -> tuple[list[float], list[float]]:
    """p95 inputs of the dashboard and of one alert's page."""
    from fastapi.testclient import TestClient
    from sqlalchemy.orm import Session

    from passage.access import Role
    from passage.auth import service as auth_service
    from passage.auth.schemas import GrantSpec, UserCreate
    from passage.flows.models import FlowAlert
    from passage.main import create_app

    with Session(engine) as session:
        user = auth_service.create_user(session=session, data=UserCreate(
            email="bench-coordinator@example.org", full_name="Bench Coordinator",
            password="correct horse battery staple", grants=[GrantSpec(role=Role.COORDINATOR)],
        ))  # fmt: skip
        cookie = auth_service.start_web_session(session=session, user=user)
        session.commit()
        alert_id = session.scalar(select(FlowAlert.id).order_by(FlowAlert.period_start.desc()))
    from passage.auth.deps import SESSION_COOKIE

    with TestClient(create_app()) as client:
        client.cookies.set(SESSION_COOKIE, cookie)
        _timed(client, "/flows", 5)  # warm-up
        dashboard = _timed(client, "/flows", requests)
        alert = _timed(client, f"/flows/alerts/{alert_id}", requests) if alert_id else []
    return dashboard, alert


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--series", type=int, default=5000)
    parser.add_argument("--days", type=int, default=3 * 365)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--one-cell-a-day", action="store_true", help="totals only (faster load)")
    parser.add_argument("--postgres", default=None, help="a PostgreSQL server URL (else SQLite)")
    options = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_database(Path(folder), options.postgres) as url,
    ):
        _settings(url)
        from sqlalchemy.orm import Session

        from passage.db import make_engine
        from passage.flows.models import FlowAlert
        from passage.migrate import upgrade

        engine = make_engine(url)
        upgrade(engine)
        began = time.perf_counter()
        split = not options.one_cell_a_day
        ids = load(engine, options.series, options.days, options.seed, split)
        load_seconds = time.perf_counter() - began
        judge_seconds = judge_all(engine, ids)
        with Session(engine) as session:
            alert_count = len(session.scalars(select(FlowAlert.id)).all())
        dashboard, alert = measure(engine, options.requests)
        context = {
            "series": options.series, "days": options.days,
            "cells": options.series * options.days * (2 if split else 1),
            "alerts_stored": alert_count, "requests": options.requests,
            "database": engine.dialect.name, "load_seconds": round(load_seconds, 1),
            "judge_all_series_seconds": round(judge_seconds, 1),
            "load_average": [round(v, 2) for v in os.getloadavg()],
            "how": "in process (TestClient), one request at a time, global coordinator",
        }  # fmt: skip
        p95 = percentile(dashboard, 0.95)
        report("flows_dashboard_p95", p95, "ms", target="< 300 ms", meets_target=p95 < 300,
               context=context)  # fmt: skip
        if alert:
            p95_alert = percentile(alert, 0.95)
            report("flows_alert_page_p95", p95_alert, "ms", target="< 300 ms",
                   meets_target=p95_alert < 300, context=context)  # fmt: skip
        engine.dispose()


if __name__ == "__main__":
    main()
