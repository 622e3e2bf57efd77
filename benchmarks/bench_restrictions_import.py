"""Importing 100,000 OxCGRT v1 rows (issue 3 target: under 60 s, SQLite and PostgreSQL).

Generates an OxCGRT-format CSV (92 countries x 1,087 days, the real column layout with extra
indicator columns, runs of 3-120 days, blank days, regional rows, quoted notes with commas and
newlines), then imports it into a fresh, migrated database with countries loaded: parse +
validate + write + commit. A second import of the same file (everything unchanged) is timed too.
PostgreSQL runs as well with --postgres URL or PASSAGE_BENCH_DATABASE_URL (a throw-away
database is created and dropped).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("PASSAGE_ENVIRONMENT", "test")

from _db import fresh_database
from _report import report
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from passage.db import make_engine, transaction
from passage.geo import repository as geo_repository
from passage.geo.service import load_countries
from passage.migrate import upgrade
from passage.restrictions.imports import pipeline

TARGET_SECONDS = 60.0
COUNTRIES = 92
DAYS = 1087  # 92 x 1,087 = 100,004 national rows
START = date(2020, 1, 1)
HEADER = [
    "CountryName",
    "CountryCode",
    "RegionName",
    "RegionCode",
    "Jurisdiction",
    "Date",
    "C1E_School closing",
    "C1E_Flag",
    "C2E_Workplace closing",
    "C2E_Flag",
    "C6E_Stay at home requirements",
    "C6E_Flag",
    "C7E_Restrictions on internal movement",
    "C7E_Flag",
    "C8E_International travel controls",
    "C8NV_International travel controls",
    "C8V_International travel controls",
    "C8EV_International travel controls",
    "C8_Notes",
    "H6E_Facial Coverings",
    "H6E_Flag",
    "StringencyIndex_Average",
    "GovernmentResponseIndex_Average",
    "ConfirmedCases",
    "ConfirmedDeaths",
]
NOTES = (
    "Arrivals from {a}, {b} and {c} must quarantine for 14 days at a designated facility.",
    'Ministry of Health circular: "all travellers" fill in a health declaration,\n'
    "temperature screening at airports, land borders and ports.",
    "Entry suspended for non-residents; exemptions: diplomats, cargo crews, health workers.\n"
    "See https://example.org/notice for the full list.",
    "Borders reopened to all arrivals, testing no longer required.",
)


def _levels(rng: random.Random) -> list[str]:
    """A country's daily C8 values: runs of 3-120 days, level drifting, some blank days."""
    values: list[str] = []
    level = rng.choice([0, 1, 1, 2])
    while len(values) < DAYS:
        run = "" if rng.random() < 0.04 else str(level)
        values += [run] * (rng.randint(1, 5) if run == "" else rng.randint(3, 120))
        level = max(0, min(4, level + rng.choice([-2, -1, -1, 1, 1, 2])))
    return values[:DAYS]


def _row(name: str, code: str, day: date, value: str, note: str, rng: random.Random) -> list[Any]:
    differentiated = day >= date(2021, 5, 1) and value not in ("", "0")
    nv, v = (value, str(max(0, int(value) - 1))) if differentiated else ("", "")
    ev = value if differentiated else ""
    e = "" if differentiated else value
    filler = [rng.randint(0, 3), 1, rng.randint(0, 3), 1, rng.randint(0, 3), 0, 1, 1]
    head = [name, code, "", "", "NAT_TOTAL", day.strftime("%Y%m%d"), *filler]
    tail = [rng.randint(0, 4), 1, 51.85, 48.2, rng.randint(0, 10**6), rng.randint(0, 10**4)]
    return [*head, e, nv, v, ev, note, *tail]


def generate(path: Path, codes: list[tuple[str, str]], seed: int = 3) -> int:
    """Write the OxCGRT-format file; returns the number of national rows."""
    rng = random.Random(seed)
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for name, code in codes:
            previous = None
            for offset, value in enumerate(_levels(rng)):
                day = START + timedelta(days=offset)
                others = rng.sample(codes, 3)
                note = ""
                if value != previous and value:
                    note = rng.choice(NOTES).format(a=others[0][0], b=others[1][0], c=others[2][0])
                writer.writerow(_row(name, code, day, value, note, rng))
                previous, rows = value, rows + 1
                if offset % 200 == 0 and code in ("USA", "BRA", "CAN"):  # regional rows: skipped
                    regional = _row(name, code, day, value, "", rng)
                    regional[2:5] = ["Some state", f"{code[:2]}_X", "STATE_TOTAL"]
                    writer.writerow(regional)
    return rows


def prepare(engine: Engine) -> list[tuple[str, str]]:
    """Migrate, load countries; return (name, ISO3) of the countries the file will use."""
    upgrade(engine)
    with transaction(sessionmaker(bind=engine)) as session:
        load_countries(session=session)
        countries = geo_repository.list_countries(session)
        return [(c.name("en"), c.iso3) for c in countries][:COUNTRIES]


def timed_import(engine: Engine, path: Path) -> tuple[float, pipeline.MeasureImportReport]:
    """Seconds to read, parse, validate, write and commit the file."""
    started = time.perf_counter()
    with transaction(sessionmaker(bind=engine)) as session:
        parsed = pipeline.parse_file(
            content=path.read_bytes(),
            file_name=path.name,
            format="oxcgrt",
            known_countries=pipeline.known_countries(session),
        )
        result = pipeline.import_measures(
            session=session, parsed=parsed, source=path.name, format="oxcgrt"
        )
    return time.perf_counter() - started, result


def run(workdir: Path, postgres_url: str | None) -> None:
    """Generate, import twice, report the first import's time."""
    database = "postgresql" if postgres_url else "sqlite"
    with fresh_database(workdir, postgres_url) as url:
        engine = make_engine(url)
        try:
            codes = prepare(engine)
            path = workdir / "OxCGRT_nat_v1_synthetic.csv"
            national = generate(path, codes)
            seconds, first = timed_import(engine, path)
            again_seconds, again = timed_import(engine, path)
        finally:
            engine.dispose()
    if first.rejected or again.created or again.updated:
        raise SystemExit(f"unexpected import result: {first.to_dict()} / {again.to_dict()}")
    report(
        "restrictions_import_oxcgrt_100k_seconds",
        seconds,
        "seconds",
        target=f"< {TARGET_SECONDS:g}",
        meets_target=seconds < TARGET_SECONDS,
        baseline={"name": "issue 3 target", "value": TARGET_SECONDS, "unit": "seconds"},
        context={
            "database": database,
            "national_rows": national,
            "rows_read": first.rows,
            "regional_rows_skipped": first.skipped,
            "measures_created": first.created,
            "file_mb": round(path.stat().st_size / 1e6, 1),
            "reimport_seconds": round(again_seconds, 3),
            "reimport_unchanged": again.unchanged,
        },
    )


def main() -> None:
    """SQLite always; PostgreSQL too when a server URL is given."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("PASSAGE_BENCH_DATABASE_URL"),
        help="PostgreSQL server URL; a fresh database is created there and dropped afterwards.",
    )
    options = parser.parse_args()
    for postgres_url in [None] + ([options.postgres] if options.postgres else []):
        with tempfile.TemporaryDirectory(prefix="passage-bench-") as tmp:
            run(Path(tmp), postgres_url)


if __name__ == "__main__":
    main()
