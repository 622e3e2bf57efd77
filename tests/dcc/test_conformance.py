"""Every dgc-testdata case (../shared/conformance/dgc-testdata) against its EXPECTEDRESULTS.

Each case is verified from its QR text (PREFIX) with TESTCTX.CERTIFICATE as the trust list at
TESTCTX.VALIDATIONCLOCK; each expectation is mapped to the step it names, and the QR picture
(2DCODE) is read with the server-side QR reader. A missing key is not checked, true must
succeed, false must fail. Expectations listed in known_issues.csv are known to be wrong
upstream: a case failing only on those is reported as xfail with the listed reason. LOCAL_GAPS
lists the few others that cannot be met here, each with why.

Value sets: countries are always checked (ISO 3166-1). Set PASSAGE_DCC_VALUE_SETS to a folder of
official value-set JSON files to check the others too; the PL cases that need them then run.
"""

from __future__ import annotations

import base64
import csv
import json
import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import cbor2
import pytest

from passage.dcc.verifier import b45decode, inflate, load_value_sets, verify
from passage.dcc.verifier import schema as schema_lookup
from passage.dcc.verifier.schema import SCHEMA_ENV, StructureCheck, load_schema, official_check
from passage.dcc.verifier.structure import structure_errors
from passage.dcc.verifier.trust import signer_from_der
from passage.health.certificates.qr import QRUnreadable, read_qr_image
from tests.conformance import CONFORMANCE_ROOT, conformance_available, conformance_dir

SUITE = "dgc-testdata"
SCHEMA_FILE = CONFORMANCE_ROOT / "dcc-schema" / "DCC.combined-schema.json"
DECODING_STEPS = ("base45", "decompress", "cose", "cbor")

# known_issues.csv names the upstream reference tests; this maps them to expectation keys.
# A schema issue covers both schema expectations: they judge the same certificate.
UPSTREAM_TEST_EXPECTATIONS = {
    "test_cose_schema": ("EXPECTEDSCHEMAVALIDATION", "EXPECTEDVALIDOBJECT"),
    "test_cose_json": ("EXPECTEDDECODE",),
    "test_cose_cbor": ("EXPECTEDDECODE",),
    "test_cbor_json": ("EXPECTEDVALIDJSON",),
    "test_verification_check": ("EXPECTEDVERIFY",),
    "test_expiration_check": ("EXPECTEDEXPIRATIONCHECK",),
    "test_expected_key_usage": ("EXPECTEDKEYUSAGE",),
    "test_compression": ("EXPECTEDCOMPRESSION",),
    "test_b45decode": ("EXPECTEDB45DECODE",),
    "test_un_prefix": ("EXPECTEDUNPREFIX",),
}

VALUE_SETS = load_value_sets(
    [path for path in os.environ.get("PASSAGE_DCC_VALUE_SETS", "").split(os.pathsep) if path]
)
TEST_DEVICES = "covid-19-lab-test-manufacturer-and-name"
VACCINE_HOLDERS = "vaccines-covid-19-auth-holders"


def _missing_value_set(identifier: str) -> str:
    return (
        f"needs the official value set {identifier} to find the invalid code; it is not "
        "published in any package registry (only in the EU gateway and an archived GitHub "
        "repository), so it is not available here. Import it (passage health "
        "value-sets-import) or set PASSAGE_DCC_VALUE_SETS and this case runs"
    )


STALE_JSON_REASON = (
    "upstream data error: the JSON field names another person than the CBOR, COSE and QR "
    "text of the same case (which agree with each other), so both readings of these "
    "expectations (CBOR content = JSON; whole chain = JSON) are false in the data itself"
)
LOCAL_GAPS = {
    **{
        (f"PL/{version}/2DCode/raw/{number}.json", "EXPECTEDSCHEMAVALIDATION"): (
            _missing_value_set(identifier)
        )
        for version in ("1.0.0", "1.2.1", "1.3.0")
        for number, identifier in ((7, TEST_DEVICES), (9, VACCINE_HOLDERS))
        if identifier not in VALUE_SETS
    },
    **{
        (f"PL/1.3.0/2DCode/raw/{number}.json", key): STALE_JSON_REASON
        for number in (1, 5)
        for key in ("EXPECTEDDECODE", "EXPECTEDVALIDJSON")
    },
}


def _case_files() -> list[Path]:
    root = CONFORMANCE_ROOT / SUITE
    return sorted(path for path in root.glob("**/*.json") if path.parent.name.lower() == "raw")


