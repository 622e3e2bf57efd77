"""HTML pages of the exchange for administrators (this deployment's feed and keys, partners,
subscribers) and the conflict review list for coordinators."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.exchange import conflicts, labels, service
from passage.exchange import web_partners as partner_pages
from passage.exchange.pages import overview_page, problem
from passage.web.forms import Rejected, submit
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
router.include_router(partner_pages.router)
Manager = Annotated[Principal, Require("exchange.manage")]
Reviewer = Annotated[Principal, Require("exchange.review")]


@router.get("/admin/exchange")
def exchange_page(
    request: Request, session: SessionDep, principal: Manager,
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:  # fmt: skip
    """The exchange at a glance, with the forms to add partners and subscribers."""
    return overview_page(request, session, done=done)


@router.post("/admin/exchange/keys/rotate")
def rotate_key(request: Request, session: SessionDep, principal: Manager) -> Response:
    """Sign with a new key from now on."""
    service.rotate_key(session=session)
    return redirect("/admin/exchange?done=rotated")


@router.post("/admin/exchange/subscriptions")
def create_subscription(
    request: Request,
    session: SessionDep,
    principal: Manager,
    name: Annotated[str, Form()],
    url: Annotated[str, Form()],
    secret: Annotated[str, Form()] = "",
    after: Annotated[str, Form()] = "",
) -> Response:
    """Add a subscriber; the page shows its shared secret this once."""
    values = {"name": name, "url": url, "after": after}
    if after.strip() and not after.strip().isdigit():
        return _subscription_error(request, session, "after: give a cursor (0 or more)", values)
    outcome = submit(
        session,
        lambda: service.create_subscription(
            session=session,
            name=name,
            url=url,
            secret=secret.strip() or None,
            after=int(after) if after.strip() else None,
        ),
    )
    if isinstance(outcome, Rejected):
        return _subscription_error(request, session, problem(outcome), values, outcome.status)
    view, shown = outcome
    return overview_page(request, session, new_subscription=view, new_secret=shown)


def _subscription_error(
    request: Request, session: Session, message: str, values: dict[str, str], status: int = 422
) -> Response:
    return overview_page(
        request, session, status, subscription_error=message, subscription_form=values
    )


@router.post("/admin/exchange/subscriptions/{subscription_id}/replay")
def replay(
    subscription_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Manager,
    after: Annotated[int, Form(ge=0)],
) -> Response:
    """Send a subscriber the entries after a cursor again."""
    service.replay(session=session, subscription_id=subscription_id, after=after)
    return redirect("/admin/exchange?done=replayed")


@router.post("/admin/exchange/subscriptions/{subscription_id}/active")
def set_subscription_active(
    subscription_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Manager,
    version: Annotated[int, Form()],
    active: Annotated[bool, Form()],
) -> Response:
    """Pause or resume a subscriber."""
    service.set_subscription_active(
        session=session, subscription_id=subscription_id, version=version, active=active
    )
    return redirect("/admin/exchange?done=" + ("resumed" if active else "paused"))


# ------------------------------------------------------------------ conflicts


@router.get("/exchange/conflicts")
def conflicts_page(
    request: Request,
    session: SessionDep,
    principal: Reviewer,
    status: Annotated[str, Query(pattern="^(open|accepted|kept|superseded)$")] = "open",
) -> Response:
    """Partners' changes to records edited here, side by side with the local record."""
    rows = conflicts.list_conflicts(session=session, principal=principal, status=status)
    context = {
        "conflicts": [
            (row, conflicts.differences(conflicts.local_state(session, row), row.content))
            for row in rows
        ],
        "status": status,
        "statuses": conflicts.STATUSES,
        **labels.TEMPLATE_HELPERS,
    }
    return render(request, "exchange/conflicts.html", context)


@router.post("/exchange/conflicts/{conflict_id}/resolve")
def resolve_conflict(
    conflict_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Reviewer,
    version: Annotated[int, Form()],
    choice: Annotated[str, Form(pattern="^(theirs|mine)$")],
) -> Response:
    """Keep the local record or apply the partner's change."""
    conflicts.resolve(
        session=session,
        principal=principal,
        conflict_id=conflict_id,
        version=version,
        choice=choice,
    )
    return redirect("/exchange/conflicts")
