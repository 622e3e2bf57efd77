"""Request and response shapes of the exchange: feed pages, partners, subscriptions, conflicts."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_CURSOR = 2**63 - 1  # feed cursors are BIGINT on both databases


class DeploymentRead(BaseModel):
    """A deployment's stable id and its name."""

    id: str
    name: str


class FeedPageRead(BaseModel):
    """A page of the feed: signed entries in cursor order; pass `next_after` as `after`."""

    deployment: DeploymentRead
    entries: list[dict[str, Any]]
    next_after: int
    has_more: bool
    head: int


class PartnerCreate(BaseModel):
    """A deployment to follow: its feed address and its keys document (obtained out of band)."""

    name: str = Field(min_length=1, max_length=200)
    feed_url: str = Field(min_length=8, max_length=500)
    keys: dict[str, Any]
    pull_interval_minutes: int | None = Field(default=None, ge=1, le=7 * 24 * 60)
    receive_webhooks: bool = False
    inbox_secret: str | None = Field(default=None, min_length=16, max_length=200)


class PartnerUpdate(BaseModel):
    """Changes to a partner, made from the version read."""

    version: int
    name: str | None = Field(default=None, min_length=1, max_length=200)
    pull_interval_minutes: int | None = Field(default=None, ge=0, le=7 * 24 * 60)
    is_active: bool | None = None


class TrustKeys(BaseModel):
    """More keys to trust for a partner (its keys document, or one JWK)."""

    keys: dict[str, Any]


class CursorReset(BaseModel):
    """Read the partner's feed again from a cursor (entries already imported stay unchanged)."""

    version: int
    cursor: int = Field(ge=0, le=MAX_CURSOR)


class InboxSecret(BaseModel):
    """Set (or generate, when empty) the secret a partner signs its webhooks with."""

    secret: str | None = Field(default=None, min_length=16, max_length=200)


class PartnerKeyRead(BaseModel):
    """A key trusted for a partner."""

    model_config = ConfigDict(from_attributes=True)

    kid: str
    valid_from: datetime | None
    valid_until: datetime | None
    source: str


class PartnerRead(BaseModel):
    """A partner with its sync state: cursor, lag, last sync and errors."""

    id: uuid.UUID
    version: int
    name: str
    feed_url: str
    deployment_id: uuid.UUID | None
    cursor: int
    remote_head: int | None
    lag_entries: int | None
    pull_interval_minutes: int | None
    next_pull_at: datetime | None
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_entry_published_at: datetime | None
    last_error: str | None
    error_count: int
    is_active: bool
    receives_webhooks: bool
    inbox_path: str
    imported: int
    open_conflicts: int
    rejected: int
    keys: list[PartnerKeyRead]


class PartnerCreated(BaseModel):
    """A new partner; `inbox_secret` is shown this once (give it to the partner's sender)."""

    partner: PartnerRead
    inbox_secret: str | None


class RejectionRead(BaseModel):
    """An entry refused from a partner, and why."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    created_at: datetime
    remote_cursor: int | None
    remote_entry_id: str | None
    kind: str | None
    reason: str
    via: str


class SubscriptionCreate(BaseModel):
    """A subscriber to push the feed to; `after` is where it starts (default: new entries)."""

    name: str = Field(min_length=1, max_length=200)
    url: str = Field(min_length=8, max_length=500)
    secret: str | None = Field(default=None, min_length=16, max_length=200)
    after: int | None = Field(default=None, ge=0, le=MAX_CURSOR)


class SubscriptionRead(BaseModel):
    """A subscriber and its deliveries: pending, dead, delivered up to which cursor."""

    id: uuid.UUID
    version: int
    name: str
    url: str
    is_active: bool
    pending: int
    dead: int
    delivered_up_to: int | None
    last_delivered_at: datetime | None
    last_error: str | None


class SubscriptionCreated(BaseModel):
    """A new subscription; `secret` is shown this once (the subscriber verifies with it)."""

    subscription: SubscriptionRead
    secret: str


class Replay(BaseModel):
    """Send the entries after a cursor to a subscriber again."""

    after: int = Field(ge=0, le=MAX_CURSOR)


class SubscriptionUpdate(BaseModel):
    """Pause or resume a subscription."""

    version: int
    is_active: bool


class ConflictRead(BaseModel):
    """A partner's change held because the record was edited here."""

    id: uuid.UUID
    version: int
    partner: str
    record_type: str
    local_record_id: uuid.UUID
    country_iso3: str | None
    title: str
    reason: str
    status: str
    remote_version: int
    remote_published_at: datetime
    created_at: datetime
    content: dict[str, Any]


class ConflictResolve(BaseModel):
    """Keep the local record, or apply the partner's change over it."""

    version: int
    choice: Literal["theirs", "mine"]
