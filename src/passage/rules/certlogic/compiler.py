"""Prepare a CertLogic expression once into nested closures, for rules evaluated many times."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from passage.rules.certlogic.datetimes import dcc_date_of_birth, offset_ms, parse_ms
from passage.rules.certlogic.evaluator import (
    COMPARISONS,
    DATE_TIME_COMPARISONS,
    boolsy,
    compare_all,
    extract_from_uvci,
)
from passage.rules.certlogic.validator import validate
from passage.rules.certlogic.values import (
    CertLogicError,
    DateTime,
    access,
    contains,
    is_int,
    parse_path,
    strict_equal,
    to_json_value,
)

Node = Callable[[Any], Any]


class CompiledLogic:
    """A validated expression ready to run: call it with a data context."""

    __slots__ = ("_node", "logic")

    def __init__(self, logic: Any) -> None:
        errors = validate(logic)  # also guards compile_node's recursion
        if errors:
            raise CertLogicError("invalid CertLogic expression: " + "; ".join(errors))
        self.logic = logic
        self._node = compile_node(logic)

    def __call__(self, data: Any) -> Any:
        """Evaluate against data; date-times in the result are rendered as ISO 8601 strings."""
        try:
            return to_json_value(self._node(data))
        except RecursionError as error:
            raise CertLogicError("expression or data nested too deeply") from error


def compile_node(expr: Any) -> Node:
    """Closure evaluating a validated (sub-)expression."""
    if type(expr) is list:
        items = [compile_node(item) for item in expr]
        return lambda data: [item(data) for item in items]
    if type(expr) is not dict:
        return lambda data: expr
    ((op, values),) = expr.items()
    if op == "var":
        fragments = parse_path(values)
        if len(fragments) == 1 and fragments[0][1] is None:
            key = fragments[0][0]
            return lambda data: data.get(key) if type(data) is dict else None
        return lambda data: access(data, fragments)
    return _BUILDERS[op](op, values)


def _if(op: str, values: list[Any]) -> Node:
    guard, then, else_ = (compile_node(value) for value in values)
    return lambda data: then(data) if boolsy(guard(data), "if-guard") else else_(data)


def _and(op: str, values: list[Any]) -> Node:
    operands = [compile_node(value) for value in values]

    def node(data: Any) -> Any:
        result: Any = True
        for operand in operands:
            result = operand(data)
            if not boolsy(result, "operand of and"):
                return result
        return result

    return node


def _not(op: str, values: list[Any]) -> Node:
    operand = compile_node(values[0])
    return lambda data: not boolsy(operand(data), "operand of !")


def _equal(op: str, values: list[Any]) -> Node:
    left, right = (compile_node(value) for value in values)
    return lambda data: strict_equal(left(data), right(data))


def _in(op: str, values: list[Any]) -> Node:
    needle, haystack = (compile_node(value) for value in values)

    def node(data: Any) -> bool:
        item, array = needle(data), haystack(data)
        if type(array) is not list:
            raise CertLogicError('right-hand side of an "in" operation must be an array')
        return contains(array, item)

    return node


def _plus(op: str, values: list[Any]) -> Node:
    left, right = (compile_node(value) for value in values)

    def node(data: Any) -> Any:
        left_value, right_value = left(data), right(data)
        if not (is_int(left_value) and is_int(right_value)):
            raise CertLogicError('operands of a "+" operation must both be integers')
        return left_value + right_value

    return node


def _integer_comparison(op: str, values: list[Any]) -> Node:
    compare, operands = COMPARISONS[op], [compile_node(value) for value in values]

    def node(data: Any) -> bool:
        results = [operand(data) for operand in operands]
        if not all(is_int(result) for result in results):
            raise CertLogicError(f'all operands of "{op}" must be integers')
        return compare_all(compare, results)

    return node


def _date_time_comparison(op: str, values: list[Any]) -> Node:
    compare = COMPARISONS[DATE_TIME_COMPARISONS[op]]
    operands = [compile_node(value) for value in values]

    def node(data: Any) -> bool:
        results = [operand(data) for operand in operands]
        if not all(type(result) is DateTime for result in results):
            raise CertLogicError(f'all operands of "{op}" must be date-times')
        return compare_all(compare, [result.ms for result in results])

    return node


def _plus_time(op: str, values: list[Any]) -> Node:
    operand, amount, unit = compile_node(values[0]), int(values[1]), values[2]

    def node(data: Any) -> DateTime:
        text = operand(data)
        if type(text) is not str:
            raise CertLogicError(f'date argument (#1) of "plusTime" must be a string: {text!r}')
        ms = parse_ms(text)
        return DateTime(offset_ms(ms, amount, unit) if amount else ms)

    return node


def _dcc_date_of_birth(op: str, values: list[Any]) -> Node:
    operand = compile_node(values[0])

    def node(data: Any) -> DateTime:
        text = operand(data)
        if type(text) is not str:
            raise CertLogicError(f'operand of "dccDateOfBirth" must be a string: {text!r}')
        return dcc_date_of_birth(text)

    return node


def _reduce(op: str, values: list[Any]) -> Node:
    operand, lambda_, initial = (compile_node(value) for value in values)

    def node(data: Any) -> Any:
        array, accumulator = operand(data), initial(data)
        if array is None:
            return accumulator
        if type(array) is not list:
            raise CertLogicError("operand of reduce evaluated to a non-null non-array")
        for current in array:
            accumulator = lambda_({"accumulator": accumulator, "current": current})
        return accumulator

    return node


def _extract_from_uvci(op: str, values: list[Any]) -> Node:
    operand, index = compile_node(values[0]), int(values[1])
    return lambda data: extract_from_uvci(operand(data), index)


_BUILDERS: dict[str, Callable[[str, list[Any]], Node]] = {
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
    **dict.fromkeys(COMPARISONS, _integer_comparison),
    **dict.fromkeys(DATE_TIME_COMPARISONS, _date_time_comparison),
}
