"""Applying one verified entry of a partner to local records, by kind, with its provenance.

Each applier returns the outcome: imported (a new local record), updated, unchanged (already
applied, older than what was applied, or the same content) or conflicts (a local edit since the
last import: the change waits for review). Bad content raises Invalid, Rejected or a
ValidationError, always before the applier writes anything, so a rejected entry leaves no trace
but its rejection (the importer needs no savepoint per entry, and writes a page in batches).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from passage.errors import Invalid
from passage.exchange import jws, repository
from passage.exchange.entries import (
    FeedEntryIn,
    KeyEntryContent,
    MeasureEntryContent,
    PoeStatusEntryContent,
    RuleEntryContent,
    measure_change,
)
from passage.exchange.models import ImportConflict, Partner, PartnerKey, Provenance
from passage.exchange.trust import Rejected, TrustedKey, trusted_key
from passage.geo import repository as geo_repository
from passage.geo import service as geo_service
from passage.kit.clock import utcnow
from passage.restrictions import service as restrictions
from passage.rules import repository as rules_repository
from passage.rules import service as rules
from passage.rules.semver import parse_version


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


def _provenance(
    context: Context, entry: FeedEntryIn, local_id: Any, local_version: int
) -> Provenance:
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


def _seen(provenance: Provenance, entry: FeedEntryIn) -> None:
    """Remember the newest remote entry seen for the record."""
    provenance.remote_entry_id, provenance.remote_cursor = entry.id, entry.cursor
    provenance.remote_version, provenance.remote_published_at = (
        entry.record.version,
        entry.published_at,
    )
    provenance.synced_at = utcnow()


# ------------------------------------------------------------------ measures


def apply_measure(session: Session, context: Context, entry: FeedEntryIn, _kid: str) -> str:
    """Create, update or hold for review the local copy of a partner's measure."""
    content = MeasureEntryContent.model_validate(entry.content)
    provenance = context.provenance_of(entry)
    if provenance is None:
        written = _write_measure(session, context, None, content)
        local_version = written.version.version_no
        context.remember(session, _provenance(context, entry, written.measure.id, local_version))
        return "imported"
    if entry.record.version <= provenance.remote_version:
        return "unchanged"
    measure, current = restrictions.get_measure(
        session=session, measure_id=provenance.local_record_id
    )
    if _same_measure(current, entry.content):
        _seen(provenance, entry)
        provenance.local_version = current.version_no
        return "unchanged"
    if current.version_no != provenance.local_version:
        _open_conflict(
            session, context, provenance, entry, current, "edited here since the last import"
        )
        _seen(provenance, entry)
        return "conflicts"
    written = _write_measure(session, context, measure.id, content)
    _seen(provenance, entry)
    provenance.local_version = written.version.version_no
    return "updated"


def _same_measure(current: Any, content: dict[str, Any]) -> bool:
    change = measure_change(current, "published")
    return change is not None and change.content == content


def _write_measure(
    session: Session, context: Context, measure_id: Any, content: MeasureEntryContent
) -> restrictions.Written:
    return restrictions.record_received(
        session=session,
        measure_id=measure_id,
        data=content,
        status=content.status,
        note=f"received from {context.partner.name}"[:500],
        known_countries=context.countries,
    )


def _open_conflict(
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


def accept_measure(session: Session, conflict: ImportConflict, partner: Partner) -> None:
    """Apply a held change of a measure over the local edit (the reviewer chose theirs)."""
    provenance = repository.get_provenance(session, conflict.provenance_id)
    assert provenance is not None  # a measure's conflict always has one
    content = MeasureEntryContent.model_validate(conflict.entry["content"])
    context = Context(partner, {}, set(geo_repository.country_codes(session).values()))
    written = _write_measure(session, context, provenance.local_record_id, content)
    provenance.local_version = written.version.version_no


# ------------------------------------------------------------------ POE status


def apply_poe_status(session: Session, context: Context, entry: FeedEntryIn, _kid: str) -> str:
    """Add a partner's POE status report to the history of the matching (or a new) POE."""
    content = PoeStatusEntryContent.model_validate(entry.content)
    if context.provenance_of(entry) is not None:
        return "unchanged"
    code = content.poe.code
    poe = geo_repository.get_poes_by_code(session, [code]).get(code)
    if poe is None:
        poe = geo_service.create_poe(session=session, data=content.poe)
        poe.source = f"exchange: {context.partner.name}"[:120]
    elif poe.country_iso3 != content.poe.country_iso3:
        message = (
            f"point of entry {code} is in {poe.country_iso3} here, not {content.poe.country_iso3}"
        )
        raise Invalid(message, field="poe.code")
    status = restrictions.record_poe_status(
        session=session, poe_id=poe.id, data=content.status, actor=None, audit_each=False
    )
    context.remember(session, _provenance(context, entry, status.id, 1))
    return "imported"


# ------------------------------------------------------------------ rules


def apply_rule(session: Session, context: Context, entry: FeedEntryIn, _kid: str) -> str:
    """Store a partner's rule version; a clash with a version uploaded here waits for review."""
    content = RuleEntryContent.model_validate(entry.content)
    if context.provenance_of(entry) is not None:
        return "unchanged"
    clash = _rule_clash(session, content)
    if clash in ("same", "stale"):
        return "unchanged"
    if clash is not None:
        if repository.conflict_for_entry(session, context.partner.id, entry.id) is None:
            reason = "a rule version uploaded here clashes"
            _open_conflict(session, context, None, entry, clash, reason, local_record_id=clash.id)
        return "conflicts"
    report = rules.import_rules(session=session, documents=[content.document], uploaded_by=None)
    if not report.ok:
        raise Invalid("; ".join(report.reasons())[:500])
    rule_id = report.rules[0].id
    context.remember(session, _provenance(context, entry, rule_id, 1))
    return "imported"


def _rule_clash(session: Session, content: RuleEntryContent) -> Any:
    """How an incoming rule version relates to the stored ones: None (store it), "same" (stored
    identically), "stale" (the partner's own higher version is stored), or the local version it
    clashes with (the same version with another document, or a higher one uploaded here)."""
    try:
        incoming = parse_version(content.version)
    except ValueError:
        raise Invalid(f"rule version {content.version!r} is not a semantic version") from None
    stored = rules_repository.versions_of(session, content.identifier)
    same = next((rule for rule in stored if rule.semver == incoming), None)
    if same is not None:
        return "same" if same.document == content.document else same
    higher = [rule for rule in stored if rule.semver > incoming]
    local = [
        rule for rule in higher if not repository.has_provenance(session, "rule", str(rule.id))
    ]
    return local[0] if local else ("stale" if higher else None)


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
