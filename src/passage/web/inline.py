"""The one stylesheet inlined in pages: the public pages' (`static/css/public.css`), so that a
migrant on a slow link sees the first screen after one round trip instead of two. The
Content-Security-Policy allows exactly this text by its SHA-256, never inline styles at large."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from markupsafe import Markup

PUBLIC_CSS_PATH = Path(__file__).resolve().parents[1] / "static" / "css" / "public.css"
PUBLIC_CSS = PUBLIC_CSS_PATH.read_text(encoding="utf-8")
PUBLIC_CSS_SOURCE = (
    "'sha256-" + base64.b64encode(hashlib.sha256(PUBLIC_CSS.encode()).digest()).decode() + "'"
)


def public_css() -> Markup:
    """The public stylesheet, to put between <style> and </style> as it is (its hash is allowed)."""
    return Markup(PUBLIC_CSS)
