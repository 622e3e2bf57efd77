"""Builders of the exchange's administration pages, shared by their route modules."""

from __future__ import annotations

import json
import uuid
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from passage.errors import Invalid
from passage.exchange import deliveries, labels, partners, service
from passage.kit.clock import utcnow
from passage.kit.readable import describe, explain
from passage.web.forms import Rejected
from passage.web.render import render


def problem(rejected: Rejected) -> str:
    """What went wrong with a form, as the one line its page shows (a field named first)."""
    error = rejected.error
    return describe(error.errors()[0]) if isinstance(error, ValidationError) else explain(error)


def keys_json(text: str) -> Any:
    """A keys document pasted in a form, or Invalid naming the keys field."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise Invalid(
            "the keys document is not JSON: %(msg)s", params={"msg": error.msg}, field="keys"
        ) from None


def minutes(text: str) -> int | None:
    """A whole number of minutes from a form field (blank: none), or Invalid."""
    if not text.strip():
        return None
    try:
        return int(text)
    except ValueError:
        raise Invalid("give a whole number of minutes", field="pull_interval_minutes") from None


def overview_page(
    request: Request, session: Session, status_code: int = 200, **extra: Any
) -> Response:
    """This deployment's feed and keys, the partners, the subscribers (and any form outcome)."""
    context = {
        "deployment": deliveries.deployment(session),
        **service.feed_state(session=session),
        "keys": service.all_keys(session),
        "partners": partners.partner_views(session),
        "subscriptions": service.subscription_views(session),
        "base_url": str(request.base_url).rstrip("/"),
        "now": utcnow(),
        **extra,
    }
    return render(request, "exchange/overview.html", context, status_code=status_code)


def partner_page(
    request: Request, session: Session, partner_id: uuid.UUID, status_code: int = 200, **extra: Any
) -> Response:
    """One partner: sync state, keys, latest rejections, forms."""
    partner = partners.get_partner(session=session, partner_id=partner_id)
    context = {
        "partner": partners.partner_view(session, partner),
        "rejections": partners.rejections_of(session=session, partner_id=partner_id),
        "base_url": str(request.base_url).rstrip("/"),
        "now": utcnow(),
        **labels.TEMPLATE_HELPERS,
        **extra,
    }
    return render(request, "exchange/partner.html", context, status_code=status_code)
