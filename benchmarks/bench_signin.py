"""Sign-in timing: does the answer's delay tell which e-mails have an account? (issue 14)

Wrong-password token requests (`POST /api/v1/auth/token`) for a known and for an unknown
e-mail, interleaved, through the application in this process on a fresh SQLite database with
the production Argon2id parameters (time cost 3, 64 MiB). Each attempt comes from its own
client address, and the spread-out limit is raised for the run, so that throttling (which
answers before any password check) does not mix into the figures. The baseline is the outside
probe's measurement before the fix: unknown e-mails answered in 10 ms, known ones in 250 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _report import percentile, report

PROBE_UNKNOWN_MS, PROBE_KNOWN_MS = 10.0, 250.0


def _setup(folder: Path) -> None:
    os.environ.update(
        PASSAGE_DATABASE_URL=f"sqlite:///{folder / 'signin.db'}",
        PASSAGE_ENVIRONMENT="development",
        PASSAGE_ARGON2_TIME_COST="3",
        PASSAGE_ARGON2_MEMORY_COST="65536",
        PASSAGE_LOGIN_ACCOUNT_MAX_FAILURES="100000",
    )


def _measure(attempts: int) -> tuple[list[float], list[float]]:
    from fastapi.testclient import TestClient

    from passage.auth import service
    from passage.auth.schemas import GrantSpec, UserCreate
    from passage.db import get_engine, transaction
    from passage.main import create_app
    from passage.migrate import upgrade

    upgrade(get_engine())
    with transaction() as session:
        data = UserCreate(
            email="officer@example.org",
            full_name="Border Officer",
            password="a long and private passphrase",
            grants=[GrantSpec(role="border_officer")],
        )
        service.create_user(session=session, data=data)
    app = create_app()
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    for n in range(attempts * 2 + 2):
        kind = "known" if n % 2 else "unknown"
        email = "officer@example.org" if kind == "known" else f"nobody-{n}@example.org"
        with TestClient(app, client=(f"10.{n // 65025}.{n // 255 % 255}.{n % 255}", 5000)) as c:
            started = time.perf_counter()
            answer = c.post("/api/v1/auth/token", json={"email": email, "password": "wrong guess"})
            elapsed = (time.perf_counter() - started) * 1000
        assert answer.status_code == 401, answer.text
        if n >= 2:  # the first two warm up the process (the decoy hash is made once)
            timings[kind].append(elapsed)
    return timings["known"], timings["unknown"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attempts", type=int, default=40, help="per kind of e-mail")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _setup(Path(folder))
        known, unknown = _measure(args.attempts)
    context = {
        "attempts_per_kind": args.attempts,
        "mix": "wrong-password token requests, known and unknown e-mail interleaved",
        "argon2": "id, time cost 3, 64 MiB",
        "database": "sqlite, in-process (fastapi TestClient)",
        "known_p50_ms": round(statistics.median(known), 1),
        "known_p99_ms": round(percentile(known, 0.99), 1),
        "unknown_p50_ms": round(statistics.median(unknown), 1),
        "unknown_p99_ms": round(percentile(unknown, 0.99), 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    ratio = statistics.median(unknown) / statistics.median(known)
    report(
        "signin_unknown_to_known_latency_ratio",
        ratio,
        "ratio",
        target="0.8 .. 1.25 (no account discovery by timing)",
        meets_target=0.8 <= ratio <= 1.25,
        baseline={
            "name": "outside probe before the fix (unknown 10 ms / known 250 ms)",
            "value": PROBE_UNKNOWN_MS / PROBE_KNOWN_MS,
            "unit": "ratio",
        },
        context=context,
    )
    report(
        "signin_unknown_email_p50_ms",
        statistics.median(unknown),
        "ms",
        baseline={"name": "outside probe before the fix", "value": PROBE_UNKNOWN_MS, "unit": "ms"},
        context=context,
    )


if __name__ == "__main__":
    main()
