"""Deciding whether a partner's entry is authentic: the partner's trusted keys (from its keys
document) and the checks every entry passes before anything of it is imported. Pure: no I/O.

An entry is accepted only when it carries a detached JWS that verifies, with a key trusted for
that partner, over the RFC 8785 form of the entry without its signature; when it comes from the
partner's deployment; and when the key was valid at the entry's publication time.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError

from passage.errors import first_problem, one_line
from passage.exchange import jws
from passage.exchange.canonical import canonical_json
from passage.exchange.entries import FeedEntryIn
from passage.kit.clock import as_utc

MAX_KEYS = 50


class Rejected(ValueError):
    """An entry refused before import; the message is the reason reported to operators."""


@dataclass(frozen=True)
class TrustedKey:
    """A partner's public key and the span of publication times it may sign."""

    kid: str
    public_key: Ed25519PublicKey
    valid_from: datetime | None = None
    valid_until: datetime | None = None

    def covers(self, moment: datetime) -> bool:
        """Whether the key was in use at `moment`."""
        moment = as_utc(moment)
        after_start = self.valid_from is None or as_utc(self.valid_from) <= moment
        return after_start and (self.valid_until is None or moment <= as_utc(self.valid_until))


@dataclass(frozen=True)
class KeysDocument:
    """What a partner's /.well-known/passage-keys.json (or a single JWK) tells us."""

    deployment_id: uuid.UUID | None
    name: str | None
    keys: tuple[TrustedKey, ...]


def _moment(value: Any, field: str) -> datetime | None:
    if value is None:
        return None
    try:
        return as_utc(datetime.fromisoformat(str(value)))
    except ValueError:
        raise Rejected(f"{field} is not an ISO 8601 time: {value!r}") from None


def trusted_key(jwk: Any) -> TrustedKey:
    """A JWK (with optional valid_from/valid_until) as a trusted key; Rejected if unusable."""
    try:
        kid, public_key = jws.public_key_from_jwk(jwk)
    except jws.SignatureError as error:
        raise Rejected(str(error)) from None
    return TrustedKey(
        kid,
        public_key,
        _moment(jwk.get("valid_from"), "valid_from"),
        _moment(jwk.get("valid_until"), "valid_until"),
    )


def read_keys_document(document: Any) -> KeysDocument:
    """A keys document (JWKS with `deployment`) or one JWK; Rejected when it holds no usable key."""
    if isinstance(document, dict) and "keys" not in document and "kty" in document:
        return KeysDocument(None, None, (trusted_key(document),))
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise Rejected("expected a keys document ({'keys': [...]}) or one JWK")
    if not document["keys"] or len(document["keys"]) > MAX_KEYS:
        raise Rejected(f"a keys document holds 1 to {MAX_KEYS} keys")
    keys = tuple(trusted_key(jwk) for jwk in document["keys"])
    deployment = document.get("deployment") or {}
    try:
        deployment_id = uuid.UUID(str(deployment["id"])) if deployment.get("id") else None
    except (ValueError, AttributeError):
        raise Rejected("deployment.id is not a UUID") from None
    name = deployment.get("name") if isinstance(deployment.get("name"), str) else None
    return KeysDocument(deployment_id, name, keys)


def describe(raw: Any) -> tuple[int | None, str | None, str | None]:
    """(cursor, entry id, kind) of a raw entry, as far as they can be read, for reports."""
    if not isinstance(raw, dict):
        return None, None, None
    cursor = raw.get("cursor") if type(raw.get("cursor")) is int else None
    entry_id = str(raw["id"])[:64] if isinstance(raw.get("id"), str) else None
    kind = str(raw["kind"])[:20] if isinstance(raw.get("kind"), str) else None
    return cursor, entry_id, kind


def verify_entry(
    raw: Any, *, keys: Mapping[str, TrustedKey], deployment_id: uuid.UUID | None
) -> tuple[FeedEntryIn, str]:
    """The checked entry and the kid that signed it; Rejected with the reason otherwise."""
    if not isinstance(raw, dict):
        raise Rejected("an entry must be a JSON object")
    signature = raw.get("signature")
    if not isinstance(signature, str) or not signature:
        raise Rejected("the entry is not signed")
    unsigned = {name: value for name, value in raw.items() if name != "signature"}
    try:
        payload = canonical_json(unsigned)
        kid = jws.verify_detached(signature, payload, {k: t.public_key for k, t in keys.items()})
    except (ValueError, jws.SignatureError) as error:
        raise Rejected(f"bad signature: {error}") from None
    try:
        entry = FeedEntryIn.model_validate(unsigned)
    except ValidationError as error:
        problem = one_line(first_problem(error))
        raise Rejected(f"signed but not understood: {problem}") from None
    if deployment_id is not None and entry.deployment != deployment_id:
        raise Rejected(f"the entry comes from deployment {entry.deployment}, not this partner's")
    if not keys[kid].covers(entry.published_at):
        raise Rejected(f"key {kid} was not valid when the entry was published")
    return entry, kid
