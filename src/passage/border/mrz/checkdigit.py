"""ICAO 9303 check digits: weights 7, 3, 1; digits as themselves, A-Z as 10-35, `<` as 0."""

from __future__ import annotations

import string

FILLER = "<"
ALPHABET = string.digits + string.ascii_uppercase + FILLER

# Character values, precomputed once so a check digit is three C-level sums.
VALUES: dict[str, int] = {char: index for index, char in enumerate(string.digits)}
VALUES.update({char: 10 + index for index, char in enumerate(string.ascii_uppercase)})
VALUES[FILLER] = 0

# The same values as a bytes.translate table: a line becomes one byte of value per character.
VALUE_TABLE = bytes(VALUES.get(chr(code), 0) for code in range(256))
DIGITS = string.digits
# Deleting every legal character leaves only the illegal ones (one C-level pass per line).
DELETE_LEGAL = str.maketrans(dict.fromkeys(ALPHABET))


def check_digit(data: str) -> int:
    """Return the ICAO 9303 check digit of `data` (characters 0-9, A-Z and `<` only)."""
    return weighted(data.encode("ascii").translate(VALUE_TABLE))


def weighted(values: bytes) -> int:
    """Check digit of already-translated character values."""
    return (7 * sum(values[0::3]) + 3 * sum(values[1::3]) + sum(values[2::3])) % 10


def check_char(data: str) -> str:
    """Return the check digit of `data` as the character printed in the MRZ."""
    return DIGITS[check_digit(data)]
