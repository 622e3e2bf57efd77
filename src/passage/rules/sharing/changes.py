"""The feed change of an uploaded rule version, and the content a partner's entry carries.
Pure: no I/O."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from passage.exchange.entries import Change
from passage.kit.clock import iso_z


def rule_change(rule: Any) -> Change:
    """The feed change of an uploaded business rule version (the document as uploaded)."""
    content = {
        "identifier": rule.identifier,
        "version": rule.rule_version,
        "type": rule.rule_type,
        "country": rule.country_code,
        "certificate_type": rule.certificate_type,
        "valid_from": iso_z(rule.valid_from),
        "valid_to": iso_z(rule.valid_to),
        "document": rule.document,
    }
    return Change(
        kind="rule",
        action="uploaded",
        record_id=str(rule.id),
        record_version=1,
        effective_from=rule.valid_from.date(),
        content=content,
        is_new=True,
    )


class RuleEntryContent(BaseModel):
    """A business rule version as a partner uploaded it."""

    model_config = ConfigDict(extra="ignore")

    identifier: str = Field(max_length=20)
    version: str = Field(max_length=32)
    document: dict[str, Any]
