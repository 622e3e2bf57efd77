"""Encryption at rest of personal data and alert lists on an enrolled field node
(docs/operations.md, "A field node's laptop: what a thief gets").

A column declared with one of the types below is stored as-is on a central deployment (and on
any deployment whose database holds no wrapped data key). On an enrolled field node the value is
encrypted in the application before it reaches SQLite, under the node's data key, which this
process holds in memory only while an officer is signed in (`field/keys.py` unwraps it):

- `Sealed*`: AES-256-GCM with a random nonce (free text, lists, reasons);
- `Matched*`: AES-256-SIV (RFC 5297), deterministic, for the columns the code compares by
  equality in SQL (document numbers, birth dates, the normalised name): equal values give equal
  ciphertexts, which is all such a column reveals;
- `name_index`: keyed hashes (HMAC-SHA256 under the data key) of ICAO 9303 name tokens and of
  their first three letters, the node's name search.

The key ring belongs to an engine (one per database, kept on its dialect), so a test process
holding a central and a node keeps them apart. Reading or writing such a column while the key
is not held raises `Locked`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, AESSIV
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import JSON, Date, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator, TypeEngine

from passage.errors import Conflict, Locked

RANDOM = "pe1:"
DETERMINISTIC = "pd1:"
TOKEN_BYTES = 9  # 72 bits of HMAC per name token: 12 base64 characters
PREFIX = 3
KEY_BYTES = 32
_ATTRIBUTE = "_passage_keyring"
_lock_listeners: list[Callable[[], None]] = []


@dataclass
class _Keys:
    """The working keys derived from one data key."""

    random: AESGCM
    deterministic: AESSIV
    index: bytes

    @classmethod
    def derive(cls, data_key: bytes) -> _Keys:
        def part(info: bytes, length: int) -> bytes:
            return HKDF(algorithm=SHA256(), length=length, salt=None, info=info).derive(data_key)

        return cls(
            AESGCM(part(b"passage at rest gcm v1", 32)),
            AESSIV(part(b"passage at rest siv v1", 64)),
            part(b"passage at rest name index v1", 32),
        )


@dataclass
class Keyring:
    """An engine's data key while someone who may open it is signed in.

    `enabled` says the database holds a wrapped data key (an enrolled node): its sealed columns
    are encrypted. `holders` maps who keeps the key open (a web session, a CLI run) to a
    deadline (time.time(), or None for as long as the process runs); when the last one signs
    out or expires, the key is dropped."""

    enabled: bool = False
    checked: bool = False
    holders: dict[str, float | None] = field(default_factory=dict)
    _keys: _Keys | None = None
    _data_key: bytes | None = None
    _next_expiry: float | None = None

    def open(self, data_key: bytes, holder: str, until: float | None = None) -> None:
        """Hold the data key for `holder` (until its deadline)."""
        if len(data_key) != KEY_BYTES:
            raise Conflict("the node's data key has a wrong length")
        self.enabled = True
        self._keys, self._data_key = _Keys.derive(data_key), data_key
        self.holders[holder] = until
        self._plan()

    def add_holder(self, holder: str, until: float | None = None) -> None:
        """Another signed-in officer keeps the (already open) key."""
        self.holders[holder] = until
        self._plan()

    def release(self, holder: str) -> None:
        """A holder signed out: the key is dropped when no one holds it any more."""
        self.holders.pop(holder, None)
        if not self.holders:
            self.close()

    def close(self) -> None:
        """Drop the key (locked) and tell the in-memory caches built from the data."""
        had = self._keys is not None
        self._keys, self._data_key, self.holders, self._next_expiry = None, None, {}, None
        if had:
            for listener in _lock_listeners:
                listener()

    @property
    def is_open(self) -> bool:
        """Whether the key is held now (expired holders are let go first)."""
        if self._next_expiry is not None and time.time() >= self._next_expiry:
            self._expire()
        return self._keys is not None

    @property
    def data_key(self) -> bytes | None:
        """The data key itself while it is held (to wrap it for another officer)."""
        return self._data_key if self.is_open else None

    def keys(self) -> _Keys:
        """The working keys; Locked when no one holds the data key."""
        if not self.is_open or self._keys is None:
            raise Locked(
                "this field node's data is locked: it opens while an officer who has signed in "
                "here before is signed in, or with the enrolment secret (/field/unlock)"
            )
        return self._keys

    def _plan(self) -> None:
        deadlines = [until for until in self.holders.values() if until is not None]
        self._next_expiry = min(deadlines) if deadlines else None

    def _expire(self) -> None:
        now = time.time()
        self.holders = {h: u for h, u in self.holders.items() if u is None or u > now}
        if not self.holders:
            self.close()
        else:
            self._plan()


def keyring(dialect: Dialect) -> Keyring:
    """The key ring of the engine this dialect belongs to."""
    ring = getattr(dialect, _ATTRIBUTE, None)
    if ring is None:
        ring = Keyring()
        setattr(dialect, _ATTRIBUTE, ring)
    return ring


def session_keyring(session: Session) -> Keyring:
    """The key ring of the database a session works on (connected first, so that whether the
    database is sealed is known)."""
    return keyring(session.connection().dialect)


def on_lock(listener: Callable[[], None]) -> None:
    """Call `listener()` whenever a key ring drops its key (in-memory caches of the data)."""
    if listener not in _lock_listeners:
        _lock_listeners.append(listener)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def seal_text(ring: Keyring, text: str, *, deterministic: bool = False) -> str:
    """The stored form of a text under the ring's data key."""
    keys, data = ring.keys(), text.encode()
    if deterministic:
        return DETERMINISTIC + _b64(keys.deterministic.encrypt(data, None))
    nonce = os.urandom(12)
    return RANDOM + _b64(nonce + keys.random.encrypt(nonce, data, None))


