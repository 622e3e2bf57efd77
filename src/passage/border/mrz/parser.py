"""The five MRZ layouts of Doc 9303: where each field and check digit sits, and the parse."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from passage.border.mrz import fields as read
from passage.border.mrz.checkdigit import DIGITS, FILLER, VALUE_TABLE
from passage.border.mrz.reader import read_lines
from passage.border.mrz.result import Check, MRZResult
from passage.border.mrz.work import Span, Spot, Work, composite_holds, verify, verify_optional


class CheckSpec(NamedTuple):
    """One check digit: the data it covers, where it is printed, how its data may be corrected."""

    name: str
    spans: tuple[Span, ...]
    spot: Spot
    mode: str  # numeric | alphanumeric | optional (TD3 personal number) | fixed (composite)


def _spec(name: str, mode: str, spot: Spot, *spans: Span) -> CheckSpec:
    return CheckSpec(name, spans, spot, mode)


def _two_line_specs(composite: CheckSpec | None, optional: CheckSpec | None) -> tuple:
    """Dates first: their corrections are certain, and the others are confirmed after them."""
    # Index 2 is always the document number (the parse and _long_number rely on it).
    specs = [
        _spec("birth_date", "numeric", (1, 19), (1, 13, 19)),
        _spec("expiry_date", "numeric", (1, 27), (1, 21, 27)),
        _spec("document_number", "alphanumeric", (1, 9), (1, 0, 9)),
    ]
    return (*specs, *(spec for spec in (optional, composite) if spec is not None))


# Composite check digits: TD1 covers line 1 from the document number on plus line 2's dates and
# optional data; TD2 and TD3 cover line 2's document number, birth date, expiry, optional data.
TD1_COMPOSITE = _spec("composite", "fixed", (1, 29), (0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29))
TD2_COMPOSITE = _spec("composite", "fixed", (1, 35), (1, 0, 10), (1, 13, 20), (1, 21, 35))
TD3_COMPOSITE = _spec("composite", "fixed", (1, 43), (1, 0, 10), (1, 13, 20), (1, 21, 43))
SPECS: dict[str, tuple[CheckSpec, ...]] = {
    "TD1": (
        _spec("birth_date", "numeric", (1, 6), (1, 0, 6)),
        _spec("expiry_date", "numeric", (1, 14), (1, 8, 14)),
        _spec("document_number", "alphanumeric", (0, 14), (0, 5, 14)),
        TD1_COMPOSITE,
    ),
    "TD2": _two_line_specs(TD2_COMPOSITE, None),
    "TD3": _two_line_specs(TD3_COMPOSITE, _spec("optional_data", "optional", (1, 42), (1, 28, 42))),
    "MRV-A": _two_line_specs(None, None),
    "MRV-B": _two_line_specs(None, None),
}
COMPOSITES = {"TD1": TD1_COMPOSITE, "TD2": TD2_COMPOSITE, "TD3": TD3_COMPOSITE}
# Where the optional data after the document number sits (TD1 line 1, the others line 2).
OPTIONAL: dict[str, Span] = {
    "TD1": (0, 15, 30),
    "TD2": (1, 28, 35),
    "TD3": (1, 28, 42),
    "MRV-A": (1, 28, 44),
    "MRV-B": (1, 28, 36),
}


def _long_number(specs: tuple[CheckSpec, ...], lines: list[str], optional: Span) -> tuple:
    """Follow a TD1/TD2 document number longer than 9 characters into the optional data.

    Doc 9303 (Part 5 §4.2.2, Part 6): `<` in the check digit position means the number goes on
    in the optional data, followed by its check digit and a `<`. Returns (specs, optional span).
    """
    number = specs[2]
    line, column = number.spot
    if lines[line][column] != FILLER:
        return specs, optional
    index, start, end = optional
    rest = lines[index][start:end]
    length = rest.find(FILLER) if FILLER in rest else len(rest)
    if length == 0:
        return specs, optional
    last = start + length - 1
    spans = (*number.spans, (index, start, last))
    longer = number._replace(spans=spans, spot=(index, last))
    return tuple(longer if spec is number else spec for spec in specs), (
        index,
        min(last + 2, end),
        end,
    )


# A valid check digit is always Check(d, d, True): share ten (plus the filler) instances.
_VALID = {char: Check(char, char, True) for char in DIGITS + FILLER}


def _fast_checks(lines: list[str], specs: tuple[CheckSpec, ...]) -> dict[str, Check] | None:
    """All check digits when every one holds as printed; None sends the MRZ to the OCR path."""
    values = [line.encode("ascii").translate(VALUE_TABLE) for line in lines]
    checks = {}
    for name, spans, (line, column), mode in specs:
        index, start, end = spans[0]
        data = values[index][start:end]
        if len(spans) > 1:
            data = b"".join([values[index][start:end] for index, start, end in spans])
        found = lines[line][column]
        if mode == "numeric" and max(data) > 9:
            return None  # a letter in a date: the OCR path decides (G and 6 even check alike)
        if found == DIGITS[(7 * sum(data[0::3]) + 3 * sum(data[1::3]) + sum(data[2::3])) % 10]:
            checks[name] = _VALID[found]
        elif found == FILLER and mode == "optional" and not lines[line][start:end].strip(FILLER):
            checks[name] = _VALID[FILLER]
        else:
            return None
    return checks


def _slow_checks(work: Work, format_name: str, specs: tuple[CheckSpec, ...]) -> None:
    """Verify each check digit, correcting OCR look-alikes where the check digits confirm it."""
    composite = COMPOSITES.get(format_name)
    confirm: Callable[[list[str]], bool] | None = None
    if composite is not None:
        spans, spot = composite.spans, composite.spot
        confirm = lambda lines: composite_holds(lines, spans, spot)  # noqa: E731
    for spec in specs:
        if spec.mode == "optional":
            verify_optional(work, spec.spans, spec.spot, confirm)
        else:
            rule = confirm if spec.mode == "alphanumeric" else None
            verify(work, spec.name, spec.spans, spec.spot, mode=spec.mode, confirm=rule)


def _read_td1(work: Work, number: str, optional: Span) -> None:
    line1, line2, line3 = work.lines
    read.read_document_code(work, line1[0:2], "TD1")
    read.read_code(work, "issuing_state", line1[2:5])
    work.fields["document_number"] = number
    read.read_names(work, line3)
    read.read_code(work, "nationality", line2[15:18])
    read.read_date_field(work, read.BIRTH, line2[0:6], birth=True)
    read.read_sex(work, line2[7])
    read.read_expiry(work, line2[8:14])
    index, start, end = optional
    read.read_optional(work, "optional_data_1", work.lines[index][start:end])
    read.read_optional(work, "optional_data_2", line2[18:29])


def _read_two_lines(work: Work, format_name: str, number: str, optional: Span) -> None:
    """TD2, TD3 and both visas share line 1 and the first 28 characters of line 2."""
    line1, line2 = work.lines
    read.read_document_code(work, line1[0:2], format_name)
    read.read_code(work, "issuing_state", line1[2:5])
    work.fields["document_number"] = number
    read.read_names(work, line1[5:])
    read.read_code(work, "nationality", line2[10:13])
    read.read_date_field(work, read.BIRTH, line2[13:19], birth=True)
    read.read_sex(work, line2[20])
    read.read_expiry(work, line2[21:27])
    index, start, end = optional
    read.read_optional(work, "optional_data", work.lines[index][start:end])


def parse(text: str, *, today: date | None = None) -> MRZResult:
    """Parse an MRZ (TD1, TD2, TD3, MRV-A, MRV-B); raise MRZUnreadable if it is not one.

    `today` is the reference date for century inference and `expired` (default: today).
    """
    found = read_lines(text)
    format_name, lines = found.format, found.lines
    specs, optional = SPECS[format_name], OPTIONAL[format_name]
    if format_name in ("TD1", "TD2"):
        specs, optional = _long_number(specs, lines, optional)
    work = Work(lines, today or date.today(), found.errors)
    checks = _fast_checks(lines, specs)
    if checks is None:
        work.lines = list(lines)  # corrections go to a copy; fields["lines"] stays as read
        _slow_checks(work, format_name, specs)
    else:
        work.checks = checks
    number = work.value(specs[2].spans).rstrip(FILLER)  # specs[2] is the document number
    if format_name == "TD1":
        _read_td1(work, number, optional)
    else:
        _read_two_lines(work, format_name, number, optional)
    work.fields["lines"] = lines
    return MRZResult(format_name, work.fields, work.checks, work.errors, work.corrections)
