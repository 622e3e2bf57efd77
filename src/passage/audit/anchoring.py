"""Anchoring the audit chain outside the database: signed checkpoints of its head.

A checkpoint states "the log of this deployment had N entries, the last with hash H" at a
moment, with a MAC under the audit key and, when a signer is installed, an Ed25519 signature
(the exchange registers one that signs with the deployment's published feed key). Checkpoints
are kept in the database for listing, but their worth is in the copies kept elsewhere (a file
the database's users cannot write, a partner, a monitor): verifying the log against them
detects a log truncated below a checkpoint or rewritten before one, even by someone who holds
the database and recomputed every hash and MAC-less column.

The audit domain sits below the exchange, so it signs through an extension point
(`register_signer`), never by importing the exchange.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.orm import Session

from passage.audit import keys, repository
from passage.audit.chain import (
    ChainProblem,
    ChainReport,
    Head,
    mac_matches,
    statement_mac,
    verify_chain,
)
from passage.audit.models import AuditCheckpoint
from passage.config import get_settings
from passage.errors import Invalid
from passage.kit import audit
from passage.kit.clock import iso_z, utcnow

STATEMENT_TYPE = "passage.audit.checkpoint"


class CheckpointSigner(Protocol):
    """Signs checkpoint statements with the deployment's published key, and checks them."""

    def sign(self, session: Session, statement: bytes) -> tuple[str, str]:
        """(kid, detached JWS) over the statement."""
        ...

    def verify(
        self, session: Session, statement: bytes, signature: str, trusted: Any | None
    ) -> str:
        """The kid that signed; ValueError when the signature does not verify with the trusted
        keys (a keys document; None: the deployment's own keys)."""
        ...


_signers: list[CheckpointSigner] = []


def register_signer(signer: CheckpointSigner) -> None:
    """Sign checkpoints with `signer` (the last registered one is used)."""
    _signers.append(signer)


def signer() -> CheckpointSigner | None:
    """The installed checkpoint signer, if any."""
    return _signers[-1] if _signers else None


@dataclass(frozen=True)
class Checkpoint:
    """A checkpoint as exported: the exact statement signed, its MAC and signature."""

    statement: str
    mac: str
    signature: str | None = None
    kid: str | None = None

    @property
    def content(self) -> dict[str, Any]:
        """The statement's fields (type, deployment, seq, hash, made_at)."""
        value = json.loads(self.statement)
        return value if isinstance(value, dict) else {}

    def to_line(self) -> str:
        """One JSON line, as appended to the checkpoint file."""
        fields = {
            "statement": self.statement,
            "mac": self.mac,
            "signature": self.signature,
            "kid": self.kid,
        }
        return json.dumps(fields, sort_keys=True, separators=(",", ":"))


def as_checkpoint(row: AuditCheckpoint) -> Checkpoint:
    """A stored checkpoint in its exported form."""
    return Checkpoint(row.statement, row.mac, row.signature, row.kid)


def make_checkpoint(*, session: Session) -> AuditCheckpoint:
    """State the current head, MAC and sign it, keep it, and append it to the checkpoint file
    (PASSAGE_AUDIT_CHECKPOINT_FILE) when one is set."""
    head = repository.get_head(session)
    seq, head_hash = (head.seq, head.hash) if head else (0, "0" * 64)
    settings = get_settings()
    made_at = utcnow()
    content = {
        "type": STATEMENT_TYPE,
        "deployment": settings.deployment_name,
        "url": settings.public_url or None,
        "seq": seq,
        "hash": head_hash,
        "made_at": iso_z(made_at),
    }
    statement = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    kid, signature = _sign(session, statement.encode())
    row = AuditCheckpoint(
        seq=seq,
        hash=head_hash,
        made_at=made_at,
        statement=statement,
        mac=statement_mac(keys.current_key(), statement.encode()),
        signature=signature,
        kid=kid,
    )
    repository.add_checkpoint(session, row)
    audit.record(
        session,
        action="checkpoint",
        object_type="audit_checkpoint",
        object_id=row.id,
        details={"seq": seq, "signed": signature is not None},
    )
    if settings.audit_checkpoint_file:
        append_to_file(settings.audit_checkpoint_file, [as_checkpoint(row)])
    return row


