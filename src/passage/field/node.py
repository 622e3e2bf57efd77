"""The node side: enrolment, the outbox of changes made here (written in the transaction that
made them), the signed batches sent up and their acknowledgement, the signed pages received
down, and the bundle files that carry both on a USB stick.

An acknowledgement moves the node's cursor (`acked_seq`) only forward: a batch sent again after
an interruption is applied once at the central (by change id) and acknowledged again.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.config import get_settings
from passage.errors import Conflict, Invalid, Locked
from passage.exchange import jws
from passage.field import down, envelope, keys, repository
from passage.field.models import NodeState, OutboxChange, Tombstone
from passage.kit import audit, pending, secretbox, travel
from passage.kit.clock import as_utc, utcnow
from passage.kit.i18n import gettext_ as _
from passage.kit.ids import uuid7
from passage.web import notices

AUDIT_PER_BATCH = 2000


def install() -> None:
    """Write captured changes to the outbox before each commit, on an enrolled node, and tell
    the officer screen when the node is offline or its reference data old."""
    pending.register_writer(travel.CHANGES_KEY, _write_outbox, rank=30)
    pending.register_writer(travel.TOMBSTONES_KEY, _write_tombstones, rank=31)
    notices.register(notice)
    keys.install()


def _write_outbox(session: Session) -> None:
    session.flush()  # the commit's own flush comes after this writer: capture it first
    changes: list[travel.Change] = pending.take(session, travel.CHANGES_KEY)
    if not changes or repository.node_state(session) is None:
        return
    repository.add_all(
        session,
        (
            OutboxChange(
                change_id=uuid7(),
                table_name=change.table,
                record_id=change.record_id,
                operation=change.operation,
                fields=change.fields,
                base_version=change.base_version,
            )
            for change in changes
        ),
    )
    session.flush()


def _write_tombstones(session: Session) -> None:
    """Keep a tombstone of each travelling record deleted in this transaction (on the central
    and on nodes alike: the central passes them down, a node never revives the record)."""
    session.flush()
    deleted: list[tuple[str, str]] = pending.take(session, travel.TOMBSTONES_KEY)
    by_table: dict[str, set[str]] = {}
    for table, record_id in deleted:
        by_table.setdefault(table, set()).add(record_id)
    for table, ids in by_table.items():
        held = repository.tombstoned(session, table, ids)
        repository.add_all(
            session,
            (Tombstone(table_name=table, record_id=i) for i in sorted(ids - held)),
        )
    if deleted:
        session.flush()


def new_key() -> tuple[Ed25519PrivateKey, str]:
    """A fresh key pair for this node, and its public half (base64url)."""
    private_key = Ed25519PrivateKey.generate()
    return private_key, jws.b64url(jws.raw_public_key(private_key.public_key()))


def save_enrolment(
    *,
    session: Session,
    central_url: str,
    name: str,
    private_key: Ed25519PrivateKey,
    answer: dict[str, Any],
) -> NodeState:
    """Keep what the central answered to the enrolment (keys sealed at rest)."""
    if repository.node_state(session) is not None:
        raise Conflict("this deployment is already enrolled as a field node")
    raw = private_key.private_bytes_raw()
    state = NodeState(
        node_id=uuid.UUID(answer["node_id"]),
        central_url=central_url.rstrip("/"),
        name=name,
        poe_id=uuid.UUID(answer["poe_id"]) if answer.get("poe_id") else None,
        office=answer.get("office"),
        organisation=answer.get("organisation"),
        private_key=secretbox.seal(raw),
        kid=jws.key_id(private_key.public_key()),
        central_jwk=answer["central_jwk"],
        bundle_key=secretbox.seal(base64.b64decode(answer["bundle_key"])),
    )
    repository.add(session, state)
    session.flush()
    audit.record(
        session, action="field.enrolled", object_type="field_node", object_id=state.node_id
    )
    return state


def require_open(*, session: Session) -> None:
    """Locked when this node's data is sealed and no officer is signed in (sync waits)."""
    if keys.is_sealed(session=session) and not keys.is_open(session=session):
        raise Locked("this field node's data is locked: sync waits until an officer signs in here")


