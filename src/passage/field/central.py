"""The central side of field nodes: enrolment tokens, enrolment, the batches nodes send up
(applied once each, their audit chains verified), the node list and revocation."""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy.orm import Session

from passage.audit.chain import entry_digest
from passage.errors import Forbidden, Invalid, NotFound
from passage.exchange import jws, keys
from passage.field import down, envelope, merge, repository
from passage.field.models import EnrolmentToken, FieldNode, NodeAuditEntry
from passage.kit import audit, pending, secretbox
from passage.kit.clock import utcnow
from passage.kit.repository import check_version

TOKEN_DAYS = 7


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    *,
    session: Session,
    poe_id: uuid.UUID | None,
    office: str | None,
    organisation: str | None,
    actor_id: uuid.UUID | None,
) -> str:
    """A one-time enrolment token for one site (a POE or an office) and organisation."""
    if (poe_id is None) == (not office):
        raise Invalid("name either a point of entry or an office", field="poe_id")
    token = secrets.token_urlsafe(32)
    row = EnrolmentToken(
        token_hash=_hash(token),
        poe_id=poe_id,
        office=office or None,
        organisation=organisation or None,
        expires_at=utcnow() + timedelta(days=TOKEN_DAYS),
        issued_by=actor_id,
    )
    repository.add(session, row)
    session.flush()
    audit.record(session, action="field.token_issued", object_type="field_token", object_id=row.id)
    return token


def enrol(*, session: Session, token: str, name: str, public_x: str) -> dict[str, Any]:
    """Register a node from its one-time token and public key; what it needs back."""
    row = repository.token_by_hash(session, _hash(token))
    if row is None or row.used_at is not None or row.expires_at < utcnow():
        raise Forbidden("this enrolment token is unknown, used or expired")
    try:
        kid, _key = jws.public_key_from_jwk({"kty": "OKP", "crv": "Ed25519", "x": public_x})
    except (jws.SignatureError, ValueError):
        raise Invalid("not an Ed25519 public key", field="public_key") from None
    bundle_key = envelope.new_bundle_key()
    node = FieldNode(
        name=name[:200] or "field node",
        poe_id=row.poe_id,
        office=row.office,
        organisation=row.organisation,
        public_x=public_x,
        kid=kid,
        bundle_key=secretbox.seal(bundle_key),
    )
    repository.add(session, node)
    row.used_at = utcnow()
    session.flush()
    audit.record(session, action="field.node_enrolled", object_type="field_node", object_id=node.id)
    return {
        "node_id": str(node.id),
        "poe_id": str(node.poe_id) if node.poe_id else None,
        "office": node.office,
        "organisation": node.organisation,
        "central_jwk": keys.published_jwk(keys.current_key(session)),
        "bundle_key": base64.b64encode(bundle_key).decode("ascii"),
    }


def node_bundle_key(node: FieldNode) -> bytes:
    """The AES key a node's bundles are sealed with."""
    return secretbox.unseal(node.bundle_key)


def authenticate(session: Session, message: Any) -> tuple[FieldNode, dict[str, Any]]:
    """The node that signed a message, and its payload; refused (and counted) when revoked."""
    try:
        kid = jws.header_of(message["signature"]).get("kid")
    except (TypeError, KeyError, jws.SignatureError):
        raise Invalid("not a signed message from a field node") from None
    node = repository.node_by_kid(session, str(kid))
    if node is None:
        raise Invalid("no field node holds this key")
    _kid, public_key = jws.public_key_from_jwk({"kty": "OKP", "crv": "Ed25519", "x": node.public_x})
    try:
        payload = envelope.verify(message, {node.kid: public_key})
    except envelope.EnvelopeError as error:
        raise Invalid(str(error)) from None
    if payload.get("node_id") != str(node.id):
        raise Invalid("the message names another node")
    if node.revoked_at is not None:
        pending.durable(session, lambda s: _count_refusal(s, node.id))
        raise Forbidden("this field node was revoked; its changes are refused")
    return node, payload


def _count_refusal(session: Session, node_id: uuid.UUID) -> None:
    node = repository.get_node(session, node_id)
    if node is not None:
        node.refused_batches += 1
        node.last_refused_at = utcnow()
        audit.record(
            session, action="field.batch_refused", object_type="field_node", object_id=node_id
        )


