"""Feedback operations: receiving (public, on someone's behalf, idempotent by the device's id),
following by tracking code, the staff queue, and reading one item. Services flush, never
commit; every read of an item by staff is audited.

An anonymous item keeps no address, browser or time: the audit entry of a public submission
names no item (its time would date it), and the item holds only the day."""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal, ScopeTarget, can
from passage.config import get_settings
from passage.errors import Conflict, Forbidden, NotFound
from passage.feedback import access, photos, repository, spam, throttle
from passage.feedback.models import FeedbackItem
from passage.feedback.schemas import FeedbackRecord, FeedbackSubmit, Receipt, StatusRead
from passage.feedback.vocabulary import SENSITIVE_CATEGORIES, TIME_LIMITS
from passage.kit import audit, travel
from passage.kit import pending as pending_work
from passage.kit.clock import today, utcnow
from passage.kit.i18n import N_
from passage.protection import codes

COORDINATE_DECIMALS = 3  # about 100 m: enough to find a place, not a doorstep


@dataclass(frozen=True)
class Source:
    """Where a public request comes from, for throttling only (never stored with an item)."""

    address: str | None = None


def _audit(session: Session, action: str, item_id: Any, **details: Any) -> None:
    audit.record(
        session,
        action=action,
        object_type="feedback_item",
        object_id=item_id,
        purpose=access.PURPOSE,
        details=details,
    )


def _reference(session: Session) -> str:
    while True:
        reference = codes.reference("F", 8)
        if not repository.reference_taken(session, reference):
            return reference


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, COORDINATE_DECIMALS)


# A device's own random id (a UUID, or at least 128 bits in hex), as the public page makes them.
DEVICE_ID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32,}"
)


def device_code(client_id: str) -> str | None:
    """The tracking code of a send whose id is a device's random id: derived from that id with
    the deployment's secret, so a device whose first answer was lost on the way gets its code
    again by sending again (knowing the id is knowing the code). Other ids get a random code,
    shown once."""
    if not DEVICE_ID.fullmatch(client_id):
        return None
    key = get_settings().secret_key.encode()
    digest = hmac.new(key, b"feedback-code\0" + client_id.encode(), hashlib.sha256).digest()
    return codes.receipt_code_from(digest)


def _item_values(
    data: FeedbackSubmit, code: str, *, channel: str, received_on: date, **extra: Any
) -> dict[str, Any]:
    """The columns of a new item (without its staff reference), as stored."""
    acknowledge_days, close_days = TIME_LIMITS[data.category]
    values = data.model_dump(exclude={"client_id", "website", "channel", "organisation", "photos"})
    return values | {
        "id": uuid.uuid4(),
        "version": 1,
        "latitude": _rounded(data.latitude),
        "longitude": _rounded(data.longitude),
        "client_id": data.client_id,
        "code_hash": codes.receipt_hash(code),
        "received_on": received_on,
        "channel": channel,
        "sensitive": data.category in SENSITIVE_CATEGORIES,
        "spam": spam.is_spam(data.message, data.website),
        "status": "received",
        "acknowledge_by": received_on + timedelta(days=acknowledge_days),
        "close_by": received_on + timedelta(days=close_days),
        "history": [],
        **extra,
    }


def new_item(
    session: Session,
    data: FeedbackSubmit,
    *,
    channel: str,
    received_on: date,
    reference: str | None = None,
    **extra: Any,
) -> tuple[FeedbackItem, str]:
    """Store a new item and return it with its tracking code (shown once); `reference` is a
    staff reference already known to be free (else one is drawn and checked)."""
    code = device_code(data.client_id) or codes.receipt_code()
    values = _item_values(data, code, channel=channel, received_on=received_on, **extra)
    del values["version"]  # the unit of work counts versions itself
    item = FeedbackItem(**values, reference=reference or _reference(session))
    repository.add(session, item)
    session.flush()
    return item, code


