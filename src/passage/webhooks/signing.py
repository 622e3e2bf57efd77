"""HMAC signatures of webhook deliveries. Pure: no I/O.

Header `X-Passage-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`; several
`v1=` values may be sent (while a secret is being replaced). The receiver recomputes the HMAC
with its copy of the secret and refuses timestamps outside a tolerance window (replays).
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Passage-Signature"
DELIVERY_HEADER = "X-Passage-Delivery"
TOPIC_HEADER = "X-Passage-Topic"
TOLERANCE_SECONDS = 300


class WebhookSignatureError(ValueError):
    """A delivery whose signature header is missing, malformed, stale or wrong."""


def compute(secret: bytes, body: bytes, timestamp: int) -> str:
    """The hex HMAC-SHA256 of `<timestamp>.<body>`."""
    message = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def signature_header(secret: bytes, body: bytes, timestamp: int) -> str:
    """The value of the X-Passage-Signature header for a body sent at `timestamp`."""
    return f"t={timestamp},v1={compute(secret, body, timestamp)}"


def _parse(header: str) -> tuple[int, list[str]]:
    timestamp, signatures = None, []
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        if name == "t" and value.isdigit():
            timestamp = int(value)
        elif name == "v1" and value:
            signatures.append(value.lower())
    if timestamp is None or not signatures:
        raise WebhookSignatureError(f"malformed {SIGNATURE_HEADER} header (t=...,v1=...)")
    return timestamp, signatures


def verify(
    secret: bytes, body: bytes, header: str | None, now: int, tolerance: int = TOLERANCE_SECONDS
) -> None:
    """Accept the delivery or raise WebhookSignatureError saying why."""
    if not header:
        raise WebhookSignatureError(f"the {SIGNATURE_HEADER} header is missing")
    timestamp, signatures = _parse(header)
    if abs(now - timestamp) > tolerance:
        raise WebhookSignatureError("the signature timestamp is too old or in the future")
    expected = compute(secret, body, timestamp)
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        raise WebhookSignatureError("the signature does not match the body (wrong secret?)")