def open_text(ring: Keyring, stored: str) -> str:
    """A stored text back in clear (a value stored before encryption began is returned as is)."""
    try:
        if stored.startswith(DETERMINISTIC):
            return ring.keys().deterministic.decrypt(_unb64(stored[4:]), None).decode()
        if stored.startswith(RANDOM):
            raw = _unb64(stored[4:])
            return ring.keys().random.decrypt(raw[:12], raw[12:], None).decode()
    except InvalidTag:
        raise Conflict("a value stored on this node does not open under its data key") from None
    return stored


def _sealing(dialect: Dialect) -> Keyring | None:
    ring = keyring(dialect)
    return ring if ring.enabled else None


class _SealedBase(TypeDecorator[Any]):
    """Text encrypted on an enrolled node, as-is elsewhere."""

    impl: Any = Text
    cache_ok = True
    deterministic = False

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        ring = _sealing(dialect)
        if value is None or ring is None:
            return value
        return seal_text(ring, str(value), deterministic=self.deterministic)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if isinstance(value, str) and value[:4] in (RANDOM, DETERMINISTIC):
            return open_text(keyring(dialect), value)
        return value


class SealedText(_SealedBase):
    """Free text, encrypted with a random nonce on a node (never compared in SQL there)."""

    cache_ok = True
    impl = Text


class SealedString(_SealedBase):
    """A short text (its length checked on PostgreSQL), encrypted with a random nonce."""

    cache_ok = True
    impl = String


class MatchedString(_SealedBase):
    """A short text compared by equality in SQL: encrypted deterministically on a node."""

    cache_ok = True
    impl = String
    deterministic = True


class SealedJSON(TypeDecorator[Any]):
    """A JSON value (a list of names), encrypted as its JSON text on a node."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        ring = _sealing(dialect)
        if value is None or ring is None:
            return value
        return seal_text(ring, json.dumps(value, separators=(",", ":")))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if isinstance(value, str) and value.startswith(RANDOM):
            return json.loads(open_text(keyring(dialect), value))
        return value


class _DateText(Date):
    """A DATE column whose values are handed to SQLite as they are (ISO text, or its
    ciphertext): MatchedDate converts them itself."""

    def adapt(self, cls: Any, **kwargs: Any) -> Any:
        return _DateText()  # not SQLite's own DATE, which would format the value again

    def bind_processor(self, dialect: Dialect) -> None:
        return None

    def result_processor(self, dialect: Dialect, coltype: object) -> None:
        return None


class MatchedDate(TypeDecorator[date]):
    """A date compared by equality (a birth date): a DATE on PostgreSQL; on SQLite its ISO text,
    encrypted deterministically on a node (SQLite's own DATE is ISO text too)."""

    impl = Date
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return _DateText()
        return dialect.type_descriptor(Date())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        text = value.isoformat() if isinstance(value, date) else str(value)
        ring = _sealing(dialect)
        return seal_text(ring, text, deterministic=True) if ring else text

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is None or isinstance(value, date):
            return value
        return date.fromisoformat(open_text(keyring(dialect), str(value)))


# ------------------------------------------------------------------ name index

_WORD = re.compile(r"[A-Z]+")


def name_tokens(*names: str) -> set[str]:
    """The ICAO 9303 tokens of names already transliterated to upper-case A-Z: each word and
    its first three letters (what the name search's blocking looks for)."""
    found: set[str] = set()
    for name in names:
        for word in _WORD.findall(name or ""):
            found.update((word, word[:PREFIX]))
    return found


def blind_token(ring: Keyring, token: str) -> str:
    """The keyed hash of one name token (HMAC-SHA256 under the data key, truncated)."""
    digest = hmac.new(ring.keys().index, token.encode(), hashlib.sha256).digest()
    return _b64(digest[:TOKEN_BYTES])


def name_index(ring: Keyring, tokens: Iterable[str]) -> str:
    """The stored index of a name: its blind tokens, each between spaces."""
    return " " + " ".join(sorted(blind_token(ring, token) for token in tokens)) + " "


def search_term(ring: Keyring, word: str) -> str:
    """What a name index contains when the name holds this word (or a word starting so)."""
    return f" {blind_token(ring, word)} "