def submit(
    *, session: Session, data: FeedbackSubmit, source: Source, photo_files: Sequence[bytes] = ()
) -> Receipt:
    """A public submission; sending the same `client_id` again stores nothing and returns the
    first status, with the code only where the id is a device's random id (`device_code`).
    Photos come as base64 in `data.photos` (the API, the offline queue) or as files (the form
    without the script).

    The lean path: one INSERT that does nothing when the device id (or the staff reference
    drawn, or the code) is taken, and a look-up only then. What follows the insert (throttle,
    photos) may still refuse the send: the request then rolls back, the insert with it."""
    code = device_code(data.client_id) or codes.receipt_code()
    values = _item_values(data, code, channel="web", received_on=today())
    for attempt in range(2):
        values["reference"] = codes.reference("F", 8) if attempt == 0 else _reference(session)
        if repository.insert_new(session, values):
            break
        found = repository.sent_under(session, data.client_id)
        if found is not None:
            again = device_code(data.client_id)
            if again is not None and codes.receipt_hash(again) != found.code_hash:
                again = None  # made before this rule, or under another secret key
            return Receipt(
                client_id=data.client_id, code=again, status=found.status, duplicate=True
            )
    else:  # a free reference was taken, so the code is (another device id's, same code)
        raise Conflict(N_("this would duplicate or break a link to another record"))
    travel.capture_insert(session, FeedbackItem, values)
    throttle.check(session, kind=throttle.SUBMIT, source=source.address)
    throttle.count(session, kind=throttle.SUBMIT, source=source.address)
    clean = photos.cleaned([*photos.decode(data.photos), *photo_files])
    photos.attach(session, values["id"], clean)
    audit.record(
        session,
        action="create",
        object_type="feedback_item",
        purpose=access.PURPOSE,
        details={"channel": "web"},
    )
    return Receipt(client_id=data.client_id, code=code, status="received", duplicate=False)


def record(*, session: Session, data: FeedbackRecord, actor: Principal) -> Receipt:
    """A hotline operator or partner enters feedback on someone's behalf (channel recorded),
    for a country within their grants."""
    if not can(actor, "feedback.record", ScopeTarget(country=data.country_iso3)):
        raise Forbidden(N_("this country is outside your scope"), field="country_iso3")
    found = repository.by_client_id(session, data.client_id)
    if found is not None:
        again = device_code(data.client_id)
        if again is not None and codes.receipt_hash(again) != found.code_hash:
            again = None  # made before this rule, or under another secret key
        return Receipt(client_id=data.client_id, code=again, status=found.status, duplicate=True)
    clean = photos.cleaned(photos.decode(data.photos))
    item, code = new_item(
        session,
        data,
        channel=data.channel,
        received_on=today(),
        organisation=data.organisation,
        recorded_by=actor.user_id,
    )
    photos.attach(session, item.id, clean)
    _audit(session, "create", item.id, channel=data.channel)
    return Receipt(client_id=data.client_id, code=code, status=item.status, duplicate=False)


def status_by_code(*, session: Session, code: str, source: Source) -> StatusRead:
    """What a tracking code tells its holder; wrong codes are counted and throttled."""
    throttle.check(session, kind=throttle.CODE, source=source.address)
    item = repository.by_code(session, codes.receipt_hash(code)) if code.strip() else None
    if item is None:
        pending_work.durable(
            session, lambda db: throttle.count(db, kind=throttle.CODE, source=source.address)
        )
        raise NotFound(N_("no feedback has this code; check it and try again"), field="code")
    shown = item.status in {"answered", "closed"}
    return StatusRead(
        status=item.status,
        category=item.category,
        received_on=item.received_on,
        answer=item.answer if shown else None,
        answer_language=item.answer_language if shown else None,
    )


def is_overdue(item: FeedbackItem, on: date | None = None) -> bool:
    """Past the time to acknowledge (still received) or to close (not closed)."""
    day = on or today()
    if item.status == "received" and item.acknowledge_by < day:
        return True
    return item.status != "closed" and item.close_by < day


def get(*, session: Session, item_id: uuid.UUID, actor: Principal) -> FeedbackItem:
    """One item, for staff who may see it; the read is audited."""
    item = repository.get(session, item_id)
    if item is None:
        raise NotFound(N_("no feedback has this id within your reach"))
    access.check(actor, "feedback.read", item)
    _audit(session, "read", item.id)
    return item


def queue(
    *, session: Session, actor: Principal, filters: dict[str, Any], limit: int, offset: int
) -> tuple[list[FeedbackItem], int]:
    """The work queue within the caller's reach (sensitive items for focal points only);
    the listing is audited with its count."""
    items, total = repository.queue(
        session,
        sensitive=access.sees_sensitive(actor),
        countries=access.countries(actor, "feedback.read"),
        filters=filters,
        today=today(),
        limit=limit,
        offset=offset,
    )
    audit.record(
        session,
        action="list",
        object_type="feedback_item",
        purpose=access.PURPOSE,
        details={"count": len(items), "at": utcnow().date().isoformat()},
    )
    return items, total


def counts(*, session: Session, actor: Principal) -> dict[str, int]:
    """Open and overdue items within the caller's reach (for the dashboard)."""
    return repository.counts(
        session,
        sensitive=access.sees_sensitive(actor),
        countries=access.countries(actor, "feedback.read"),
        today=today(),
    )
