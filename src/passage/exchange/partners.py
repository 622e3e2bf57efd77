"""The inbound side of the exchange: the partner registry (feed address, trusted keys, pull
schedule, webhook secret), its sync state, and webhooks received from partners. Flushes only."""

from __future__ import annotations

import json
import secrets
import time
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from passage.errors import Conflict, Invalid, NotAuthenticated, NotFound
from passage.exchange import importer, jws, pull, repository
from passage.exchange.importer import ImportReport
from passage.exchange.models import Partner, PartnerKey, Rejection
from passage.exchange.schemas import PartnerCreate, PartnerKeyRead, PartnerRead, PartnerUpdate
from passage.exchange.trust import KeysDocument, Rejected, read_keys_document
from passage.kit import audit
from passage.kit.clock import utcnow
from passage.kit.ids import uuid7
from passage.kit.repository import check_version
from passage.kit.secretbox import seal, unseal
from passage.webhooks import signing

MAX_WEBHOOK_ENTRIES = 1000


def inbox_path(partner_id: uuid.UUID) -> str:
    """Where a partner posts its webhooks on this deployment."""
    return f"/api/v1/exchange/inbox/{partner_id}"


def get_partner(*, session: Session, partner_id: uuid.UUID) -> Partner:
    """A partner, or NotFound."""
    partner = repository.get_partner(session, partner_id)
    if partner is None:
        raise NotFound("no such partner")
    return partner


def keys_from(document: Any) -> KeysDocument:
    """A keys document read for trust, or Invalid naming the keys field."""
    try:
        return read_keys_document(document)
    except Rejected as error:
        raise Invalid(str(error), field="keys") from None


def create_partner(*, session: Session, data: PartnerCreate) -> tuple[Partner, str | None]:
    """Register a deployment to follow; returns it with its webhook secret (if it sends any)."""
    feed_url = pull.feed_url_of(data.feed_url)
    if repository.partner_by_name(session, data.name.strip()):
        raise Conflict(
            "a partner named '%(name)s' exists", params={"name": data.name}, field="name"
        )
    if repository.partner_by_url(session, feed_url):
        raise Conflict("a partner with this feed address exists", field="feed_url")
    document = keys_from(data.keys)
    partner = Partner(
        id=uuid7(),
        name=data.name.strip(),
        feed_url=feed_url,
        deployment_id=document.deployment_id,
        cursor=0,
        error_count=0,
        is_active=True,
        pull_interval_minutes=data.pull_interval_minutes,
        next_pull_at=utcnow() if data.pull_interval_minutes else None,
    )
    repository.add(session, partner)
    session.flush()
    _trust(session, partner, document, "keys document given at registration")
    secret = None
    if data.receive_webhooks or data.inbox_secret:
        secret = _set_secret(partner, data.inbox_secret)
    audit.record(session, action="create", object_type="exchange_partner", object_id=partner.id)
    return partner, secret


def _trust(session: Session, partner: Partner, document: KeysDocument, source: str) -> int:
    if document.deployment_id and partner.deployment_id not in (None, document.deployment_id):
        raise Invalid("these keys belong to another deployment than this partner's", field="keys")
    if document.deployment_id == repository.get_head(session).deployment_id:
        raise Invalid("these are this deployment's own keys: it cannot follow itself", field="keys")
    partner.deployment_id = partner.deployment_id or document.deployment_id
    known = {key.kid for key in repository.partner_keys(session, partner.id)}
    added = 0
    for key in document.keys:
        if key.kid in known:
            continue
        repository.add(
            session,
            PartnerKey(
                partner_id=partner.id,
                kid=key.kid,
                public_x=jws.b64url(jws.raw_public_key(key.public_key)),
                valid_from=key.valid_from,
                valid_until=key.valid_until,
                source=source[:200],
            ),
        )
        added += 1
    session.flush()
    return added


