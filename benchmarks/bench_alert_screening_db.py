"""Alert-list screening end to end: `screen_crossing` over a list loaded from the database.

Creates a fresh SQLite database (or uses --database-url), inserts --entries generated persons
into one alert list, then measures (1) the time to build the screening indexes from the
database (what a worker pays at start and after a list change) and (2) the latency of
`screen_crossing` per crossing: the cached index search, the check of the candidates against
the database, the hit rows written and the audit entry queued. Recall is over altered names
of listed persons (transliteration, typos, name order, dropped or extra names).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("PASSAGE_SCREENING_REFRESH_SECONDS", "3600")

from _report import percentile, report
from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from passage.border.alerts import screening
from passage.border.alerts.cache import CACHE
from passage.border.alerts.models import AlertList, AlertPerson
from passage.border.crossings.models import Crossing, Traveller
from passage.db import make_engine, transaction
from passage.geo import repository as geo_repository
from passage.geo.demo import load_reference
from passage.kit.ids import uuid7
from passage.migrate import upgrade
from passage.synthetic.people import generate_people, make_variant

BATCH = 10_000


def load_persons(session: Session, count: int, seed: int) -> tuple[list, float]:
    """Insert `count` generated persons into one list; return them and the seconds taken."""
    started = time.perf_counter()
    alert_list = AlertList(name="Benchmark watch list", kind="person")
    session.add(alert_list)
    session.flush()
    people = list(generate_people(count, seed=seed))
    ids = {}
    for start in range(0, count, BATCH):
        rows = []
        for person in people[start : start + BATCH]:
            ids[person.id] = uuid7()
            rows.append(
                {
                    "id": ids[person.id],
                    "list_id": alert_list.id,
                    "external_ref": person.id,
                    "names": list(person.names),
                    "birth_date_text": person.birth_date,
                    "nationality": person.nationality,
                    "gender": person.gender,
                    "document_numbers": list(person.documents),
                    "reason": "benchmark",
                }
            )
        session.execute(insert(AlertPerson), rows)
    return [(person, ids[person.id]) for person in people], time.perf_counter() - started


def make_crossing(session: Session, poe_id, name: str, birth: str, gender: str) -> tuple:
    """A traveller named `name` (last word as surname) and an entry crossing."""
    words = name.split()
    traveller = Traveller(
        surname=words[-1],
        given_names=" ".join(words[:-1]),
        birth_date_text=birth,
        sex=gender,
        name_key=name.lower(),
    )
    session.add(traveller)
    session.flush()
    crossing = Crossing(
        poe_id=poe_id,
        direction="entry",
        occurred_at=datetime.now(UTC),
        traveller_id=traveller.id,
    )
    session.add(crossing)
    session.flush()
    return crossing, traveller


def main() -> None:
    """Load, build, screen and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=9303)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    folder = tempfile.TemporaryDirectory()
    url = args.database_url or f"sqlite:///{Path(folder.name) / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = sessionmaker(bind=engine)
    with transaction(factory) as session:
        load_reference(session, airports=False)
        people, load_seconds = load_persons(session, args.entries, args.seed)
    poe_id = None
    with transaction(factory) as session:
        poe_id = geo_repository.get_poes_by_code(session, ["LND-KEN-NAMANGA"])["LND-KEN-NAMANGA"].id

    CACHE.reset()
    with transaction(factory) as session:
        started = time.perf_counter()
        indexes = CACHE.indexes(session)
        build_seconds = time.perf_counter() - started
    gc.collect()
    gc.freeze()

    rng = random.Random(args.seed + 7)
    latencies, cpu, found = [], [], 0
    with transaction(factory) as session:
        for _ in range(args.queries):
            person, person_id = rng.choice(people)
            name, _ = make_variant(rng, person)
            crossing, traveller = make_crossing(
                session, poe_id, name, person.birth_date, person.gender
            )
            started, started_cpu = time.perf_counter(), time.thread_time()
            hits = screening.screen_crossing(
                session=session, crossing=crossing, traveller=traveller, document=None
            )
            latencies.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
            found += any(hit.alert_person_id == person_id for hit in hits)
        session.rollback()

    context = {
        "entries": args.entries,
        "queries": args.queries,
        "backend": engine.dialect.name,
        "names_filed": indexes.persons.name_count,
        "load_seconds": round(load_seconds, 1),
        "p50_ms": round(percentile(latencies, 0.5), 2),
        "cpu_p99_ms": round(percentile(cpu, 0.99), 2),
        "cpu_p50_ms": round(percentile(cpu, 0.5), 2),
        "mean_ms": round(sum(latencies) / len(latencies), 2),
        "recall": round(found / args.queries, 3),
    }
    report(
        "alert_screening_db_index_build_seconds",
        build_seconds,
        "s",
        context={"entries": args.entries, "backend": engine.dialect.name},
    )
    p99 = percentile(latencies, 0.99)
    report(
        "alert_screening_db_screen_crossing_p99_ms",
        p99,
        "ms",
        target="< 20 ms",
        meets_target=p99 < 20,
        context=context,
    )
    engine.dispose()
    folder.cleanup()


if __name__ == "__main__":
    main()
