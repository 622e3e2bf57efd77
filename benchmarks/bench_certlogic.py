"""CertLogic evaluation throughput, against the reference certlogic-js on the same inputs.

Figures: certlogic_eval_throughput_suites (every applicable assertion of the official suite)
and certlogic_eval_throughput_vaccination_rule (a VR-style acceptance rule over sample DCCs).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _report import report

from passage.rules.certlogic import compile_logic, evaluate

ROOT = Path(__file__).resolve().parents[1]
SUITE_DIR = ROOT.parent / "shared" / "conformance" / "certlogic" / "testSuite"
CERTLOGIC_JS = ROOT / "node_modules" / "certlogic-js"
SUITE_ROUNDS = 200
RULE_EVALUATIONS = 50_000

VACCINES_SET = "covid-19-vaccines-authorised"
VACCINATION_RULE: dict[str, Any] = {
    "if": [
        {"var": "payload.v.0"},
        {
            "and": [
                {"in": [{"var": "payload.v.0.mp"}, {"var": f"external.valueSets.{VACCINES_SET}"}]},
                {">=": [{"var": "payload.v.0.dn"}, {"var": "payload.v.0.sd"}]},
                {
                    "not-after": [
                        {"plusTime": [{"var": "payload.v.0.dt"}, 14, "day"]},
                        {"plusTime": [{"var": "external.validationClock"}, 0, "day"]},
                        {"plusTime": [{"var": "payload.v.0.dt"}, 270, "day"]},
                    ]
                },
            ]
        },
        True,
    ]
}


def sample_data() -> list[dict[str, Any]]:
    """DCC evaluation contexts: complete, incomplete, too old, unknown product, test certificate."""
    products = ["EU/1/20/1528", "EU/1/20/1507", "EU/1/21/1529", "EU/1/20/1525"]
    external = {
        "validationClock": "2021-09-01T10:00:00+02:00",
        "valueSets": {VACCINES_SET: products},
        "countryCode": "NL",
        "exp": "2022-06-01T00:00:00Z",
        "iat": "2021-06-01T00:00:00Z",
        "issuerCountryCode": "DE",
        "kid": "DEsVUSvpFAE=",
        "region": "",
    }

    def vaccination(mp: str, dn: int, sd: int, dt: str) -> dict[str, Any]:
        v = {
            "tg": "840539006",
            "vp": "1119349007",
            "mp": mp,
            "ma": "ORG-100030215",
            "dn": dn,
            "sd": sd,
            "dt": dt,
            "co": "DE",
            "is": "Robert Koch-Institut",
            "ci": "URN:UVCI:01DE/IZ12345A/5CWLU12RNOB9RXSEOP6FG8#W",
        }
        return {
            "ver": "1.3.0",
            "nam": {"fn": "Mustermann", "fnt": "MUSTERMANN", "gn": "Erika", "gnt": "ERIKA"},
            "dob": "1964-08-12",
            "v": [v],
        }

    payloads = [
        vaccination("EU/1/20/1528", 2, 2, "2021-06-11"),
        vaccination("EU/1/20/1528", 1, 2, "2021-06-11"),
        vaccination("EU/1/21/1529", 2, 2, "2020-11-01"),
        vaccination("Sputnik-V", 2, 2, "2021-05-20"),
        vaccination("EU/1/20/1525", 1, 1, "2021-08-25"),
        {"ver": "1.3.0", "nam": {"fnt": "DOE"}, "dob": "1990", "t": [{"tt": "LP6464-4"}]},
    ]
    return [{"payload": payload, "external": external} for payload in payloads]


def suite_inputs() -> list[dict[str, Any]]:
    """Every assertion of the official suite that is not marked skip, as {logic, data}."""
    inputs = []
    for path in sorted(SUITE_DIR.glob("*.json")):
        suite = json.loads(path.read_text(encoding="utf-8"))
        if suite.get("directive") == "skip":
            continue
        for case in suite["cases"]:
            for assertion in case["assertions"]:
                if "skip" in (case.get("directive"), assertion.get("directive")):
                    continue
                logic = assertion.get("certLogicExpression", case.get("certLogicExpression"))
                inputs.append({"logic": logic, "data": assertion["data"]})
    return inputs


def throughput(run: Callable[[], int]) -> float:
    """Evaluations per second of one timed run, after a warm-up run."""
    run()
    start = time.perf_counter()
    count = run()
    return count / (time.perf_counter() - start)


def python_figures(suite: list[dict[str, Any]], payloads: list[dict[str, Any]]) -> dict[str, float]:
    """Throughput of evaluate() and of compiled logic on both workloads."""
    pairs = [(item["logic"], item["data"]) for item in suite]
    compiled_pairs = [(compile_logic(logic), data) for logic, data in pairs]
    rule = compile_logic(VACCINATION_RULE)
    contexts = [payloads[i % len(payloads)] for i in range(RULE_EVALUATIONS)]

    def suites() -> int:
        for _ in range(SUITE_ROUNDS):
            for logic, data in pairs:
                evaluate(logic, data)
        return SUITE_ROUNDS * len(pairs)

    def suites_compiled() -> int:
        for _ in range(SUITE_ROUNDS):
            for compiled, data in compiled_pairs:
                compiled(data)
        return SUITE_ROUNDS * len(pairs)

    def vaccination() -> int:
        for data in contexts:
            evaluate(VACCINATION_RULE, data)
        return len(contexts)

    def vaccination_compiled() -> int:
        for data in contexts:
            rule(data)
        return len(contexts)

    return {
        "suites": throughput(suites),
        "suites_compiled": throughput(suites_compiled),
        "rule": throughput(vaccination),
        "rule_compiled": throughput(vaccination_compiled),
    }


NODE_SCRIPT = """
const fs = require("fs");
const { evaluate, implementationVersion } = require(process.argv[2]);
const input = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const contexts = [];
const payloads = input.payloads;
for (let i = 0; i < input.ruleEvaluations; i++) contexts.push(payloads[i % payloads.length]);
function suites() {
  for (let r = 0; r < input.suiteRounds; r++) {
    for (const a of input.suite) evaluate(a.logic, a.data);
  }
  return input.suiteRounds * input.suite.length;
}
function rule() { for (const d of contexts) evaluate(input.rule, d); return contexts.length; }
function rate(run) {
  run();
  const start = process.hrtime.bigint();
  const count = run();
  return count / (Number(process.hrtime.bigint() - start) / 1e9);
}
const results = input.suite.map((a) => evaluate(a.logic, a.data))
  .concat(input.payloads.map((d) => evaluate(input.rule, d)));
