"""What every applier of a partner's entries shares (the import's context, provenance, held
conflicts), and the applier of the exchange's own kind, `key`.

Each kind's applier (`exchange.kinds`, registered by the domain that owns the records) returns
the outcome: imported (a new local record), updated, unchanged (already applied, older than what
was applied, or the same content) or conflicts (a local edit since the last import: the change
waits for review). Bad content raises Invalid, Rejected or a ValidationError, always before the
applier writes anything, so a rejected entry leaves no trace but its rejection (the importer
needs no savepoint per entry, and writes a page in batches).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from passage.exchange import jws, kinds, repository
from passage.exchange.entries import FeedEntryIn, KeyEntryContent
from passage.exchange.models import ImportConflict, Partner, PartnerKey, Provenance
from passage.exchange.trust import Rejected, TrustedKey, trusted_key
from passage.kit.clock import utcnow
from passage.kit.i18n import N_


@dataclass
class Context:
    """What every entry of one import needs: the partner, its keys, the known countries, and
    the provenance of the records the batch is about (read once, kept up to date)."""

    partner: Partner
    keys: dict[str, TrustedKey]
    countries: set[str]
    provenance: dict[tuple[str, str], Provenance] = field(default_factory=dict)

    def provenance_of(self, entry: FeedEntryIn) -> Provenance | None:
        """The provenance of the record an entry is about, if it was imported before."""
        return self.provenance.get((entry.kind, entry.record.id))

    def remember(self, session: Session, provenance: Provenance) -> None:
        """Stage a new provenance and keep it for the rest of the batch."""
        repository.add(session, provenance)
        self.provenance[(provenance.record_type, provenance.remote_record_id)] = provenance


def trusted_keys(session: Session, partner: Partner) -> dict[str, TrustedKey]:
    """The partner's trusted keys by kid."""
    found = {}
    for key in repository.partner_keys(session, partner.id):
        jwk = {"kty": "OKP", "crv": "Ed25519", "x": key.public_x}
        public_key = trusted_key(jwk).public_key
        found[key.kid] = TrustedKey(key.kid, public_key, key.valid_from, key.valid_until)
    return found


def excerpt(raw: Any, limit: int) -> str | None:
    """The start of a raw entry as JSON, for the rejection report."""
    try:
        text = json.dumps(raw, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return None
    return text[:limit]


def new_provenance(
    context: Context, entry: FeedEntryIn, local_id: Any, local_version: int
) -> Provenance:
    """The provenance of a record just imported from a partner's entry."""
    return Provenance(
        partner_id=context.partner.id,
        record_type=entry.kind,
        remote_record_id=entry.record.id,
        local_record_id=local_id,
        remote_entry_id=entry.id,
        remote_cursor=entry.cursor,
        remote_version=entry.record.version,
        remote_published_at=entry.published_at,
        local_version=local_version,
    )


def seen(provenance: Provenance, entry: FeedEntryIn) -> None:
    """Remember the newest remote entry seen for the record."""
    provenance.remote_entry_id, provenance.remote_cursor = entry.id, entry.cursor
    provenance.remote_version, provenance.remote_published_at = (
        entry.record.version,
        entry.published_at,
    )
    provenance.synced_at = utcnow()


# ------------------------------------------------------------------ conflicts


def open_conflict(
    session: Session,
    context: Context,
    provenance: Provenance | None,
    entry: FeedEntryIn,
    current: Any,
    reason: str,
    *,
    local_record_id: Any = None,
) -> ImportConflict:
    """Hold a partner's change for review; an older open conflict of the record is superseded."""
    if provenance is not None:
        for older in repository.open_conflicts_of(session, provenance.id):
            older.status = "superseded"
    conflict = ImportConflict(
        partner_id=context.partner.id,
        provenance_id=provenance.id if provenance else None,
        record_type=entry.kind,
        local_record_id=provenance.local_record_id if provenance else local_record_id,
        country_iso3=getattr(current, "country_iso3", None),
        title=str(
            getattr(current, "title", None) or entry.content.get("identifier") or entry.record.id
        )[:300],
        remote_entry_id=entry.id,
        remote_cursor=entry.cursor,
        remote_version=entry.record.version,
        remote_published_at=entry.published_at,
        entry=entry.model_dump(mode="json"),
        local_version=getattr(current, "version_no", 1),
        reason=reason,
        status="open",
    )
    repository.add(session, conflict)
    return conflict


def provenance_of(session: Session, conflict: ImportConflict) -> Provenance | None:
    """The provenance of the record a conflict is about (None for a clash with a local one)."""
    return repository.get_provenance(session, conflict.provenance_id)


def has_provenance(session: Session, record_type: str, record_id: str) -> bool:
    """Whether a local record was imported from a partner."""
    return repository.has_provenance(session, record_type, record_id)


# ------------------------------------------------------------------ keys


def apply_key(session: Session, context: Context, entry: FeedEntryIn, kid: str) -> str:
    """Trust a partner's new key announced under (and signed by) its previous key."""
    content = KeyEntryContent.model_validate(entry.content)
    if kid != content.previous_kid:
        raise Rejected("a new key must be announced under the key it replaces")
    new_key = trusted_key(content.jwk)
    previous = next(k for k in repository.partner_keys(session, context.partner.id) if k.kid == kid)
    previous.valid_until = entry.published_at
    context.keys[kid] = TrustedKey(
        kid, context.keys[kid].public_key, previous.valid_from, entry.published_at
    )
    if new_key.kid in context.keys:
        return "unchanged"
    repository.add(
        session,
        PartnerKey(
            partner_id=context.partner.id,
            kid=new_key.kid,
            public_x=jws.b64url(jws.raw_public_key(new_key.public_key)),
            valid_from=new_key.valid_from,
            valid_until=None,
            source=f"announced in entry {entry.cursor} signed by {kid}"[:200],
        ),
    )
    context.keys[new_key.kid] = new_key
    return "imported"


KEY = kinds.RecordKind(
    name="key", label=N_("Signing key"), titles={"rotated": "Signing key rotated"}, apply=apply_key
)
