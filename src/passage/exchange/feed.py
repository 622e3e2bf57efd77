"""The seam between the domains and the feed: `record_change` queues a published change in the
caller's transaction; just before that transaction commits, the queued changes get their cursors
under the locked feed head, are signed and written, and webhook deliveries are queued. A change
and its feed entry therefore commit together or not at all, and cursor order is commit order.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from passage.errors import Invalid
from passage.exchange import deliveries, jws, keys, repository
from passage.exchange.canonical import canonical_json, canonical_json_with
from passage.exchange.entries import Change, entry_document, key_change
from passage.exchange.models import FeedEntry, FeedHead, SigningKey
from passage.kit import pending as pending_work
from passage.kit.clock import utcnow
from passage.kit.ids import uuid7

PENDING_KEY = "exchange_pending"
SUPPRESS_KEY = "exchange_suppressed"


def record_change(session: Session, change: Change | None) -> None:
    """Queue a published change of a local record for the feed (None: nothing to publish).

    Records imported from a partner are not republished (their origin publishes them), nor
    is anything recorded while an import runs.
    """
    if change is None or session.info.get(SUPPRESS_KEY):
        return
    if not change.is_new and repository.has_provenance(session, change.kind, change.record_id):
        return
    try:  # written once: the entry's payload takes these bytes as they are
        change = replace(change, canonical_content=canonical_json(change.content))
    except ValueError as error:
        raise Invalid(
            "this change cannot be published to the exchange feed: %(error)s",
            params={"error": error},
        ) from None
    pending_work.queue(session, PENDING_KEY, change)


@contextmanager
def suppressed(session: Session) -> Iterator[None]:
    """Within this block, changes are not queued for the feed (imports from partners)."""
    before = session.info.get(SUPPRESS_KEY, False)
    session.info[SUPPRESS_KEY] = True
    try:
        yield
    finally:
        session.info[SUPPRESS_KEY] = before


def next_published_at(head: FeedHead) -> datetime:
    """Now, but never earlier than the last entry: publication times follow cursor order."""
    now = utcnow()
    return max(now, head.published_at) if head.published_at else now


def append(session: Session, head: FeedHead, change: Change, signing_key: SigningKey) -> FeedEntry:
    """Give a change the next cursor, sign it and stage the entry (the head must be locked)."""
    return repository.add_entry(session, FeedEntry(**entry_values(head, change, signing_key)))


def entry_values(head: FeedHead, change: Change, signing_key: SigningKey) -> dict[str, Any]:
    """The columns of the next entry: its cursor (the head moves on), payload and signature."""
    published_at = next_published_at(head)
    entry_id = uuid7()
    head.cursor, head.published_at = head.cursor + 1, published_at
    document = entry_document(
        change,
        entry_id=entry_id,
        cursor=head.cursor,
        deployment_id=head.deployment_id,
        published_at=published_at,
    )
    payload = entry_payload(document, change)
    signer = keys.signer_of(signing_key)
    return {
        "id": entry_id,
        "cursor": head.cursor,
        "published_at": published_at,
        "kind": change.kind,
        "action": change.action,
        "record_id": change.record_id,
        "record_version": change.record_version,
        "effective_from": change.effective_from,
        "payload": payload.decode("utf-8"),
        "signature": jws.sign_detached(payload, signer.private_key, signer.kid),
        "kid": signer.kid,
    }


def entry_payload(document: dict[str, Any], change: Change) -> bytes:
    """The signed bytes of an entry document (`canonical_json(document)`), its content written
    when the change was queued, not serialised a second time."""
    if change.canonical_content is None:
        return canonical_json(document)
    members = {name: value for name, value in document.items() if name != "content"}
    return canonical_json_with(members, "content", change.canonical_content)


def _write_pending(session: Session) -> None:
    """Cursor, sign and write the queued changes under the locked head (runs before commit);
    an import's thousands of entries are inserted together."""
    pending: list[Change] = pending_work.take(session, PENDING_KEY)
    if not pending:
        return
    head = repository.lock_head(session)
    signing_key = keys.current_key(session, next_published_at(head))
    first = head.cursor + 1
    repository.add_entries(session, [entry_values(head, change, signing_key) for change in pending])
    deliveries.enqueue_entries(session, after=first - 1, until=head.cursor)
    session.flush()


def rotate_key(session: Session) -> tuple[SigningKey, SigningKey | None]:
    """Make a new signing key; the old one announces it in the feed, then retires.

    Partners that trust the old key learn the new one from that signed entry. An old key that
    can no longer be opened (PASSAGE_SECRET_KEY changed) just retires: partners must then be
    given the new keys document. Returns the new key and the retired one (None: first key).
    """
    head = repository.lock_head(session)
    old = repository.current_key(session)
    moment = next_published_at(head)
    new = keys.new_key(moment)
    repository.add(session, new)
    if old is not None and keys.usable(old):
        announcement = key_change(keys.published_jwk(new), old.kid)
        append(session, head, announcement, old)
        old.valid_until = head.published_at
        deliveries.enqueue_entries(session, after=head.cursor - 1, until=head.cursor)
    elif old is not None:
        old.valid_until = moment
    session.flush()
    return new, old


def install() -> None:
    """Write the queued feed entries before every commit, before the audit trail's writer
    (rank 20): concurrent transactions take the two heads' locks in one order, never deadlock."""
    pending_work.register_writer(PENDING_KEY, _write_pending, rank=10)
