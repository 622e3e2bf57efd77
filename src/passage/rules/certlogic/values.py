"""CertLogic values: truthiness, integers, strict equality, date-times and data access."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from passage.rules.certlogic.gregorian import format_ms


class CertLogicError(ValueError):
    """An expression that cannot be evaluated: invalid form or a type mismatch at run time."""


class DateTime:
    """A CertLogic date-time: milliseconds since the Unix epoch, UTC.

    Equality is identity, as for JavaScript ``Date`` objects under ``===``; compare ``ms``.
    """

    __slots__ = ("ms",)

    def __init__(self, ms: int) -> None:
        self.ms = ms

    def isoformat(self) -> str:
        """Render as JavaScript's ``Date.toISOString`` does: ``YYYY-MM-DDThh:mm:ss.sssZ``."""
        return format_ms(self.ms)

    def __repr__(self) -> str:
        return f"DateTime({self.isoformat()})"


def boolsiness(value: Any) -> bool | None:
    """True if truthy, False if falsy, None if neither (e.g. a date-time)."""
    kind = type(value)
    if kind is bool:
        return value
    if value is None:
        return False
    if kind is str or kind is list or kind is dict:
        return len(value) > 0
    if kind is int or kind is float:
        return value != 0
    return None


def is_int(value: Any) -> bool:
    """True for an integer number (a float with no fraction counts, as in JavaScript)."""
    kind = type(value)
    return kind is int or (kind is float and value.is_integer())


def strict_equal(left: Any, right: Any) -> bool:
    """JavaScript ``===``: value equality for primitives, identity for arrays, objects, dates."""
    left_kind, right_kind = type(left), type(right)
    if left_kind is str or left_kind is bool or left is None:
        return left_kind is right_kind and left == right
    if left_kind is int or left_kind is float:
        return (right_kind is int or right_kind is float) and left == right
    return left is right


def contains(haystack: list[Any], needle: Any) -> bool:
    """JavaScript ``Array.indexOf(needle) > -1``, which compares with ``===``."""
    if type(needle) is str or needle is None:
        return needle in haystack  # str and None equal only their own kind
    return any(strict_equal(needle, item) for item in haystack)


def to_json_value(value: Any) -> Any:
    """Replace date-times (possibly inside arrays) by their ISO 8601 rendering."""
    kind = type(value)
    if kind is DateTime:
        return value.isoformat()
    if kind is list:
        return [to_json_value(item) for item in value]
    return value


_PATH_FORMAT = re.compile(r"[^.]+(\.[^.]+)*")
_LEADING_INT = re.compile(r"\s*([+-]?[0-9]+)")

PathFragment = tuple[str, int | None]


def is_valid_path(path: str) -> bool:
    """True for ``""`` or period-separated non-empty fragments."""
    return path == "" or _PATH_FORMAT.fullmatch(path) is not None


@lru_cache(maxsize=4096)
def parse_path(path: str) -> tuple[PathFragment, ...]:
    """Split a ``var`` path into (key, array index) fragments; the index as parseInt reads it."""
    if not is_valid_path(path):
        raise CertLogicError(f"data access path doesn't have a valid format: {path}")
    if path == "":
        return ()
    fragments = []
    for fragment in path.split("."):
        match = _LEADING_INT.match(fragment)
        fragments.append((fragment, int(match.group(1)) if match else None))
    return tuple(fragments)


def access(data: Any, fragments: tuple[PathFragment, ...]) -> Any:
    """The value at a parsed path; null wherever the path leads nowhere."""
    for key, index in fragments:
        kind = type(data)
        if kind is dict:
            data = data.get(key)
        elif kind is list:
            data = data[index] if index is not None and 0 <= index < len(data) else None
        else:
            return None
    return data
