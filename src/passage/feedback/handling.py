"""Handling an item: acknowledge, assign, start, answer (in the person's language), close
(with their satisfaction when given), reopen; and the referral to a protection case when the
person consented. Each step is checked against the item's status and version, kept in its
history and audited."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.errors import Invalid, NotFound
from passage.feedback import access, repository
from passage.feedback.models import FeedbackItem
from passage.feedback.schemas import Action, Referral
from passage.feedback.vocabulary import LANGUAGES, TRANSITIONS
from passage.kit import audit
from passage.kit.clock import utcnow
from passage.kit.i18n import N_
from passage.kit.repository import check_version
from passage.protection.intake import service as protection_intake


def _item(session: Session, item_id: uuid.UUID, actor: Principal) -> FeedbackItem:
    item = repository.get(session, item_id)
    if item is None:
        raise NotFound(N_("no feedback has this id within your reach"))
    access.check(actor, "feedback.handle", item)
    return item


def _apply(item: FeedbackItem, action: str, data: Action, actor: Principal) -> None:
    now = utcnow()
    if action == "acknowledge":
        item.acknowledged_at = item.acknowledged_at or now
    elif action == "assign":
        item.assigned_to = data.assign_to or actor.user_id
    elif action == "answer":
        if not data.answer:
            raise Invalid(N_("write the answer"), field="answer")
        language = data.answer_language or item.language
        if language not in LANGUAGES:
            raise Invalid(N_("not a supported language"), field="answer_language")
        item.answer, item.answer_language, item.answered_at = data.answer, language, now
        item.acknowledged_at = item.acknowledged_at or now
    elif action == "close":
        item.closed_at, item.satisfaction = now, data.satisfaction
        item.acknowledged_at = item.acknowledged_at or now
    elif action == "reopen":
        item.closed_at = None


def act(
    *, session: Session, item_id: uuid.UUID, action: str, data: Action, actor: Principal
) -> FeedbackItem:
    """One step of handling; a step the status does not allow is refused (422)."""
    if action not in TRANSITIONS:
        raise NotFound(N_("no such action"))
    item = _item(session, item_id, actor)
    check_version(item, data.version)
    allowed_from, leads_to = TRANSITIONS[action]
    if item.status not in allowed_from:
        raise Invalid(N_("this step is not possible in the item's current status"), field="action")
    _apply(item, action, data, actor)
    entry: dict[str, Any] = {"action": action, "from": item.status, "to": leads_to}
    entry |= {"by": str(actor.user_id), "at": utcnow().isoformat()}
    if data.note:
        entry["note"] = data.note
    item.status = leads_to
    item.history = [*item.history, entry]
    session.flush()
    audit.record(
        session,
        action=f"feedback.{action}",
        object_type="feedback_item",
        object_id=item.id,
        purpose=access.PURPOSE,
        details={"to": leads_to},
    )
    return item


def refer(
    *, session: Session, item_id: uuid.UUID, data: Referral, actor: Principal
) -> FeedbackItem:
    """Refer the item to protection: a registration waiting for a case worker, made only when
    the person consented; the sensitive categories stay restricted there."""
    item = _item(session, item_id, actor)
    check_version(item, data.version)
    if not item.consent_to_refer:
        raise Invalid(N_("the person did not consent to a referral"), field="consent_to_refer")
    if item.protection_registration_id is not None:
        raise Invalid(N_("this feedback was already referred"), field="consent_to_refer")
    registration = protection_intake.refer_from_feedback(
        session=session,
        reference=item.reference,
        message=item.message,
        contact=item.contact,
        language=item.language,
        restricted=item.sensitive,
        country_iso3=item.country_iso3,
    )
    item.protection_registration_id = registration.id
    item.history = [*item.history, {"action": "refer", "by": str(actor.user_id)}]
    session.flush()
    audit.record(
        session,
        action="feedback.refer",
        object_type="feedback_item",
        object_id=item.id,
        purpose=access.PURPOSE,
        details={"registration": str(registration.id)},
    )
    return item
