"""JSON routes of the exchange: the public feed (JSON and Atom) and keys, the partners' inbox,
and the administration of partners, subscriptions, keys and the conflict review list."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.exchange import conflicts, partners, service
from passage.exchange.schemas import (
    MAX_CURSOR,
    ConflictRead,
    ConflictResolve,
    CursorReset,
    FeedPageRead,
    InboxSecret,
    PartnerCreate,
    PartnerCreated,
    PartnerRead,
    PartnerUpdate,
    RejectionRead,
    Replay,
    SubscriptionCreate,
    SubscriptionCreated,
    SubscriptionRead,
    SubscriptionUpdate,
    TrustKeys,
)
from passage.kit.uploads import MEGABYTE, read_body
from passage.web.downloads import file_response
from passage.webhooks.signing import SIGNATURE_HEADER

router = APIRouter(tags=["exchange"])
PREFIX = "/api/v1/exchange"
Manager = Annotated[Principal, Require("exchange.manage")]
INBOX_MAX_MEGABYTES = 20  # a webhook delivery: up to 100 signed entries
Kinds = Annotated[list[str] | None, Query(alias="kind", description="Only these kinds.")]


# ------------------------------------------------------------------ public feed


@router.get(f"{PREFIX}/feed", response_model=FeedPageRead)
def read_feed(
    session: SessionDep,
    principal: Annotated[Principal, Require("exchange.feed")],
    after: Annotated[
        int, Query(ge=0, le=MAX_CURSOR, description="Cursor of the last entry already read.")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    kind: Kinds = None,
) -> FeedPageRead:
    """Signed entries after a cursor, oldest first; follow `next_after` while `has_more`."""
    return service.feed_page(session=session, after=after, limit=limit, kinds=kind)


@router.get(
    f"{PREFIX}/feed.atom",
    response_class=Response,
    responses=file_response("application/atom+xml", "An Atom feed of the newest entries"),
)
def read_feed_atom(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("exchange.feed")],
    before: Annotated[
        int | None, Query(ge=1, le=MAX_CURSOR, description="Entries older than this cursor.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    kind: Kinds = None,
) -> Response:
    """The newest entries as Atom (rel="next" pages to older ones); each carries its JSON."""
    body = service.atom_feed(
        session=session,
        base_url=str(request.base_url).rstrip("/"),
        self_url=str(request.url),
        before=before,
        limit=limit,
        kinds=kind,
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/.well-known/passage-keys.json")
def keys_document(
    session: SessionDep, principal: Annotated[Principal, Require("exchange.feed")]
) -> dict[str, Any]:
    """This deployment's public signing keys (JWK, with validity) and its id."""
    return service.keys_document(session)


@router.post(f"{PREFIX}/inbox/{{partner_id}}", max_body_size=INBOX_MAX_MEGABYTES * MEGABYTE)
async def inbox(
    partner_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("exchange.receive")],
) -> dict[str, Any]:
    """A partner's webhook: checked by its HMAC signature, then imported as a pull would."""
    body = await read_body(request, max_megabytes=INBOX_MAX_MEGABYTES)
    signature = request.headers.get(SIGNATURE_HEADER)
    report = partners.receive_webhook(
        session=session, partner_id=partner_id, body=body, signature=signature
    )
    return report.to_dict()


# ------------------------------------------------------------------ partners


@router.get(f"{PREFIX}/partners", response_model=list[PartnerRead])
def list_partners(session: SessionDep, principal: Manager) -> list[PartnerRead]:
    """Every partner with its sync state (cursor, lag, last sync, errors)."""
    return partners.partner_views(session)


@router.post(f"{PREFIX}/partners", response_model=PartnerCreated, status_code=201)
def create_partner(data: PartnerCreate, session: SessionDep, principal: Manager) -> PartnerCreated:
    """Follow a deployment: its feed address and its keys document."""
    partner, secret = partners.create_partner(session=session, data=data)
    return PartnerCreated(partner=partners.partner_view(session, partner), inbox_secret=secret)


@router.get(f"{PREFIX}/partners/{{partner_id}}", response_model=PartnerRead)
def read_partner(partner_id: uuid.UUID, session: SessionDep, principal: Manager) -> PartnerRead:
    """One partner with its sync state."""
    partner = partners.get_partner(session=session, partner_id=partner_id)
    return partners.partner_view(session, partner)


@router.patch(f"{PREFIX}/partners/{{partner_id}}", response_model=PartnerRead)
def update_partner(
    partner_id: uuid.UUID, data: PartnerUpdate, session: SessionDep, principal: Manager
) -> PartnerRead:
    """Rename, reschedule (0: manual pulls only), pause or resume a partner."""
    partner = partners.update_partner(session=session, partner_id=partner_id, data=data)
    return partners.partner_view(session, partner)


@router.post(f"{PREFIX}/partners/{{partner_id}}/pull", status_code=202)
def pull_partner(partner_id: uuid.UUID, session: SessionDep, principal: Manager) -> dict[str, Any]:
    """Ask for a pull now; the background jobs run it within seconds (see its last sync)."""
    partner = partners.request_pull(session=session, partner_id=partner_id)
    return {"partner": str(partner.id), "pull_requested_at": partner.next_pull_at}


