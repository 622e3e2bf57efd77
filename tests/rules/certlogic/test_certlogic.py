"""Focused behaviour of the CertLogic engine: null, truthiness, date-times, errors, validator."""

from __future__ import annotations

from typing import Any

import pytest

from passage.rules.certlogic import (
    ENGINE_VERSION,
    CertLogicError,
    boolsiness,
    compile_logic,
    evaluate,
    issues,
    supports_engine_version,
    validate,
)


def both(logic: Any, data: Any) -> Any:
    """Evaluate with the walker and the compiled form; they must agree."""
    walked = evaluate(logic, data)
    assert compile_logic(logic)(data) == walked
    return walked


def plus_time(date: str, amount: int, unit: str) -> str:
    return both({"plusTime": [date, amount, unit]}, None)


# -- truthiness and null ------------------------------------------------------------------


@pytest.mark.parametrize("value", [False, None, "", 0, 0.0, [], {}])
def test_falsy_values(value: Any) -> None:
    assert boolsiness(value) is False


@pytest.mark.parametrize("value", [True, "0", "false", 1, -1, 2.5, [0], {"a": None}])
def test_truthy_values(value: Any) -> None:
    assert boolsiness(value) is True


def test_date_time_is_neither_truthy_nor_falsy() -> None:
    with pytest.raises(CertLogicError, match="neither truthy, nor falsy"):
        evaluate({"!": [{"plusTime": ["2021-01-01", 0, "day"]}]}, None)


def test_if_guard_that_is_neither_truthy_nor_falsy_is_an_error() -> None:
    with pytest.raises(CertLogicError, match="if-guard"):
        evaluate({"if": [{"plusTime": ["2021-01-01", 0, "day"]}, 1, 2]}, None)


def test_var_on_missing_and_null_paths_is_null() -> None:
    assert both({"var": "a.b.c"}, {"a": None}) is None
    assert both({"var": "a.5"}, {"a": [1]}) is None
    assert both({"var": "a.-1"}, {"a": [1]}) is None
    assert both({"var": "a.x"}, {"a": "text"}) is None


def test_and_returns_first_falsy_operand_and_stops_there() -> None:
    # the second operand would raise (plusTime on an integer) if it were evaluated
    logic = {"and": [{"var": "x"}, {"plusTime": [{"var": "x"}, 0, "day"]}]}
    assert both(logic, {"x": 0}) == 0
    assert both(logic, {"x": None}) is None


def test_and_rejects_an_operand_neither_truthy_nor_falsy() -> None:
    with pytest.raises(CertLogicError):
        evaluate({"and": [True, {"plusTime": ["2021-01-01", 0, "day"]}]}, None)


def test_strict_equality_does_not_mix_booleans_and_numbers() -> None:
    assert both({"===": [True, 1]}, None) is False
    assert both({"===": [0, False]}, None) is False
    assert both({"===": [1, {"var": "x"}]}, {"x": 1.0}) is True
    assert both({"in": [1, {"var": "xs"}]}, {"xs": [True]}) is False
    assert both({"in": [{"var": "z"}, {"var": "xs"}]}, {"xs": [0, "", None]}) is True
    assert both({"in": [{"var": "z"}, {"var": "xs"}]}, {"xs": [0, "", False]}) is False


def test_equality_of_arrays_is_identity_as_in_javascript() -> None:
    assert both({"===": [[1], [1]]}, None) is False
    assert both({"===": [{"var": "a"}, {"var": "a"}]}, {"a": [1]}) is True


def test_in_requires_an_array() -> None:
    with pytest.raises(CertLogicError, match="array"):
        evaluate({"in": ["a", {"var": "missing"}]}, {})


def test_plus_and_comparisons_require_integers() -> None:
    assert both({"+": [{"var": "n"}, 1]}, {"n": 2}) == 3
    with pytest.raises(CertLogicError):
        evaluate({"+": [True, 1]}, None)
    with pytest.raises(CertLogicError):
        evaluate({"<": [{"var": "n"}, 1]}, {"n": None})
    with pytest.raises(CertLogicError):
        evaluate({">": ["2", 1]}, None)


