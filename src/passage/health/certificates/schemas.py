"""Request and response shapes of the certificate check at a point of entry."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from passage.health.schemas import StrictModel, iso3


class CertificateVerify(StrictModel):
    """A QR payload to verify at a POE (destination: the POE's country by default)."""

    qr_text: str = Field(min_length=1, max_length=8000)
    poe_id: uuid.UUID | None = None
    destination: str | None = None
    at: datetime | None = None

    @field_validator("destination")
    @classmethod
    def _destination(cls, value: str | None) -> str | None:
        return iso3(value)


class CertificateCheckRead(BaseModel):
    """The verification report: VALID, INVALID (with the failed step) or UNKNOWN."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID | None = None
    result: str
    failed_step: str | None
    message: str | None
    steps: dict[str, bool | None]
    certificate_type: str | None
    issuer_country: str | None
    rules_result: str | None
    rules: list[dict[str, Any]]
    decoded: dict[str, Any] | None
    checked_at: datetime
