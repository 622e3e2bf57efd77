"""This deployment's Ed25519 signing keys: made on first use, rotated on request, every public
half published with its validity so that entries signed before a rotation still verify.

Private keys are stored sealed with PASSAGE_SECRET_KEY (kit/secretbox) in the database, so every
worker process and host of a deployment signs with the same key and a backup of the database
alone does not reveal it. Callers hold the feed head lock (keys change only under it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from sqlalchemy.orm import Session

from passage.errors import Conflict
from passage.exchange import jws, repository
from passage.exchange.models import SigningKey
from passage.kit.clock import iso_z, utcnow
from passage.kit.secretbox import seal, unseal

_private_keys: dict[tuple[str, str], Ed25519PrivateKey] = {}


@dataclass(frozen=True)
class Signer:
    """A key id and the private key that signs under it."""

    kid: str
    private_key: Ed25519PrivateKey


def new_key(valid_from: datetime) -> SigningKey:
    """A fresh key pair, the private half sealed."""
    private_key = Ed25519PrivateKey.generate()
    raw = private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public_key = private_key.public_key()
    return SigningKey(
        kid=jws.key_id(public_key),
        public_x=jws.b64url(jws.raw_public_key(public_key)),
        private_sealed=seal(raw),
        valid_from=valid_from,
        valid_until=None,
    )


def signer_of(key: SigningKey) -> Signer:
    """The signer of a stored key (the unsealed private key is cached per process)."""
    cache_key = (key.kid, key.private_sealed)
    private_key = _private_keys.get(cache_key)
    if private_key is None:
        try:
            raw = unseal(key.private_sealed)
        except Conflict:
            raise Conflict(
                "the signing key %(kid)s was sealed with another PASSAGE_SECRET_KEY; "
                "run `passage exchange keys rotate` to sign with a new key",
                params={"kid": key.kid},
            ) from None
        private_key = _private_keys[cache_key] = Ed25519PrivateKey.from_private_bytes(raw)
    return Signer(key.kid, private_key)


def usable(key: SigningKey) -> bool:
    """Whether this deployment can still sign with a stored key (its seal opens)."""
    try:
        signer_of(key)
    except Conflict:
        return False
    return True


def current_key(session: Session, now: datetime | None = None) -> SigningKey:
    """The key that signs new entries; the first one is made on first use."""
    key = repository.current_key(session)
    if key is None:
        key = new_key(now or utcnow())
        repository.add(session, key)
        session.flush()
    return key


def published_jwk(key: SigningKey) -> dict[str, Any]:
    """A key as published: JWK with kid, plus its validity (ISO 8601, UTC)."""
    public_key = jws.public_key_from_jwk({"kty": "OKP", "crv": "Ed25519", "x": key.public_x})[1]
    return jws.public_jwk(
        public_key,
        valid_from=iso_z(key.valid_from),
        valid_until=iso_z(key.valid_until) if key.valid_until else None,
    )
