"""Ed25519 signatures as JWS with a detached payload (RFC 7515 Appendix F, RFC 8037) and
public keys as JWK with RFC 7638 thumbprints for key ids. Pure: no I/O, no session.

A detached JWS is `BASE64URL(header) + ".." + BASE64URL(signature)`: the payload part is left
out and the verifier supplies it; the signature covers `BASE64URL(header) "." BASE64URL(payload)`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from passage.exchange.canonical import canonical_json

ALGORITHM = "EdDSA"
KEY_TYPE = "OKP"
CURVE = "Ed25519"
MAX_HEADER_BYTES = 1024


class SignatureError(ValueError):
    """A JWS that does not verify; the message says why (shown to operators, never secret)."""


def b64url(data: bytes) -> str:
    """Base64url without padding (RFC 7515 section 2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Strict base64url without padding; SignatureError on anything else."""
    if not text or "=" in text or any(c in text for c in "+/ \n"):
        raise SignatureError("not base64url without padding")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise SignatureError("not base64url without padding") from None


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of an Ed25519 public key."""
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(public_key: Ed25519PublicKey) -> str:
    """The RFC 7638 JWK thumbprint (SHA-256, base64url) used as the key id."""
    members = {"crv": CURVE, "kty": KEY_TYPE, "x": b64url(raw_public_key(public_key))}
    return b64url(hashlib.sha256(canonical_json(members)).digest())


def public_jwk(public_key: Ed25519PublicKey, **extra: Any) -> dict[str, Any]:
    """The public key as a JWK with its kid, `use` sig and `alg` EdDSA (extra members added)."""
    jwk = {
        "kty": KEY_TYPE,
        "crv": CURVE,
        "x": b64url(raw_public_key(public_key)),
        "kid": key_id(public_key),
        "use": "sig",
        "alg": ALGORITHM,
    }
    return jwk | extra


def public_key_from_jwk(jwk: Any) -> tuple[str, Ed25519PublicKey]:
    """(kid, key) from a JWK; the kid must be the key's thumbprint. SignatureError otherwise."""
    if not isinstance(jwk, dict) or jwk.get("kty") != KEY_TYPE or jwk.get("crv") != CURVE:
        raise SignatureError("not an Ed25519 JWK (kty OKP, crv Ed25519)")
    if "d" in jwk:
        raise SignatureError("this JWK holds a private key; only public keys are trusted")
    raw = b64url_decode(str(jwk.get("x", "")))
    if len(raw) != 32:
        raise SignatureError("an Ed25519 public key is 32 bytes")
    public_key = Ed25519PublicKey.from_public_bytes(raw)
    kid = key_id(public_key)
    if jwk.get("kid", kid) != kid:
        raise SignatureError(f"the kid {jwk.get('kid')!r} is not the key's thumbprint {kid}")
    return kid, public_key


@lru_cache(maxsize=64)
def _header(kid: str) -> str:
    return b64url(canonical_json({"alg": ALGORITHM, "kid": kid}))


def sign_detached(payload: bytes, private_key: Ed25519PrivateKey, kid: str) -> str:
    """A compact JWS over `payload` with the payload detached: `header..signature`."""
    header = _header(kid)
    signature = private_key.sign(f"{header}.{b64url(payload)}".encode("ascii"))
    return f"{header}..{b64url(signature)}"


def header_of(jws: str) -> dict[str, Any]:
    """The protected header of a detached compact JWS (checked: alg EdDSA, a kid, no crit)."""
    if not isinstance(jws, str) or jws.count(".") != 2:
        raise SignatureError("not a compact JWS (three parts separated by dots)")
    encoded_header, payload_part, _ = jws.split(".")
    if payload_part:
        raise SignatureError("the JWS must have a detached (empty) payload part")
    if len(encoded_header) > MAX_HEADER_BYTES:
        raise SignatureError("the JWS header is too long")
    try:
        header = json.loads(b64url_decode(encoded_header))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SignatureError("the JWS header is not JSON") from None
    if not isinstance(header, dict) or header.get("alg") != ALGORITHM:
        raise SignatureError(f"the JWS algorithm must be {ALGORITHM}")
    if not isinstance(header.get("kid"), str) or not header["kid"]:
        raise SignatureError("the JWS header names no key id (kid)")
    if "crit" in header or header.get("b64", True) is not True:
        raise SignatureError("unsupported critical JWS header parameters")
    return header


def verify_detached(jws: str, payload: bytes, keys: Mapping[str, Ed25519PublicKey]) -> str:
    """Check a detached JWS over `payload` with the key its kid names; returns that kid."""
    header = header_of(jws)
    kid = header["kid"]
    public_key = keys.get(kid)
    if public_key is None:
        raise SignatureError(f"signed with key {kid}, which is not trusted for this partner")
    encoded_header, _, encoded_signature = jws.split(".")
    signing_input = f"{encoded_header}.{b64url(payload)}".encode("ascii")
    try:
        public_key.verify(b64url_decode(encoded_signature), signing_input)
    except InvalidSignature:
        raise SignatureError(f"the signature does not match the entry (key {kid})") from None
    return str(kid)
