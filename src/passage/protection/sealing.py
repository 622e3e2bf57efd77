"""Sealing a message for one Passage deployment, so that a referral can travel on the public
signed exchange feed and be read only by the deployment it is addressed to. Pure: no I/O.

Each deployment already publishes an Ed25519 signing key that its partners trust; the same key
pair, in its X25519 form (the birational map of RFC 7748 between the Edwards and Montgomery
forms of Curve25519), is used for ECIES: an ephemeral X25519 key, HKDF-SHA256 of the shared
secret (bound to both public keys), and AES-256-GCM with the recipient's key id as associated
data. The feed's signature still proves who sent the entry.
"""

from __future__ import annotations

import base64
import hashlib
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

ALGORITHM = "X25519-HKDF-SHA256-A256GCM"
INFO = b"passage sealed message v1"
FIELD_PRIME = 2**255 - 19


class SealError(ValueError):
    """A sealed message that cannot be opened (not for this key, or altered)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError):
        raise SealError("a sealed member is not base64url") from None


def montgomery_public(ed25519_public: bytes) -> bytes:
    """The X25519 form of an Ed25519 public key: u = (1 + y) / (1 - y) mod p."""
    if len(ed25519_public) != 32:
        raise SealError("an Ed25519 public key is 32 bytes")
    y = int.from_bytes(ed25519_public, "little") & ((1 << 255) - 1)
    if y == 1:
        raise SealError("not a usable public key")
    u = (1 + y) * pow(1 - y, FIELD_PRIME - 2, FIELD_PRIME) % FIELD_PRIME
    return u.to_bytes(32, "little")


def montgomery_private(ed25519_private: Ed25519PrivateKey) -> X25519PrivateKey:
    """The X25519 form of an Ed25519 private key (the first half of SHA-512 of its seed)."""
    seed = ed25519_private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return X25519PrivateKey.from_private_bytes(hashlib.sha512(seed).digest()[:32])


def _key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=None, info=INFO + ephemeral + recipient).derive(
        shared
    )


def seal(message: bytes, recipient_ed25519_public: bytes, kid: str) -> dict[str, str]:
    """The message sealed for the holder of a signing key (named by its key id)."""
    recipient = montgomery_public(recipient_ed25519_public)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    nonce = os.urandom(12)
    ciphertext = AESGCM(_key(shared, ephemeral_public, recipient)).encrypt(
        nonce, message, kid.encode()
    )
    return {
        "alg": ALGORITHM,
        "kid": kid,
        "epk": _b64(ephemeral_public),
        "nonce": _b64(nonce),
        "ciphertext": _b64(ciphertext),
    }


def open_sealed(envelope: Any, ed25519_private: Ed25519PrivateKey) -> bytes:
    """The message of an envelope sealed for this private key; SealError otherwise."""
    if not isinstance(envelope, dict) or envelope.get("alg") != ALGORITHM:
        raise SealError(f"not a {ALGORITHM} envelope")
    private = montgomery_private(ed25519_private)
    recipient = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    ephemeral = _unb64(str(envelope.get("epk", "")))
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral))
        return AESGCM(_key(shared, ephemeral, recipient)).decrypt(
            _unb64(str(envelope.get("nonce", ""))),
            _unb64(str(envelope.get("ciphertext", ""))),
            str(envelope.get("kid", "")).encode(),
        )
    except (InvalidTag, ValueError):
        raise SealError("the envelope is not for this key, or it was altered") from None
