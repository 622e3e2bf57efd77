"""JSON routes without personal data: disease criteria, DCC trust lists and value sets, mail
settings and delivery (administrators), and each user's own notifications."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.errors import NotAuthenticated
from passage.health import certificates, criteria, mail_admin, notifications, repository
from passage.health.admin_schemas import (
    CriteriaInput,
    CriteriaRead,
    MailSettingsInput,
    MailSettingsRead,
    NotificationRead,
    TrustImportReport,
    TrustListRead,
    ValueSetRead,
)
from passage.kit.uploads import read_upload

router = APIRouter(prefix="/api/v1", tags=["port health administration"])


@router.get("/health/criteria")
def list_criteria(
    session: SessionDep, principal: Annotated[Principal, Require("health.criteria.read")]
) -> list[CriteriaRead]:
    """The current revision of every disease's screening criteria."""
    return [CriteriaRead.model_validate(row) for row in criteria.current(session)]


@router.get("/health/criteria/{disease_code}")
def criteria_history(
    disease_code: str,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.criteria.read")],
) -> list[CriteriaRead]:
    """Every revision of one disease's criteria, newest first."""
    return [CriteriaRead.model_validate(row) for row in criteria.revisions(session, disease_code)]


@router.post("/health/criteria", status_code=201)
def save_criteria(
    data: CriteriaInput,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
) -> CriteriaRead:
    """Save the next revision of a disease's criteria, or a new disease (409 when stale)."""
    row = criteria.save_revision(session=session, data=data, actor=principal)
    return CriteriaRead.model_validate(row)


def _trust_read(trust: Any) -> TrustListRead:
    return TrustListRead.model_validate(trust)


@router.get("/health/trust-lists")
def list_trust_lists(
    session: SessionDep, principal: Annotated[Principal, Require("health.admin")]
) -> list[TrustListRead]:
    """Trust lists with their current revision."""
    return [_trust_read(trust) for trust in repository.trust_lists(session)]


@router.post("/health/trust-lists", status_code=201)
async def import_trust_list(
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
    file: Annotated[UploadFile, File()],
    name: Annotated[str, Form(max_length=120)],
    description: Annotated[str | None, Form(max_length=300)] = None,
) -> TrustImportReport:
    """Import signer certificates (PEM, DER, or JSON [{country, rawData}]) as the list's next
    revision; verification switches to it at the next request, without a restart."""
    content = await read_upload(file, max_megabytes=50)
    done = certificates.import_trust_list(
        session=session, name=name, data=content, actor=principal, description=description
    )
    return TrustImportReport(
        trust_list=_trust_read(done.trust_list), imported=done.imported, rejected=done.rejected
    )


@router.get("/health/value-sets")
def list_value_sets(
    session: SessionDep, principal: Annotated[Principal, Require("health.admin")]
) -> list[ValueSetRead]:
    """The value sets in force: countries (built in) and the imported ones."""
    return value_set_reads(session)


def value_set_reads(session: Session) -> list[ValueSetRead]:
    """Value sets with their code counts."""
    imported = {row.value_set_id: row.value_set_date for row in repository.value_sets(session)}
    return [
        ValueSetRead(value_set_id=key, value_set_date=imported.get(key), code_count=len(codes))
        for key, codes in sorted(certificates.active_value_sets(session).items())
    ]


@router.post("/health/value-sets", status_code=201)
async def import_value_sets(
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
    file: Annotated[UploadFile, File()],
) -> list[ValueSetRead]:
    """Import official EU DCC value-set JSON (one document or a list of them)."""
    content = await read_upload(file, max_megabytes=20)
    certificates.import_value_sets(session=session, data=content, actor=principal)
    return value_set_reads(session)


@router.get("/health/mail-settings")
def read_mail_settings(
    session: SessionDep, principal: Annotated[Principal, Require("health.admin")]
) -> MailSettingsRead:
    """The effective SMTP settings (never the password)."""
    return mail_admin.settings_read(session)


@router.put("/health/mail-settings")
def save_mail_settings(
    data: MailSettingsInput,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
) -> MailSettingsRead:
    """Save the SMTP settings (409 when someone saved them meanwhile)."""
    mail_admin.save(session=session, data=data, actor=principal)
    return mail_admin.settings_read(session)


@router.get("/health/outbox")
def outbox_status(
    session: SessionDep, principal: Annotated[Principal, Require("health.admin")]
) -> dict[str, int]:
    """Messages waiting, sent and failed."""
    return repository.outbox_counts(session)


@router.post("/health/outbox/retry")
def retry_outbox(
    session: SessionDep, principal: Annotated[Principal, Require("health.admin")]
) -> dict[str, int]:
    """Give failed messages another round of attempts."""
    return {"retried": notifications.retry_failed(session)}


def _user_id(principal: Principal) -> uuid.UUID:
    if principal.user_id is None:
        raise NotAuthenticated("sign in to continue")
    return principal.user_id


@router.get("/notifications")
def my_notifications(
    session: SessionDep,
    principal: Annotated[Principal, Require("notifications.read")],
    unread: bool = False,
) -> list[NotificationRead]:
    """Your notifications, newest first."""
    found = notifications.list_for(session, _user_id(principal), unread_only=unread)
    return [NotificationRead.model_validate(item) for item in found]


@router.post("/notifications/{notification_id}/read")
def mark_notification_read(
    notification_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("notifications.read")],
) -> NotificationRead:
    """Mark one of your notifications read."""
    notice = notifications.mark_read(
        session, user_id=_user_id(principal), notification_id=notification_id
    )
    return NotificationRead.model_validate(notice)
