"""DCC verification throughput, in-process, over real conformance cases that verify VALID: each
verification decodes (Base45, zlib, COSE, CBOR), checks the signature, the schema and the
country value set, the validity period, and evaluates one rule set (the demo Kenyan acceptance
rules for the certificate's type) through the rules engine."""

from __future__ import annotations

import base64
import json
import os
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import _cpu
from _report import report

from passage.dcc.verifier import verify
from passage.dcc.verifier.schema import default_schema_path
from passage.rules.demo import demo_rules
from passage.rules.service import SelectedRule, evaluate_rules

ROOT = Path(__file__).resolve().parents[1]
CONFORMANCE = Path(
    os.environ.get("PASSAGE_CONFORMANCE_DIR", ROOT.parent / "shared" / "conformance")
)
TARGET = 1000.0
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
TYPES = {"v": "Vaccination", "t": "Test", "r": "Recovery"}


def _clock(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _selected(document: dict[str, Any]) -> SelectedRule:
    return SelectedRule(
        id=uuid.uuid4(),
        identifier=document["Identifier"],
        rule_type=document["Type"],
        country="KEN",
        version=document["Version"],
        certificate_type=document["CertificateType"],
        engine=document["Engine"],
        engine_version=document["EngineVersion"],
        descriptions=tuple((d["lang"], d["desc"]) for d in document["Description"]),
        valid_from=_clock(document["ValidFrom"]),
        valid_to=_clock(document["ValidTo"]),
        affected_fields=tuple(document["AffectedFields"]),
        logic=document["Logic"],
    )


def rule_sets() -> dict[str, list[SelectedRule]]:
    """The Kenyan demo acceptance rules per certificate type (General ones apply to all)."""
    kenyan = [_selected(d) for d in demo_rules() if d["Country"] == "KE"]
    return {
        kind: [r for r in kenyan if r.certificate_type in (kind, "General")]
        for kind in TYPES.values()
    }


RULES = rule_sets()


def rules_at(at: datetime) -> Any:
    """The business-rules step: the rule set of the certificate's type, at the clock."""
    external = {"validationClock": at.isoformat(), "valueSets": {}, "countryCode": "KE"}

    def evaluate(payload: dict[str, Any]) -> str:
        kind = next((TYPES[key] for key in TYPES if key in payload), "Vaccination")
        outcome = evaluate_rules(rules=RULES[kind], payload=payload, external=external)
        return outcome.result

    return evaluate


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
    cases = [(qr, trust, at, rules_at(at)) for qr, trust, at in valid_cases()]
    if not cases:
        print(
            "bench_dcc.py: skipped dcc_verify_throughput, no conformance case verifies VALID "
            f"under {CONFORMANCE / 'dgc-testdata'} (set PASSAGE_CONFORMANCE_DIR)",
            file=sys.stderr,
        )
        return
    rule_results: dict[str, int] = {}
    for qr, trust, at, rules in cases:
        result = verify(qr, trust, at, rules=rules)["steps"]["rules"]
        rule_results[str(result)] = rule_results.get(str(result), 0) + 1
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < SECONDS:
        for qr, trust, at, rules in cases:
            verify(qr, trust, at, rules=rules)
        count += len(cases)
    rate = count / (time.perf_counter() - started)
    report(
        "dcc_verify_throughput",
        rate,
        "per_second",
        target=f">= {TARGET:g}",
        meets_target=rate >= TARGET,
        baseline={"name": "issue target", "value": TARGET, "unit": "per_second"},
        context={
            "cases": len(cases),
            "verifications": count,
            "structure_check": f"official schema {schema.name}" if schema else "built-in",
            "value_sets": "country-2-codes",
            "rule_set": {kind: len(rules) for kind, rules in RULES.items()},
            "rules_step_outcomes": rule_results,
            "load_1min": (_cpu.load_average() or [None])[0],
        },
    )


if __name__ == "__main__":
    main()
