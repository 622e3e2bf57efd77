"""Build signed test certificates (DSC + COSE_Sign1 + QR text) for the DCC tests."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta
from typing import Any

import cbor2
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from passage.dcc.verifier import key_id
from passage.dcc.verifier.base45 import ALPHABET
from passage.kit.clock import utcnow

NOW = datetime(2021, 6, 1, 12, 0, tzinfo=UTC)
VACCINATION = {
    "ver": "1.3.0",
    "nam": {"fn": "Musterfrau", "fnt": "MUSTERFRAU", "gn": "Erika", "gnt": "ERIKA"},
    "dob": "1964-08-12",
    "v": [
        {
            "tg": "840539006",
            "vp": "1119349007",
            "mp": "EU/1/20/1528",
            "ma": "ORG-100030215",
            "dn": 2,
            "sd": 2,
            "dt": "2021-05-29",
            "co": "DE",
            "is": "Robert Koch-Institut",
            "ci": "URN:UVCI:01DE/IZ12345A/5CWLU12RNOB9RXSEOP6FG8#W",
        }
    ],
}


def b45encode(data: bytes) -> str:
    """Encode bytes as Base45 (the tests' own encoder)."""
    out = []
    for start in range(0, len(data) - 1, 2):
        value = data[start] * 256 + data[start + 1]
        out += [ALPHABET[value % 45], ALPHABET[value // 45 % 45], ALPHABET[value // 2025]]
    if len(data) % 2:
        out += [ALPHABET[data[-1] % 45], ALPHABET[data[-1] // 45]]
    return "".join(out)


def make_signer(
    kind: str = "ec", usages: list[str] | None = None, around: datetime = NOW
) -> tuple[Any, bytes]:
    """Return (private key, DER self-signed certificate) valid around a moment (NOW)."""
    key: Any = (
        ec.generate_private_key(ec.SECP256R1())
        if kind == "ec"
        else rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test DSC")])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(around - timedelta(days=30))
        .not_valid_after(around + timedelta(days=365))
    )
    if usages:
        oids = [x509.ObjectIdentifier(oid) for oid in usages]
        builder = builder.add_extension(x509.ExtendedKeyUsage(oids), critical=False)
    certificate = builder.sign(key, hashes.SHA256())
    return key, certificate.public_bytes(Encoding.DER)


def sign1(
    key: Any,
    certificate: dict[str, Any] = VACCINATION,
    *,
    protected_kid: bytes | None = None,
    unprotected_kid: bytes | None = None,
    issued: datetime = NOW - timedelta(days=1),
    expires: datetime = NOW + timedelta(days=180),
    tag: str = "cose",
) -> bytes:
    """Return COSE_Sign1 bytes signed with key (ES256 for EC keys, PS256 for RSA)."""
    algorithm = -7 if isinstance(key, ec.EllipticCurvePrivateKey) else -37
    header: dict[int, Any] = {1: algorithm}
    if protected_kid is not None:
        header[4] = protected_kid
    protected = cbor2.dumps(header)
    unprotected = {4: unprotected_kid} if unprotected_kid is not None else {}
    claims = {
        1: "DE",
        4: int(expires.timestamp()),
        6: int(issued.timestamp()),
        -260: {1: certificate},
    }
    payload = cbor2.dumps(claims)
    signature = _sign(key, cbor2.dumps(["Signature1", protected, b"", payload]))
    message: Any = [protected, unprotected, payload, signature]
    if tag in ("cose", "cwt"):
        message = cbor2.CBORTag(18, message)
    if tag == "cwt":
        message = cbor2.CBORTag(61, message)
    return cbor2.dumps(message)


def _sign(key: Any, data: bytes) -> bytes:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
    return key.sign(data, pss, hashes.SHA256())


def qr_text(cose: bytes, *, compress: bool = True) -> str:
    """Return the QR text (HC1: + Base45 of zlib(COSE))."""
    return "HC1:" + b45encode(zlib.compress(cose, 9) if compress else cose)


def signed_qr(kind: str = "ec", **options: Any) -> tuple[str, bytes]:
    """Return (QR text, signer DER) for a fresh signer whose kid is in the protected header."""
    key, der = make_signer(kind)
    options.setdefault("protected_kid", key_id(der))
    return qr_text(sign1(key, **options)), der


def current_qr(signer: tuple[Any, bytes], **options: Any) -> str:
    """QR text of a vaccination certificate signed by the signer, valid today."""
    key, der = signer
    now = utcnow()
    options.setdefault("issued", now - timedelta(days=1))
    options.setdefault("expires", now + timedelta(days=180))
    return qr_text(sign1(key, protected_kid=key_id(der), **options))
