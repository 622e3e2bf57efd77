"""JSON Canonicalization Scheme (RFC 8785): the exact bytes a feed entry's signature covers.

Pure: no I/O. Keys sorted by UTF-16 code units, no whitespace, strings escaped as ECMAScript
JSON.stringify does, numbers as ECMAScript Number.prototype.toString (IEEE 754 doubles).
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

MAX_SAFE_INTEGER = 2**53 - 1
_STRINGS = {str}


def canonical_json(value: Any) -> bytes:
    """The RFC 8785 canonical UTF-8 serialisation of a JSON value; ValueError if not I-JSON.

    Values without floats, large integers or keys beyond the Basic Multilingual Plane (most
    entries) are written by the json module, whose output is then exactly RFC 8785's; the rest
    by the reference writer below.
    """
    if _plain(value):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:
            pass  # a lone surrogate: the reference writer says so
    return reference_canonical_json(value)


def canonical_json_with(value: dict[str, Any], name: str, member: bytes) -> bytes:
    """`canonical_json(value | {name: m})` where `member` is already `canonical_json(m)`: the
    large member of a document (an entry's content) is serialised once, not again with it.

    A canonical object is its members sorted by key (UTF-16 code units), each written on its
    own: the members sorting before `name` and those after are written, and `member` is put
    between them as it is."""
    if name in value:
        raise ValueError(f"the object already holds a member {name!r}")
    key = _utf16_key(name)
    before = {k: v for k, v in value.items() if isinstance(k, str) and _utf16_key(k) < key}
    after = {k: v for k, v in value.items() if k not in before}
    parts = (
        canonical_json(before)[1:-1],
        canonical_json(name) + b":" + member,
        canonical_json(after)[1:-1],
    )
    return b"{" + b",".join(part for part in parts if part) + b"}"


def reference_canonical_json(value: Any) -> bytes:
    """RFC 8785 written member by member (numbers as ECMAScript writes them)."""
    parts: list[str] = []
    _write(value, parts)
    return "".join(parts).encode("utf-8")


def _plain(value: Any) -> bool:
    """True when json.dumps(sort_keys=True) writes exactly the canonical form: only strings,
    safe integers, booleans, null, lists and objects whose keys sort the same by code point as
    by UTF-16 code unit (no key beyond U+FFFF)."""
    pending = [value]
    while pending:
        item = pending.pop()
        kind = type(item)
        if kind is dict:
            keys = item.keys()
            simple = set(map(type, keys)) <= _STRINGS and all(map(str.isascii, keys))
            if not simple and not all(
                type(key) is str and (key.isascii() or max(key) <= "\uffff") for key in keys
            ):
                return False
            pending.extend(item.values())
        elif kind is list:
            if not set(map(type, item)) <= _STRINGS:  # lists of codes: checked in one pass
                pending.extend(item)
        elif kind is int:
            if not -MAX_SAFE_INTEGER <= item <= MAX_SAFE_INTEGER:
                return False
        elif kind not in (str, bool, type(None)):
            return False
    return True


def _write(value: Any, parts: list[str]) -> None:
    if value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, str):
        parts.append(_string(value))
    elif isinstance(value, int):
        parts.append(_integer(value))
    elif isinstance(value, float):
        parts.append(number_text(value))
    elif isinstance(value, dict):
        _write_object(value, parts)
    elif isinstance(value, list | tuple):
        _write_array(value, parts)
    else:
        raise ValueError(f"not a JSON value: {type(value).__name__}")


def _write_object(value: dict[Any, Any], parts: list[str]) -> None:
    if not all(isinstance(key, str) for key in value):
        raise ValueError("JSON object keys must be strings")
    parts.append("{")
    for index, key in enumerate(sorted(value, key=_utf16_key)):
        if index:
            parts.append(",")
        parts.append(_string(key))
        parts.append(":")
        _write(value[key], parts)
    parts.append("}")


def _write_array(value: list[Any] | tuple[Any, ...], parts: list[str]) -> None:
    parts.append("[")
    for index, item in enumerate(value):
        if index:
            parts.append(",")
        _write(item, parts)
    parts.append("]")


def _utf16_key(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def _string(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("a string holds a lone surrogate (not I-JSON)") from None
    # Python escapes exactly what JSON.stringify escapes: " \ and U+0000-U+001F (\b \f \n \r \t
    # short forms, the rest as lower-case \u00xx); everything else is written as is.
    return json.dumps(value, ensure_ascii=False)


def _integer(value: int) -> str:
    """JSON numbers are doubles: beyond 2^53 an integer is written as its nearest double, as
    any I-JSON reader would read it."""
    if abs(value) <= MAX_SAFE_INTEGER:
        return str(value)
    try:
        return number_text(float(value))
    except OverflowError:
        raise ValueError(f"the integer {value} is beyond the range of JSON numbers") from None


def number_text(value: float) -> str:
    """A double as ECMAScript Number.prototype.toString writes it (RFC 8785 section 3.2.2.3)."""
    if math.isnan(value) or math.isinf(value):
        raise ValueError("NaN and Infinity are not JSON numbers")
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    digits, exponent = _shortest_digits(abs(value))
    return sign + _layout(digits, exponent)


def _shortest_digits(value: float) -> tuple[str, int]:
    """(digits, n) with value = 0.digits x 10^n, digits the shortest round-trip form."""
    decimal_tuple = Decimal(repr(value)).as_tuple()
    written = "".join(map(str, decimal_tuple.digits))
    digits = written.rstrip("0")
    assert isinstance(decimal_tuple.exponent, int)
    return digits, decimal_tuple.exponent + len(written)


def _layout(digits: str, n: int) -> str:
    k = len(digits)
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + digits
    power = n - 1
    exponent = ("+" if power >= 0 else "-") + str(abs(power))
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return mantissa + "e" + exponent
