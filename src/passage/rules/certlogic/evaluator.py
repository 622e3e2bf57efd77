"""Evaluate a CertLogic expression against a data context by walking it (no preparation)."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from passage.rules.certlogic.datetimes import TIME_UNITS, dcc_date_of_birth, plus_time
from passage.rules.certlogic.values import (
    CertLogicError,
    DateTime,
    access,
    boolsiness,
    contains,
    is_int,
    parse_path,
    strict_equal,
)

Handler = Callable[[list[Any], Any], Any]
COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}
DATE_TIME_COMPARISONS = {"before": "<", "after": ">", "not-after": "<=", "not-before": ">="}


def evaluate_node(expr: Any, data: Any) -> Any:
    """Evaluate one (sub-)expression; date-times stay ``DateTime`` objects."""
    kind = type(expr)
    if kind is dict:
        if len(expr) != 1:
            raise CertLogicError(f"expression object must have exactly one key: {expr!r}")
        ((op, values),) = expr.items()
        if op == "var":
            if type(values) is not str:
                raise CertLogicError('not of the form { "var": "<path>" }')
            return access(data, parse_path(values))
        handler = OPERATIONS.get(op)
        if handler is None:
            raise CertLogicError(f'unrecognised operator: "{op}"')
        if type(values) is not list or not values:
            raise CertLogicError('operation not of the form { "<operator>": [ <values...> ] }')
        return handler(values, data)
    if kind is str or kind is bool or kind is int:
        return expr
    if kind is list:
        return [evaluate_node(item, data) for item in expr]
    if kind is float and expr.is_integer():
        return expr
    raise CertLogicError(f"invalid CertLogic expression: {expr!r}")


def check_count(op: str, values: list[Any], low: int, high: int | None = None) -> None:
    """Raise unless an operation has between low and high (default: exactly low) operands."""
    count = len(values)
    high = low if high is None else high
    if count < low or count > high:
        expected = str(low) if low == high else f"{low} to {high}"
        raise CertLogicError(f'"{op}" must have {expected} operands, but it has {count}')


def boolsy(value: Any, what: str) -> bool:
    """Truthiness of a value that must be truthy or falsy; raise otherwise."""
    truth = boolsiness(value)
    if truth is None:
        raise CertLogicError(f"{what} evaluates to something neither truthy, nor falsy: {value!r}")
    return truth


def _if(values: list[Any], data: Any) -> Any:
    check_count("if", values, 3)
    guard = boolsy(evaluate_node(values[0], data), "if-guard")
    return evaluate_node(values[1] if guard else values[2], data)


def _and(values: list[Any], data: Any) -> Any:
    if len(values) < 2:
        raise CertLogicError(f'"and" must have at least 2 operands, but it has {len(values)}')
    result: Any = True
    for value in values:
        result = evaluate_node(value, data)
        if not boolsy(result, "operand of and"):
            return result
    return result


def _not(values: list[Any], data: Any) -> bool:
    check_count("!", values, 1)
    return not boolsy(evaluate_node(values[0], data), "operand of !")


def _equal(values: list[Any], data: Any) -> bool:
    check_count("===", values, 2)
    return strict_equal(evaluate_node(values[0], data), evaluate_node(values[1], data))


def _in(values: list[Any], data: Any) -> bool:
    check_count("in", values, 2)
    needle, haystack = evaluate_node(values[0], data), evaluate_node(values[1], data)
    if type(haystack) is not list:
        raise CertLogicError('right-hand side of an "in" operation must be an array')
    return contains(haystack, needle)


def _plus(values: list[Any], data: Any) -> Any:
    check_count("+", values, 2)
    left, right = evaluate_node(values[0], data), evaluate_node(values[1], data)
    if not (is_int(left) and is_int(right)):
        raise CertLogicError('operands of a "+" operation must both be integers')
    return left + right


def compare_all(compare: Callable[[Any, Any], bool], operands: list[Any]) -> bool:
    """The infix (2 operands) or ternary (3 operands) comparison."""
    if len(operands) == 2:
        return compare(operands[0], operands[1])
    return compare(operands[0], operands[1]) and compare(operands[1], operands[2])


def _integer_comparison(op: str) -> Handler:
    compare = COMPARISONS[op]

    def handler(values: list[Any], data: Any) -> bool:
        check_count(op, values, 2, 3)
        operands = [evaluate_node(value, data) for value in values]
        if not all(is_int(operand) for operand in operands):
            raise CertLogicError(f'all operands of "{op}" must be integers')
        return compare_all(compare, operands)

    return handler


def _date_time_comparison(op: str) -> Handler:
    compare = COMPARISONS[DATE_TIME_COMPARISONS[op]]

    def handler(values: list[Any], data: Any) -> bool:
        check_count(op, values, 2, 3)
        operands = [evaluate_node(value, data) for value in values]
        if not all(type(operand) is DateTime for operand in operands):
            raise CertLogicError(f'all operands of "{op}" must be date-times')
        return compare_all(compare, [operand.ms for operand in operands])

    return handler


def check_plus_time_arguments(amount: Any, unit: Any) -> None:
    """Raise unless the literal amount is an integer and the unit a known time unit."""
    if not is_int(amount):
        raise CertLogicError('"amount" argument (#2) of "plusTime" must be an integer')
    if unit not in TIME_UNITS:
        raise CertLogicError(f'"unit" argument (#3) of "plusTime" must be one of {TIME_UNITS}')


def _plus_time(values: list[Any], data: Any) -> DateTime:
    check_count("plusTime", values, 3)
    amount, unit = values[1], values[2]
    check_plus_time_arguments(amount, unit)
    text = evaluate_node(values[0], data)
    if type(text) is not str:
        raise CertLogicError(f'date argument (#1) of "plusTime" must be a string: {text!r}')
    return plus_time(text, int(amount), unit)


def _dcc_date_of_birth(values: list[Any], data: Any) -> DateTime:
    check_count("dccDateOfBirth", values, 1)
    text = evaluate_node(values[0], data)
    if type(text) is not str:
        raise CertLogicError(f'operand of "dccDateOfBirth" must be a string: {text!r}')
    return dcc_date_of_birth(text)


def _reduce(values: list[Any], data: Any) -> Any:
    check_count("reduce", values, 3)
    operand = evaluate_node(values[0], data)
    accumulator = evaluate_node(values[2], data)
    if operand is None:
        return accumulator
    if type(operand) is not list:
        raise CertLogicError("operand of reduce evaluated to a non-null non-array")
    lambda_ = values[1]
    for current in operand:
        accumulator = evaluate_node(lambda_, {"accumulator": accumulator, "current": current})
    return accumulator


def extract_from_uvci(uvci: Any, index: int) -> str | None:
    """The fragment at index of a UCI split on ``/``, ``#`` and ``:`` (prefix URN:UVCI: dropped)."""
    if uvci is not None and type(uvci) is not str:
        raise CertLogicError(
            f'"UVCI" argument of "extractFromUVCI" must be a string or null: {uvci!r}'
        )
    if uvci is None or index < 0:
        return None
    if uvci.startswith("URN:UVCI:"):
        uvci = uvci[9:]
    fragments = uvci.replace("#", "/").replace(":", "/").split("/")
    return fragments[index] if index < len(fragments) else None


def _extract_from_uvci(values: list[Any], data: Any) -> str | None:
    check_count("extractFromUVCI", values, 2)
    if not is_int(values[1]):
        raise CertLogicError('"index" argument (#2) of "extractFromUVCI" must be an integer')
    return extract_from_uvci(evaluate_node(values[0], data), int(values[1]))


OPERATIONS: dict[str, Handler] = {
    "if": _if,
    "and": _and,
    "!": _not,
    "===": _equal,
    "in": _in,
    "+": _plus,
    "plusTime": _plus_time,
    "dccDateOfBirth": _dcc_date_of_birth,
    "reduce": _reduce,
    "extractFromUVCI": _extract_from_uvci,
    **{op: _integer_comparison(op) for op in COMPARISONS},
    **{op: _date_time_comparison(op) for op in DATE_TIME_COMPARISONS},
}
