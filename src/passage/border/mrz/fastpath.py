"""The common case at speed: a well-formed MRZ whose every check digit and field is in order.

`fast_parse` returns None as soon as anything is unusual (a failed check digit, a letter in a
date, a day past the 28th, an unknown code, a long document number ...); the general parser
then handles it. Both must give the same result; tests/border/test_mrz_properties.py checks it.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from passage.border.mrz.checkdigit import DIGITS, FILLER, VALUE_TABLE
from passage.border.mrz.codes import KINDS
from passage.border.mrz.dates import quick_date, reference
from passage.border.mrz.fields import DOCUMENT_TYPES, FORMAT_CODES, SEXES, split_names
from passage.border.mrz.layout import OPTIONAL, SPECS, CheckSpec
from passage.border.mrz.result import Check, MRZResult
from passage.border.mrz.work import Span

# A valid check digit is always Check(d, d, True): share ten (plus the filler) instances.
_VALID = {char: Check(char, char, True) for char in DIGITS + FILLER}


class FastCheck(NamedTuple):
    """A CheckSpec flattened for the fast path: first span, further spans, check spot, flags."""

    name: str
    line_index: int
    start: int
    end: int
    more: tuple[Span, ...]
    line: int
    column: int
    numeric: bool
    optional: bool


def _flatten(specs: tuple[CheckSpec, ...]) -> tuple[tuple[FastCheck, ...], tuple[int, ...]]:
    """Fast-path form of `specs`, and the lines whose values it needs."""
    flat = tuple(
        FastCheck(
            spec.name,
            *spec.spans[0],
            spec.spans[1:],
            *spec.spot,
            spec.mode == "numeric",
            spec.mode == "optional",
        )
        for spec in specs
    )
    lines = sorted({index for spec in specs for index, _, _ in spec.spans})
    return flat, tuple(lines)


FAST = {format_name: _flatten(specs) for format_name, specs in SPECS.items()}


def _fast_checks(lines: list[str], fast: tuple) -> dict[str, Check] | None:
    """All check digits when every one holds as printed; None sends the MRZ to the OCR path."""
    flat, needed = fast
    values = [b"", b"", b""]
    for index in needed:
        values[index] = lines[index].encode("ascii").translate(VALUE_TABLE)
    checks = {}
    for name, index, start, end, more, line, column, numeric, optional in flat:
        data = values[index][start:end]
        if more:
            data = b"".join([data, *[values[i][s:e] for i, s, e in more]])
        elif numeric and max(data) > 9:
            return None  # a letter in a date: the OCR path decides (G and 6 even check alike)
        found = lines[line][column]
        if found == DIGITS[(7 * sum(data[0::3]) + 3 * sum(data[1::3]) + sum(data[2::3])) % 10]:
            checks[name] = _VALID[found]
        elif found == FILLER and optional and not lines[index][start:end].strip(FILLER):
            checks[name] = _VALID[FILLER]
        else:
            return None
    return checks


def _header(line1: str, format_name: str) -> tuple[str, str, str] | None:
    """(type, code, issuing state) when the code suits the format and the state is known."""
    first = line1[0]
    state = line1[2:5].rstrip(FILLER)
    if first not in FORMAT_CODES[format_name] or state not in KINDS:
        return None
    return DOCUMENT_TYPES[first], line1[0:2].rstrip(FILLER), state


def _person(
    names: str, nationality: str, sex: str, birth: str, expiry: str, today: date
) -> dict | None:
    """Name, nationality, sex and dates as fields, or None when any needs the general path."""
    split = split_names(names)
    nationality = nationality.rstrip(FILLER)
    ref = reference(today)
    born = quick_date(birth, ref, birth=True)
    expires = quick_date(expiry, ref, birth=False)
    if split is None or nationality not in KINDS or sex not in SEXES or not born or not expires:
        return None
    return {
        "surname": split[0],
        "given_names": split[1],
        "name_possibly_truncated": names[-1] != FILLER,
        "nationality": nationality,
        "nationality_kind": KINDS[nationality],
        "birth_date": born[0],
        "birth_date_raw": birth,
        "birth_date_partial": born[0],
        "birth_date_unknown_parts": [],
        "sex": SEXES[sex],
        "expiry_date": expires[0],
        "expiry_date_raw": expiry,
        "expiry_date_partial": expires[0],
        "expiry_date_unknown_parts": [],
        "expired": expires[1] < ref[0],
    }


def _fields(header: tuple[str, str, str], number: str, person: dict) -> dict:
    document_type, code, state = header
    return {
        "document_type": document_type,
        "document_code": code,
        "issuing_state": state,
        "issuing_state_kind": KINDS[state],
        "document_number": number.rstrip(FILLER),
        **person,
    }


def fast_parse(format_name: str, lines: list[str], today: date) -> MRZResult | None:
    """The result for a fully valid, ordinary MRZ; None hands it to the general parser."""
    header = _header(lines[0], format_name)
    if header is None:
        return None
    if format_name == "TD1":
        line1, line2, line3 = lines
        if line1[14] == FILLER:
            return None  # a long document number
        person = _person(line3, line2[15:18], line2[7], line2[0:6], line2[8:14], today)
        optional = {
            "optional_data_1": line1[15:30].rstrip(FILLER),
            "optional_data_2": line2[18:29].rstrip(FILLER),
        }
        number = line1[5:14]
    else:
        line1, line2 = lines
        person = _person(line1[5:], line2[10:13], line2[20], line2[13:19], line2[21:27], today)
        _, start, end = OPTIONAL[format_name]
        optional = {"optional_data": line2[start:end].rstrip(FILLER)}
        number = line2[0:9]
    if person is None:
        return None
    checks = _fast_checks(lines, FAST[format_name])
    if checks is None:
        return None
    fields = _fields(header, number, person)
    fields.update(optional)
    fields["lines"] = lines
    return MRZResult(format_name, fields, checks, [], [])