def trust_keys(*, session: Session, partner_id: uuid.UUID, document: Any) -> int:
    """Trust more keys for a partner (e.g. after it rotated without announcing); how many new."""
    partner = get_partner(session=session, partner_id=partner_id)
    added = _trust(session, partner, keys_from(document), "keys document added by an administrator")
    audit.record(
        session,
        action="exchange.trust_keys",
        object_type="exchange_partner",
        object_id=partner.id,
        details={"added": added},
    )
    return added


def update_partner(*, session: Session, partner_id: uuid.UUID, data: PartnerUpdate) -> Partner:
    """Rename, reschedule (0: manual pulls only), pause or resume a partner."""
    partner = get_partner(session=session, partner_id=partner_id)
    check_version(partner, data.version)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    if changes.get("name"):
        partner.name = changes["name"].strip()
    if "pull_interval_minutes" in changes:
        partner.pull_interval_minutes = changes["pull_interval_minutes"] or None
        partner.next_pull_at = utcnow() if partner.pull_interval_minutes else None
    if changes.get("is_active") is not None:
        partner.is_active = changes["is_active"]
    session.flush()
    audit.record(
        session,
        action="update",
        object_type="exchange_partner",
        object_id=partner.id,
        details={"fields": sorted(changes)},
    )
    return partner


def reset_cursor(*, session: Session, partner_id: uuid.UUID, version: int, cursor: int) -> Partner:
    """Read the partner's feed again from a cursor; entries already applied stay unchanged."""
    partner = get_partner(session=session, partner_id=partner_id)
    check_version(partner, version)
    partner.cursor = cursor
    partner.next_pull_at = utcnow() if partner.pull_interval_minutes else None
    session.flush()
    audit.record(
        session,
        action="exchange.reset_cursor",
        object_type="exchange_partner",
        object_id=partner.id,
        details={"cursor": cursor},
    )
    return partner


def request_pull(*, session: Session, partner_id: uuid.UUID) -> Partner:
    """Make the partner due for a pull now (the background jobs run it)."""
    partner = get_partner(session=session, partner_id=partner_id)
    partner.next_pull_at = utcnow()
    session.flush()
    audit.record(
        session,
        action="exchange.request_pull",
        object_type="exchange_partner",
        object_id=partner.id,
    )
    return partner


def origin(session: Session, record_type: str, record_id: uuid.UUID) -> dict[str, Any] | None:
    """Where a local record came from (partner, its record and entry, when), None if made here."""
    found = repository.provenance_of_local(session, record_type, record_id)
    if found is None:
        return None
    provenance, partner = found
    return {
        "partner": {"id": str(partner.id), "name": partner.name, "feed_url": partner.feed_url},
        "deployment": str(partner.deployment_id) if partner.deployment_id else None,
        "remote_record_id": provenance.remote_record_id,
        "remote_version": provenance.remote_version,
        "remote_entry_id": str(provenance.remote_entry_id),
        "remote_cursor": provenance.remote_cursor,
        "remote_published_at": provenance.remote_published_at,
        "imported_at": provenance.imported_at,
        "synced_at": provenance.synced_at,
        "local_version": provenance.local_version,
        "waiting_for_review": bool(repository.open_conflicts_of(session, provenance.id)),
    }


def provenance_of(*, session: Session, record_type: str, record_id: uuid.UUID) -> dict[str, Any]:
    """Where a local record came from, or NotFound when it was made here."""
    found = origin(session, record_type, record_id)
    if found is None:
        raise NotFound("this record was not imported from a partner")
    return found


def _set_secret(partner: Partner, secret: str | None) -> str:
    if secret is not None and len(secret) < 16:
        raise Invalid("a shared secret has at least 16 characters", field="secret")
    secret = secret or secrets.token_urlsafe(32)
    partner.inbox_secret_sealed = seal(secret.encode())
    return secret


def set_inbox_secret(*, session: Session, partner_id: uuid.UUID, secret: str | None) -> str:
    """Set (or generate) the secret this partner's webhooks are signed with; returns it."""
    partner = get_partner(session=session, partner_id=partner_id)
    secret = _set_secret(partner, secret)
    session.flush()
    audit.record(
        session,
        action="exchange.inbox_secret",
        object_type="exchange_partner",
        object_id=partner.id,
    )
    return secret


