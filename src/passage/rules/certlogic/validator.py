"""Check that a JSON value is a well-formed CertLogic expression, before any evaluation."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from passage.rules.certlogic.datetimes import TIME_UNITS
from passage.rules.certlogic.evaluator import COMPARISONS, DATE_TIME_COMPARISONS
from passage.rules.certlogic.values import is_int, is_valid_path

INFIX_OPERATORS = frozenset(["===", "and", "in", "+", *COMPARISONS, *DATE_TIME_COMPARISONS])
_EXCERPT_LENGTH = 120


@dataclass(frozen=True)
class Issue:
    """One problem with an expression: where it is, the offending sub-expression, what is wrong."""

    path: str
    expr: Any
    message: str

    def describe(self) -> str:
        """One line naming the location, the problem and the sub-expression's JSON."""
        text = json.dumps(self.expr, ensure_ascii=False)
        if len(text) > _EXCERPT_LENGTH:
            text = text[: _EXCERPT_LENGTH - 3] + "..."
        return f"at {self.path or '<root>'}: {self.message}; in {text}"


def issues(expr: Any, path: str = "") -> list[Issue]:
    """Every format problem of an expression, each with its location (e.g. ``and[1].if[0]``)."""
    if type(expr) is str or type(expr) is bool or is_int(expr):
        return []
    if type(expr) is float:
        return [Issue(path, expr, f"{expr} is a non-integer number")]
    if type(expr) is list:
        return [issue for i, item in enumerate(expr) for issue in issues(item, f"{path}[{i}]")]
    if type(expr) is not dict:
        return [Issue(path, expr, "invalid CertLogic expression")]
    if len(expr) != 1:
        return [
            Issue(
                path, expr, f"expression object must have exactly one key, but it has {len(expr)}"
            )
        ]
    ((op, values),) = expr.items()
    if op == "var":
        return _var_issues(path, expr, values)
    if type(values) is not list:
        return [Issue(path, expr, 'operation not of the form { "<operator>": [ <values...> ] }')]
    checker = _CHECKERS.get(op) or (_infix_issues if op in INFIX_OPERATORS else None)
    if checker is None:
        return [Issue(path, expr, f'unrecognised operator: "{op}"')]
    return checker(path, expr, op, values)


def validate(expr: Any) -> list[str]:
    """Messages describing every problem of an expression; empty when it is valid."""
    try:
        return [issue.describe() for issue in issues(expr)]
    except RecursionError:
        return ["at <root>: expression nested too deeply to validate"]


def _operands(path: str, op: str, values: list[Any], count: int) -> list[Issue]:
    """Issues of the first count operands, located under ``op[i]``."""
    prefix = f"{path}.{op}" if path else op
    found: list[Issue] = []
    for i, value in enumerate(values[:count]):
        found.extend(issues(value, f"{prefix}[{i}]"))
    return found


def _count_issue(path: str, expr: Any, op: str, values: list[Any], expected: str) -> Issue:
    message = f'operation "{op}" must have {expected} operands, but it has {len(values)}'
    return Issue(path, expr, message)


def _var_issues(path: str, expr: Any, values: Any) -> list[Issue]:
    if type(values) is not str:
        return [Issue(path, expr, 'not of the form { "var": "<path>" }')]
    if not is_valid_path(values):
        return [Issue(path, expr, f"data access path doesn't have a valid format: {values}")]
    return []


def _fixed_issues(count: int) -> Checker:
    """A checker for an operation with exactly count operands, all of them expressions."""

    def check(path: str, expr: Any, op: str, values: list[Any]) -> list[Issue]:
        found = (
            []
            if len(values) == count
            else [_count_issue(path, expr, op, values, f"exactly {count}")]
        )
        return found + _operands(path, op, values, count)

    return check


def _infix_issues(path: str, expr: Any, op: str, values: list[Any]) -> list[Issue]:
    count = len(values)
    if op == "and":
        ok, expected, most = count >= 2, "at least 2", count
    elif op in COMPARISONS or op in DATE_TIME_COMPARISONS:
        ok, expected, most = 2 <= count <= 3, "2 or 3", 3
    else:
        ok, expected, most = count == 2, "exactly 2", 2
    found = [] if ok else [_count_issue(path, expr, op, values, expected)]
    return found + _operands(path, op, values, most)


def _plus_time_issues(path: str, expr: Any, op: str, values: list[Any]) -> list[Issue]:
    found = _operands(path, op, values, 1)
    if len(values) != 3:
        found.insert(0, _count_issue(path, expr, op, values, "exactly 3"))
    if len(values) > 1 and not is_int(values[1]):
        found.append(
            Issue(path, expr, f'"amount" (#2) of "plusTime" must be an integer: {values[1]!r}')
        )
    if len(values) > 2 and values[2] not in TIME_UNITS:
        units = ", ".join(TIME_UNITS)
        found.append(
            Issue(path, expr, f'"unit" (#3) of "plusTime" must be one of {units}: {values[2]!r}')
        )
    return found


def _extract_issues(path: str, expr: Any, op: str, values: list[Any]) -> list[Issue]:
    found = _operands(path, op, values, 1)
    if len(values) != 2:
        found.insert(0, _count_issue(path, expr, op, values, "exactly 2"))
    if len(values) > 1 and not is_int(values[1]):
        found.append(
            Issue(
                path, expr, f'"index" (#2) of "extractFromUVCI" must be an integer: {values[1]!r}'
            )
        )
    return found


Checker = Callable[[str, Any, str, list[Any]], list[Issue]]
_CHECKERS: dict[str, Checker] = {
    "if": _fixed_issues(3),
    "!": _fixed_issues(1),
    "reduce": _fixed_issues(3),
    "dccDateOfBirth": _fixed_issues(1),
    "plusTime": _plus_time_issues,
    "extractFromUVCI": _extract_issues,
}
