"""The official CertLogic test suites: every evaluation assertion and every validation case."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from passage.rules.certlogic import compile_logic, evaluate, issues, validate
from tests.conformance import CONFORMANCE_ROOT, conformance_available, conformance_dir

pytestmark = pytest.mark.conformance

SUITE = "certlogic"


def _slug(text: str, limit: int = 60) -> str:
    slug = re.sub(r"[^A-Za-z0-9<>=!+.-]+", "_", text).strip("_")
    return slug[:limit]


def _skip_reason(*directives: Any) -> str | None:
    return "directive: skip (marked not applicable by the suite)" if "skip" in directives else None


def _param(value: Any, test_id: str, skip_reason: str | None) -> Any:
    marks = [pytest.mark.skip(reason=skip_reason)] if skip_reason else []
    return pytest.param(value, id=test_id, marks=marks)


def _evaluation_params() -> list[Any]:
    params = []
    for path in sorted((CONFORMANCE_ROOT / SUITE / "testSuite").glob("*.json")):
        suite = json.loads(path.read_text(encoding="utf-8"))
        for case in suite["cases"]:
            for number, assertion in enumerate(case["assertions"]):
                logic = assertion.get("certLogicExpression", case.get("certLogicExpression"))
                label = assertion.get("message") or f"#{number}"
                test_id = f"{path.stem}/{_slug(case['name'])}/{number}-{_slug(label, 40)}"
                skip = _skip_reason(
                    suite.get("directive"), case.get("directive"), assertion.get("directive")
                )
                record = {
                    "logic": logic,
                    "data": assertion["data"],
                    "expected": assertion["expected"],
                }
                params.append(_param(record, test_id, skip))
    return params


def _validation_params() -> list[Any]:
    params = []
    for path in sorted((CONFORMANCE_ROOT / SUITE / "validation-testSuite").glob("*.json")):
        suite = json.loads(path.read_text(encoding="utf-8"))
        for number, case in enumerate(suite["cases"]):
            expression = json.dumps(case["certLogicExpression"])
            test_id = f"{path.stem}/{number}-{_slug(expression, 40)}"
            skip = _skip_reason(suite.get("directive"), case.get("directive"))
            params.append(_param(case, test_id, skip))
    return params


def json_equal(left: Any, right: Any) -> bool:
    """Equality of JSON values: booleans are not numbers, 1 equals 1.0, objects by content."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, int | float) and isinstance(right, int | float):
        return left == right
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(json_equal, left, right))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(json_equal(left[k], right[k]) for k in left)
    return type(left) is type(right) and left == right


if conformance_available(SUITE):
    EVALUATION_CASES = _evaluation_params()
    VALIDATION_CASES = _validation_params()
    INVALID_CASES = [param for param in VALIDATION_CASES if param.values[0]["issues"]]

    @pytest.mark.parametrize("assertion", EVALUATION_CASES)
    def test_evaluate_gives_expected_result(assertion: dict[str, Any]) -> None:
        result = evaluate(assertion["logic"], assertion["data"])
        assert json_equal(result, assertion["expected"]), (result, assertion["expected"])

    @pytest.mark.parametrize("assertion", EVALUATION_CASES)
    def test_compiled_logic_gives_expected_result(assertion: dict[str, Any]) -> None:
        result = compile_logic(assertion["logic"])(assertion["data"])
        assert json_equal(result, assertion["expected"]), (result, assertion["expected"])

    @pytest.mark.parametrize("case", VALIDATION_CASES)
    def test_validator_agrees_with_expected_issues(case: dict[str, Any]) -> None:
        errors = validate(case["certLogicExpression"])
        if case["issues"]:
            assert errors, "expected at least one issue"
        else:
            assert errors == []

    @pytest.mark.parametrize("case", INVALID_CASES)
    def test_validator_points_at_each_offending_expression(case: dict[str, Any]) -> None:
        reported = [issue.expr for issue in issues(case["certLogicExpression"])]
        for expected in case["issues"]:
            assert any(json_equal(expr, expected["expr"]) for expr in reported), expected

    def test_suites_hold_cases() -> None:
        assert len(EVALUATION_CASES) > 200
        assert len(VALIDATION_CASES) > 20

else:

    def test_certlogic_conformance_suite_present() -> None:
        assert isinstance(conformance_dir(SUITE), Path)
