"""Importing a partner's entries, whether pulled or pushed by webhook: each entry is verified,
then applied by the domain that owns its kind (`exchange.kinds`: measures, POE statuses, rules)
or to the partner's keys, with its provenance.

Idempotent: an entry already applied (or older than what was applied) changes nothing. A record
edited here since its last import is never overwritten: the partner's change waits in the
conflict review list. A rejected entry is recorded with its reason and never imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from passage.errors import PassageError, first_problem, one_line
from passage.exchange import appliers, feed, kinds, repository
from passage.exchange.appliers import Context
from passage.exchange.models import Partner, Rejection
from passage.exchange.trust import Rejected, describe, verify_entry
from passage.geo import service as geo_service
from passage.kit import audit

EXCERPT_CHARS = 2000


@dataclass(frozen=True)
class RejectedEntry:
    """An entry that was not imported, and why."""

    cursor: int | None
    entry_id: str | None
    reason: str


@dataclass
class ImportReport:
    """What an import did with a batch of entries."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    rejected: list[RejectedEntry] = field(default_factory=list)
    cursors: list[int] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        """Count one applied entry by its outcome."""
        setattr(self, outcome, getattr(self, outcome) + 1)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "conflicts": self.conflicts,
            "rejected": [r.__dict__ for r in self.rejected],
        }

    def merge(self, other: ImportReport) -> None:
        """Add another batch's counts to this report."""
        for name in ("imported", "updated", "unchanged", "conflicts"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.rejected += other.rejected
        self.cursors += other.cursors


def import_entries(
    session: Session, *, partner: Partner, entries: list[Any], via: str
) -> ImportReport:
    """Verify and apply a batch of a partner's entries in the caller's transaction."""
    context = Context(
        partner=partner,
        keys=appliers.trusted_keys(session, partner),
        countries=geo_service.known_country_codes(session=session),
        provenance=repository.provenance_for(session, partner.id, _records_of(entries)),
    )
    report = ImportReport()
    with feed.suppressed(session):
        for raw in entries:
            _import_one(session, context, raw, via, report)
    audit.record(
        session,
        action="exchange.import",
        object_type="exchange_partner",
        object_id=partner.id,
        details={"via": via, **report.to_dict(), "rejected": len(report.rejected)},
    )
    return report


def _import_one(
    session: Session, context: Context, raw: Any, via: str, report: ImportReport
) -> None:
    cursor = describe(raw)[0]
    try:
        entry, kid = verify_entry(
            raw, keys=context.keys, deployment_id=context.partner.deployment_id
        )
        if context.partner.deployment_id is None:
            context.partner.deployment_id = entry.deployment
        kind = kinds.get(entry.kind)
        if kind is None:
            raise Rejected(f"unknown kind {entry.kind!r}; one of {', '.join(kinds.names())}")
        outcome = kind.apply(session, context, entry, kid)
    except Rejected as error:
        _reject(session, context.partner, raw, str(error), via, report)
    except ValidationError as error:
        problem = one_line(first_problem(error))
        _reject(session, context.partner, raw, f"content: {problem}", via, report)
    except PassageError as error:
        _reject(session, context.partner, raw, error.message, via, report)
    else:
        report.count(outcome)
    if cursor is not None:
        report.cursors.append(cursor)


def _records_of(entries: list[Any]) -> list[tuple[str, str]]:
    """(kind, record id) of the entries, as far as they can be read (to read provenance once)."""
    records = []
    for raw in entries:
        record = raw.get("record") if isinstance(raw, dict) else None
        if isinstance(record, dict) and isinstance(raw.get("kind"), str):
            records.append((raw["kind"], str(record.get("id"))[:64]))
    return records


def _reject(
    session: Session, partner: Partner, raw: Any, reason: str, via: str, report: ImportReport
) -> None:
    cursor, entry_id, kind = describe(raw)
    excerpt = appliers.excerpt(raw, EXCERPT_CHARS)
    repository.add(
        session,
        Rejection(
            partner_id=partner.id,
            remote_cursor=cursor,
            remote_entry_id=entry_id,
            kind=kind,
            reason=reason[:500],
            via=via,
            entry_excerpt=excerpt,
        ),
    )
    report.rejected.append(RejectedEntry(cursor, entry_id, reason[:500]))
