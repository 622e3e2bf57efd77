"""COSE_Sign1 (RFC 9052) parsing and ES256 / PS256 signature checks for health certificates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

COSE_SIGN1_TAG = 18
CWT_TAG = 61
HEADER_ALGORITHM = 1
HEADER_KID = 4
ES256 = -7
PS256 = -37
ALGORITHM_NAMES = {ES256: "ES256", PS256: "PS256"}


class CoseError(ValueError):
    """The bytes are not a well-formed COSE_Sign1 message."""


@dataclass(frozen=True)
class Sign1:
    """A parsed COSE_Sign1 message; protected_bytes is kept as signed."""

    protected_bytes: bytes
    protected: dict[Any, Any]
    unprotected: dict[Any, Any]
    payload: bytes
    signature: bytes

    @property
    def kid(self) -> bytes | None:
        """The key id: the protected header's wins over the unprotected one."""
        kid = self.protected.get(HEADER_KID, self.unprotected.get(HEADER_KID))
        return kid if isinstance(kid, bytes) else None

    @property
    def algorithm(self) -> Any:
        """The algorithm identifier (protected header first)."""
        return self.protected.get(HEADER_ALGORITHM, self.unprotected.get(HEADER_ALGORITHM))

    def to_be_signed(self) -> bytes:
        """Return the Sig_structure bytes the signature covers."""
        return cbor2.dumps(["Signature1", self.protected_bytes, b"", self.payload])


def parse_sign1(data: bytes) -> Sign1:
    """Parse COSE_Sign1 bytes (tag 18, tag 61 around tag 18, or an untagged array)."""
    try:
        message = cbor2.loads(data)
    except Exception as error:  # cbor2 raises several types on garbage
        raise CoseError(f"not CBOR: {error}") from None
    message = _untag(message)
    if not isinstance(message, list | tuple) or len(message) != 4:
        raise CoseError("COSE_Sign1 must be an array of 4 items")
    protected_bytes, unprotected, payload, signature = message
    if not isinstance(protected_bytes, bytes) or not isinstance(unprotected, Mapping):
        raise CoseError("COSE_Sign1 headers must be a byte string and a map")
    if not isinstance(payload, bytes) or not isinstance(signature, bytes):
        raise CoseError("COSE_Sign1 payload and signature must be byte strings")
    protected = _protected_header(protected_bytes)
    return Sign1(protected_bytes, protected, dict(unprotected), payload, signature)


def _untag(message: Any) -> Any:
    if isinstance(message, cbor2.CBORTag) and message.tag == CWT_TAG:
        message = message.value
    if isinstance(message, cbor2.CBORTag):
        if message.tag != COSE_SIGN1_TAG:
            raise CoseError(f"unexpected CBOR tag {message.tag} (COSE_Sign1 is 18)")
        message = message.value
    return message


def _protected_header(protected_bytes: bytes) -> dict[Any, Any]:
    if not protected_bytes:
        return {}
    try:
        header = cbor2.loads(protected_bytes)
    except Exception as error:
        raise CoseError(f"protected header is not CBOR: {error}") from None
    if not isinstance(header, Mapping):
        raise CoseError("protected header must be a map")
    return dict(header)


def signature_is_valid(message: Sign1, public_key: CertificatePublicKeyTypes) -> bool:
    """Check the signature with ES256 (raw r||s) or PS256; False on any mismatch."""
    data = message.to_be_signed()
    try:
        if message.algorithm == ES256 and isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(_der_signature(message.signature), data, ec.ECDSA(hashes.SHA256()))
            return True
        if message.algorithm == PS256 and isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(message.signature, data, _PSS, hashes.SHA256())
            return True
    except (InvalidSignature, ValueError):
        return False
    return False


# COSE PS256 fixes the salt length to the digest length (RFC 8230).
_PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)


def _der_signature(raw: bytes) -> bytes:
    if len(raw) != 64:
        raise ValueError("an ES256 signature is 64 bytes (r || s)")
    return encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
