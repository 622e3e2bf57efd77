"""The mutable state of one parse: lines (corrected in place), fields, checks, errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from passage.border.mrz.checkdigit import FILLER, check_digit
from passage.border.mrz.dates import reference
from passage.border.mrz.ocr import LETTER_TO_DIGIT, as_digits, readings
from passage.border.mrz.result import Check, Correction

Span = tuple[int, int, int]  # line index, start, end (end exclusive)
Spot = tuple[int, int]  # line index, column


class Work:
    """One parse in progress; `lines` receive the confirmed OCR corrections."""

    __slots__ = (
        "checks",
        "corrections",
        "errors",
        "fields",
        "lines",
        "reference",
        "today",
        "today_key",
    )

    def __init__(self, lines: list[str], today: date, errors: list[str]) -> None:
        self.lines = lines
        self.today = today
        self.reference = reference(today)
        self.today_key = self.reference[0]
        self.errors = errors
        self.fields: dict[str, Any] = {}
        self.checks: dict[str, Check] = {}
        self.corrections: list[Correction] = []

    def value(self, spans: Sequence[Span]) -> str:
        """The characters covered by `spans`, concatenated."""
        lines = self.lines
        if len(spans) == 1:
            index, start, end = spans[0]
            return lines[index][start:end]
        return "".join(lines[index][start:end] for index, start, end in spans)

    def replace(self, name: str, spots: Sequence[Spot], new: str) -> None:
        """Write `new` over the characters at `spots`, recording each change as a correction."""
        for (index, column), char in zip(spots, new, strict=True):
            line = self.lines[index]
            if line[column] != char:
                self.corrections.append(Correction(name, index + 1, column + 1, line[column], char))
                self.lines[index] = line[:column] + char + line[column + 1 :]


def spots_of(spans: Sequence[Span]) -> list[Spot]:
    """Every (line, column) covered by `spans`, in order."""
    return [(index, column) for index, start, end in spans for column in range(start, end)]


def lines_with(lines: list[str], spots: Sequence[Spot], new: str) -> list[str]:
    """A copy of `lines` with `new` written at `spots` (to test a reading without keeping it)."""
    copy = list(lines)
    for (index, column), char in zip(spots, new, strict=True):
        copy[index] = copy[index][:column] + char + copy[index][column + 1 :]
    return copy


def composite_holds(lines: list[str], spans: Sequence[Span], spot: Spot) -> bool:
    """True when the composite check digit at `spot` matches the data of `spans`."""
    found = lines[spot[0]][spot[1]]
    found = LETTER_TO_DIGIT.get(found, found)
    data = "".join(lines[index][start:end] for index, start, end in spans)
    return found.isdigit() and check_digit(data) == int(found)


def _fail(work: Work, name: str, expected: int, found: str, note: str = "") -> None:
    work.checks[name] = Check(str(expected), found, False)
    work.errors.append(f"{name}: check digit is {found}, expected {expected}{note}")


def verify(
    work: Work,
    name: str,
    spans: Sequence[Span],
    spot: Spot,
    *,
    mode: str,
    confirm: Callable[[list[str]], bool] | None = None,
) -> None:
    """Check one check digit; try OCR corrections ("numeric", "alphanumeric" or "fixed" data)."""
    value = work.value(spans)
    found = work.lines[spot[0]][spot[1]]
    expected = check_digit(value)
    clean = mode != "numeric" or as_digits(value) == value
    if clean and found.isdigit() and int(found) == expected:
        work.checks[name] = Check(found, found, True)
        return
    check = LETTER_TO_DIGIT.get(found, found)
    if not check.isdigit():
        _fail(work, name, expected, found)
        return
    candidates = _candidates(work, value, int(check), spans, spot, mode, confirm)
    if len(candidates) != 1:
        note = f" (OCR correction ambiguous: {len(candidates)} readings)" if candidates else ""
        _fail(work, name, expected, found, note)
        return
    work.replace(name, spots_of(spans), candidates[0])
    work.replace(name + "_check", [spot], check)
    work.checks[name] = Check(check, check, True)


def _candidates(
    work: Work,
    value: str,
    check: int,
    spans: Sequence[Span],
    spot: Spot,
    mode: str,
    confirm: Callable[[list[str]], bool] | None,
) -> list[str]:
    """Readings of `value` that satisfy `check` (and `confirm` on the whole MRZ, if given)."""
    if mode == "numeric":
        candidate = as_digits(value)
        return [candidate] if check_digit(candidate) == check else []
    if mode == "fixed":
        return [value] if check_digit(value) == check else []
    spots = spots_of(spans)

    def accept(candidate: str) -> bool:
        if confirm is None:
            return True
        changed = lines_with(work.lines, spots, candidate)
        return confirm(lines_with(changed, [spot], str(check)))

    return readings(value, check, accept)


def verify_optional(
    work: Work, spans: Sequence[Span], spot: Spot, confirm: Callable[[list[str]], bool] | None
) -> None:
    """TD3 personal number: its check digit may be `<` when the field is all fillers."""
    value = work.value(spans)
    if work.lines[spot[0]][spot[1]] == FILLER and not value.strip(FILLER):
        work.checks["optional_data"] = Check(FILLER, FILLER, True)
        return
    verify(work, "optional_data", spans, spot, mode="alphanumeric", confirm=confirm)
