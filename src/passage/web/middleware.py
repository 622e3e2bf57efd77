"""Per-request context as pure ASGI middleware: request id, CSRF anchor, language, headers."""

from __future__ import annotations

import re
import secrets
from http.cookies import SimpleCookie
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from passage.config import get_settings
from passage.kit.i18n import LANGUAGES, negotiate, set_language
from passage.web.csrf import CSRF_COOKIE

LANGUAGE_COOKIE = "passage_lang"
# Front-end files carry no personal data and may be cached; every other response may (a name in
# the menu, a traveller, a token) and is sent with `Cache-Control: no-store` unless it set its own.
STATIC_PREFIX = "/static/"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _cookies(scope: Scope) -> dict[str, str]:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            parsed = SimpleCookie()
            parsed.load(value.decode("latin-1"))
            return {key: morsel.value for key, morsel in parsed.items()}
    return {}


def _header(scope: Scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return value.decode("latin-1")
    return None


def _without_empty_fields(query: bytes) -> bytes:
    """Drop `name=` pairs: a blank field of a GET form means "not given", not an empty value."""
    pairs = [pair for pair in query.split(b"&") if pair and not pair.endswith(b"=")]
    return b"&".join(pairs)


class RequestContextMiddleware:
    """Stamps each request with an id, a CSRF anchor and a language; adds security headers
    (and `Cache-Control: no-store` on everything but the front-end files)."""

    def __init__(self, app: ASGIApp):
        self.app = app
        settings = get_settings()
        self.secure = settings.secure_cookies
        self.default_language = settings.default_language

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one HTTP request."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookies = _cookies(scope)
        sent_id = _header(scope, b"x-request-id")
        request_id = sent_id if sent_id and _REQUEST_ID.match(sent_id) else secrets.token_hex(8)
        anchor = cookies.get(CSRF_COOKIE)
        is_api = scope.get("path", "").startswith("/api/")
        new_anchor = None if anchor or is_api else secrets.token_urlsafe(24)
        language = cookies.get(LANGUAGE_COOKIE)
        if language not in LANGUAGES:
            language = negotiate(_header(scope, b"accept-language")) or self.default_language
        set_language(language)
        if not is_api and scope.get("query_string"):
            scope["query_string"] = _without_empty_fields(scope["query_string"])
        state: dict[str, Any] = scope.setdefault("state", {})
        state.update(request_id=request_id, csrf_anchor=anchor or new_anchor, language=language)

        cacheable = scope.get("path", "").startswith(STATIC_PREFIX)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += self._security_headers(request_id)
                if not cacheable and not any(name == b"cache-control" for name, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                if new_anchor:
                    headers.append((b"set-cookie", self._csrf_cookie(new_anchor)))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _csrf_cookie(self, anchor: str) -> bytes:
        secure = "; Secure" if self.secure else ""
        return f"{CSRF_COOKIE}={anchor}; Path=/; HttpOnly; SameSite=Lax{secure}".encode()

    def _security_headers(self, request_id: str) -> list[tuple[bytes, bytes]]:
        headers = [
            (b"x-request-id", request_id.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
            (
                b"content-security-policy",
                b"default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
                b"script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
            ),
        ]
        if self.secure:
            headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
        return headers
