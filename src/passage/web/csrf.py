"""Cross-site request forgery: the browser's anchor cookie and the token bound to it."""

from __future__ import annotations

import hashlib
import hmac

from passage.config import get_settings

CSRF_COOKIE = "passage_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def csrf_token_for(anchor: str) -> str:
    """The CSRF token bound to a browser's anchor cookie (keyed with the deployment secret)."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, ("csrf:" + anchor).encode(), hashlib.sha256).hexdigest()
