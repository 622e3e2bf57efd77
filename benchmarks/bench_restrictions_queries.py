"""Restriction tracker queries over 150,000 measures (with history) and 5,000 POEs over 3 years.

Figures, per backend (SQLite always; PostgreSQL too with --postgres URL or
PASSAGE_BENCH_DATABASE_URL, on a throw-away database created and dropped here):
- measures_in_force_country_date_ms: p50/p99 of "measures in force for country X on D"
  (repository.in_force) over 200 random (country, date) pairs; target < 20 ms.
- overview_for_date_ms: the Global Mobility Restriction Overview for 20 random dates
  (passage.overview.service.build_overview); target < 500 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("PASSAGE_ENVIRONMENT", "test")

from _db import fresh_database
from _report import percentile, report
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from passage.db import make_engine
from passage.geo import repository as geo_repository
from passage.geo.service import load_countries
from passage.migrate import upgrade
from passage.restrictions import repository
from passage.synthetic.measures import generate

START, END = date(2020, 1, 1), date(2022, 12, 31)


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p99 of a list of timings (nearest rank, `_report.percentile`)."""
    return percentile(samples, 0.5), percentile(samples, 0.99)


def timed(call: Callable[[], Any]) -> float:
    """Milliseconds one call takes."""
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def random_day(rng: random.Random) -> date:
    """A day within the three generated years."""
    return START + timedelta(days=rng.randrange((END - START).days + 1))


def prepare(url: str, measures: int, poes: int) -> tuple[sessionmaker[Session], dict[str, Any]]:
    """Migrate, load countries, generate the data; return a session factory and set-up facts."""
    engine = make_engine(url)
    upgrade(engine)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    with factory() as session:
        load_countries(session=session)
        session.commit()
        started = time.perf_counter()
        generate(session, measures=measures, poes=poes, start=START, end=END)
        session.commit()
        generation_s = time.perf_counter() - started
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("ANALYZE"))
            connection.commit()
    return factory, {"generation_s": round(generation_s, 2)}


def bench_in_force(factory: sessionmaker[Session], context: dict[str, Any]) -> None:
    """Report p50/p99 of in-force queries for random (country, date) pairs."""
    rng = random.Random(11)
    with factory() as session:
        codes = sorted(geo_repository.country_codes(session).values())
        pairs = [(rng.choice(codes), random_day(rng)) for _ in range(200)]
        for country, day in pairs[:10]:  # warm the caches
            repository.in_force(session, country=country, on=day)
        sizes: list[int] = []
        samples = [
            timed(
                lambda c=country, d=day: sizes.append(
                    len(repository.in_force(session, country=c, on=d))
                )
            )
            for country, day in pairs
        ]
    p50, p99 = percentiles(samples)
    report(
        "measures_in_force_country_date_ms",
        p50,
        "ms",
        target="< 20",
        meets_target=p99 < 20,
        baseline={"name": "issue 3 target", "value": 20.0, "unit": "ms"},
        context=context
        | {
            "p50_ms": round(p50, 3),
            "p99_ms": round(p99, 3),
            "queries": 200,
            "mean_rows": round(statistics.mean(sizes), 1),
        },
    )


def bench_overview(factory: sessionmaker[Session], context: dict[str, Any]) -> None:
    """Report p50/p99 of building the overview for random dates (null if not available)."""
    try:
        from passage.overview.service import build_overview
    except ImportError as error:
        record = {
            "figure": "overview_for_date_ms",
            "value": None,
            "unit": "ms",
            "target": "< 500",
            "meets_target": None,
            "context": context | {"note": f"overview not available: {error}"},
        }
        print(json.dumps(record), flush=True)
        return
    rng = random.Random(13)
    days = [random_day(rng) for _ in range(20)]
    with factory() as session:
        build_overview(session=session, on=days[0])  # warm-up
        samples = [timed(lambda d=day: build_overview(session=session, on=d)) for day in days]
    p50, p99 = percentiles(samples)
    report(
        "overview_for_date_ms",
        p50,
        "ms",
        target="< 500",
        meets_target=p99 < 500,
        baseline={"name": "issue 3 target", "value": 500.0, "unit": "ms"},
        context=context | {"p50_ms": round(p50, 3), "p99_ms": round(p99, 3), "dates": 20},
    )


def run(url: str, backend: str, measures: int, poes: int) -> None:
    """Set up one backend and report its figures."""
    factory, facts = prepare(url, measures, poes)
    context = {
        "database": backend,
        "measures": measures,
        "poes": poes,
        **facts,
        "span": f"{START}..{END}",
    }
    bench_in_force(factory, context)
    bench_overview(factory, context)


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--measures", type=int, default=150_000)
    parser.add_argument("--poes", type=int, default=5_000)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("PASSAGE_BENCH_DATABASE_URL"),
        help="PostgreSQL server URL; a fresh database is created there and dropped afterwards.",
    )
    return parser.parse_args()


def main() -> None:
    """Run the figures on SQLite, and on PostgreSQL when a server is given."""
    options = _options()
    with tempfile.TemporaryDirectory(prefix="passage-bench-") as tmp:
        with fresh_database(Path(tmp), None) as url:
            run(url, "sqlite", options.measures, options.poes)
        if options.postgres:
            with fresh_database(Path(tmp), options.postgres) as url:
                run(url, "postgresql", options.measures, options.poes)


if __name__ == "__main__":
    main()
