"""Small secrets at rest (signing keys, webhook secrets), sealed with a key derived from
PASSAGE_SECRET_KEY: a database backup alone never reveals them.

Fernet (AES-128-CBC + HMAC-SHA256) keyed by HKDF-SHA256 of the deployment secret. Changing
PASSAGE_SECRET_KEY makes sealed values unreadable: see docs/exchange.md (key rotation).
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from passage.config import get_settings
from passage.errors import Conflict

_INFO = b"passage secretbox v1"


@lru_cache
def _fernet(secret_key: str) -> Fernet:
    derived = HKDF(algorithm=SHA256(), length=32, salt=None, info=_INFO).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(value: bytes) -> str:
    """The sealed, printable form of a secret."""
    return _fernet(get_settings().secret_key).encrypt(value).decode("ascii")


def unseal(token: str) -> bytes:
    """The secret back; Conflict when it was sealed under another PASSAGE_SECRET_KEY."""
    try:
        return _fernet(get_settings().secret_key).decrypt(token.encode("ascii"))
    except (InvalidToken, ValueError):
        raise Conflict(
            "a stored secret cannot be opened: it was sealed with another PASSAGE_SECRET_KEY"
        ) from None
