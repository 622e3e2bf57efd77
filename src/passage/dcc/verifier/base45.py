"""Base45 decoding (RFC 9285), the text encoding of health certificate QR codes."""

from __future__ import annotations

import struct

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUES = {character: index for index, character in enumerate(ALPHABET)}
# Byte -> value (255 outside the alphabet) for bytes.translate: decoding runs on every scan.
_TABLE = bytes(_VALUES.get(chr(byte), 255) for byte in range(256))


class Base45Error(ValueError):
    """The text is not valid Base45."""


def b45decode(text: str) -> bytes:
    """Decode Base45 text to bytes; raise Base45Error on a bad character, length or value."""
    try:
        digits = text.encode("ascii").translate(_TABLE)
    except UnicodeEncodeError:
        digits = b"\xff"
    if 255 in digits:
        bad = next(character for character in text if character not in _VALUES)
        raise Base45Error(f"character {bad!r} is not in the Base45 alphabet")
    if len(digits) % 3 == 1:
        raise Base45Error(f"length {len(digits)} is not valid Base45 (a lone trailing character)")
    full = len(digits) - len(digits) % 3
    values = [
        c + d * 45 + e * 2025
        for c, d, e in zip(digits[0:full:3], digits[1:full:3], digits[2:full:3], strict=True)
    ]
    if values and max(values) > 0xFFFF:
        start = next(index for index, value in enumerate(values) if value > 0xFFFF)
        raise Base45Error(f"triplet {start} encodes {values[start]}, more than 2 bytes")
    output = struct.pack(f">{len(values)}H", *values)
    if len(digits) % 3 == 2:
        value = digits[-2] + digits[-1] * 45
        if value > 0xFF:
            raise Base45Error(f"final pair encodes {value}, more than 1 byte")
        output += bytes((value,))
    return output