const figures = { suites: rate(suites), rule: rate(rule) };
console.log(JSON.stringify({ version: implementationVersion, ...figures, results }));
"""


def node_figures(suite: list[dict[str, Any]], payloads: list[dict[str, Any]]) -> dict[str, Any]:
    """Throughput of certlogic-js on the same inputs, or a reason why it could not run."""
    node = shutil.which("node")
    if node is None or not (CERTLOGIC_JS / "package.json").is_file():
        return {"error": "node or node_modules/certlogic-js missing (run npm install)"}
    payload = {
        "suite": suite,
        "payloads": payloads,
        "rule": VACCINATION_RULE,
        "suiteRounds": SUITE_ROUNDS,
        "ruleEvaluations": RULE_EVALUATIONS,
    }
    with tempfile.TemporaryDirectory() as folder:
        inputs, script = Path(folder) / "inputs.json", Path(folder) / "bench.js"
        inputs.write_text(json.dumps(payload), encoding="utf-8")
        script.write_text(NODE_SCRIPT, encoding="utf-8")
        completed = subprocess.run(
            [node, str(script), str(CERTLOGIC_JS), str(inputs)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    if completed.returncode != 0:
        return {"error": completed.stderr.strip()[-300:]}
    return dict(json.loads(completed.stdout))


def baseline(js: dict[str, Any], key: str) -> dict[str, Any]:
    """The certlogic-js baseline record for one figure (value null when it did not run)."""
    name = f"certlogic-js {js.get('version', '')} on node".replace("  ", " ")
    return {"name": name, "value": js.get(key), "unit": "evaluations_per_second"}


def main() -> None:
    """Run both workloads in Python and node and print the two figures."""
    if not SUITE_DIR.is_dir():
        print(json.dumps({"skipped": f"CertLogic suite not found at {SUITE_DIR}"}))
        return
    suite, payloads = suite_inputs(), sample_data()
    py = python_figures(suite, payloads)
    js = node_figures(suite, payloads)
    note = {"note": js["error"]} if "error" in js else {}
    if "results" in js:
        ours = [evaluate(item["logic"], item["data"]) for item in suite]
        ours += [evaluate(VACCINATION_RULE, data) for data in payloads]
        note["results_match_reference"] = json.dumps(ours) == json.dumps(js["results"])
    report(
        "certlogic_eval_throughput_suites",
        py["suites"],
        "evaluations_per_second",
        baseline=baseline(js, "suites"),
        context={
            "assertions": len(suite),
            "rounds": SUITE_ROUNDS,
            "compiled_logic_per_second": round(py["suites_compiled"], 1),
            **note,
        },
    )
    report(
        "certlogic_eval_throughput_vaccination_rule",
        py["rule"],
        "evaluations_per_second",
        baseline=baseline(js, "rule"),
        context={
            "evaluations": RULE_EVALUATIONS,
            "sample_contexts": len(payloads),
            "compiled_logic_per_second": round(py["rule_compiled"], 1),
            **note,
        },
    )


if __name__ == "__main__":
    main()
