"""Vulnerability flags, the trafficking indicator checklist and the referral request shapes.

Codes stay in English in the database and the API; labels are translated for the pages.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from passage.kit.i18n import gettext_ as _

FLAGS = (
    "unaccompanied_or_separated_child",
    "suspected_trafficking",
    "medical_emergency",
    "pregnancy",
    "disability",
    "intention_to_seek_asylum",
)
# Flags for which a referral may be made without the traveller's consent: a child's best
# interests and a medical emergency override consent (UNHCR/UNICEF best-interests practice).
CONSENT_EXEMPT_FLAGS = frozenset({"unaccompanied_or_separated_child", "medical_emergency"})

# Indicators of trafficking an officer can observe at a border, after the IOM/UNODC guidance
# for first-line officers: each one alone proves nothing, together they justify a referral.
TRAFFICKING_INDICATORS = (
    "documents_held_by_other",
    "companion_speaks_or_controls",
    "unaware_of_destination",
    "unrealistic_job_offer",
    "travel_debt",
    "signs_of_abuse",
    "fear_or_coached_answers",
    "restricted_contact",
    "story_inconsistent_with_documents",
    "group_arranged_by_same_agent",
    "child_travelling_for_work_or_marriage",
)

STATUSES = ("in_progress", "accepted", "rejected", "done")
# Where a referral may go next; rejected and done are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    "in_progress": frozenset({"accepted", "rejected"}),
    "accepted": frozenset({"done", "rejected"}),
    "rejected": frozenset(),
    "done": frozenset(),
}

Flag = Literal[
    "unaccompanied_or_separated_child",
    "suspected_trafficking",
    "medical_emergency",
    "pregnancy",
    "disability",
    "intention_to_seek_asylum",
]
Status = Literal["in_progress", "accepted", "rejected", "done"]


def flag_label(code: str) -> str:
    """A vulnerability flag as an officer says it."""
    labels = {
        "unaccompanied_or_separated_child": _("Unaccompanied or separated child"),
        "suspected_trafficking": _("Suspected victim of trafficking"),
        "medical_emergency": _("Medical emergency"),
        "pregnancy": _("Pregnancy"),
        "disability": _("Disability"),
        "intention_to_seek_asylum": _("Intention to seek asylum"),
    }
    return labels.get(code, code)


def indicator_label(code: str) -> str:
    """A trafficking indicator as a checklist line."""
    labels = {
        "documents_held_by_other": _("Identity or travel documents held by someone else"),
        "companion_speaks_or_controls": _("A companion speaks for them or controls them"),
        "unaware_of_destination": _("Does not know the address or employer at destination"),
        "unrealistic_job_offer": _("Job offer that is vague or too good to be true"),
        "travel_debt": _("Owes a debt for the journey or recruitment"),
        "signs_of_abuse": _("Injuries or other signs of abuse"),
        "fear_or_coached_answers": _("Fearful, anxious or gives rehearsed answers"),
        "restricted_contact": _("Cannot move freely or contact family"),
        "story_inconsistent_with_documents": _("Account inconsistent with documents or route"),
        "group_arranged_by_same_agent": _("Travels in a group arranged by the same agent"),
        "child_travelling_for_work_or_marriage": _("Child travelling for work or marriage"),
    }
    return labels.get(code, code)


def status_label(code: str) -> str:
    """A referral status as people say it."""
    labels = {
        "in_progress": _("In progress"),
        "accepted": _("Accepted"),
        "rejected": _("Rejected"),
        "done": _("Done"),
    }
    return labels.get(code, code)


class ReferralCreate(BaseModel):
    """Refer a traveller: flags, checklist, consent, the service provider and its organisation.

    Consent is required unless a flag is a child or a medical emergency (best interests)."""

    model_config = ConfigDict(extra="forbid")

    traveller_id: uuid.UUID
    crossing_id: uuid.UUID | None = None
    poe_id: uuid.UUID | None = None
    flags: list[Flag] = Field(min_length=1, max_length=len(FLAGS))
    indicators: list[str] = Field(default_factory=list, max_length=len(TRAFFICKING_INDICATORS))
    consent_given: bool = False
    service_provider: str = Field(min_length=1, max_length=200)
    organisation: str = Field(min_length=1, max_length=200)
    notes: str | None = Field(default=None, max_length=4000)

    @field_validator("flags")
    @classmethod
    def _unique_flags(cls, values: list[Flag]) -> list[Flag]:
        return sorted(set(values), key=FLAGS.index)

    @field_validator("indicators")
    @classmethod
    def _known_indicators(cls, values: list[str]) -> list[str]:
        unknown = sorted(set(values) - set(TRAFFICKING_INDICATORS))
        if unknown:
            raise ValueError(f"unknown trafficking indicator(s): {', '.join(unknown)}")
        return sorted(set(values), key=TRAFFICKING_INDICATORS.index)

    @field_validator("service_provider", "organisation")
    @classmethod
    def _stripped(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be blank")
        return value

    @model_validator(mode="after")
    def _consent_and_checklist(self) -> ReferralCreate:
        if self.indicators and "suspected_trafficking" not in self.flags:
            raise ValueError("trafficking indicators need the suspected_trafficking flag")
        if not self.consent_given and not CONSENT_EXEMPT_FLAGS & set(self.flags):
            raise ValueError(
                "the traveller's consent is required, unless the referral is for a child "
                "or a medical emergency"
            )
        return self


class ReferralStatusUpdate(BaseModel):
    """Move a referral to its next status (optimistic lock on `version`)."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
    status: Status
    notes: str | None = Field(default=None, max_length=4000)


class ReferralRead(BaseModel):
    """A referral as the API shows it (no names: the traveller is referenced by id)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    traveller_id: uuid.UUID
    crossing_id: uuid.UUID | None
    poe_id: uuid.UUID | None
    flags: list[str]
    indicators: list[str]
    consent_given: bool
    consent_recorded_at: datetime | None
    service_provider: str
    organisation: str | None
    status: str
    notes: str | None
    referred_by: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    version: int


class ReferralPage(BaseModel):
    """A page of referrals visible to the caller."""

    items: list[ReferralRead]
    total: int
