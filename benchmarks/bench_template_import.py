"""Importing 100,000 Passage-template measures whose target lists hold about 100 codes
(issue 13 item 13 target: under 60 s, SQLite and PostgreSQL).

IOM's own data set is 107,483 measures; real visa and entry-ban measures name long lists of
nationalities or origins. The generated CSV has every template column filled as a coordinator
would: a reference, a measure type of the taxonomy, 60-140 nationalities (or origins), an
exemption list, a source, dates; a third of the rows are open-ended. The file is imported into a
fresh, migrated database (countries loaded by the migration) through the documented pipeline
(parse + validate + write, committed in batches as the routes do), then imported again
(everything unchanged). `--measures N` runs a smaller workload. On a shared machine the wall
time says little: the context also gives the CPU seconds used (this process, and the
PostgreSQL backend), which is what the import costs.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("PASSAGE_ENVIRONMENT", "test")

from _cpu import cpu_seconds, load_average
from _db import fresh_database
from _report import report
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from passage.db import commit_batch, make_engine, transaction
from passage.migrate import upgrade
from passage.restrictions.imports import pipeline, template, writer
from passage.restrictions.taxonomy import EXEMPTIONS

TARGET_SECONDS = 60.0
TYPES = (
    "origin_ban",
    "quarantine",
    "visa_requirement",
    "test_before_arrival",
    "health_declaration",
)


def generate(codes: list[str], measures: int, seed: int = 13) -> bytes:
    """The template CSV: one row per measure, long target lists."""
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(template.NAMES)
    for number in range(measures):
        start = date(2020, 1, 1) + timedelta(days=rng.randint(0, 1000))
        until = "" if number % 3 == 0 else (start + timedelta(days=rng.randint(7, 180))).isoformat()
        listed = " ".join(rng.sample(codes, rng.randint(60, 140)))
        by_origin = number % 2 == 0
        row = {
            "ref": f"bench-{number}",
            "country": rng.choice(codes),
            "measure_type": rng.choice(TYPES),
            "title": f"Measure {number} for listed travellers",
            "details": "Applies at every point of entry; see the source.",
            "nationalities": "" if by_origin else listed,
            "origins": listed if by_origin else "",
            "exemptions": "; ".join(rng.sample(EXEMPTIONS, 3)),
            "effective_from": start.isoformat(),
            "effective_until": until,
            "status": "published",
            "source_title": "Government notice",
            "source_url": "https://example.org/notice",
        }
        writer.writerow([row.get(name, "") for name in template.NAMES])
    return buffer.getvalue().encode()


def timed_import(
    engine: Engine, content: bytes
) -> tuple[float, float, pipeline.MeasureImportReport]:
    """Seconds (wall, and CPU of this process plus the PostgreSQL backend) to parse, validate
    and write the file, committed in batches."""
    started, cpu_started = time.perf_counter(), time.process_time()
    with transaction(sessionmaker(bind=engine, expire_on_commit=False)) as session:  # as the app
        backend = _backend_pid(session)
        backend_before = cpu_seconds(backend) if backend else 0.0
        countries = pipeline.known_countries(session)
        session.commit()
        parsed = pipeline.parse_file(
            content=content, file_name="bench.csv", format="passage", known_countries=countries
        )
        result = pipeline.import_measures(
            session=session,
            parsed=parsed,
            source="bench.csv",
            format="passage",
            checkpoint=lambda: commit_batch(session),
        )
        session.commit()
        backend_cpu = cpu_seconds(backend) - backend_before if backend else 0.0
    cpu = time.process_time() - cpu_started + backend_cpu
    return time.perf_counter() - started, cpu, result


def _backend_pid(session: Session) -> int | None:
    """The PostgreSQL server process of this session's connection (None on SQLite)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    return int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())


def run(workdir: Path, postgres_url: str | None, measures: int) -> None:
    """Migrate, generate, import twice, report the first import's time."""
    database = "postgresql" if postgres_url else "sqlite"
    with fresh_database(workdir, postgres_url) as url:
        engine = make_engine(url)
        try:
            upgrade(engine)
            with transaction(sessionmaker(bind=engine)) as session:
                codes = sorted(pipeline.known_countries(session))
            content = generate(codes, measures)
            load = load_average()
            seconds, cpu, first = timed_import(engine, content)
            again_seconds, again_cpu, again = timed_import(engine, content)
        finally:
            engine.dispose()
    if first.rejected or first.created != measures or again.created or again.updated:
        rejected = first.to_dict()["rejected"][:3]  # type: ignore[index]
        raise SystemExit(f"unexpected import result: {rejected}, {again.updated} updated")
    report(
        "restrictions_import_template_100k_seconds",
        seconds * 100_000 / measures,
        "seconds",
        target=f"< {TARGET_SECONDS:g}",
        meets_target=seconds * 100_000 / measures < TARGET_SECONDS,
        baseline={"name": "issue 13 target", "value": TARGET_SECONDS, "unit": "seconds"},
        context={
            "database": database,
            "measures": measures,
            "measured_seconds": round(seconds, 3),
            "scaled_to": 100_000,
            "targets_per_measure": "60-140 nationalities or origins",
            "measures_per_second": round(measures / seconds, 1),
            "cpu_seconds": round(cpu, 3),
            "measures_per_cpu_second": round(measures / cpu, 1),
            "cpu_scaled_to_100k_seconds": round(cpu * 100_000 / measures, 1),
            "load_average": load,
            "reimport_cpu_seconds": round(again_cpu, 3),
            "file_mb": round(len(content) / 1e6, 1),
            "reimport_seconds": round(again_seconds, 3),
            "reimport_unchanged": again.unchanged,
            "batch_hold_seconds": writer.HOLD_SECONDS,
        },
    )


def main() -> None:
    """SQLite always; PostgreSQL too when a server URL is given."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--measures", type=int, default=100_000)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("PASSAGE_BENCH_DATABASE_URL"),
        help="PostgreSQL server URL; a fresh database is created there and dropped afterwards.",
    )
    options = parser.parse_args()
    for postgres_url in [None] + ([options.postgres] if options.postgres else []):
        with tempfile.TemporaryDirectory(prefix="passage-bench-") as tmp:
            run(Path(tmp), postgres_url, options.measures)


if __name__ == "__main__":
    main()