def _sign(session: Session, statement: bytes) -> tuple[str | None, str | None]:
    installed = signer()
    return installed.sign(session, statement) if installed else (None, None)


def append_to_file(path: Path, checkpoints: Iterable[Checkpoint]) -> None:
    """Append checkpoints to a file, one JSON line each."""
    with path.open("a", encoding="utf-8") as out:
        for checkpoint in checkpoints:
            out.write(checkpoint.to_line() + "\n")


def checkpoint_due(*, session: Session) -> bool:
    """Whether the head moved since the last checkpoint (or there is none yet), by more than
    the entry recording that checkpoint: else each checkpoint would make the next one due, and
    the job loop (which runs a job that did work again at once) would never rest."""
    head = repository.get_head(session)
    latest = repository.latest_checkpoint(session)
    if head is None or head.seq == 0:
        return False
    if latest is None or head.seq > latest.seq + 1:
        return True
    if head.seq <= latest.seq:
        return False
    only = repository.entry_at(session, head.seq)
    return not (only and only.action == "checkpoint" and only.object_id == str(latest.id))


def read_lines(text: str) -> list[Checkpoint]:
    """Checkpoints from exported JSON lines; Invalid naming the first bad line."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
            found.append(
                Checkpoint(
                    str(value["statement"]),
                    str(value["mac"]),
                    value.get("signature"),
                    value.get("kid"),
                )
            )
        except (ValueError, KeyError, TypeError):
            raise Invalid(
                "line %(number)s is not a checkpoint",
                params={"number": number},
                field="checkpoints",
            ) from None
    return found


def verify(
    *, session: Session, extra: Sequence[Checkpoint] = (), trusted: Any | None = None
) -> ChainReport:
    """Check the chain, its head and every checkpoint (those kept here and those given, e.g.
    from the exported file); a checkpoint's MAC and signature are checked first."""
    checkpoints = [as_checkpoint(row) for row in repository.all_checkpoints(session)]
    checkpoints += list(extra)
    anchors: dict[int, str] = {}
    for checkpoint in checkpoints:
        problem = _authenticity(session, checkpoint, trusted) or _add_anchor(anchors, checkpoint)
        if problem:
            return ChainReport(0, problem, len(checkpoints))
    head = repository.get_head(session)
    stored = Head(head.seq, head.hash, head.mac) if head else Head(0, "", None)
    report = verify_chain(repository.iter_entries(session), stored, keys.mac_keys(), anchors)
    return ChainReport(report.checked, report.problem, len(checkpoints))


def _authenticity(
    session: Session, checkpoint: Checkpoint, trusted: Any | None
) -> ChainProblem | None:
    statement = checkpoint.statement.encode()
    content = checkpoint.content
    if content.get("type") != STATEMENT_TYPE or not isinstance(content.get("seq"), int):
        return _forged(content, "is not an audit checkpoint statement")
    if not mac_matches(keys.mac_keys(), checkpoint.mac, lambda k: statement_mac(k, statement)):
        return _forged(content, "has a MAC this deployment did not make")
    installed = signer()
    if checkpoint.signature and installed is not None:
        try:
            installed.verify(session, statement, checkpoint.signature, trusted)
        except ValueError as error:
            return _forged(content, f"has a signature that does not verify ({error})")
    return None


def _forged(content: Mapping[str, Any], why: str) -> ChainProblem:
    seq = content.get("seq") if isinstance(content.get("seq"), int) else 0
    return ChainProblem(int(seq or 0), None, "checkpoint", f"a checkpoint of seq {seq} {why}")


def _add_anchor(anchors: dict[int, str], checkpoint: Checkpoint) -> ChainProblem | None:
    content = checkpoint.content
    seq, head_hash = int(content["seq"]), str(content.get("hash"))
    if seq == 0:
        return None
    if anchors.setdefault(seq, head_hash) != head_hash:
        message = f"two checkpoints of seq {seq} state different hashes"
        return ChainProblem(seq, None, "checkpoint", message)
    return None
