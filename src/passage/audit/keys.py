"""The audit key: the MAC key of the audit chain and its checkpoints, which the database does
not hold. It is derived (HKDF-SHA256) from PASSAGE_AUDIT_KEY, or from PASSAGE_SECRET_KEY when that
is not set; the values it had before (PASSAGE_AUDIT_RETIRED_KEYS) still verify older entries.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from passage.config import get_settings

_INFO = b"passage audit chain v1"


@lru_cache
def _derive(material: str) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=None, info=_INFO).derive(material.encode())


def mac_keys() -> list[bytes]:
    """The current audit key first, then the retired ones (to verify older entries)."""
    settings = get_settings()
    current = settings.audit_key or settings.secret_key
    return [_derive(current)] + [_derive(value) for value in settings.audit_retired_keys]


def current_key() -> bytes:
    """The key that MACs new entries, heads and checkpoints."""
    return mac_keys()[0]
