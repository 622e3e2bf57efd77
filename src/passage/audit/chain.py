"""Pure hash-chain computations of the audit trail (no I/O).

Each entry carries the SHA-256 of its content and of the previous entry's hash, and a MAC of
that hash under a key the database does not hold; the head carries a MAC of its (seq, hash).
Anyone with database rights can recompute hashes, but not MACs: rewriting an entry or rewinding
the head breaks them. Entries written before MACs existed have none; the MAC of the first later
entry and of the head covers them through the chain.

An entry is written with a seal (a MAC of its content alone) in its writer's transaction, and
chained (seq, previous hash, hash, MAC) by whoever holds the head then, possibly later in a
batch (audit/service.py): the seal shows that the content chained is the content its writer
wrote, so a row slipped in or altered while it waited is caught even though a chainer MAC'd it.
Entries written before seals existed have none; once one has a seal, every later one must.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

GENESIS_HASH = "0" * 64


class ChainedEntry(Protocol):
    """What the chain reads from an entry."""

    id: Any
    seq: int | None
    occurred_at: datetime
    actor_type: str
    actor_id: str | None
    action: str
    object_type: str | None
    object_id: str | None
    purpose: str | None
    request_id: str | None
    details: dict[str, Any]
    prev_hash: str | None
    hash: str | None
    mac: str | None
    seal: str | None


def _mac(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def entry_mac(key: bytes, entry_hash: str) -> str:
    """The MAC of an entry: HMAC-SHA256 of its hash (which chains every earlier entry)."""
    return _mac(key, f"entry:{entry_hash}")


def head_mac(key: bytes, seq: int, head_hash: str) -> str:
    """The MAC of the chain head: HMAC-SHA256 of its seq and hash (an entry's MAC cannot be
    copied onto a rewound head)."""
    return _mac(key, f"head:{seq}:{head_hash}")


def statement_mac(key: bytes, statement: bytes) -> str:
    """The MAC of a checkpoint statement."""
    return hmac.new(key, b"checkpoint:" + statement, hashlib.sha256).hexdigest()


def mac_matches(keys: Sequence[bytes], mac: str | None, compute: Callable[[bytes], str]) -> bool:
    """Whether a MAC was made under one of the keys (the current one, or a retired one)."""
    return mac is not None and any(hmac.compare_digest(mac, compute(key)) for key in keys)


def _content(entry: ChainedEntry) -> list[Any]:
    return [
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
    ]


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_seal(key: bytes, entry: ChainedEntry) -> str:
    """The seal of an entry: HMAC-SHA256 of its content without its place in the chain, made by
    its writer before it is chained."""
    return hmac.new(key, b"seal:" + _canonical(_content(entry)), hashlib.sha256).hexdigest()


def entry_digest(entry: ChainedEntry, prev_hash: str) -> str:
    """SHA-256 over the canonical JSON of the entry's content and the previous hash."""
    return hashlib.sha256(_canonical([entry.seq, *_content(entry), prev_hash])).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    """The first place where the chain does not hold."""

    seq: int
    entry_id: str | None
    kind: str
    message: str


