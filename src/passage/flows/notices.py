"""Telling the followers of a point that the detectors raised alerts on it: by e-mail (through
the notification outbox of port health, sent after the commit when mail is set up) and by
webhook (endpoints a follower registered for the point, topic `flows.point.<id>`). The in-app
list is `/flows?followed=1`.

Only recent alerts are told (a period that started within `RECENT_DAYS` before today): judging
an imported history again, or a new detector configuration, raises alerts of long ago that are
on the pages but news to nobody. One message per follower and refresh lists them all. Alerts
are aggregate counts: no message carries anything about a person. A follower whose grants no
longer reach the point is not told."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from passage.access import can
from passage.auth.service import principal_for
from passage.config import get_settings
from passage.flows import access, repository
from passage.flows.models import FlowAlert, FlowPoint
from passage.flows.series import parse_key
from passage.flows.vocabulary import METHODS
from passage.health.notifications.mail import effective_config
from passage.health.notifications.models import OutboxMessage
from passage.kit.clock import today, utcnow
from passage.kit.jobs import wake_after_commit
from passage.webhooks import repository as webhook_repository
from passage.webhooks import service as webhooks

RECENT_DAYS = 35
TOPIC_PREFIX = "flows.point."
SHOWN = 10


def topic_of(point_id: uuid.UUID) -> str:
    """The webhook topic of a point's alerts."""
    return f"{TOPIC_PREFIX}{point_id}"


def recent(found: Sequence[FlowAlert]) -> list[FlowAlert]:
    """The alerts worth telling: those of recent periods, by period."""
    since = today() - timedelta(days=RECENT_DAYS)
    return sorted((a for a in found if a.period_start >= since), key=lambda a: a.period_start)


def _line(alert: FlowAlert, base: str) -> str:
    rise = "rise" if alert.direction == "up" else "drop"
    subject = parse_key(alert.series).subject() if alert.series else ""
    return (
        f"- {alert.period}: {rise}{subject}, {alert.observed:g} observed where about "
        f"{alert.expected:.0f} were expected ({METHODS.get(alert.method, alert.method)}). "
        f"{base}/flows/alerts/{alert.id}"
    )


def _email(point: FlowPoint, found: list[FlowAlert], address: str) -> OutboxMessage:
    base = get_settings().public_url.rstrip("/")
    subject = f"Flow alert at {point.name}"[:200]
    lines = [_line(alert, base) for alert in found[:SHOWN]]
    if len(found) > SHOWN:
        lines.append(f"... and {len(found) - SHOWN} more: {base}/flows?followed=1")
    body = "\n".join(
        [f"The detectors raised {len(found)} alert(s) at {point.name}:", "", *lines, "",
         "Passage flow monitoring (sign in to see the chart and acknowledge)."]
    )  # fmt: skip
    return OutboxMessage(
        channel="email", recipient=address, subject=subject, body=body, next_attempt_at=utcnow()
    )


def payload(point: FlowPoint, found: list[FlowAlert]) -> dict[str, Any]:
    """A webhook body: the point and its new alerts (aggregates only)."""
    return {
        "point": {"id": str(point.id), "code": point.code, "name": point.name},
        "alerts": [
            # an alert on a sub-series adds its key (flows.series); a total's is as before
            ({"series": alert.series} if alert.series else {})
            | {
                "id": str(alert.id),
                "period": alert.period,
                "observed": alert.observed,
                "expected": alert.expected,
                "threshold": alert.threshold,
                "method": alert.method,
                "direction": alert.direction,
                "explanation": alert.explanation,
            }
            for alert in found
        ],
    }


def tell(session: Session, point: FlowPoint, raised: Sequence[FlowAlert]) -> int:
    """Tell the followers of a point about its new recent alerts; the messages queued."""
    found = recent(raised)
    if not found:
        return 0
    queued = 0
    if effective_config(session).enabled:
        for user in repository.follower_users(session, point.id):
            if can(principal_for(user), "flows.alerts", access.target(point)):
                repository.add(session, _email(point, found, user.email))
                queued += 1
    body = payload(point, found)
    for endpoint in webhook_repository.endpoints(session, topic_of(point.id), active_only=True):
        webhooks.enqueue(session, endpoint=endpoint, payload=body)
        queued += 1
    if queued:
        wake_after_commit(session)
    return queued
