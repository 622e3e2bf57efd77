"""The feed entry: the change a domain publishes, the document that is signed, and the shape
an importer accepts (the content of each kind is the owning domain's, see `exchange.kinds`).
Pure: no I/O.

Entries carry public data only (measure content and targets, POE status, rule documents,
keys); never who recorded them (user ids) nor editors' notes.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from passage.kit.clock import iso_z

ENTRY_FORMAT = "passage-feed-entry/1"


@dataclass(frozen=True)
class Change:
    """A published change waiting for its cursor and signature (made at commit)."""

    kind: str
    action: str
    record_id: str
    record_version: int
    effective_from: date | None
    content: dict[str, Any]
    is_new: bool = False
    # `content` as RFC 8785 bytes, written once when the change is queued (`feed.record_change`
    # checks it can be published) and put into the signed payload as it is.
    canonical_content: bytes | None = field(default=None, compare=False, repr=False)


def entry_document(
    change: Change,
    *,
    entry_id: uuid.UUID,
    cursor: int,
    deployment_id: uuid.UUID,
    published_at: datetime,
) -> dict[str, Any]:
    """The entry as signed: every member except the signature."""
    return {
        "format": ENTRY_FORMAT,
        "id": str(entry_id),
        "cursor": cursor,
        "deployment": str(deployment_id),
        "published_at": iso_z(published_at),
        "kind": change.kind,
        "action": change.action,
        "record": {"id": change.record_id, "version": change.record_version},
        "effective_from": change.effective_from.isoformat() if change.effective_from else None,
        "content": change.content,
    }


def json_value(value: Any) -> Any:
    """A date or moment as the feed writes it (ISO 8601, UTC with Z); other values as they are."""
    if isinstance(value, datetime):
        return iso_z(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


# ------------------------------------------------------------------ building (local -> feed)


def key_change(jwk: dict[str, Any], previous_kid: str) -> Change:
    """The announcement of a new signing key, signed by the key it replaces."""
    return Change(
        kind="key",
        action="rotated",
        record_id=jwk["kid"],
        record_version=1,
        effective_from=None,
        content={"jwk": jwk, "previous_kid": previous_kid},
        is_new=True,
    )


# ------------------------------------------------------------------ reading (feed -> local)


class EntryRecord(BaseModel):
    """The record an entry is about: its id on the publishing deployment and its version."""

    id: str = Field(min_length=1, max_length=64)
    version: int = Field(ge=1)


class FeedEntryIn(BaseModel):
    """An entry received from a partner (after its signature was checked)."""

    model_config = ConfigDict(extra="ignore")

    format: Literal["passage-feed-entry/1"]
    id: uuid.UUID
    cursor: int = Field(ge=1)
    deployment: uuid.UUID
    published_at: datetime
    kind: str = Field(min_length=1, max_length=20)  # a registered kind (`exchange.kinds`)
    action: str = Field(max_length=20)
    record: EntryRecord
    effective_from: date | None = None
    content: dict[str, Any]


class KeyEntryContent(BaseModel):
    """A partner's new signing key, announced under its previous key."""

    model_config = ConfigDict(extra="ignore")

    jwk: dict[str, Any]
    previous_kid: str = Field(max_length=64)


def signed_entry(payload: str, signature: str) -> dict[str, Any]:
    """An entry as served: the signed members plus its detached JWS in `signature`."""
    document: dict[str, Any] = json.loads(payload)
    document["signature"] = signature
    return document