def require_state(session: Session) -> NodeState:
    """This node's state; Invalid when the deployment is not enrolled."""
    state = repository.node_state(session)
    if state is None:
        raise Invalid("this deployment is not enrolled: run `passage field enrol URL --token T`")
    return state


def _sign(state: NodeState, payload: dict[str, Any]) -> dict[str, Any]:
    key = Ed25519PrivateKey.from_private_bytes(secretbox.unseal(state.private_key))
    return envelope.sign(payload, key, state.kid)


def _change_json(change: OutboxChange) -> dict[str, Any]:
    return {
        "change_id": str(change.change_id),
        "seq": change.seq,
        "table": change.table_name,
        "record_id": change.record_id,
        "operation": change.operation,
        "fields": change.fields,
        "base_version": change.base_version,
        "made_at": travel.encode(change.made_at),
    }


def _audit_json(entry: Any) -> dict[str, Any]:
    names = (
        "seq",
        "actor_type",
        "actor_id",
        "action",
        "object_type",
        "object_id",
        "purpose",
        "request_id",
        "details",
        "prev_hash",
        "hash",
    )
    return {
        "id": str(entry.id),
        "occurred_at": entry.occurred_at.isoformat(),
        **{name: getattr(entry, name) for name in names},
    }


def up_batch(*, session: Session, limit: int | None = None) -> tuple[dict[str, Any], int]:
    """The next signed batch of changes and audit entries, and how many changes it holds."""
    state = require_state(session)
    size = limit or get_settings().field_batch_size
    changes = repository.outbox_after(session, state.acked_seq, size)
    entries = repository.audit_after(session, state.audit_sent_seq, AUDIT_PER_BATCH)
    payload = {
        "node_id": str(state.node_id),
        "changes": [_change_json(change) for change in changes],
        "audit": [_audit_json(entry) for entry in entries],
        "up_to": changes[-1].seq if changes else state.acked_seq,
        "pending": repository.outbox_count_after(session, state.acked_seq),
        "down_cursors": state.down_cursors,
        "sent_at": travel.encode(utcnow()),
    }
    state.last_attempt_at = utcnow()
    return _sign(state, payload), len(changes) + len(entries)


def take_ack(*, session: Session, answer: dict[str, Any]) -> NodeState:
    """Move the cursors to what the central acknowledged (never backwards)."""
    state = require_state(session)
    state.acked_seq = max(state.acked_seq, int(answer.get("acked_seq") or 0))
    state.audit_sent_seq = max(state.audit_sent_seq, int(answer.get("audit_seq") or 0))
    state.last_sync_at, state.last_error, state.refused = utcnow(), None, False
    return state


def cursors(state: NodeState | None = None, *, session: Session | None = None) -> tuple[int, int]:
    """The node's up cursors: changes and audit entries acknowledged."""
    if state is None and session is not None:
        state = require_state(session)
    return (state.acked_seq, state.audit_sent_seq) if state else (0, 0)


def down_request(*, session: Session) -> dict[str, Any]:
    """A signed request for the reference data changed after this node's cursors."""
    state = require_state(session)
    return _sign(state, {"node_id": str(state.node_id), "cursors": state.down_cursors})


def _central_keys(state: NodeState) -> dict[str, Any]:
    kid, key = jws.public_key_from_jwk(state.central_jwk)
    return {kid: key}


def take_down(*, session: Session, message: Any) -> tuple[int, bool]:
    """Apply a signed page from the central; rows written and whether the refresh is complete."""
    state = require_state(session)
    try:
        page = envelope.verify(message, _central_keys(state))
    except envelope.EnvelopeError as error:
        raise Invalid(
            "a page not signed by the central: %(error)s", params={"error": error}
        ) from None
    if page.get("node_id") != str(state.node_id):
        raise Invalid("a page made for another node")
    written = down.apply(session, state, page)
    if page.get("ack"):
        take_ack(session=session, answer=page["ack"])
    return written, down.complete(page)


