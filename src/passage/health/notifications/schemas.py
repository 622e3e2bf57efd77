"""Request and response shapes of notifications and of the SMTP settings (no personal data)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from passage.health.schemas import StrictModel


class MailSettingsInput(StrictModel):
    """SMTP settings an administrator edits (the password stays in PASSAGE_SMTP_PASSWORD)."""

    # strict: `false` is not a version and `0` is not a switch (the schema says so)
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)

    version: int | None = None
    enabled: bool = False
    host: str = Field(default="", max_length=200)
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = Field(default=None, max_length=200)
    sender: str = Field(default="", max_length=200)

    @model_validator(mode="after")
    def _complete(self) -> MailSettingsInput:
        if self.enabled and not (self.host and "@" in self.sender):
            raise ValueError("to send e-mail, give the SMTP host and a sender address")
        return self


class MailSettingsRead(BaseModel):
    """The effective SMTP settings (no password)."""

    enabled: bool
    host: str
    port: int
    security: str
    username: str | None
    sender: str
    password_set: bool
    source: str
    version: int | None


class NotificationRead(BaseModel):
    """An in-app notification."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    title: str
    url: str
    created_at: datetime
    read_at: datetime | None
