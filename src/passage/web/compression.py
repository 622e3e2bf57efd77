"""Gzip for what is worth compressing and safe to compress: front-end files and the JSON API.

HTML pages are sent as they are: each carries the CSRF token, and a page that also echoes what
the visitor typed (a search) would let an attacker who sees the traffic guess the token from the
compressed size (BREACH). JSON answers, GeoJSON layers and front-end files carry no such token.
"""

from __future__ import annotations

from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

COMPRESSED_PREFIXES = ("/static/", "/api/")
MINIMUM_BYTES = 1024


class CompressionMiddleware:
    """Gzip the responses under COMPRESSED_PREFIXES when the client accepts it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=MINIMUM_BYTES, compresslevel=6)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Compress a front-end file or an API answer; pass anything else through untouched."""
        if scope["type"] == "http" and scope["path"].startswith(COMPRESSED_PREFIXES):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)
