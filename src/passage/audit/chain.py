"""Pure hash-chain computations of the audit trail (no I/O)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

GENESIS_HASH = "0" * 64


class ChainedEntry(Protocol):
    """What the chain reads from an entry."""

    id: Any
    seq: int
    occurred_at: datetime
    actor_type: str
    actor_id: str | None
    action: str
    object_type: str | None
    object_id: str | None
    purpose: str | None
    request_id: str | None
    details: dict[str, Any]
    prev_hash: str
    hash: str


def entry_digest(entry: ChainedEntry, prev_hash: str) -> str:
    """SHA-256 over the canonical JSON of the entry's content and the previous hash."""
    content = [
        entry.seq,
        str(entry.id),
        entry.occurred_at.isoformat(),
        entry.actor_type,
        entry.actor_id,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.purpose,
        entry.request_id,
        entry.details or {},
        prev_hash,
    ]
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    """The first place where the chain does not hold."""

    seq: int
    entry_id: str | None
    kind: str
    message: str


@dataclass(frozen=True)
class ChainReport:
    """Outcome of verifying the whole chain."""

    checked: int
    problem: ChainProblem | None

    @property
    def ok(self) -> bool:
        """True when every entry and the head agree."""
        return self.problem is None


def verify_chain(entries: Iterable[ChainedEntry], head_seq: int, head_hash: str) -> ChainReport:
    """Walk entries in seq order; report the first altered, inserted or deleted entry."""
    prev_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    for entry in entries:
        problem = _check_entry(entry, expected_seq, prev_hash)
        if problem:
            return ChainReport(checked, problem)
        prev_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    last_seq = expected_seq - 1
    if (last_seq, prev_hash) != (head_seq, head_hash if head_seq else GENESIS_HASH):
        message = f"the log ends at seq {last_seq} but its head records seq {head_seq}"
        return ChainReport(checked, ChainProblem(last_seq + 1, None, "deleted", message))
    return ChainReport(checked, None)


def _check_entry(entry: ChainedEntry, expected_seq: int, prev_hash: str) -> ChainProblem | None:
    entry_id = str(entry.id)
    if entry.seq > expected_seq:
        message = f"entries {expected_seq}..{entry.seq - 1} are missing (deleted)"
        return ChainProblem(expected_seq, None, "deleted", message)
    if entry.seq < expected_seq:
        return ChainProblem(entry.seq, entry_id, "inserted", f"seq {entry.seq} appears twice")
    if entry.prev_hash != prev_hash:
        message = f"entry {entry.seq} does not follow the previous entry (inserted or reordered)"
        return ChainProblem(entry.seq, entry_id, "inserted", message)
    if entry_digest(entry, prev_hash) != entry.hash:
        message = f"entry {entry.seq} was altered after it was written"
        return ChainProblem(entry.seq, entry_id, "altered", message)
    return None
