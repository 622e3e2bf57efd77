"""Shapes of business rules: the EU DCC upload document, and what the API shows."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from passage.kit.clock import as_utc
from passage.rules.semver import VERSION_PATTERN

IDENTIFIER_PATTERN = r"^(GR|VR|TR|RR|IR)-[A-Z]{2}-[0-9]{4}$"
RULE_TYPES = ("Acceptance", "Invalidation")
CERTIFICATE_TYPES = ("General", "Test", "Vaccination", "Recovery")
PREFIX_FOR_TYPE = {"General": "GR", "Vaccination": "VR", "Test": "TR", "Recovery": "RR"}
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")

RuleType = Literal["Acceptance", "Invalidation"]
CertificateType = Literal["General", "Test", "Vaccination", "Recovery"]


class RuleDescription(BaseModel):
    """A description of the rule in one language."""

    model_config = ConfigDict(extra="forbid")

    lang: str = Field(pattern=r"^[a-z]{2}$")
    desc: str = Field(min_length=1, max_length=2000)


class RuleDocument(BaseModel):
    """An EU DCC business rule as uploaded, with the gateway's field names."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    identifier: str = Field(alias="Identifier", pattern=IDENTIFIER_PATTERN)
    type: RuleType = Field(alias="Type")
    country: str = Field(alias="Country", pattern=r"^[A-Z]{2}$")
    version: str = Field(alias="Version", pattern=VERSION_PATTERN)
    schema_version: str = Field(alias="SchemaVersion", pattern=VERSION_PATTERN)
    engine: Literal["CERTLOGIC"] = Field(alias="Engine")
    engine_version: str = Field(alias="EngineVersion", pattern=VERSION_PATTERN)
    certificate_type: CertificateType = Field(alias="CertificateType")
    description: list[RuleDescription] = Field(alias="Description", min_length=1, max_length=50)
    valid_from: datetime = Field(alias="ValidFrom")
    valid_to: datetime = Field(alias="ValidTo")
    affected_fields: list[str] = Field(alias="AffectedFields", min_length=1, max_length=100)
    logic: Any = Field(alias="Logic")
    region: str | None = Field(default=None, alias="Region", max_length=10)

    @field_validator("valid_from", "valid_to", mode="before")
    @classmethod
    def _date_time_text(cls, value: Any) -> Any:
        if not isinstance(value, str) or not _DATE_TIME.fullmatch(value):
            raise ValueError("must be an ISO 8601 date-time with a time zone")
        return value

    @field_validator("valid_from", "valid_to")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return as_utc(value)

    @field_validator("logic")
    @classmethod
    def _logic_given(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError("must be a CertLogic expression object")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> RuleDocument:
        prefix, code, _ = self.identifier.split("-")
        if code != self.country:
            raise ValueError(f"Identifier country {code} differs from Country {self.country}")
        if (prefix == "IR") != (self.type == "Invalidation"):
            raise ValueError("Invalidation rules, and only they, have identifiers starting IR-")
        if prefix != "IR" and PREFIX_FOR_TYPE[self.certificate_type] != prefix:
            expected = PREFIX_FOR_TYPE[self.certificate_type]
            raise ValueError(f"a {self.certificate_type} rule's identifier starts {expected}-")
        if self.valid_to <= self.valid_from:
            raise ValueError("ValidTo must be later than ValidFrom")
        return self


class RuleVersionRead(BaseModel):
    """One stored version of a rule, in brief."""

    id: uuid.UUID
    version: str
    valid_from: datetime
    valid_to: datetime
    uploaded_at: datetime


class RuleRead(BaseModel):
    """A stored business rule version as the API shows it."""

    id: uuid.UUID
    identifier: str
    type: str
    country: str
    country_iso3: str
    version: str
    schema_version: str
    engine: str
    engine_version: str
    engine_supported: bool
    certificate_type: str
    descriptions: list[dict[str, Any]]
    valid_from: datetime
    valid_to: datetime
    affected_fields: list[str]
    logic: Any
    uploaded_at: datetime
    uploaded_by: str | None
    document: dict[str, Any]


class RuleDetail(RuleRead):
    """A rule version with every stored version of the same Identifier."""

    versions: list[RuleVersionRead]


class RulePage(BaseModel):
    """Rules matching a filter."""

    total: int
    items: list[RuleRead]