def _case_id(path: Path) -> str:
    return "-".join(path.relative_to(CONFORMANCE_ROOT / SUITE).parts)


CASES = _case_files() if conformance_available(SUITE) else []


def _known_issues() -> dict[tuple[str, str, str], str]:
    issues: dict[tuple[str, str, str], str] = {}
    path = CONFORMANCE_ROOT / SUITE / "known_issues.csv"
    if not path.is_file():
        return issues
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for key in UPSTREAM_TEST_EXPECTATIONS.get(row["test_name"], ()):
                issues[(row["country"], row["test_set"], key)] = f"known issue: {row['reason']}"
    return issues


KNOWN_ISSUES = _known_issues()


def _tolerated(path: Path, expectation: str) -> str | None:
    if expectation == "OVERALL":  # tolerated where an expectation it follows is
        stated = _expectations(json.loads(path.read_text(encoding="utf-8")))
        reasons = [_tolerated(path, key) for key in VERDICT_STEPS if key in stated]
        return next((reason for reason in reasons if reason), None)
    relative = path.relative_to(CONFORMANCE_ROOT / SUITE)
    for test_set in (path.stem, ""):
        reason = KNOWN_ISSUES.get((relative.parts[0], test_set, expectation))
        if reason:
            return reason
    return LOCAL_GAPS.get((relative.as_posix(), expectation))


def _clock(context: dict[str, Any]) -> datetime:
    text = context.get("VALIDATIONCLOCK") or context.get("validationClockInstant")
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _expectations(case: dict[str, Any]) -> dict[str, bool]:
    expected = {k: v for k, v in case["EXPECTEDRESULTS"].items() if isinstance(v, bool)}
    if "EXPTECTEDEXPIRED" in expected:  # upstream typo for the expiration check
        expected.setdefault("EXPECTEDEXPIRATIONCHECK", expected.pop("EXPTECTEDEXPIRED"))
    return expected


