"""The outbound side of the exchange: feed pages, the keys document, key rotation and the
subscribers the feed is pushed to. Flushes only."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from passage.errors import Invalid
from passage.exchange import atom, deliveries, feed, keys, pull, repository
from passage.exchange import kinds as record_kinds
from passage.exchange.entries import signed_entry
from passage.exchange.models import FeedEntry, SigningKey
from passage.exchange.schemas import DeploymentRead, FeedPageRead, SubscriptionRead
from passage.kit import audit
from passage.kit.clock import utcnow
from passage.kit.repository import check_version
from passage.webhooks import repository as webhook_repository
from passage.webhooks import service as webhooks
from passage.webhooks.models import WebhookEndpoint

MAX_PAGE = 1000


def check_kinds(kinds: Sequence[str] | None) -> list[str] | None:
    """The kinds asked for, or Invalid naming the unknown one."""
    known = record_kinds.names()
    for kind in kinds or []:
        if kind not in known:
            raise Invalid(
                "unknown kind '%(kind)s'; one of %(known)s",
                params={"kind": kind, "known": ", ".join(known)},
                field="kind",
            )
    return list(kinds) if kinds else None


def feed_page(
    *, session: Session, after: int, limit: int, kinds: Sequence[str] | None = None
) -> FeedPageRead:
    """Signed entries after a cursor, oldest first, with the cursor to continue from."""
    rows = repository.entries_after(
        session, after=after, limit=min(limit, MAX_PAGE) + 1, kinds=check_kinds(kinds)
    )
    page = rows[:limit]
    head = repository.get_head(session).cursor
    return FeedPageRead(
        deployment=DeploymentRead(**deliveries.deployment(session)),
        entries=[signed_entry(row.payload, row.signature) for row in page],
        next_after=page[-1].cursor if page else after,
        has_more=len(rows) > limit,
        head=head,
    )


def latest_entries(
    *, session: Session, before: int | None, limit: int, kinds: Sequence[str] | None = None
) -> Sequence[FeedEntry]:
    """The newest entries, newest first (the Atom view)."""
    return repository.latest_entries(
        session, before=before, limit=min(limit, MAX_PAGE), kinds=check_kinds(kinds)
    )


def atom_feed(
    *,
    session: Session,
    base_url: str,
    self_url: str,
    before: int | None,
    limit: int,
    kinds: Sequence[str] | None = None,
) -> bytes:
    """The newest entries (older than `before`) as an Atom document, linking to older ones."""
    rows = latest_entries(session=session, before=before, limit=limit, kinds=kinds)
    deployment = deliveries.deployment(session)
    more = len(rows) == limit and rows[-1].cursor > 1
    older = (
        f"{base_url}{pull.FEED_PATH}.atom?before={rows[-1].cursor}&limit={limit}" if more else None
    )
    return atom.render(
        [atom.atom_entry(row) for row in rows],
        feed_id=f"urn:uuid:{deployment['id']}",
        title=f"{deployment['name']}: border rule changes",
        author=deployment["name"],
        self_url=self_url,
        next_url=older,
        alternate_url=f"{base_url}{pull.FEED_PATH}",
        updated=rows[0].published_at if rows else utcnow(),
    )


def ensure_key(session: Session) -> SigningKey:
    """The current signing key, made now under the feed head lock if there is none yet."""
    key = repository.current_key(session)
    if key is not None:
        return key
    head = repository.lock_head(session)
    return keys.current_key(session, feed.next_published_at(head))


def keys_document(session: Session) -> dict[str, Any]:
    """The public keys document: every key with its validity, and this deployment."""
    ensure_key(session)
    return {
        "deployment": deliveries.deployment(session),
        "keys": [keys.published_jwk(key) for key in repository.all_keys(session)],
    }


def all_keys(session: Session) -> Sequence[SigningKey]:
    """Every signing key, the current one first."""
    return repository.all_keys(session)


def rotate_key(*, session: Session) -> SigningKey:
    """Start signing with a new key; the old one stays published and announces the new one."""
    new, old = feed.rotate_key(session)
    audit.record(
        session,
        action="exchange.rotate_key",
        object_type="exchange_key",
        object_id=new.kid,
        details={"previous": old.kid if old else None},
    )
    return new


# ------------------------------------------------------------------ subscriptions


def subscription_views(
    session: Session, endpoints: Sequence[WebhookEndpoint] | None = None
) -> list[SubscriptionRead]:
    """Every subscriber of the feed with its delivery state."""
    endpoints = endpoints or webhook_repository.endpoints(session, deliveries.TOPIC)
    stats = webhook_repository.endpoint_stats(session, [e.id for e in endpoints])
    views = []
    for endpoint in endpoints:
        counts = stats.get(endpoint.id, webhook_repository.EndpointStats())
        views.append(
            SubscriptionRead(
                id=endpoint.id,
                version=endpoint.version,
                name=endpoint.name,
                url=endpoint.url,
                is_active=endpoint.is_active,
                pending=counts.pending,
                dead=counts.dead,
                delivered_up_to=counts.delivered_sequence,
                last_delivered_at=counts.last_delivered_at,
                last_error=counts.last_error,
            )
        )
    return views


def create_subscription(
    *, session: Session, name: str, url: str, secret: str | None, after: int | None
) -> tuple[SubscriptionRead, str]:
    """A new subscriber; entries after `after` (default: from now on) will be pushed to it."""
    endpoint, secret = webhooks.create_endpoint(
        session=session, topic=deliveries.TOPIC, name=name, url=url, secret=secret
    )
    if after is not None:
        replay(session=session, subscription_id=endpoint.id, after=after)
    return subscription_views(session, [endpoint])[0], secret


def get_subscription(*, session: Session, subscription_id: uuid.UUID) -> WebhookEndpoint:
    """A subscriber of the feed, or NotFound."""
    return webhooks.get_endpoint(
        session=session, endpoint_id=subscription_id, topic=deliveries.TOPIC
    )


def subscription_named(*, session: Session, name: str) -> WebhookEndpoint | None:
    """The subscriber of the feed with this name, if any."""
    return webhook_repository.endpoint_by_name(session, deliveries.TOPIC, name)


def replay(*, session: Session, subscription_id: uuid.UUID, after: int) -> int:
    """Queue the entries after a cursor for one subscriber again; how many messages."""
    endpoint = get_subscription(session=session, subscription_id=subscription_id)
    head = repository.get_head(session).cursor
    queued = deliveries.enqueue_entries(session, after=after, until=head, endpoints=[endpoint])
    audit.record(
        session,
        action="exchange.replay",
        object_type="webhook_endpoint",
        object_id=endpoint.id,
        details={"after": after, "until": head, "messages": queued},
    )
    return queued


def set_subscription_active(
    *, session: Session, subscription_id: uuid.UUID, version: int, active: bool
) -> SubscriptionRead:
    """Pause or resume a subscriber."""
    endpoint = get_subscription(session=session, subscription_id=subscription_id)
    check_version(endpoint, version)
    webhooks.set_active(session=session, endpoint=endpoint, active=active)
    return subscription_views(session, [endpoint])[0]


def feed_state(*, session: Session) -> dict[str, Any]:
    """This deployment's feed at a glance: its head, how many entries, open conflicts."""
    return {
        "head": repository.get_head(session),
        "entries": repository.entry_count(session),
        "open_conflicts": repository.count_open_conflicts(session),
    }