def test_reduce_over_null_gives_initial_and_folds_left() -> None:
    logic = {"reduce": [{"var": "xs"}, {"+": [{"var": "accumulator"}, {"var": "current"}]}, 10]}
    assert both(logic, {}) == 10
    assert both(logic, {"xs": [1, 2, 3]}) == 16


def test_extract_from_uvci_rejects_non_strings() -> None:
    with pytest.raises(CertLogicError, match="string or null"):
        evaluate({"extractFromUVCI": [{"var": "x"}, 0]}, {"x": 5})


# -- date-times ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-06-01", "2021-06-01T00:00:00.000Z"),
        ("2021-06-01T10:20:30", "2021-06-01T10:20:30.000Z"),
        ("2021-06-01T10:20:30Z", "2021-06-01T10:20:30.000Z"),
        ("2021-06-01T10:20:30+2", "2021-06-01T08:20:30.000Z"),
        ("2021-06-01T10:20:30-02", "2021-06-01T12:20:30.000Z"),
        ("2021-06-01T10:20:30+130", "2021-06-01T08:50:30.000Z"),
        ("2021-06-01T10:20:30+0130", "2021-06-01T08:50:30.000Z"),
        ("2021-06-01T10:20:30+1:30", "2021-06-01T08:50:30.000Z"),
        ("2021-06-01T10:20:30+01:30", "2021-06-01T08:50:30.000Z"),
        ("2021-06-01T10:20:30.5", "2021-06-01T10:20:30.500Z"),
        ("2021-06-01T10:20:30.123999Z", "2021-06-01T10:20:30.123Z"),
        ("2021-06-01T00:00:00.1+01:00", "2021-05-31T23:00:00.100Z"),
        ("2004", "2004-12-31T00:00:00.000Z"),
        ("2004-02", "2004-02-29T00:00:00.000Z"),
        ("2003-02", "2003-02-28T00:00:00.000Z"),
        ("2004-12", "2004-12-31T00:00:00.000Z"),
    ],
)
def test_allowed_formats_normalise_to_milliseconds_utc(text: str, expected: str) -> None:
    assert plus_time(text, 0, "day") == expected


@pytest.mark.parametrize(
    ("date", "amount", "unit", "expected"),
    [
        ("2020-02-29", 1, "day", "2020-03-01T00:00:00.000Z"),
        ("2020-02-29", 1, "month", "2020-03-29T00:00:00.000Z"),
        ("2020-02-29", 1, "year", "2021-03-01T00:00:00.000Z"),
        ("2021-01-31", 1, "month", "2021-03-03T00:00:00.000Z"),
        ("2021-03-31", -1, "month", "2021-03-03T00:00:00.000Z"),
        ("2021-01-15", -13, "month", "2019-12-15T00:00:00.000Z"),
        ("2021-06-01T23:00:00Z", 2, "hour", "2021-06-02T01:00:00.000Z"),
        ("2021-03-27T12:00:00Z", 1, "day", "2021-03-28T12:00:00.000Z"),
        ("2021-06-23T00:00:00Z", -180, "day", "2020-12-25T00:00:00.000Z"),
        ("2004-01", 18, "year", "2022-01-31T00:00:00.000Z"),
    ],
)
def test_plus_time_offsets_like_javascript_utc_setters(
    date: str, amount: int, unit: str, expected: str
) -> None:
    assert plus_time(date, amount, unit) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2021-6-01",
        "2021-13-01",
        "2021-02-32",
        "2021-01-01T25:00:00Z",
        "2021-01-01T10:61:00",
        "2021-01-01T10:00:00+24:00",
        "yesterday",
        "2021-01-01 10:00:00",
    ],
)
def test_malformed_date_times_are_errors(text: str) -> None:
    with pytest.raises(CertLogicError):
        evaluate({"plusTime": [text, 0, "day"]}, None)


def test_plus_time_on_null_is_an_error() -> None:
    with pytest.raises(CertLogicError, match="must be a string"):
        evaluate({"plusTime": [{"var": "missing"}, 0, "day"]}, {})