@router.post(f"{PREFIX}/partners/{{partner_id}}/keys", response_model=PartnerRead)
def trust_keys(
    partner_id: uuid.UUID, data: TrustKeys, session: SessionDep, principal: Manager
) -> PartnerRead:
    """Trust more keys for a partner (its keys document, or one JWK)."""
    partners.trust_keys(session=session, partner_id=partner_id, document=data.keys)
    return partners.partner_view(
        session, partners.get_partner(session=session, partner_id=partner_id)
    )


@router.post(f"{PREFIX}/partners/{{partner_id}}/cursor", response_model=PartnerRead)
def reset_cursor(
    partner_id: uuid.UUID, data: CursorReset, session: SessionDep, principal: Manager
) -> PartnerRead:
    """Read the partner's feed again from a cursor (applied entries stay unchanged)."""
    partner = partners.reset_cursor(
        session=session, partner_id=partner_id, version=data.version, cursor=data.cursor
    )
    return partners.partner_view(session, partner)


@router.post(f"{PREFIX}/partners/{{partner_id}}/inbox-secret")
def set_inbox_secret(
    partner_id: uuid.UUID, data: InboxSecret, session: SessionDep, principal: Manager
) -> dict[str, str]:
    """Set or generate the secret the partner signs its webhooks with (shown this once)."""
    secret = partners.set_inbox_secret(session=session, partner_id=partner_id, secret=data.secret)
    return {"inbox_path": partners.inbox_path(partner_id), "secret": secret}


@router.get(f"{PREFIX}/partners/{{partner_id}}/rejections", response_model=list[RejectionRead])
def list_rejections(
    partner_id: uuid.UUID, session: SessionDep, principal: Manager
) -> list[RejectionRead]:
    """The partner's latest rejected entries with their reasons."""
    partners.get_partner(session=session, partner_id=partner_id)
    rejections = partners.rejections_of(session=session, partner_id=partner_id)
    return [RejectionRead.model_validate(r) for r in rejections]


# ------------------------------------------------------------------ subscriptions and keys


@router.get(f"{PREFIX}/subscriptions", response_model=list[SubscriptionRead])
def list_subscriptions(session: SessionDep, principal: Manager) -> list[SubscriptionRead]:
    """Every subscriber the feed is pushed to, with its delivery state."""
    return service.subscription_views(session)


@router.post(f"{PREFIX}/subscriptions", response_model=SubscriptionCreated, status_code=201)
def create_subscription(
    data: SubscriptionCreate, session: SessionDep, principal: Manager
) -> SubscriptionCreated:
    """Push the feed to a subscriber's webhook URL, signed with a shared secret."""
    view, secret = service.create_subscription(
        session=session, name=data.name, url=data.url, secret=data.secret, after=data.after
    )
    return SubscriptionCreated(subscription=view, secret=secret)


@router.patch(f"{PREFIX}/subscriptions/{{subscription_id}}", response_model=SubscriptionRead)
def update_subscription(
    subscription_id: uuid.UUID, data: SubscriptionUpdate, session: SessionDep, principal: Manager
) -> SubscriptionRead:
    """Pause or resume a subscriber."""
    return service.set_subscription_active(
        session=session,
        subscription_id=subscription_id,
        version=data.version,
        active=data.is_active,
    )


@router.post(f"{PREFIX}/subscriptions/{{subscription_id}}/replay")
def replay(
    subscription_id: uuid.UUID, data: Replay, session: SessionDep, principal: Manager
) -> dict[str, int]:
    """Send the entries after a cursor to the subscriber again."""
    queued = service.replay(session=session, subscription_id=subscription_id, after=data.after)
    return {"messages": queued}


@router.post(f"{PREFIX}/keys/rotate")
def rotate_key(session: SessionDep, principal: Manager) -> dict[str, Any]:
    """Start signing with a new key; the old one stays published and announces it."""
    service.rotate_key(session=session)
    return service.keys_document(session)


# ------------------------------------------------------------------ conflicts


@router.get(f"{PREFIX}/conflicts", response_model=list[ConflictRead])
def list_conflicts(
    session: SessionDep,
    principal: Annotated[Principal, Require("exchange.review")],
    status: Annotated[str | None, Query(pattern="^(open|accepted|kept|superseded)$")] = "open",
) -> list[ConflictRead]:
    """Partners' changes held because the record was edited here (within your scope)."""
    return conflicts.list_conflicts(session=session, principal=principal, status=status)


@router.post(f"{PREFIX}/conflicts/{{conflict_id}}/resolve", response_model=ConflictRead)
def resolve_conflict(
    conflict_id: uuid.UUID,
    data: ConflictResolve,
    session: SessionDep,
    principal: Annotated[Principal, Require("exchange.review")],
) -> ConflictRead:
    """Keep the local record ('mine') or apply the partner's change over it ('theirs')."""
    conflict = conflicts.resolve(
        session=session,
        principal=principal,
        conflict_id=conflict_id,
        version=data.version,
        choice=data.choice,
    )
    return conflicts.conflict_read(session, conflict)


@router.get(f"{PREFIX}/provenance/{{record_type}}/{{record_id}}")
def provenance(
    record_type: str,
    record_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("exchange.feed")],
) -> dict[str, Any]:
    """Where a local record came from: partner, its record and entry, when it was imported."""
    return partners.provenance_of(session=session, record_type=record_type, record_id=record_id)
