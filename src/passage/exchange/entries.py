"""What a feed entry says about each kind of record, in both directions: the content built
from a local record when it is published, and the shapes an importer accepts. Pure: no I/O.

Entries carry public data only: measure content and targets, POE status, rule documents and
keys; never who recorded them (user ids) nor editors' notes.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from passage.geo.schemas import PoeCreate
from passage.kit.clock import iso_z
from passage.restrictions.schemas import MeasureContent, PoeStatusCreate

ENTRY_FORMAT = "passage-feed-entry/1"
KINDS = ("measure", "poe_status", "rule", "key")
PUBLIC_MEASURE_STATUSES = ("published", "lifted", "superseded")


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


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_z(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


# ------------------------------------------------------------------ building (local -> feed)


def measure_change(version: Any, previous_status: str | None) -> Change | None:
    """The feed change of a measure version; None for a draft (drafts stay local)."""
    if version.status not in PUBLIC_MEASURE_STATUSES:
        return None
    if previous_status in (None, "draft"):
        action = "published"
    elif version.status == "lifted" and previous_status != "lifted":
        action = "lifted"
    else:
        action = "updated"
    content = {name: _json_value(getattr(version, name)) for name in MeasureContent.model_fields}
    content |= {
        "status": version.status,
        "measure_class": version.measure_class,
        "level": version.level,
    }
    return Change(
        kind="measure",
        action=action,
        record_id=str(version.measure_id),
        record_version=version.version_no,
        effective_from=version.effective_from,
        content=content,
        is_new=previous_status is None,
    )


POE_FIELDS = ("code", "name", "kind", "country_iso3", "admin_area", "latitude", "longitude")


def poe_status_change(status: Any, poe: Any) -> Change:
    """The feed change of a point-of-entry status report (with the POE, to match or create it)."""
    content = {
        "poe": {name: getattr(poe, name) for name in (*POE_FIELDS, "iata", "icao")},
        "status": {
            name: _json_value(getattr(status, name)) for name in PoeStatusCreate.model_fields
        },
    }
    return Change(
        kind="poe_status",
        action="reported",
        record_id=str(status.id),
        record_version=1,
        effective_from=status.effective_from,
        content=content,
        is_new=True,
    )


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
    kind: Literal["measure", "poe_status", "rule", "key"]
    action: str = Field(max_length=20)
    record: EntryRecord
    effective_from: date | None = None
    content: dict[str, Any]


class MeasureEntryContent(MeasureContent):
    """A measure as a partner published it."""

    model_config = ConfigDict(extra="ignore")

    status: Literal["published", "lifted", "superseded"]


class PoeStatusEntryContent(BaseModel):
    """A POE status report as a partner published it."""

    model_config = ConfigDict(extra="ignore")

    poe: PoeCreate
    status: PoeStatusCreate


class RuleEntryContent(BaseModel):
    """A business rule version as a partner uploaded it."""

    model_config = ConfigDict(extra="ignore")

    identifier: str = Field(max_length=20)
    version: str = Field(max_length=32)
    document: dict[str, Any]


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
