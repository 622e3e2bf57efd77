"""Codes people read aloud or type: record references and receipt codes. Pure.

The alphabet leaves out letters and digits that are easily confused (0/O, 1/I/L) and vowels
that could spell words; receipt codes carry about 60 random bits and are stored only hashed.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "BCDFGHJKMNPQRSTVWXZ23456789"
RECEIPT_GROUPS = 3
GROUP = 4


def reference(prefix: str, length: int = 8) -> str:
    """A record reference such as P-7KQ9M2XD."""
    return f"{prefix}-" + "".join(secrets.choice(ALPHABET) for _ in range(length))


def receipt_code() -> str:
    """A new receipt code, e.g. K7Q2-M9XD-3FTB (shown once to the person)."""
    groups = (
        "".join(secrets.choice(ALPHABET) for _ in range(GROUP)) for _ in range(RECEIPT_GROUPS)
    )
    return "-".join(groups)


def receipt_code_from(digest: bytes) -> str:
    """A receipt code read from random bytes (a keyed hash), in the same groups."""
    number, chars = int.from_bytes(digest, "big"), []
    for _ in range(GROUP * RECEIPT_GROUPS):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "-".join("".join(chars[at : at + GROUP]) for at in range(0, len(chars), GROUP))


def normalise_receipt(code: str) -> str:
    """A typed receipt code as stored: upper case, without spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def receipt_hash(code: str) -> str:
    """What is stored of a receipt code (SHA-256 of its normal form)."""
    return hashlib.sha256(normalise_receipt(code).encode("ascii", "ignore")).hexdigest()
