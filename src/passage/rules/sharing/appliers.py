"""Partners' business rule versions stored here, with their provenance: the kind `rule` of the
exchange feed (`exchange.kinds`). Rule versions never change once stored."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from passage.errors import Conflict, Invalid
from passage.exchange import kinds
from passage.exchange.appliers import Context, has_provenance, new_provenance, open_conflict
from passage.exchange.entries import FeedEntryIn
from passage.exchange.models import ImportConflict, Partner
from passage.exchange.repository import conflict_for_entry
from passage.kit.i18n import N_
from passage.rules import service as rules
from passage.rules.semver import parse_version
from passage.rules.sharing.changes import RuleEntryContent, rule_change


def apply_rule(session: Session, context: Context, entry: FeedEntryIn, _kid: str) -> str:
    """Store a partner's rule version; a clash with a version uploaded here waits for review."""
    content = RuleEntryContent.model_validate(entry.content)
    if context.provenance_of(entry) is not None:
        return "unchanged"
    clash = _rule_clash(session, content)
    if clash in ("same", "stale"):
        return "unchanged"
    if clash is not None:
        if conflict_for_entry(session, context.partner.id, entry.id) is None:
            reason = "a rule version uploaded here clashes"
            open_conflict(session, context, None, entry, clash, reason, local_record_id=clash.id)
        return "conflicts"
    report = rules.import_rules(session=session, documents=[content.document], uploaded_by=None)
    if not report.ok:
        reasons = "; ".join(report.reasons())[:500]  # already sentences: not a catalogue entry
        raise Invalid(reasons)
    rule_id = report.rules[0].id
    context.remember(session, new_provenance(context, entry, rule_id, 1))
    return "imported"


def _rule_clash(session: Session, content: RuleEntryContent) -> Any:
    """How an incoming rule version relates to the stored ones: None (store it), "same" (stored
    identically), "stale" (the partner's own higher version is stored), or the local version it
    clashes with (the same version with another document, or a higher one uploaded here)."""
    try:
        incoming = parse_version(content.version)
    except ValueError:
        raise Invalid(
            "rule version '%(version)s' is not a semantic version",
            params={"version": content.version},
        ) from None
    stored = rules.versions_of(session=session, identifier=content.identifier)
    same = next((rule for rule in stored if rule.semver == incoming), None)
    if same is not None:
        return "same" if same.document == content.document else same
    higher = [rule for rule in stored if rule.semver > incoming]
    local = [rule for rule in higher if not has_provenance(session, "rule", str(rule.id))]
    return local[0] if local else ("stale" if higher else None)


def local_rule(session: Session, rule_id: uuid.UUID) -> dict[str, Any] | None:
    """The local rule version as the feed carries it (to compare with a partner's)."""
    rule = rules.find_rule(session=session, rule_id=rule_id)
    return rule_change(rule).content if rule else None


def refuse_theirs(session: Session, conflict: ImportConflict, partner: Partner) -> None:
    """A stored rule version is never replaced: the reviewer keeps the local one."""
    raise Conflict(
        "rule versions never change once stored: keep the local version and ask the partner "
        "to publish a higher version"
    )


RULE = kinds.RecordKind(
    name="rule",
    label=N_("Entry rule"),
    titles={"uploaded": "Entry rule uploaded"},
    apply=apply_rule,
    local_content=local_rule,
    accept=refuse_theirs,
)


def install() -> None:
    """Let the exchange import partners' rule versions."""
    kinds.register(RULE)
