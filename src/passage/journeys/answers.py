"""The journey answer in words: a decision rendered with its explanation items and conditions
in one language, memoised in the snapshot where travellers share the same findings."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from passage.journeys import engine
from passage.journeys.certificates import CertificateCheck
from passage.journeys.messages import condition_label, decision_label, sentence
from passage.journeys.schemas import JourneyCheck
from passage.journeys.snapshots import Rendered, Snapshot


def decide_and_render(
    snapshot: Snapshot, traveller: engine.Traveller, itinerary: engine.Itinerary, language: str
) -> Rendered:
    """Decide and render; when no targeted measure concerns the traveller, every finding is
    shared, so travellers with the same profile get the same (memoised) answer."""
    key = None
    if not engine.concerned(snapshot.targets, traveller, itinerary):
        number = engine.profile_number(traveller, itinerary)
        key = None if number is None else (number, language)
    if key is not None and (found := snapshot.answers.get(key)) is not None:
        return found
    decision = engine.decide(snapshot.prepared, traveller, itinerary)
    pairs = [_render(snapshot, finding, language) for finding in decision.findings]
    rendered = Rendered(
        decision,
        [item for item, _ in pairs],
        [condition for _, condition in pairs if condition is not None],
    )
    if key is not None and len(snapshot.answers) < 4096:
        snapshot.answers[key] = rendered
    return rendered


@lru_cache(maxsize=65536)
def _sentence(language: str, item: engine.Reason) -> str:
    return sentence(item)


def _static(measure: engine.MeasureFacts) -> dict[str, Any]:
    verified = measure.verified_on
    return {
        "measure_id": measure.measure_id,
        "version_id": measure.version_id,
        "measure_type": measure.measure_type,
        "title": measure.title,
        "sources": [_source(source) for source in measure.sources],
        "last_verified_on": verified.isoformat() if verified else None,
        "effective_from": _iso(measure.effective_from),
        "effective_until": _iso(measure.effective_until),
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _source(source: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": str(source.get("title") or ""),
        "url": source.get("url"),
        "publisher": source.get("publisher"),
    }


def _render(
    snapshot: Snapshot, finding: engine.Finding, language: str
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """A finding's explanation item and condition; shared findings are rendered once."""
    key = (language, id(finding))
    if finding.shared and (found := snapshot.rendered.get(key)) is not None:
        return found
    static = snapshot.static.get(finding.measure.version_id)
    if static is None:
        static = snapshot.static[finding.measure.version_id] = _static(finding.measure)
    item = {
        **static,
        "effect": finding.effect,
        "applies": finding.effect in (engine.APPLIES_REFUSE, engine.APPLIES_CONDITION),
        "reasons": [_sentence(language, reason) for reason in finding.reasons],
        "stale": finding.stale,
        "self_declared_exemptions": sorted(finding.self_declared),
    }
    condition = _condition(finding.condition, language) if finding.condition else None
    if finding.shared and len(snapshot.rendered) < 20_000:
        snapshot.rendered[key] = (item, condition)
    return item, condition


def _condition(condition: engine.Condition, language: str) -> dict[str, Any]:
    return {
        "kind": condition.kind,
        "label": condition_label(condition.kind),
        "status": condition.status,
        "measure_id": condition.measure_id,
        "quarantine_days": condition.quarantine_days,
        "explanation": _sentence(language, condition.reason) if condition.reason else None,
    }


def answer(
    request: JourneyCheck,
    snapshot: Snapshot,
    rendered: Rendered,
    certificate: CertificateCheck | None,
    language: str,
    on_the_way: tuple[engine.Reason, ...] = (),
) -> dict[str, Any]:
    """The JSON-ready answer (its explanation items are shared: read them, never change them).

    `on_the_way`: notes on the transit countries' own measures (engine.transit_notes)."""
    version = snapshot.data_version
    if certificate and certificate.rules_version:
        version = f"{version}+{certificate.rules_version}"
    decision = rendered.decision
    notes = [_sentence(language, note) for note in (*decision.notes, *on_the_way)]
    if request.data_version and request.data_version != version:
        changed = engine.reason(
            "data_version_changed", requested=request.data_version, current=version
        )
        notes.append(_sentence(language, changed))
    return {
        "decision": decision.decision,
        "decision_label": decision_label(decision.decision),
        "destination": request.itinerary.destination,
        "arrival_date": request.itinerary.arrival_date.isoformat(),
        "conditions": rendered.conditions,
        "explanation": rendered.explanation,
        "rules": [rule.model_dump() for rule in certificate.rules] if certificate else [],
        "notes": notes,
        "certificate": certificate.summary.model_dump() if certificate else None,
        "data_version": version,
        "as_of": snapshot.as_of.isoformat(),
        "language": language,
    }
