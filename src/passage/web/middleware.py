"""Pure ASGI middleware: per-request context (request id, CSRF anchor, language, headers) and
the request body limit."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from http.cookies import SimpleCookie
from typing import Any

from fastapi import params
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from passage.config import get_settings
from passage.kit.i18n import PUBLIC_LANGUAGES, negotiate, set_language
from passage.web.csrf import CSRF_COOKIE
from passage.web.inline import PUBLIC_CSS_SOURCE

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
        if language not in PUBLIC_LANGUAGES:
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
                b"default-src 'self'; img-src 'self' data: blob:; style-src 'self' "
                + PUBLIC_CSS_SOURCE.encode()
                + b"; "
                b"script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
            ),
        ]
        if self.secure:
            headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
        return headers


class BodyTooLarge(HTTPException):
    """A request body over its route's limit: 413, rendered by the app's one error handler."""

    def __init__(self, limit: int):
        super().__init__(413, f"the request body is larger than {_size(limit)}")


def _size(count: int) -> str:
    megabytes = count / (1024 * 1024)
    return f"{megabytes:g} MB" if megabytes >= 1 else f"{count // 1024} kB"


def _content_length(scope: Scope) -> int | None:
    value = _header(scope, b"content-length")
    return int(value) if value and value.isdigit() else None


def takes_file(route: APIRoute) -> bool:
    """True for a route whose body is a multipart form with a file (an upload)."""
    return route.body_field is not None and isinstance(route.body_field.field_info, params.File)


def larger_body_limits(
    routes: Sequence[BaseRoute], upload_bytes: int
) -> list[tuple[RouteContext, int]]:
    """The routes allowed more than the default body: their own `max_body_size` if they declare
    one, else `upload_bytes` for those that take a file."""
    return [
        (context, context.original_route.max_body_size or upload_bytes)
        for context in iter_route_contexts(routes)
        if isinstance(context.original_route, APIRoute)
        and (context.original_route.max_body_size is not None or takes_file(context.original_route))
    ]


class BodyLimitMiddleware:
    """Refuses a request body over its route's limit with a 413 before anything parses it.

    `larger` lists the routes allowed more than `body_bytes` (JSON bodies and forms) and their
    limits. A declared Content-Length over the limit fails the first read; a chunked body fails
    as soon as it passes the limit. A route that never reads its body is not affected."""

    def __init__(self, app: ASGIApp, *, body_bytes: int, larger: list[tuple[RouteContext, int]]):
        self.app = app
        self.body_bytes = body_bytes
        self.larger = larger

    def limit_for(self, scope: Scope) -> int:
        """The body limit of the route this request goes to."""
        for route, limit in self.larger:
            if route.matches(scope)[0] is Match.FULL:
                return limit
        return self.body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on with a receive that counts the body against the limit."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared, received, limit = _content_length(scope), 0, -1

        async def limited_receive() -> Message:
            nonlocal received, limit
            if limit < 0:
                limit = self.limit_for(scope)
            if declared is not None and declared > limit:
                raise BodyTooLarge(limit)
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)
            return message

        await self.app(scope, limited_receive, send)
