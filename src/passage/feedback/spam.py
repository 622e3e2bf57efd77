"""A spam check that needs no third-party service. Pure.

A submission is spam when the hidden honeypot field was filled (people never see it), or when
the text is mostly links or one character repeated. Spam is kept out of the work queue, never
silently dropped: staff can still read it."""

from __future__ import annotations

import re

LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
MAX_LINKS = 3


def is_spam(message: str, honeypot: str | None = None) -> bool:
    """Whether a submission looks automated."""
    if honeypot and honeypot.strip():
        return True
    if len(LINK.findall(message)) > MAX_LINKS:
        return True
    letters = [ch for ch in message if not ch.isspace()]
    return len(letters) >= 20 and len(set(letters)) <= 2
