"""Rendering of the port-health pages: every page gets the label helpers of `labels.py`."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from passage.health.labels import TEMPLATE_HELPERS
from passage.web.render import render


def page(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    """Render a port-health page with the label helpers."""
    return render(request, template, {**TEMPLATE_HELPERS, **context}, status_code=status)
