"""Request and response bodies of the field node API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class EnrolRequest(BaseModel):
    """A node asking to enrol: its one-time token, a name, its Ed25519 public key."""

    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=16, max_length=200)
    name: str = Field(min_length=1, max_length=200)
    public_key: str = Field(min_length=40, max_length=64)


class TokenCreate(BaseModel):
    """An enrolment token for one site: a point of entry or an office."""

    model_config = ConfigDict(extra="forbid")

    poe_id: uuid.UUID | None = None
    office: str | None = Field(default=None, max_length=200)
    organisation: str | None = Field(default=None, max_length=200)


class TokenIssued(BaseModel):
    """The token, shown once."""

    token: str


class NodeRead(BaseModel):
    """A node as the central sees it."""

    id: uuid.UUID
    name: str
    poe_id: uuid.UUID | None
    office: str | None
    organisation: str | None
    enrolled_at: datetime
    last_contact_at: datetime | None
    revoked_at: datetime | None
    refused_batches: int
    pending_changes: int
    acked_seq: int
    audit_seq: int
    audit_broken: str | None
    open_conflicts: int
    version: int


class ConflictRead(BaseModel):
    """One field edited on both sides."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    node_id: uuid.UUID
    table_name: str
    record_id: str
    field_name: str
    base_value: dict[str, Any]
    node_value: dict[str, Any]
    central_value: dict[str, Any]
    status: str
    chosen: str | None
    resolved_at: datetime | None
    version: int


class ConflictResolve(BaseModel):
    """Keep the node's value or the central's."""

    model_config = ConfigDict(extra="forbid")

    choice: Literal["node", "central"]
    version: int


class NodeRevoke(BaseModel):
    """Revoke a node, from the version read."""

    model_config = ConfigDict(extra="forbid")

    version: int
