"""OCR look-alike corrections, kept only when check digits confirm them."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

from passage.border.mrz.checkdigit import check_digit

# The confusions OCR engines make on the OCR-B font, both ways.
LETTER_TO_DIGIT = {"O": "0", "I": "1", "Z": "2", "S": "5", "G": "6", "B": "8"}
DIGIT_TO_LETTER = {digit: letter for letter, digit in LETTER_TO_DIGIT.items()}
# G (16) and 6 weigh the same modulo 10, so no check digit can tell them apart: a G/6 swap in
# an alphanumeric field is never confirmable and is not tried (in dates G can only be 6).
SWAPS = {
    char: other
    for char, other in {**LETTER_TO_DIGIT, **DIGIT_TO_LETTER}.items()
    if char not in "G6"
}
# One look-alike swap per field. A check digit only confirms modulo 10: a misread that is not a
# look-alike gets "confirmed" as a wrong swap about 13% of the time with one swap allowed, 19%
# with two, so two are not worth it. Every correction is reported for a human to see.
MAX_SWAPS = 1


def as_digits(value: str) -> str:
    """Replace letters that look like digits by those digits (numeric fields only)."""
    return "".join(LETTER_TO_DIGIT.get(char, char) for char in value)


def readings(value: str, check: int, accept: Callable[[str], bool] | None = None) -> list[str]:
    """Readings of an alphanumeric field that match `check`, with the fewest swaps possible.

    Tries the value itself, then every single look-alike swap (up to MAX_SWAPS); stops at the
    first level with any match, so a caller can tell a unique reading from an ambiguous one.
    """
    positions = [index for index, char in enumerate(value) if char in SWAPS]
    for count in range(MAX_SWAPS + 1):
        found = []
        for combo in combinations(positions, count):
            chars = list(value)
            for index in combo:
                chars[index] = SWAPS[chars[index]]
            candidate = "".join(chars)
            if check_digit(candidate) == check and (accept is None or accept(candidate)):
                found.append(candidate)
        if found:
            return found
    return []
