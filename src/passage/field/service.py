"""What the field pages and API show: the node list, the conflict queue (its values may be
personal data: each read is audited), the node's sync status, and content hashes."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from passage.errors import NotFound
from passage.field import central, repository
from passage.field.models import FieldConflict
from passage.field.node import SyncStatus
from passage.field.schemas import NodeRead
from passage.kit import audit, travel


def _read(view: central.NodeView) -> NodeRead:
    node = view.node
    return NodeRead(
        id=node.id,
        name=node.name,
        poe_id=node.poe_id,
        office=node.office,
        organisation=node.organisation,
        enrolled_at=node.enrolled_at,
        last_contact_at=node.last_contact_at,
        revoked_at=node.revoked_at,
        refused_batches=node.refused_batches,
        pending_changes=node.pending_changes,
        acked_seq=node.acked_seq,
        audit_seq=node.audit_seq,
        audit_broken=node.audit_broken,
        open_conflicts=view.open_conflicts,
        version=node.version,
    )


def node_reads(*, session: Session) -> list[NodeRead]:
    """Every node as the list shows it."""
    return [_read(view) for view in central.node_views(session=session)]


def node_read(*, session: Session, node_id: uuid.UUID) -> NodeRead:
    """One node as the list shows it."""
    for view in central.node_views(session=session):
        if view.node.id == node_id:
            return _read(view)
    raise NotFound("no such field node")


def conflicts(*, session: Session, status: str | None) -> Sequence[FieldConflict]:
    """The review queue; reading its values is audited (they may be personal data)."""
    rows = repository.conflicts(session, status=status or None)
    audit.record(
        session,
        action="field.conflicts_read",
        object_type="field_conflict",
        details={"count": len(rows), "status": status or "all"},
    )
    return rows


def status_json(status: SyncStatus) -> dict[str, Any]:
    """The sync status as JSON."""
    return {
        "enrolled": status.enrolled,
        "central_url": status.central_url,
        "last_sync_at": travel.encode(status.last_sync_at),
        "last_attempt_at": travel.encode(status.last_attempt_at),
        "last_error": status.last_error,
        "refused": status.refused,
        "waiting": status.waiting,
        "as_of": {name: travel.encode(moment) for name, moment in status.as_of.items()},
        "stale": status.stale,
        "offline": status.offline,
    }


def content_hashes(*, session: Session, only: dict[str, set[str]] | None = None) -> dict[str, str]:
    """Per travelling table, a SHA-256 over its rows (bookkeeping columns left out), or over
    the rows whose ids `only` names: equal hashes on a node and its central mean equal
    content."""
    hashes = {}
    for table, model in travel.up_models().items():
        digest = hashlib.sha256()
        for row in repository.rows_of(session, model):
            if only is not None and str(getattr(row, "id")) not in only.get(table, set()):  # noqa: B009
                continue
            values = {
                k: v for k, v in travel.row_values(row).items() if k not in travel.LOCAL_COLUMNS
            }
            digest.update(json.dumps(values, sort_keys=True, default=str).encode())
        hashes[table] = digest.hexdigest()
    return hashes


def record_ids(*, session: Session) -> dict[str, set[str]]:
    """The ids held in each travelling table (a node's, to compare with its central)."""
    return {
        table: {str(getattr(row, "id")) for row in repository.rows_of(session, model)}  # noqa: B009
        for table, model in travel.up_models().items()
    }
