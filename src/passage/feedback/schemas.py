"""What the feedback routes take and give."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from passage.feedback.vocabulary import CATEGORIES, CHANNELS, LANGUAGES
from passage.kit.i18n import N_

CLIENT_ID = r"^[A-Za-z0-9:_.-]{8,100}$"
MAX_PHOTO_CHARS = 7_000_000  # 5 MB as base64, with a data: URL prefix


class FeedbackSubmit(BaseModel):
    """A submission from the public page (or its offline queue): anonymous unless a contact is
    left. `client_id` is made on the device: sending it again changes nothing."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    client_id: str = Field(pattern=CLIENT_ID)
    category: str
    message: str = Field(min_length=3, max_length=5000)
    language: str = Field(default="en", max_length=8)
    contact: str | None = Field(default=None, max_length=200)
    country_iso3: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    place: str | None = Field(default=None, max_length=200)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    interpreter_language: str | None = Field(default=None, max_length=8)
    consent_to_refer: bool = False
    website: str | None = Field(default=None, max_length=200)  # the honeypot: people leave it
    # up to three photos as base64 (JPEG, PNG or WebP, 5 MB each); stored without metadata
    photos: list[Annotated[str, Field(max_length=MAX_PHOTO_CHARS)]] = Field(
        default_factory=list, max_length=3
    )

    @field_validator("category")
    @classmethod
    def _category(cls, value: str) -> str:
        if value not in CATEGORIES:
            raise ValueError(N_("not a feedback category"))
        return value

    @field_validator("language", "interpreter_language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is not None and value not in LANGUAGES:
            raise ValueError(N_("not a supported language"))
        return value

    @model_validator(mode="after")
    def _both_coordinates(self) -> FeedbackSubmit:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError(N_("give both latitude and longitude, or neither"))
        return self


class FeedbackRecord(FeedbackSubmit):
    """Feedback entered by a hotline operator or a partner on someone's behalf."""

    channel: str = "hotline"
    organisation: str | None = Field(default=None, max_length=200)

    @field_validator("channel")
    @classmethod
    def _channel(cls, value: str) -> str:
        if value not in CHANNELS or value in {"web", "kobo"}:
            raise ValueError("not a channel staff can record")
        return value


class Receipt(BaseModel):
    """What the sender gets back: the tracking code (only the first time) and the status."""

    client_id: str
    code: str | None
    status: str
    duplicate: bool


class StatusRead(BaseModel):
    """What a tracking code tells its holder: status, day received, the answer; never the
    message or the contact."""

    status: str
    category: str
    received_on: date
    answer: str | None
    answer_language: str | None


class PhotoRead(BaseModel):
    """A photo of an item (its content at /api/v1/feedback/{item_id}/photos/{photo_id})."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    content_type: str
    size: int
    width: int
    height: int


class FeedbackRead(BaseModel):
    """An item as the staff who may see it read it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    version: int
    reference: str
    received_on: date
    channel: str
    category: str
    sensitive: bool
    language: str
    message: str
    contact: str | None
    country_iso3: str | None
    place: str | None
    latitude: float | None
    longitude: float | None
    interpreter_language: str | None
    organisation: str | None
    spam: bool
    status: str
    acknowledge_by: date
    close_by: date
    acknowledged_at: datetime | None
    assigned_to: uuid.UUID | None
    answer: str | None
    answer_language: str | None
    satisfaction: int | None
    consent_to_refer: bool
    protection_registration_id: uuid.UUID | None
    overdue: bool = False
    photos: list[PhotoRead] = []


class Action(BaseModel):
    """A step of handling: acknowledge, assign, start, answer, close, reopen."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    version: int = Field(ge=1)
    assign_to: uuid.UUID | None = None
    answer: str | None = Field(default=None, max_length=5000)
    answer_language: str | None = Field(default=None, max_length=8)
    satisfaction: int | None = Field(default=None, ge=1, le=5)
    note: str | None = Field(default=None, max_length=1000)


class Referral(BaseModel):
    """Refer an item to protection (only with the person's consent)."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