def _normal(value: Any) -> Any:
    """Compare JSON values up to key order, number type and date-time spelling."""
    if isinstance(value, dict):
        return {key: _normal(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normal(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and "T" in value:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
    return value


def _matches_json(case: dict[str, Any], report: dict[str, Any]) -> bool:
    if report["decoded"] is None:
        return False
    return "JSON" not in case or _normal(report["decoded"]) == _normal(case["JSON"])


Check = Callable[[dict[str, Any], dict[str, Any], Path], bool | None]


def _steps(*names: str) -> Check:
    return lambda case, report, path: all(report["steps"][name] is True for name in names)


def _base45(case: dict[str, Any], report: dict[str, Any], path: Path) -> bool:
    if report["steps"]["base45"] is not True:
        return False
    if "BASE45" in case and "COMPRESSED" in case:
        return b45decode(case["BASE45"]) == bytes.fromhex(case["COMPRESSED"])
    return True


def _compression(case: dict[str, Any], report: dict[str, Any], path: Path) -> bool:
    if report["steps"]["decompress"] is not True:
        return False
    if "COMPRESSED" in case and "COSE" in case:
        return inflate(bytes.fromhex(case["COMPRESSED"])) == bytes.fromhex(case["COSE"])
    return True


def _matches_cbor(case: dict[str, Any], report: dict[str, Any]) -> bool:
    """Upstream's test 6: the COSE payload equals the CBOR field (either claim level)."""
    if "CBOR" not in case:
        return True
    content = cbor2.loads(bytes.fromhex(case["CBOR"]))
    if isinstance(content, dict) and -260 in content:
        content = content[-260].get(1)
    return _normal(_jsonable(content)) == _normal(report["decoded"])


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=_iso))


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _decode(case: dict[str, Any], report: dict[str, Any], path: Path) -> bool:
    decoded = _steps(*DECODING_STEPS)(case, report, path) is True
    return decoded and _matches_cbor(case, report) and _matches_json(case, report)


def _picture(case: dict[str, Any], report: dict[str, Any], path: Path) -> bool | None:
    picture = case.get("2DCODE") or case.get("_2DCODE")
    if not picture:
        return None
    try:
        return read_qr_image(base64.b64decode(picture)) == case.get("PREFIX")
    except QRUnreadable:
        return False


def _valid_json(case: dict[str, Any], report: dict[str, Any], path: Path) -> bool:
    return _matches_json(case, report)


def _valid_object(structure: StructureCheck) -> Check:
    """The case's JSON against the structure check under test."""
    return lambda case, report, path: not structure(case["JSON"]) if "JSON" in case else None


def _key_usage(case: dict[str, Any], report: dict[str, Any], path: Path) -> bool:
    if report["steps"]["key_usage"] is not None:
        return bool(report["steps"]["key_usage"])
    # No signer matched the key id: judge the usage of the context certificate itself.
    signer = signer_from_der(base64.b64decode(case["TESTCTX"]["CERTIFICATE"]))
    return signer.may_sign(report["certificate_type"])


def _checks(structure: StructureCheck, *, pictures: bool = True) -> dict[str, Check]:
    """Each expectation key's check, with the structure check under test (the QR pictures,
    slow to read and independent of it, only when asked)."""
    checks = {**CHECKS, "EXPECTEDVALIDOBJECT": _valid_object(structure)}
    return checks if pictures else {k: v for k, v in checks.items() if k != "EXPECTEDPICTUREDECODE"}


CHECKS: dict[str, Check] = {
    "EXPECTEDUNPREFIX": _steps("prefix"),
    "EXPECTEDB45DECODE": _base45,
    "EXPECTEDCOMPRESSION": _compression,
    "EXPECTEDDECODE": _decode,
    "EXPECTEDVALIDJSON": _valid_json,
    "EXPECTEDSCHEMAVALIDATION": _steps("schema"),
    "EXPECTEDVALIDOBJECT": lambda case, report, path: None,  # see _checks
    "EXPECTEDVERIFY": _steps("signature"),
    "EXPECTEDEXPIRATIONCHECK": _steps("expiry"),
    "EXPECTEDKEYUSAGE": _key_usage,
    "EXPECTEDPICTUREDECODE": _picture,
}
# Not checked: EXPECTEDENCODE (encoding certificates is not a verifier's job), EXPECTEDRESULTS
# (a stray key in one case).


# The suite runs with each structure check: the official schema file (the arbiter when it is
# configured) and Passage's own rules (what a fresh install uses).
OFFICIAL, BUILT_IN = "official-schema", "built-in-check"


def _structure(name: str) -> StructureCheck:
    return structure_errors if name == BUILT_IN else official_check(load_schema(str(SCHEMA_FILE)))


def _verify_case(case: dict[str, Any], structure: StructureCheck) -> dict[str, Any]:
    trust_list, at = _trust_and_clock(case)
    return verify(case["PREFIX"], trust_list, at=at, schema=structure, value_sets=VALUE_SETS)


# The verifier's overall answer, judged on what a case speaks of: a signature that verifies
# includes a signer allowed to sign this type (key usage), and the validity period and schema
# count where the case states them. When every such expectation holds the answer must be
# valid; when one fails it must not be.
VERDICT_STEPS = {
    "EXPECTEDVERIFY": (*DECODING_STEPS, "prefix", "signature", "key_usage"),
    "EXPECTEDEXPIRATIONCHECK": ("expiry",),
    "EXPECTEDSCHEMAVALIDATION": ("schema",),
    "EXPECTEDKEYUSAGE": ("key_usage",),
}


def _overall(case: dict[str, Any], report: dict[str, Any]) -> str | None:
    """A mismatch of the overall answer with what the case expects of it (None: agrees)."""
    expected = _expectations(case)
    if "EXPECTEDVERIFY" not in expected:
        return None
    stated = [key for key in VERDICT_STEPS if key in expected]
    steps = {step for key in stated for step in VERDICT_STEPS[key]}
    answered_valid = all(report["steps"][step] is not False for step in steps) and (
        report["steps"]["signature"] is True
    )
    wanted_valid = all(expected[key] for key in stated)
    if answered_valid == wanted_valid:
        return None
    wanted = "valid" if wanted_valid else "not valid"
    failed = sorted(step for step in steps if report["steps"][step] is False)
    return f"OVERALL: expected {wanted}; failed steps {failed} ({report['message']})"


def _mismatches(
    case: dict[str, Any], report: dict[str, Any], path: Path, checks: dict[str, Check]
) -> dict[str, str]:
    mismatches = {}
    if (overall := _overall(case, report)) is not None:
        mismatches["OVERALL"] = overall
    for key, wanted in _expectations(case).items():
        check = checks.get(key)
        outcome = check(case, report, path) if check else None
        if outcome is not None and outcome != wanted:
            mismatches[key] = f"{key}: expected {wanted}, got {outcome}"
    return mismatches


if CASES:

    @pytest.mark.conformance
    @pytest.mark.parametrize("path", CASES, ids=[_case_id(path) for path in CASES])
    @pytest.mark.parametrize("structure_name", [OFFICIAL, BUILT_IN])
    def test_dgc_case_meets_its_expected_results(path: Path, structure_name: str) -> None:
        case = json.loads(path.read_text(encoding="utf-8"))
        structure = _structure(structure_name)
        report = _verify_case(case, structure)
        checks = _checks(structure, pictures=structure_name == OFFICIAL)
        mismatches = _mismatches(case, report, path, checks)
        tolerated = {key: _tolerated(path, key) for key in mismatches}
        unexplained = [text for key, text in mismatches.items() if not tolerated[key]]
        assert not unexplained, f"{unexplained}; report: {report['steps']} {report['message']}"
        if mismatches:
            pytest.xfail("; ".join(f"{key} {reason}" for key, reason in tolerated.items()))

else:

    @pytest.mark.conformance
    def test_dgc_conformance_suite_is_available() -> None:
        conformance_dir(SUITE)


def _trust_and_clock(case: dict[str, Any]) -> tuple[list[bytes], datetime]:
    context = case["TESTCTX"]
    certificate = context.get("CERTIFICATE")
    return ([base64.b64decode(certificate)] if certificate else []), _clock(context)


def _schema_failing_cases() -> list[tuple[Path, dict[str, Any]]]:
    """Cases whose certificate must fail the schema step: the official schema (the arbiter)
    or the case's own expectation (where not a known issue) says so."""
    cases = []
    for path in CASES:
        case = json.loads(path.read_text(encoding="utf-8"))
        trust_list, at = _trust_and_clock(case)
        official = verify(case["PREFIX"], trust_list, at=at, schema=str(SCHEMA_FILE))
        wanted = _expectations(case).get("EXPECTEDSCHEMAVALIDATION")
        expected_failure = wanted is False and not _tolerated(path, "EXPECTEDSCHEMAVALIDATION")
        if official["steps"]["schema"] is False or expected_failure:
            cases.append((path, case))
    return cases


@pytest.fixture
def fresh_clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real install: no ../shared beside the project and no PASSAGE_DCC_SCHEMA."""
    monkeypatch.delenv(SCHEMA_ENV, raising=False)
    empty = tmp_path / "shared" / "conformance" / "dcc-schema"
    empty.mkdir(parents=True)
    monkeypatch.setattr(schema_lookup, "CONFORMANCE_SCHEMA", empty / SCHEMA_FILE.name)


@pytest.mark.conformance
def test_on_a_fresh_clone_no_certificate_that_must_fail_the_schema_is_valid(
    fresh_clone: None,
) -> None:
    conformance_dir(SUITE)
    failing = _schema_failing_cases()
    assert len(failing) >= 80
    answered_valid = []
    for path, case in failing:
        trust_list, at = _trust_and_clock(case)
        report = verify(case["PREFIX"], trust_list, at=at)  # the default schema lookup
        if report["result"] == "VALID" or report["steps"]["schema"] is True:
            answered_valid.append(_case_id(path))
    assert not answered_valid


@pytest.mark.conformance
def test_on_a_fresh_clone_every_case_gets_the_answer_the_official_schema_gives(
    fresh_clone: None,
) -> None:
    conformance_dir(SUITE)
    official = _structure(OFFICIAL)
    differing = []
    for path in CASES:
        case = json.loads(path.read_text(encoding="utf-8"))
        trust_list, at = _trust_and_clock(case)
        fresh = verify(case["PREFIX"], trust_list, at=at)  # the default schema lookup
        arbiter = verify(case["PREFIX"], trust_list, at=at, schema=official)
        answers = [(r["steps"]["schema"], r["result"], r["failed_step"]) for r in (fresh, arbiter)]
        if answers[0] != answers[1]:
            differing.append(f"{_case_id(path)}: {answers[0]} instead of {answers[1]}")
    assert not differing


@pytest.mark.conformance
def test_every_case_has_a_qr_text_and_at_least_one_checked_expectation() -> None:
    conformance_dir(SUITE)
    assert len(CASES) >= 500
    for path in CASES:
        case = json.loads(path.read_text(encoding="utf-8"))
        assert "PREFIX" in case, path
        assert set(_expectations(case)) & set(CHECKS), path
