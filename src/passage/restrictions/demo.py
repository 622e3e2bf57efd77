"""The demo world's travel measures and POE statuses, 2020-2022 (the story: demo_plans.py)
and today's outbreak (demo_current.py, dated from the load day), written to the database.
Deterministic for a given load day and idempotent.

Every measure has an `external_ref` starting with `demo:`; loading again adds only what is
missing. Versions carry realistic recorded times (a few days after the announcement), so
"as recorded on" questions have interesting answers in the demo.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy.orm import Session

from passage.auth import repository as auth_repository
from passage.exchange import feed as exchange_feed
from passage.geo import repository as geo_repository
from passage.geo.demo import crossing_codes
from passage.kit.clock import today
from passage.kit.ids import uuid7
from passage.restrictions import repository
from passage.restrictions.bulk import insert_rows, record_fields, target_rows, version_row
from passage.restrictions.demo_current import current_plans, current_poe_history
from passage.restrictions.demo_plans import COUNTRIES, SEED, Plan, demo_plans, poe_history
from passage.restrictions.models import (
    DiscrepancyReport,
    Measure,
    MeasureComment,
    MeasureTarget,
    MeasureVersion,
    PoeStatus,
)
from passage.restrictions.sharing.changes import measure_change, poe_status_change

DEMO_EDITOR = "coordinator@demo.passage.int"
POE_SOURCE = "Passage demo: DTM-style field report"


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(7, 18), rng.randint(0, 59)), tzinfo=UTC)


def _plan_rows(
    plan: Plan, rng: random.Random, editor: str | None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The measure row and its version rows, each step superseding the one before."""
    measure_id = uuid7()
    moments = [_moment(step.recorded_on, rng) for step in plan.steps]
    content, versions = dict(plan.content), []
    for number, (step, moment) in enumerate(zip(plan.steps, moments, strict=True), start=1):
        content = content | step.changes
        ended = moments[number] if number < len(moments) else None
        versions.append(
            version_row(
                measure_id,
                number,
                content,
                status=step.status,
                recorded_at=moment,
                superseded_at=ended,
                recorded_by=editor,
                change_note=step.note,
            )
        )
    measure = record_fields(moments[0]) | {
        "id": measure_id,
        "country_iso3": plan.content["country_iso3"],
        "external_ref": plan.ref,
        "current_version_no": len(versions),
        "status": versions[-1]["status"],
        "version": len(versions),
    }
    return measure, versions


def _publish(session: Session, versions: list[dict[str, Any]], refs: dict[Any, str]) -> None:
    """Queue the feed change of each new measure's current version (drafts stay local), so
    the demo deployment's feed carries its published measures like an edited one would."""
    for version in versions:
        if version["is_current"]:
            ref = refs[version["measure_id"]]
            change = measure_change(SimpleNamespace(**version), None, ref)
            exchange_feed.record_change(session, change)


def _load_measures(
    session: Session, editor: str | None, rng: random.Random, plans: list[Plan]
) -> list[Measure]:
    existing = repository.get_measures_by_ref(session, [p.ref for p in plans])
    measures: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    for plan in plans:
        measure, rows = _plan_rows(plan, rng, editor)  # always drawn: keeps the sequence fixed
        if plan.ref not in existing:
            measures.append(measure)
            versions += rows
    targets = [row for version in versions for row in target_rows(version)]
    refs = [m["external_ref"] for m in measures]
    _publish(
        session, versions, {m["id"]: m["external_ref"] for m in measures}
    )  # before insert_rows, which empties the list
    insert_rows(session, Measure, measures)
    insert_rows(session, MeasureVersion, versions)
    insert_rows(session, MeasureTarget, targets)
    return list(repository.get_measures_by_ref(session, refs).values()) if refs else []


def _feedback(session: Session, created: list[Measure], editor: str | None) -> None:
    """A few editors' comments and open discrepancy reports on newly created measures."""
    by_ref = {m.external_ref: m for m in created}
    author = uuid.UUID(editor) if editor else None
    for country in COUNTRIES[:4]:
        if measure := by_ref.get(f"demo:{country}:quarantine"):
            body = "Checked the gazette: the 7-day rule applies to land arrivals too."
            session.add(MeasureComment(measure_id=measure.id, author_id=author, body=body))
    reports = {
        "demo:UGA:pcr-test": "The test must now be taken within 120 hours, not 72.",
        "demo:THA:quarantine": "Quarantine was already 7 days in this period per the embassy.",
        "demo:PER:declaration": "This form is no longer required since October.",
    }
    for ref, body in reports.items():
        if measure := by_ref.get(ref):
            session.add(DiscrepancyReport(measure_id=measure.id, body=body, status="open"))


def _load_poe_statuses(
    session: Session, editor: str | None, rng: random.Random, today: date
) -> None:
    poes = list(geo_repository.get_poes_by_code(session, crossing_codes()).values())
    airports, _ = geo_repository.search_poes(session, kind="airport", limit=100)
    rows: list[dict[str, Any]] = []
    changes = []
    for poe in sorted([*poes, *airports], key=lambda p: p.code):
        history = poe_history(rng, land=poe.kind == "land_crossing")
        moments = [_moment(entry["effective_from"], rng) for entry in history]
        current = current_poe_history(poe.code, today)  # no draw: the history stays the same
        history += current
        moments += [_moment(entry["effective_from"], random.Random(SEED)) for entry in current]
        if any(s.source == POE_SOURCE for s in repository.poe_status_history(session, poe.id)):
            continue
        for entry, moment in zip(history, moments, strict=True):
            rows.append(
                record_fields(moment)
                | {
                    "poe_id": poe.id,
                    "country_iso3": poe.country_iso3,
                    "status": entry["status"],
                    "effective_from": entry["effective_from"],
                    "who_may_cross": entry["who"],
                    "health_measures": entry.get("health", []),
                    "last_verified_on": entry["effective_from"] + timedelta(days=2),
                    "notes": None,
                    "source": POE_SOURCE,
                    "recorded_by": editor,
                }
            )
            changes.append(poe_status_change(SimpleNamespace(**rows[-1]), poe))
    insert_rows(session, PoeStatus, rows)
    for change in changes:  # the feed carries the POE statuses too
        exchange_feed.record_change(session, change)


def load_demo_restrictions(session: Session) -> None:
    """Demo measures (2020-2022, ~40 countries, and today's outbreak), POE statuses, comments
    and reports."""
    rng = random.Random(SEED)
    editor_user = auth_repository.get_user_by_email(session, DEMO_EDITOR)
    editor = str(editor_user.id) if editor_user else None
    known = set(geo_repository.country_codes(session).values())
    if not set(COUNTRIES) <= known:
        raise RuntimeError("load the countries before the demo measures")
    session.flush()
    on = today()
    created = _load_measures(session, editor, rng, demo_plans())
    created += _load_measures(session, editor, random.Random(SEED), current_plans(on))
    _feedback(session, created, editor)
    _load_poe_statuses(session, editor, rng, on)
    session.flush()
