"""Payloads from the case forms (pure functions, no I/O); the values and errors themselves go
through the one form pipeline, `passage.web.forms`."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def action_payload(
    schema: type[BaseModel], values: dict[str, Any], listed: dict[str, Any]
) -> dict[str, Any]:
    """The fields of a case action's schema from its form (blank means not given); the
    symptoms ticked come from `listed`, the form read with its checkbox lists."""
    payload: dict[str, Any] = {
        k: (v if v != "" else None) for k, v in values.items() if k in schema.model_fields
    }
    if "symptoms" in schema.model_fields:
        payload["symptoms"] = listed.get("symptoms", [])
    return payload