def record_error(*, session: Session, message: str, refused: bool = False) -> None:
    """Note a failed sync on the sync page (no personal data: transport errors only)."""
    state = repository.node_state(session)
    if state is not None:
        state.last_error, state.last_attempt_at = message[:500], utcnow()
        state.refused = state.refused or refused


# ------------------------------------------------------------------ bundles


def export_bundle(*, session: Session) -> bytes:
    """Every waiting change and audit entry as a signed, encrypted bundle for the central."""
    message, _count = up_batch(session=session, limit=10**9)
    state = require_state(session)
    key = secretbox.unseal(state.bundle_key)
    return envelope.seal_bundle(message, key=key, node_id=str(state.node_id), direction=envelope.UP)


def import_bundle(*, session: Session, data: bytes) -> tuple[int, bool]:
    """Apply a bundle the central made for this node (acknowledgement and reference data)."""
    state = require_state(session)
    key = secretbox.unseal(state.bundle_key)
    try:
        message = envelope.open_bundle(data, key=key, direction=envelope.DOWN)
    except envelope.EnvelopeError as error:
        raise Invalid(str(error)) from None
    return take_down(session=session, message=message)


# ------------------------------------------------------------------ status


@dataclass(frozen=True)
class SyncStatus:
    """What the sync page and the officer screen's badge show."""

    enrolled: bool
    central_url: str | None
    last_sync_at: datetime | None
    last_attempt_at: datetime | None
    last_error: str | None
    refused: bool
    waiting: int
    as_of: dict[str, datetime]
    oldest_reference: datetime | None
    stale: bool
    offline: bool


def status(*, session: Session) -> SyncStatus:
    """The node's sync state (an empty one on a deployment that is not a node)."""
    state = repository.node_state(session)
    if state is None:
        return SyncStatus(False, None, None, None, None, False, 0, {}, None, False, False)
    as_of = {name: as_utc(datetime.fromisoformat(value)) for name, value in state.as_of.items()}
    oldest = min(as_of.values()) if as_of else None
    limit = get_settings().field_reference_max_age_hours * 3600
    stale = oldest is None or (utcnow() - oldest).total_seconds() > limit
    offline = state.last_error is not None or state.last_sync_at is None
    return SyncStatus(
        True,
        state.central_url,
        state.last_sync_at,
        state.last_attempt_at,
        state.last_error,
        state.refused,
        repository.outbox_count_after(session, state.acked_seq),
        as_of,
        oldest,
        stale,
        offline,
    )


def is_node(*, session: Session) -> bool:
    """Whether this deployment is enrolled as a field node."""
    return repository.node_state(session) is not None


def _moment(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC")


def notice(session: Session, principal: Principal) -> notices.Notice | None:
    """The officer screen's line about this node: offline or online, the alert list's age."""
    sync = status(session=session)
    if not sync.enrolled:
        return None
    if keys.is_sealed(session=session) and not keys.is_open(session=session):
        return notices.Notice(
            _("This node's data is locked: open it with the enrolment secret"),
            True,
            "/field/unlock",
        )
    parts = [_("Offline") if sync.offline else _("Online")]
    if sync.last_sync_at:
        parts.append(_("last sync %(when)s") % {"when": _moment(sync.last_sync_at)})
    alert_list = sync.as_of.get("alert_persons")
    if alert_list:
        parts.append(_("alert list as of %(when)s") % {"when": _moment(alert_list)})
    else:
        parts.append(_("no alert list received"))
    if sync.stale:
        parts.append(_("reference data older than the set age"))
    if sync.waiting:
        parts.append(_("%(n)s changes waiting") % {"n": sync.waiting})
    return notices.Notice(" · ".join(parts), sync.offline or sync.stale, "/field/sync")