def test_date_of_birth_rounds_partial_dates_up() -> None:
    assert both({"dccDateOfBirth": ["1980"]}, None) == "1980-12-31T00:00:00.000Z"
    assert both({"dccDateOfBirth": ["1980-02"]}, None) == "1980-02-29T00:00:00.000Z"
    assert both({"dccDateOfBirth": ["1980-02-03"]}, None) == "1980-02-03T00:00:00.000Z"
    with pytest.raises(CertLogicError):
        evaluate({"dccDateOfBirth": ["1980-02-03T00:00:00Z"]}, None)


def test_date_time_comparisons_need_date_times() -> None:
    logic = {"before": [{"plusTime": ["2021-01-01", 0, "day"]}, "2021-01-02"]}
    with pytest.raises(CertLogicError, match="date-times"):
        evaluate(logic, None)


def test_ternary_date_time_comparison() -> None:
    logic = {
        "not-after": [
            {"plusTime": ["2021-01-01", 0, "day"]},
            {"plusTime": [{"var": "now"}, 0, "day"]},
            {"plusTime": ["2021-01-01", 270, "day"]},
        ]
    }
    assert both(logic, {"now": "2021-09-28T00:00:00Z"}) is True
    assert both(logic, {"now": "2021-09-28T00:00:00.001Z"}) is False
    assert both(logic, {"now": "2020-12-31T23:59:59Z"}) is False


# -- invalid expressions ------------------------------------------------------------------


@pytest.mark.parametrize(
    "logic",
    [
        None,
        3.14,
        {},
        {"a": 1, "b": 2},
        {"all": [1]},
        {"and": []},
        {"var": 0},
        {"if": [True, 1]},
        {"!": [True, False]},
        {"===": [1]},
        {"plusTime": ["2021-01-01", 1, "week"]},
        {"plusTime": ["2021-01-01", {"var": "n"}, "day"]},
        {"extractFromUVCI": ["x", "1"]},
    ],
)
def test_invalid_expressions_fail_validation_evaluation_and_compilation(logic: Any) -> None:
    assert validate(logic) != []
    with pytest.raises(CertLogicError):
        evaluate(logic, {"n": 1})
    with pytest.raises(CertLogicError):
        compile_logic(logic)


def test_validator_names_path_and_expression_of_each_problem() -> None:
    logic = {"and": [{"var": "a"}, {"if": [{"all": []}, 1, {"var": "b."}]}]}
    found = issues(logic)
    assert [issue.path for issue in found] == ["and[1].if[0]", "and[1].if[2]"]
    messages = validate(logic)
    assert messages[0].startswith("at and[1].if[0]: unrecognised operator")
    assert '{"all": []}' in messages[0]
    assert "data access path" in messages[1]
    assert '{"var": "b."}' in messages[1]


def test_validator_reports_operand_counts_at_the_operation() -> None:
    found = issues({"reduce": [{"var": "x"}, 1]})
    assert [(issue.path, issue.expr) for issue in found] == [("", {"reduce": [{"var": "x"}, 1]})]
    assert "exactly 3" in found[0].message
    assert validate([1, {"var": 2}])[0].startswith("at [1]: ")


def test_valid_rule_has_no_issues() -> None:
    rule = {
        "if": [
            {"var": "payload.v.0"},
            {"in": [{"var": "payload.v.0.mp"}, {"var": "external.valueSets.vaccines"}]},
            True,
        ]
    }
    assert validate(rule) == []


# -- engine versions ----------------------------------------------------------------------


def test_engine_version_is_the_specification_version() -> None:
    assert ENGINE_VERSION == "1.3.2"


@pytest.mark.parametrize(
    ("version", "supported"),
    [
        ("1.0.0", True),
        ("1.3.2", True),
        ("1.3.9", True),
        ("1.4.0", False),
        ("2.0.0", False),
        ("0.9.0", False),
        ("1.0", False),
        ("", False),
        ("one", False),
        ("1.2.0-beta", True),
    ],
)
def test_supports_engine_version(version: str, supported: bool) -> None:
    assert supports_engine_version(version) is supported


def test_absurdly_deep_nesting_is_reported_not_crashing() -> None:
    logic: Any = True
    for _ in range(5000):
        logic = {"!": [logic]}
    assert validate(logic) != []
    with pytest.raises(CertLogicError, match="nested too deeply"):
        evaluate(logic, None)
    with pytest.raises(CertLogicError):
        compile_logic(logic)
