"""Signed messages between a node and its central, and the encrypted bundle file that carries
them on a USB stick. Pure: no session, no I/O.

A message is `{"payload": ..., "signature": detached JWS (EdDSA) over the RFC 8785 canonical
JSON of the payload}`. A bundle is that message encrypted with AES-256-GCM under the key the
node and its central share since enrolment, the node id and direction bound as associated data:
`{"format": "passage-field-bundle", "version": 1, "node_id", "direction", "nonce", "ciphertext"}`.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from passage.exchange import jws
from passage.exchange.canonical import canonical_json

BUNDLE_FORMAT = "passage-field-bundle"
UP = "up"
DOWN = "down"


class EnvelopeError(ValueError):
    """A message or bundle that does not open or verify; the message says why."""


def sign(payload: dict[str, Any], private_key: Ed25519PrivateKey, kid: str) -> dict[str, Any]:
    """The payload with its detached signature."""
    signature = jws.sign_detached(canonical_json(payload), private_key, kid)
    return {"payload": payload, "signature": signature}


def verify(message: Any, keys: Mapping[str, Ed25519PublicKey]) -> dict[str, Any]:
    """The payload of a message signed by one of `keys`; EnvelopeError otherwise."""
    if not isinstance(message, dict) or not isinstance(message.get("payload"), dict):
        raise EnvelopeError("not a signed message")
    signature = message.get("signature")
    if not isinstance(signature, str):
        raise EnvelopeError("the message is not signed")
    try:
        jws.verify_detached(signature, canonical_json(message["payload"]), keys)
    except (jws.SignatureError, ValueError) as error:
        raise EnvelopeError(f"the signature does not verify: {error}") from None
    return message["payload"]


def new_bundle_key() -> bytes:
    """A fresh AES-256-GCM key for one node's bundles."""
    return AESGCM.generate_key(bit_length=256)


def _associated(node_id: str, direction: str) -> bytes:
    return f"{BUNDLE_FORMAT}:{node_id}:{direction}".encode()


def seal_bundle(message: dict[str, Any], *, key: bytes, node_id: str, direction: str) -> bytes:
    """A signed message as an encrypted bundle file."""
    nonce = os.urandom(12)
    plain = json.dumps(message, separators=(",", ":")).encode()
    cipher = AESGCM(key).encrypt(nonce, plain, _associated(node_id, direction))
    bundle = {
        "format": BUNDLE_FORMAT,
        "version": 1,
        "node_id": node_id,
        "direction": direction,
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "ciphertext": base64.b64encode(cipher).decode("ascii"),
    }
    return json.dumps(bundle).encode()


def bundle_header(data: bytes) -> dict[str, Any]:
    """The clear header of a bundle (format, node id, direction), before it is opened."""
    try:
        bundle = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise EnvelopeError("not a bundle file") from None
    if not isinstance(bundle, dict) or bundle.get("format") != BUNDLE_FORMAT:
        raise EnvelopeError("not a bundle file")
    if bundle.get("direction") not in (UP, DOWN) or not isinstance(bundle.get("node_id"), str):
        raise EnvelopeError("a bundle without its node or direction")
    return bundle


def open_bundle(data: bytes, *, key: bytes, direction: str) -> dict[str, Any]:
    """The signed message inside a bundle (its signature still to be verified)."""
    bundle = bundle_header(data)
    if bundle["direction"] != direction:
        raise EnvelopeError(f"this bundle goes {bundle['direction']}, not {direction}")
    try:
        nonce = base64.b64decode(bundle["nonce"])
        cipher = base64.b64decode(bundle["ciphertext"])
        plain = AESGCM(key).decrypt(nonce, cipher, _associated(bundle["node_id"], direction))
    except (KeyError, TypeError, binascii.Error, InvalidTag, ValueError):
        raise EnvelopeError("the bundle does not open with this node's key") from None
    message = json.loads(plain)
    if not isinstance(message, dict):
        raise EnvelopeError("not a signed message")
    return message
