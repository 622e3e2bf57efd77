"""The parse: the fast path for ordinary MRZs, else every check, correction and field error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from passage.border.mrz import fields as read
from passage.border.mrz.checkdigit import FILLER
from passage.border.mrz.fastpath import fast_parse
from passage.border.mrz.layout import COMPOSITES, OPTIONAL, SPECS, CheckSpec
from passage.border.mrz.reader import read_lines
from passage.border.mrz.result import MRZResult
from passage.border.mrz.work import Span, Work, composite_holds, verify, verify_optional


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
    read.read_code(work, "issuing_state", line1[2:5], at=(0, 2))
    work.fields["document_number"] = number
    read.read_names(work, line3)
    read.read_code(work, "nationality", line2[15:18], at=(1, 15))
    read.read_date_field(work, read.BIRTH, line2[0:6], birth=True)
    read.read_sex(work, line2[7])
    read.read_expiry(work, line2[8:14])
    index, start, end = optional
    work.fields["optional_data_1"] = work.lines[index][start:end].rstrip(FILLER)
    work.fields["optional_data_2"] = line2[18:29].rstrip(FILLER)


def _read_two_lines(work: Work, format_name: str, number: str, optional: Span) -> None:
    """TD2, TD3 and both visas share line 1 and the first 28 characters of line 2."""
    line1, line2 = work.lines
    read.read_document_code(work, line1[0:2], format_name)
    read.read_code(work, "issuing_state", line1[2:5], at=(0, 2))
    work.fields["document_number"] = number
    read.read_names(work, line1[5:])
    read.read_code(work, "nationality", line2[10:13], at=(1, 10))
    read.read_date_field(work, read.BIRTH, line2[13:19], birth=True)
    read.read_sex(work, line2[20])
    read.read_expiry(work, line2[21:27])
    index, start, end = optional
    work.fields["optional_data"] = work.lines[index][start:end].rstrip(FILLER)


def parse(text: str, *, today: date | None = None) -> MRZResult:
    """Parse an MRZ (TD1, TD2, TD3, MRV-A, MRV-B); raise MRZUnreadable if it is not one.

    `today` is the reference date for century inference and `expired` (default: today).
    """
    found = read_lines(text)
    today = today or date.today()
    if not found.errors:
        result = fast_parse(found.format, found.lines, today)
        if result is not None:
            return result
    return _parse_in_full(found.format, found.lines, found.errors, today)


def _parse_in_full(format_name: str, lines: list[str], errors: list[str], today: date) -> MRZResult:
    """Every check with OCR corrections, every field with its errors."""
    specs, optional = SPECS[format_name], OPTIONAL[format_name]
    if format_name in ("TD1", "TD2"):
        specs, optional = _long_number(specs, lines, optional)
    work = Work(list(lines), today, errors)  # corrections go to the copy
    _slow_checks(work, format_name, specs)
    number = work.value(specs[2].spans).rstrip(FILLER)  # specs[2] is the document number
    if format_name == "TD1":
        _read_td1(work, number, optional)
    else:
        _read_two_lines(work, format_name, number, optional)
    work.fields["lines"] = lines
    return MRZResult(format_name, work.fields, work.checks, work.errors, work.corrections)
