"""Flow monitoring survey figures (issue 19 item 2), in process on a fresh database:

1. reading: a Kobo CSV export of `--rows` interviews (the demo form: 10 questions shown, two
   select_multiple with their 0/1 columns, names and phones left out) checked row by row
   (`flows.surveys.reading`, pure): rows per second.
2. import: the same export imported into the database (one transaction), then again (every
   interview unchanged, nothing added): seconds each.
3. results: every question's suppressed table over all the interviews: milliseconds.

Each figure carries CPU seconds of this process and the load average (a shared machine).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from _db import fresh_database
from _report import report
from sqlalchemy.orm import sessionmaker

sys.path.insert(0, str(Path(__file__).parent))

from passage import installed  # noqa: F401  (declares the domains and their tables)
from passage.access import GrantView, Principal, Role
from passage.db import make_engine, transaction
from passage.flows.models import FlowPoint
from passage.flows.surveys import demo, reading, service
from passage.flows.surveys.forms import read_survey
from passage.kit import kobo
from passage.kit.xlsform import read_xlsform
from passage.migrate import upgrade

# the results read as ORM records (FlowInterview, FlowPoint) before they read columns only,
# measured once on this machine (20,000 interviews, SQLite, load average 18.5)
ORM_RESULTS = {"value": 21929.5, "cpu_s": 2.39, "what": "results read as ORM records"}
GLOBAL_READER = Principal(user_id=uuid.uuid4(), grants=(GrantView(Role.ANALYST),), label="bench")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(action):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), _cpu()
    result = action()
    return result, time.perf_counter() - wall, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--postgres", default=os.environ.get("PASSAGE_BENCH_POSTGRES_URL"))
    args = parser.parse_args()
    content = demo.kobo_export(date(2026, 12, 6), count=args.rows)
    definition = read_survey(read_xlsform(demo.xlsform(), "fms.xlsx"))["definition"]
    context = {"rows": args.rows, "export_bytes": len(content), "form": "the demo survey",
               "backend": "postgresql" if args.postgres else "sqlite"}  # fmt: skip

    _, plain_wall, plain_cpu = _timed(lambda: kobo.read_rows(content, "kobo.csv"))
    plain = {
        "value": round(args.rows / plain_wall, 1),
        "cpu_s": round(plain_cpu, 3),
        "what": "kit.kobo.read_rows on the same bytes: cells only, nothing checked",
    }
    read, wall, cpu = _timed(lambda: reading.read_export(content, "kobo.csv", definition))
    assert len(read.interviews) == args.rows, read.rejected[:3]
    report("survey export read (rows per second)", args.rows / wall, "rows/s", baseline=plain,
           context=context | {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
                              "load": os.getloadavg()})  # fmt: skip

    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_database(Path(folder), args.postgres) as url,
    ):
        engine = make_engine(url)
        upgrade(engine)
        factory = sessionmaker(bind=engine, expire_on_commit=False)
        with transaction(factory) as session:
            session.add(FlowPoint(code=demo.POINT, name="Namanga", label=demo.POINT,
                                  kind="transit_hub", imported=False, country_iso3="KEN",
                                  detector={}))  # fmt: skip
            survey = service.upload_form(
                session=session, content=demo.xlsform(), filename="fms.xlsx", actor=None
            )

        def run_import() -> service.SurveyImport:
            with transaction(factory) as session:
                return service.import_export(
                    session=session, survey_id=survey.id, content=content, filename="kobo.csv",
                    actor=None,
                )  # fmt: skip

        first: dict[str, float] | None = None
        for label in ("first", "again"):
            outcome, wall, cpu = _timed(run_import)
            expected = (args.rows, 0) if label == "first" else (0, args.rows)
            assert (outcome.report.created, outcome.report.unchanged) == expected
            baseline = None if first is None else first | {"what": "the first import"}
            report(f"survey export imported ({label})", wall, "s", baseline=baseline,
                   context=context | {"cpu_s": round(cpu, 3), "load": os.getloadavg(),
                                      "created": outcome.report.created,
                                      "unchanged": outcome.report.unchanged})  # fmt: skip
            first = first or {"value": round(wall, 3), "cpu_s": round(cpu, 3)}

        def run_results():  # type: ignore[no-untyped-def]
            with transaction(factory) as session:
                return service.survey_results(
                    session=session, survey_id=survey.id, actor=GLOBAL_READER
                )

        computed, wall, cpu = _timed(run_results)
        assert computed.interviews == args.rows
        report(
            "survey results over every interview",
            wall * 1000,
            "ms",
            baseline=ORM_RESULTS,
            context=context | {"cpu_s": round(cpu, 3), "load": os.getloadavg()},
        )
        engine.dispose()


if __name__ == "__main__":
    main()
