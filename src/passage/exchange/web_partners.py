"""HTML pages of the partner registry: add a partner, its sync state, keys, rejections and the
actions on it (pull now, settings, trust keys, read again from a cursor, webhook secret)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.exchange import partners
from passage.exchange.pages import keys_json, minutes, overview_page, partner_page, problem
from passage.exchange.schemas import PartnerCreate, PartnerUpdate
from passage.web.forms import Rejected, submit
from passage.web.render import redirect

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
Manager = Annotated[Principal, Require("exchange.manage")]


@router.post("/admin/exchange/partners")
def create_partner(
    request: Request,
    session: SessionDep,
    principal: Manager,
    name: Annotated[str, Form()],
    feed_url: Annotated[str, Form()],
    keys: Annotated[str, Form()],
    pull_interval_minutes: Annotated[str, Form()] = "",
    receive_webhooks: Annotated[bool, Form()] = False,
) -> Response:
    """Register a partner; with webhooks on, its page shows the shared secret this once."""
    values = {
        "name": name,
        "feed_url": feed_url,
        "keys": keys,
        "interval": pull_interval_minutes,
        "receive_webhooks": receive_webhooks,
    }
    outcome = submit(
        session,
        lambda: partners.create_partner(
            session=session,
            data=PartnerCreate(
                name=name,
                feed_url=feed_url,
                keys=keys_json(keys),
                pull_interval_minutes=minutes(pull_interval_minutes),
                receive_webhooks=receive_webhooks,
            ),
        ),
    )
    if isinstance(outcome, Rejected):
        return overview_page(
            request, session, outcome.status, partner_error=problem(outcome), partner_form=values
        )
    partner, secret = outcome
    return partner_page(request, session, partner.id, new_secret=secret)


@router.get("/admin/exchange/partners/{partner_id}")
def partner_detail(
    partner_id: uuid.UUID, request: Request, session: SessionDep, principal: Manager,
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:  # fmt: skip
    """A partner's sync state, keys and rejected entries."""
    return partner_page(request, session, partner_id, done=done)


def _after(partner_id: uuid.UUID, done: str) -> Response:
    return redirect(f"/admin/exchange/partners/{partner_id}?done={done}")


def _done_or_failed(
    request: Request, session: Session, partner_id: uuid.UUID, outcome: object, done: str
) -> Response:
    """Back to the partner's page: with what was done, or with the form's problem (an unknown
    partner stays a 404)."""
    if not isinstance(outcome, Rejected):
        return _after(partner_id, done)
    if outcome.status == 404:
        raise outcome.error
    return partner_page(request, session, partner_id, outcome.status, form_error=problem(outcome))


@router.post("/admin/exchange/partners/{partner_id}/pull")
def request_pull(
    partner_id: uuid.UUID, request: Request, session: SessionDep, principal: Manager
) -> Response:
    """Pull now (in the background jobs, within seconds)."""
    partners.request_pull(session=session, partner_id=partner_id)
    return _after(partner_id, "pull")


@router.post("/admin/exchange/partners/{partner_id}/settings")
def update_settings(
    partner_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Manager,
    version: Annotated[int, Form()],
    name: Annotated[str, Form()],
    pull_interval_minutes: Annotated[str, Form()] = "",
    is_active: Annotated[bool, Form()] = False,
) -> Response:
    """Rename, reschedule (blank: manual pulls only), pause or resume."""
    outcome = submit(
        session,
        lambda: partners.update_partner(
            session=session,
            partner_id=partner_id,
            data=PartnerUpdate(
                version=version,
                name=name,
                pull_interval_minutes=minutes(pull_interval_minutes) or 0,
                is_active=is_active,
            ),
        ),
    )
    return _done_or_failed(request, session, partner_id, outcome, "saved")


@router.post("/admin/exchange/partners/{partner_id}/keys")
def trust_keys(
    partner_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Manager,
    keys: Annotated[str, Form()],
) -> Response:
    """Trust the keys of a pasted keys document."""
    outcome = submit(
        session,
        lambda: partners.trust_keys(
            session=session, partner_id=partner_id, document=keys_json(keys)
        ),
    )
    return _done_or_failed(request, session, partner_id, outcome, "keys")


@router.post("/admin/exchange/partners/{partner_id}/cursor")
def reset_cursor(
    partner_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Manager,
    version: Annotated[int, Form()],
    cursor: Annotated[int, Form(ge=0)],
) -> Response:
    """Read the partner's feed again from a cursor."""
    outcome = submit(
        session,
        lambda: partners.reset_cursor(
            session=session, partner_id=partner_id, version=version, cursor=cursor
        ),
    )
    return _done_or_failed(request, session, partner_id, outcome, "cursor")


@router.post("/admin/exchange/partners/{partner_id}/inbox-secret")
def inbox_secret(
    partner_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Manager,
    secret: Annotated[str, Form()] = "",
) -> Response:
    """Set or generate the webhook secret; the page shows it this once."""
    outcome = submit(
        session,
        lambda: partners.set_inbox_secret(
            session=session, partner_id=partner_id, secret=secret.strip() or None
        ),
    )
    if isinstance(outcome, Rejected):
        return _done_or_failed(request, session, partner_id, outcome, "")
    return partner_page(request, session, partner_id, new_secret=outcome)