def receive(*, session: Session, message: Any) -> dict[str, Any]:
    """Apply a node's signed batch: its audit entries, then each change once, in order."""
    node, payload = authenticate(session, message)
    node = repository.get_node(session, node.id, lock=True) or node
    audit_seq = _take_audit(session, node, payload.get("audit") or [])
    changes = sorted(payload.get("changes") or [], key=lambda change: int(change["seq"]))
    done = repository.applied_ids(session, (uuid.UUID(c["change_id"]) for c in changes))
    fresh = [change for change in changes if uuid.UUID(change["change_id"]) not in done]
    outcomes: dict[str, int] = {"duplicate": len(changes) - len(fresh)}
    for outcome in merge.apply_batch(session, node, fresh) if fresh else []:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    node.acked_seq = max(node.acked_seq, int(payload.get("up_to") or 0))
    node.pending_changes = max(int(payload.get("pending") or 0) - len(changes), 0)
    node.down_cursors = payload.get("down_cursors") or node.down_cursors
    node.last_contact_at = utcnow()
    session.flush()
    audit.record(
        session,
        action="field.batch_applied",
        object_type="field_node",
        object_id=node.id,
        details={"changes": len(changes), **outcomes, "audit_entries": audit_seq},
    )
    return {"acked_seq": node.acked_seq, "audit_seq": node.audit_seq, "outcomes": outcomes}


def _take_audit(session: Session, node: FieldNode, entries: list[dict[str, Any]]) -> int:
    """Keep the node's audit entries that continue its chain; note where it breaks."""
    taken = 0
    for entry in sorted(entries, key=lambda item: int(item["seq"])):
        seq = int(entry["seq"])
        if seq <= node.audit_seq or node.audit_broken:
            continue
        problem = _chain_problem(node, entry)
        if problem:
            node.audit_broken = f"entry {seq}: {problem}"
            break
        repository.add(
            session,
            NodeAuditEntry(
                id=uuid.UUID(entry["id"]), node_id=node.id, seq=seq, hash=entry["hash"], entry=entry
            ),
        )
        node.audit_seq, node.audit_hash = seq, entry["hash"]
        taken += 1
    return taken


def _chain_problem(node: FieldNode, entry: dict[str, Any]) -> str | None:
    """Why an entry does not continue the node's chain (None when it does)."""
    if int(entry["seq"]) != node.audit_seq + 1:
        return "a gap in the chain"
    if entry["prev_hash"] != node.audit_hash:
        return "does not follow the previous entry"
    view = SimpleNamespace(**entry)
    view.occurred_at = datetime.fromisoformat(entry["occurred_at"])
    if entry_digest(view, entry["prev_hash"]) != entry["hash"]:
        return "its content does not match its hash"
    return None


@dataclass(frozen=True)
class NodeView:
    """A node as the central's list shows it."""

    node: FieldNode
    open_conflicts: int


def node_views(*, session: Session) -> list[NodeView]:
    """Every node with its open conflicts."""
    counts = repository.open_conflict_counts(session)
    return [NodeView(node, counts.get(node.id, 0)) for node in repository.list_nodes(session)]


def revoke(*, session: Session, node_id: uuid.UUID, version: int | None = None) -> FieldNode:
    """Revoke a node (a lost laptop): its later batches are refused and counted."""
    node = repository.get_node(session, node_id)
    if node is None:
        raise NotFound("no such field node")
    if version is not None:
        check_version(node, version)
    if node.revoked_at is None:
        node.revoked_at = utcnow()
        session.flush()
        audit.record(
            session, action="field.node_revoked", object_type="field_node", object_id=node.id
        )
    return node


def _sign_central(session: Session, payload: dict[str, Any]) -> dict[str, Any]:
    signer = keys.signer_of(keys.current_key(session))
    return envelope.sign(payload, signer.private_key, signer.kid)


def serve_down(*, session: Session, message: Any) -> dict[str, Any]:
    """The next signed page of reference data for the node that asked."""
    node, payload = authenticate(session, message)
    cursors = payload.get("cursors")
    page = down.serve(session, node, cursors if isinstance(cursors, dict) else {})
    node.last_contact_at = utcnow()
    return _sign_central(session, page)


def import_bundle(*, session: Session, data: bytes) -> dict[str, Any]:
    """Apply a node's bundle file as if its batch had come over HTTPS."""
    try:
        header = envelope.bundle_header(data)
        node = repository.get_node(session, uuid.UUID(header["node_id"]))
        if node is None:
            raise NotFound("no field node made this bundle")
        message = envelope.open_bundle(data, key=node_bundle_key(node), direction=envelope.UP)
    except (envelope.EnvelopeError, ValueError) as error:
        raise Invalid(str(error)) from None
    return receive(session=session, message=message)


def export_bundle(*, session: Session, node_id: uuid.UUID) -> bytes:
    """A bundle for a node: what it sent that was applied (its acknowledgement) and every
    reference row changed after the cursors it last reported."""
    node = repository.get_node(session, node_id)
    if node is None:
        raise NotFound("no such field node")
    page = down.serve(session, node, dict(node.down_cursors), page_rows=10**7)
    page["ack"] = {"acked_seq": node.acked_seq, "audit_seq": node.audit_seq}
    message = _sign_central(session, page)
    key = node_bundle_key(node)
    return envelope.seal_bundle(message, key=key, node_id=str(node.id), direction=envelope.DOWN)
