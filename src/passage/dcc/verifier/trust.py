"""Trusted document signer certificates (DSC): loading, key ids and key usage."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes
from cryptography.hazmat.primitives.serialization import Encoding

# Extended key usage OIDs restricting which certificate types a signer may sign. Early
# issuers (and the common conformance cases) used a mistyped arc with an extra ".0"; both count.
KEY_USAGE_OIDS = {
    "test": "1.3.6.1.4.1.1847.2021.1.1",
    "vaccination": "1.3.6.1.4.1.1847.2021.1.2",
    "recovery": "1.3.6.1.4.1.1847.2021.1.3",
}
LEGACY_KEY_USAGE_OIDS = {
    kind: oid.replace(".1847.", ".0.1847.") for kind, oid in KEY_USAGE_OIDS.items()
}
ALL_DCC_OIDS = frozenset(KEY_USAGE_OIDS.values()) | frozenset(LEGACY_KEY_USAGE_OIDS.values())
# Signer purposes of other health-credential schemes: a key marked for one of them is not a DCC
# signer (ICAO VDS-NC; the DCC gateway's markers for DIVOC and SMART Health Cards raw keys).
OTHER_SCHEME_OIDS = frozenset(
    {"2.23.136.1.1.14.2", "1.3.6.1.4.1.1847.2022.1.20", "1.3.6.1.4.1.1847.2022.1.21"}
)

_PEM_MARKER = b"-----BEGIN CERTIFICATE-----"
_CERTIFICATE_SUFFIXES = {".pem", ".crt", ".cer", ".der"}


@dataclass(frozen=True)
class Signer:
    """A trusted signer certificate, parsed once: key id, public key, validity, usages."""

    kid: bytes
    public_key: CertificatePublicKeyTypes
    not_before: datetime
    not_after: datetime
    usages: frozenset[str]
    der: bytes

    def may_sign(self, certificate_type: str | None) -> bool:
        """Whether the signer's extended key usages allow it to sign this type of certificate.

        The DCC key-usage OIDs (current and legacy forms) restrict a signer to the types they
        name, and a signer marked for another health-credential scheme (VDS-NC ...) signs no
        DCC. Extended key usages naming neither (none at all, or only generic purposes such as
        TLS client or e-mail, as early Spanish signers carry) do not restrict it: the EU
        gateway's verifiers accept such signers for every type, and so do the test data."""
        named = self.usages & ALL_DCC_OIDS
        if not named:
            return not self.usages & OTHER_SCHEME_OIDS
        if certificate_type not in KEY_USAGE_OIDS:
            return False
        allowed = {KEY_USAGE_OIDS[certificate_type], LEGACY_KEY_USAGE_OIDS[certificate_type]}
        return bool(named & allowed)


def key_id(der: bytes) -> bytes:
    """Return the DCC key id of a certificate: the first 8 bytes of SHA-256 of its DER."""
    return hashlib.sha256(der).digest()[:8]


@lru_cache(maxsize=4096)
def signer_from_der(der: bytes) -> Signer:
    """Parse a DER certificate into a Signer (cached; raises ValueError when unreadable)."""
    certificate = x509.load_der_x509_certificate(der)
    return Signer(
        kid=key_id(der),
        public_key=certificate.public_key(),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        usages=_extended_key_usages(certificate),
        der=der,
    )


def _extended_key_usages(certificate: x509.Certificate) -> frozenset[str]:
    try:
        extension = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    except (x509.ExtensionNotFound, ValueError):
        # Absent, or malformed (an empty EKU sequence): no restriction can be read.
        return frozenset()
    return frozenset(oid.dotted_string for oid in extension.value)


@lru_cache(maxsize=64)
def _index(trust_list: tuple[bytes, ...]) -> dict[bytes, list[Signer]]:
    index: dict[bytes, list[Signer]] = {}
    for der in trust_list:
        try:
            signer = signer_from_der(der)
        except ValueError:
            continue  # an unreadable entry cannot vouch for anything
        index.setdefault(signer.kid, []).append(signer)
    return index


def signers_for(kid: bytes | None, trust_list: Sequence[bytes]) -> list[Signer]:
    """Return the trusted signers whose key id equals kid (index cached per trust list)."""
    if kid is None:
        return []
    return _index(tuple(trust_list)).get(kid, [])


def load_trust_list(sources: bytes | str | Path | Iterable[bytes | str | Path]) -> list[bytes]:
    """Read PEM or DER certificates from bytes, files or directories; return DER bytes."""
    if isinstance(sources, bytes | str | Path):
        sources = [sources]
    certificates: list[bytes] = []
    for source in sources:
        if isinstance(source, bytes):
            certificates.extend(_certificates_in(source))
        else:
            certificates.extend(_certificates_at(Path(source)))
    return certificates


def _certificates_at(path: Path) -> list[bytes]:
    if path.is_dir():
        files = sorted(
            child
            for child in path.iterdir()
            if child.is_file() and child.suffix.lower() in _CERTIFICATE_SUFFIXES
        )
        return [der for child in files for der in _certificates_in(child.read_bytes())]
    return _certificates_in(path.read_bytes())


def _certificates_in(data: bytes) -> list[bytes]:
    if _PEM_MARKER in data:
        return [
            certificate.public_bytes(Encoding.DER)
            for certificate in x509.load_pem_x509_certificates(data)
        ]
    x509.load_der_x509_certificate(data)  # raises ValueError when it is not a certificate
    return [data]
