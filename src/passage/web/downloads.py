"""How a route that answers a file (CSV, XLSX, PDF, Atom) says so in /openapi.json."""

from __future__ import annotations

from typing import Any

TEXT = {"type": "string"}
BINARY = {"type": "string", "format": "binary"}


def file_response(media_type: str, description: str) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route declared with `response_class=Response` that answers a file."""
    schema = TEXT if media_type.startswith("text/") or media_type.endswith("+xml") else BINARY
    return {200: {"description": description, "content": {media_type: {"schema": schema}}}}


def table_response(description: str) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route that answers a table as CSV or, with `format=xlsx`, XLSX."""
    content = {
        "text/csv": {"schema": TEXT},
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": BINARY},
    }
    return {200: {"description": description, "content": content}}