def partner_view(session: Session, partner: Partner) -> PartnerRead:
    """A partner with its sync state, lag and counts."""
    head = partner.remote_head
    keys = [PartnerKeyRead.model_validate(k) for k in repository.partner_keys(session, partner.id)]
    return PartnerRead(
        id=partner.id,
        version=partner.version,
        name=partner.name,
        feed_url=partner.feed_url,
        deployment_id=partner.deployment_id,
        cursor=partner.cursor,
        remote_head=head,
        lag_entries=None if head is None else max(0, head - partner.cursor),
        pull_interval_minutes=partner.pull_interval_minutes,
        next_pull_at=partner.next_pull_at,
        last_attempt_at=partner.last_attempt_at,
        last_success_at=partner.last_success_at,
        last_entry_published_at=partner.last_entry_published_at,
        last_error=partner.last_error,
        error_count=partner.error_count,
        is_active=partner.is_active,
        receives_webhooks=partner.inbox_secret_sealed is not None,
        inbox_path=inbox_path(partner.id),
        imported=repository.imported_count(session, partner.id),
        open_conflicts=repository.count_open_conflicts(session, partner.id),
        rejected=repository.count_rejections(session, partner.id),
        keys=keys,
    )


def partner_views(session: Session) -> list[PartnerRead]:
    """Every partner with its sync state."""
    return [partner_view(session, partner) for partner in repository.list_partners(session)]


# ------------------------------------------------------------------ webhooks from partners


def receive_webhook(
    *, session: Session, partner_id: uuid.UUID, body: bytes, signature: str | None
) -> ImportReport:
    """Check a partner's webhook (HMAC) and import its entries as a pull would."""
    partner = repository.get_partner(session, partner_id, lock=True)
    if partner is None or not partner.is_active:
        raise NotFound("no such partner")
    if partner.inbox_secret_sealed is None:
        raise NotAuthenticated("this partner has no webhook secret here; pulls only")
    try:
        signing.verify(unseal(partner.inbox_secret_sealed), body, signature, int(time.time()))
    except signing.WebhookSignatureError as error:
        raise NotAuthenticated(str(error)) from None
    entries = _webhook_entries(body)
    report = importer.import_entries(session, partner=partner, entries=entries, via="webhook")
    _advance_contiguously(partner, report.cursors)
    pull.note_published(partner, entries)
    partner.last_success_at = utcnow()
    return report


def _webhook_entries(body: bytes) -> list[Any]:
    try:
        document = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise Invalid("the webhook body is not JSON") from None
    entries = document.get("entries") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise Invalid("the webhook body has no entries list", field="entries")
    if len(entries) > MAX_WEBHOOK_ENTRIES:
        raise Invalid(
            "at most %(limit)s entries per delivery",
            params={"limit": MAX_WEBHOOK_ENTRIES},
            field="entries",
        )
    return entries


def _advance_contiguously(partner: Partner, cursors: list[int]) -> None:
    """Move the pull cursor over pushed entries only where nothing before them is missing."""
    for cursor in sorted(set(cursors)):
        if cursor == partner.cursor + 1:
            partner.cursor = cursor
        elif cursor > partner.cursor + 1:
            break
    partner.remote_head = max(partner.remote_head or 0, *cursors, partner.cursor)


def rejections_of(*, session: Session, partner_id: uuid.UUID) -> Sequence[Rejection]:
    """A partner's latest rejected entries, newest first."""
    return repository.rejections_of(session, partner_id)


def find_partner(
    *, session: Session, feed_url: str | None = None, name: str | None = None
) -> Partner | None:
    """The partner following a feed URL, or registered under a name (None: no such partner)."""
    if feed_url is not None:
        return repository.partner_by_url(session, feed_url)
    return repository.partner_by_name(session, name or "")
