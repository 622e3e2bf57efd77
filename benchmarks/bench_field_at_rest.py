"""A field node's local name search with its data encrypted at rest (kit.atrest): the blind
name index (keyed hashes of ICAO 9303 name tokens) against the same search on clear names.

Prepares two node databases (SQLite) with --travellers travellers, each with one document and
one crossing at the Namanga POE (the search only looks at travellers who crossed in the
reader's scope), written 1,000 per transaction with the ORM's bulk insert: one sealed (a data
key made as at enrolment: names, birth dates and document numbers encrypted, the name index
filled), one clear (a deployment that is not a node, as main was). Then times --searches
searches of names drawn from the same synthetic population (the officer screen's search:
blocking on name fragments, then the matching engine).

Figures: the sealed node's name search p95 (target < 300 ms at 100,000 travellers), with the
clear database's p95 as its baseline, measured in the same run; the time to write the
travellers (sealed and clear). CPU seconds and the load average are in the context.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _report import percentile, report


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--travellers", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=200)
    return parser.parse_args()


def _node(path: Path, sealed: bool):
    from sqlalchemy.orm import sessionmaker

    from passage.db import make_engine, transaction
    from passage.field import keys
    from passage.geo.demo import load_reference
    from passage.geo.repository import get_poes_by_code
    from passage.migrate import upgrade

    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    with transaction(factory) as session:
        load_reference(session, airports=False)
        poe = get_poes_by_code(session, ["LND-KEN-NAMANGA"])["LND-KEN-NAMANGA"]
        if sealed:
            keys.create(session=session)
    return factory, poe.id


def _write(factory, poe_id: uuid.UUID, count: int) -> tuple[float, float]:
    """Insert the travellers, their documents and crossings many rows per statement (the ORM's
    bulk insert: the column types encrypt each value as a form's save would; the name index,
    which a form's save fills by a mapper event, is filled here the same way)."""
    from sqlalchemy import insert

    from passage.border.crossings.identity import name_key
    from passage.border.crossings.models import Crossing, TravelDocument, Traveller, name_index_of
    from passage.db import transaction
    from passage.kit import atrest
    from passage.kit.ids import uuid7
    from passage.synthetic.people import generate_people

    started, cpu_started = time.perf_counter(), time.process_time()
    now, people = datetime.now(UTC), list(generate_people(count, seed=9303))
    for first in range(0, count, 1000):
        travellers, documents, crossings = [], [], []
        with transaction(factory) as session:
            ring = atrest.session_keyring(session)
            for number, someone in enumerate(people[first : first + 1000], start=first):
                given = " ".join(someone.given)
                traveller_id, document_id = uuid7(), uuid7()
                travellers.append(
                    {
                        "id": traveller_id,
                        "surname": someone.surname,
                        "given_names": given,
                        "nationality": someone.nationality,
                        "birth_date": date(1950 + number % 60, 1 + number % 12, 1 + number % 28),
                        "name_key": name_key(someone.surname, given),
                        "name_index": name_index_of(ring, someone.surname, given)
                        if ring.enabled
                        else None,
                    }
                )
                documents.append(
                    {
                        "id": document_id,
                        "traveller_id": traveller_id,
                        "document_code": "P",
                        "document_number": f"B{number:08d}",
                        "issuing_state": "KEN",
                    }
                )
                crossings.append(
                    {
                        "poe_id": poe_id,
                        "direction": "entry",
                        "occurred_at": now,
                        "traveller_id": traveller_id,
                        "document_id": document_id,
                    }
                )
            session.execute(insert(Traveller), travellers)
            session.execute(insert(TravelDocument), documents)
            session.execute(insert(Crossing), crossings)
    return time.perf_counter() - started, time.process_time() - cpu_started


def _search(factory, names: list[str], searches: int) -> dict[str, float]:
    from passage.access import GrantView, Principal, Role
    from passage.border.crossings.search import travellers_named
    from passage.db import transaction

    actor = Principal(uuid.uuid4(), (GrantView(Role.BORDER_OFFICER),), "bench")
    rng, timings, cpu_timings, found = random.Random(7), [], [], 0
    with transaction(factory) as session:
        for _ in range(searches):
            name = rng.choice(names)
            begun, cpu_begun = time.perf_counter(), time.process_time()
            found += bool(travellers_named(session=session, actor=actor, name=name))
            timings.append((time.perf_counter() - begun) * 1000)
            cpu_timings.append((time.process_time() - cpu_begun) * 1000)
    return {
        "p95_ms": percentile(timings, 0.95),
        "p50_ms": percentile(timings, 0.5),
        "cpu_p95_ms": percentile(cpu_timings, 0.95),
        "searches_finding_someone": found,
    }


def main() -> None:
    arguments = _arguments()
    workdir = Path(tempfile.mkdtemp(prefix="bench-at-rest-"))
    os.environ.setdefault("PASSAGE_ENVIRONMENT", "test")
    os.environ.setdefault("PASSAGE_DATABASE_URL", f"sqlite:///{workdir / 'unused.db'}")
    from passage.synthetic.people import generate_people

    names = [f"{' '.join(p.given)} {p.surname}" for p in generate_people(2000, seed=9303)]
    results = {}
    for label, sealed in (("clear", False), ("sealed", True)):
        factory, poe_id = _node(workdir / f"{label}.db", sealed)
        seconds, cpu = _write(factory, poe_id, arguments.travellers)
        results[label] = {
            "write_seconds": round(seconds, 1),
            "write_cpu_seconds": round(cpu, 1),
            **_search(factory, names, arguments.searches),
        }
    sealed, clear = results["sealed"], results["clear"]
    context = {
        "travellers": arguments.travellers,
        "mix": "1 traveller : 1 document : 1 crossing each; searches of names of the population",
        "database": "sqlite (a field node)",
        "searches": arguments.searches,
        "sealed": {k: round(v, 1) for k, v in sealed.items()},
        "clear": {k: round(v, 1) for k, v in clear.items()},
        "load_average": os.getloadavg()[0],
    }
    report(
        "field node at rest: local name search p95 (sealed)",
        sealed["p95_ms"],
        "ms",
        target="< 300 ms at 100,000 travellers",
        meets_target=sealed["p95_ms"] < 300,
        baseline={"name": "same run, clear names (not sealed)", "value": clear["p95_ms"]},
        context=context,
    )
    report(
        "field node at rest: writing travellers with documents and crossings (sealed)",
        sealed["write_seconds"],
        "s",
        baseline={"name": "same run, clear names (not sealed)", "value": clear["write_seconds"]},
        context=context,
    )


if __name__ == "__main__":
    main()
