"""Base45 decoding (RFC 9285), the text encoding of health certificate QR codes."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUES = {character: index for index, character in enumerate(ALPHABET)}
# Byte -> value table, -1 outside the alphabet: decoding runs on every QR scan.
_TABLE = [_VALUES.get(chr(byte), -1) for byte in range(256)]


class Base45Error(ValueError):
    """The text is not valid Base45."""


def b45decode(text: str) -> bytes:
    """Decode Base45 text to bytes; raise Base45Error on a bad character, length or value."""
    try:
        digits = [_TABLE[byte] for byte in text.encode("ascii")]
    except UnicodeEncodeError:
        digits = [-1]
    if -1 in digits:
        bad = next(character for character in text if character not in _VALUES)
        raise Base45Error(f"character {bad!r} is not in the Base45 alphabet")
    if len(digits) % 3 == 1:
        raise Base45Error(f"length {len(digits)} is not valid Base45 (a lone trailing character)")
    output = bytearray()
    full = len(digits) - len(digits) % 3
    triplets = zip(digits[0:full:3], digits[1:full:3], digits[2:full:3], strict=True)
    for start, (c, d, e) in enumerate(triplets):
        value = c + d * 45 + e * 2025
        if value > 0xFFFF:
            raise Base45Error(f"triplet {start} encodes {value}, more than 2 bytes")
        output.append(value >> 8)
        output.append(value & 0xFF)
    if len(digits) % 3 == 2:
        value = digits[-2] + digits[-1] * 45
        if value > 0xFF:
            raise Base45Error(f"final pair encodes {value}, more than 1 byte")
        output.append(value)
    return bytes(output)
