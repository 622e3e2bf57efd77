"""A sync over HTTPS, run by the node (`passage field sync`, the sync page): batches up until
the outbox is acknowledged, then pages down until the reference data is complete.

Each step is its own transaction: a sync killed at any point leaves the node's cursors where
the central last acknowledged them, and the next sync resends from there (the central applies
each change once, by its id).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import httpx
from sqlalchemy.orm import Session, sessionmaker

from passage.db import transaction
from passage.field import keys, node
from passage.field.envelope import EnvelopeError

UP_PATH = "/api/v1/field/up"
DOWN_PATH = "/api/v1/field/down"
ENROL_PATH = "/api/v1/field/enrol"
MAX_DOWN_PAGES = 10_000
TIMEOUT_SECONDS = 60.0


class SyncError(Exception):
    """A sync that could not finish; the message names the step and the transport error."""


@dataclass(frozen=True)
class SyncReport:
    """What one sync did."""

    sent: int
    batches: int
    received: int
    complete: bool


def post_json(client: httpx.Client, url: str, body: Any) -> dict[str, Any]:
    """POST a JSON body; the JSON answer, or SyncError naming the status and the error."""
    try:
        response = client.post(url, json=body, timeout=TIMEOUT_SECONDS)
    except httpx.HTTPError as error:
        raise SyncError(f"no answer from the central: {type(error).__name__}") from None
    if response.status_code >= 400:
        try:
            body = response.json()
            detail = body.get("detail") or body.get("error", "")
        except ValueError:
            detail = ""
        raise SyncError(f"the central answered {response.status_code}: {detail}")
    answer = response.json()
    if not isinstance(answer, dict):
        raise SyncError("the central's answer is not a JSON object")
    return answer


def enrol(
    *,
    factory: sessionmaker[Session] | None,
    client: httpx.Client,
    central_url: str,
    token: str,
    name: str,
) -> tuple[Any, str]:
    """Enrol this deployment with a central: make a key pair, send its public half with the
    token, keep the answer; make the data key that seals the node's data at rest. The node's
    id and the enrolment secret (shown once: it opens the data key)."""
    private_key, public_x = node.new_key()
    body = {"token": token, "name": name, "public_key": public_x}
    answer = post_json(client, central_url.rstrip("/") + ENROL_PATH, body)
    with transaction(factory) as session:
        state = node.save_enrolment(
            session=session,
            central_url=central_url,
            name=name,
            private_key=private_key,
            answer=answer,
        )
        return state.node_id, keys.create(session=session)


def _step(factory: sessionmaker[Session] | None, work: Callable[[Session], Any]) -> Any:
    with transaction(factory) as session:
        return work(session)


def run(*, factory: sessionmaker[Session] | None, client: httpx.Client) -> SyncReport:
    """Send everything waiting, then fetch the reference data; SyncError on failure (noted on
    the sync page)."""
    try:
        return _run(factory, client)
    except (SyncError, EnvelopeError) as error:
        message, refused = str(error), " 403" in str(error)
        _step(factory, lambda s: node.record_error(session=s, message=message, refused=refused))
        raise SyncError(message) from None


def _acknowledge(session: Session, *, answer: dict[str, Any]) -> tuple[int, int]:
    return node.cursors(node.take_ack(session=session, answer=answer))


def _take_page(session: Session, *, page: dict[str, Any]) -> tuple[int, bool]:
    return node.take_down(session=session, message=page)


def _run(factory: sessionmaker[Session] | None, client: httpx.Client) -> SyncReport:
    url = _step(factory, lambda s: node.require_state(s).central_url)
    _step(factory, lambda s: node.require_open(session=s))
    sent = batches = 0
    while True:
        message, count = _step(factory, lambda s: node.up_batch(session=s))
        if count == 0:
            break
        answer = post_json(client, url + UP_PATH, message)
        before = _step(factory, lambda s: node.cursors(session=s))
        after = _step(factory, partial(_acknowledge, answer=answer))
        sent, batches = sent + count, batches + 1
        if after == before:  # nothing acknowledged: the central's answer says why
            raise SyncError(f"the central acknowledged nothing: {answer.get('outcomes')}")
    received, complete = 0, False
    for _page in range(MAX_DOWN_PAGES):
        request = _step(factory, lambda s: node.down_request(session=s))
        page = post_json(client, url + DOWN_PATH, request)
        written, complete = _step(factory, partial(_take_page, page=page))
        received += written
        if complete:
            break
    _step(factory, lambda s: node.take_ack(session=s, answer={}))
    return SyncReport(sent, batches, received, complete)