@dataclass(frozen=True)
class ChainReport:
    """Outcome of verifying the whole chain (and the checkpoints it was held against)."""

    checked: int
    problem: ChainProblem | None
    checkpoints: int = 0
    # Entries found waiting to be chained (and chained) before the walk, and how long the
    # oldest of them had waited: a long wait means nothing chains them (see audit/service.py).
    pending: int = 0
    oldest_pending_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when every entry, the head and every checkpoint agree."""
        return self.problem is None


@dataclass(frozen=True)
class Head:
    """The chain head as stored: the last seq and hash, and their MAC."""

    seq: int
    hash: str
    mac: str | None


def verify_chain(
    entries: Iterable[ChainedEntry],
    head: Head,
    keys: Sequence[bytes],
    anchors: Mapping[int, str] | None = None,
) -> ChainReport:
    """Walk entries in seq order; report the first altered, inserted, deleted or rewritten entry,
    a head that was rewound, or an anchor (a checkpoint's seq -> hash, kept outside the
    database) that the log no longer reaches or no longer matches."""
    anchors = anchors or {}
    walk = _Walk(keys)
    for entry in entries:
        problem = walk.check(entry) or _anchor_problem(entry, anchors)
        if problem:
            return ChainReport(walk.checked, problem)
    problem = _head_problem(walk, head, keys) or _unreached(walk, anchors)
    return ChainReport(walk.checked, problem, len(anchors))


class _Walk:
    """The state of a walk along the chain."""

    def __init__(self, keys: Sequence[bytes]):
        self.keys, self.prev_hash, self.expected_seq = keys, GENESIS_HASH, 1
        self.checked, self.macs_begun, self.seals_begun = 0, False, False

    def check(self, entry: ChainedEntry) -> ChainProblem | None:
        problem = (
            _check_entry(entry, self.expected_seq, self.prev_hash)
            or self._check_mac(entry)
            or self._check_seal(entry)
        )
        if problem is None:
            self.prev_hash, self.expected_seq = entry.hash or "", self.expected_seq + 1
            self.checked += 1
        return problem

    def _check_mac(self, entry: ChainedEntry) -> ChainProblem | None:
        if entry.mac is None and not self.macs_begun:
            return None  # written before MACs existed: covered by the later MACs
        self.macs_begun = True
        if mac_matches(self.keys, entry.mac, lambda key: entry_mac(key, entry.hash or "")):
            return None
        message = (
            f"entry {entry.seq} was rewritten: its MAC does not match (the hashes were "
            "recomputed without the audit key, or the MAC was removed)"
        )
        return ChainProblem(entry.seq or 0, str(entry.id), "rewritten", message)

    def _check_seal(self, entry: ChainedEntry) -> ChainProblem | None:
        if entry.seal is None and not self.seals_begun:
            return None  # written before seals existed: its MAC was made as it was written
        self.seals_begun = True
        if mac_matches(self.keys, entry.seal, lambda key: entry_seal(key, entry)):
            return None
        message = (
            f"entry {entry.seq} was forged or altered before it was chained: its seal does not "
            "match its content (written without the audit key)"
        )
        return ChainProblem(entry.seq or 0, str(entry.id), "forged", message)


def _head_problem(walk: _Walk, head: Head, keys: Sequence[bytes]) -> ChainProblem | None:
    last_seq = walk.expected_seq - 1
    if (last_seq, walk.prev_hash) != (head.seq, head.hash if head.seq else GENESIS_HASH):
        message = f"the log ends at seq {last_seq} but its head records seq {head.seq}"
        return ChainProblem(last_seq + 1, None, "deleted", message)
    if head.seq == 0 or mac_matches(keys, head.mac, lambda key: head_mac(key, head.seq, head.hash)):
        return None
    message = (
        f"the head (seq {head.seq}) carries no valid MAC: it was rewound or rewritten without "
        "the audit key (entries after it may have been deleted)"
    )
    return ChainProblem(head.seq, None, "rewound", message)


def _anchor_problem(entry: ChainedEntry, anchors: Mapping[int, str]) -> ChainProblem | None:
    expected = anchors.get(entry.seq or 0)
    if expected is None or hmac.compare_digest(expected, entry.hash or ""):
        return None
    message = f"entry {entry.seq} differs from the checkpoint made of it: the log was rewritten"
    return ChainProblem(entry.seq or 0, str(entry.id), "rewritten", message)


def _unreached(walk: _Walk, anchors: Mapping[int, str]) -> ChainProblem | None:
    beyond = [seq for seq in anchors if seq >= walk.expected_seq]
    if not beyond:
        return None
    last = walk.expected_seq - 1
    message = f"a checkpoint covers seq {max(beyond)} but the log ends at seq {last}: truncated"
    return ChainProblem(last + 1, None, "truncated", message)


def _check_entry(entry: ChainedEntry, expected_seq: int, prev_hash: str) -> ChainProblem | None:
    entry_id, seq = str(entry.id), entry.seq
    if seq is None:
        message = "an entry waiting to be chained was walked as chained"
        return ChainProblem(expected_seq, entry_id, "inserted", message)
    if seq > expected_seq:
        message = f"entries {expected_seq}..{seq - 1} are missing (deleted)"
        return ChainProblem(expected_seq, None, "deleted", message)
    if seq < expected_seq:
        return ChainProblem(seq, entry_id, "inserted", f"seq {seq} appears twice")
    if entry.prev_hash != prev_hash:
        message = f"entry {seq} does not follow the previous entry (inserted or reordered)"
        return ChainProblem(seq, entry_id, "inserted", message)
    if entry_digest(entry, prev_hash) != entry.hash:
        message = f"entry {seq} was altered after it was written"
        return ChainProblem(seq, entry_id, "altered", message)
    return None
