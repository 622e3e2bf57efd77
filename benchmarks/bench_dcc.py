"""DCC verification throughput over real conformance cases that verify VALID."""

from __future__ import annotations

import base64
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _report import report

from passage.health.dcc import verify
from passage.health.dcc.schema import default_schema_path

ROOT = Path(__file__).resolve().parents[1]
CONFORMANCE = Path(
    os.environ.get("PASSAGE_CONFORMANCE_DIR", ROOT.parent / "shared" / "conformance")
)
TARGET = 1000.0
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))


def _clock(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def valid_cases() -> list[tuple[str, list[bytes], datetime]]:
    """Return (QR text, trust list, clock) of every case that verifies VALID."""
    cases = []
    for path in sorted((CONFORMANCE / "dgc-testdata").glob("**/*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        context = case.get("TESTCTX", {})
        if "PREFIX" not in case or not context.get("CERTIFICATE"):
            continue
        args = (
            case["PREFIX"],
            [base64.b64decode(context["CERTIFICATE"])],
            _clock(context["VALIDATIONCLOCK"]),
        )
        if verify(*args)["result"] == "VALID":
            cases.append(args)
    return cases


def main() -> None:
    """Verify the valid cases round-robin for a few seconds and report verifications/s."""
    schema = default_schema_path()
    cases = valid_cases()
    if not cases:
        print(json.dumps({"figure": "dcc_verify_throughput", "skipped": "no conformance data"}))
        return
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < SECONDS:
        for qr, trust, at in cases:
            verify(qr, trust, at)
        count += len(cases)
    rate = count / (time.perf_counter() - started)
    report(
        "dcc_verify_throughput",
        rate,
        "per_second",
        target=f">= {TARGET:g}",
        meets_target=rate >= TARGET,
        baseline={"name": "issue target", "value": TARGET, "unit": "per_second"},
        context={"cases": len(cases), "verifications": count, "schema": schema is not None},
    )


if __name__ == "__main__":
    main()
