"""Pages of notifications: each user's notices, and the administrator's SMTP settings with the
delivery of notification e-mails (no personal data)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.health.notifications import mail_settings, service
from passage.health.notifications.schemas import MailSettingsInput
from passage.health.pages import page
from passage.web import forms
from passage.web.render import redirect

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


@router.get("/notifications")
def notifications_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("notifications.read")],
) -> Response:
    """Your notifications, newest first."""
    items = service.list_for(session, service.user_id_of(principal))
    context = {"items": items, "title_of": service.title_of}
    return page(request, "health/notifications.html", context)


@router.post("/notifications/{notification_id}/read")
def open_notification(
    notification_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("notifications.read")],
) -> Response:
    """Mark a notification read and go where it points."""
    notice = service.mark_read(
        session, user_id=service.user_id_of(principal), notification_id=notification_id
    )
    target = notice.url if notice.url.startswith("/") else "/notifications"
    return redirect(target)


# ---------------------------------------------------------------- e-mail (administrators)


def _mail_page(
    request: Request,
    session: Session,
    values: dict[str, Any] | None = None,
    rejected: forms.Rejected | None = None,
) -> Response:
    current = mail_settings.settings_read(session)
    context = {
        "settings": current,
        "values": values or current.model_dump(),
        "errors": rejected.errors if rejected else {},
        "counts": service.outbox_counts(session=session),
        "recent": service.recent_outbox(session=session, limit=20),
    }
    return page(request, "health/admin/mail.html", context, rejected.status if rejected else 200)


@router.get("/admin/health/mail")
def mail_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
) -> Response:
    """SMTP settings and the delivery of notification e-mails."""
    return _mail_page(request, session)


def _mail_payload(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": values.get("version") or None,
        "enabled": values.get("enabled") == "yes",
        "host": values.get("host", ""),
        "port": values.get("port") or 587,
        "security": values.get("security") or "starttls",
        "username": values.get("username") or None,
        "sender": values.get("sender", ""),
    }


@router.post("/admin/health/mail")
async def save_mail(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
) -> Response:
    """Save the SMTP settings."""
    payload = _mail_payload(forms.form_values(await request.form()))
    outcome = forms.submit(
        session,
        lambda: mail_settings.save(
            session=session, data=MailSettingsInput.model_validate(payload), actor=principal
        ),
    )
    if isinstance(outcome, forms.Rejected):
        return _mail_page(request, session, payload, outcome)
    return redirect("/admin/health/mail?saved=1")


@router.post("/admin/health/outbox/retry")
def retry_outbox(
    session: SessionDep, principal: Annotated[Principal, Require("health.admin")]
) -> Response:
    """Give failed messages another round of attempts."""
    service.retry_failed(session)
    return redirect("/admin/health/mail")
