"""Demo measures and POE statuses: realistic, deterministic, and idempotent on reload."""

from __future__ import annotations

import itertools
from datetime import date

from sqlalchemy import func, select

from passage.restrictions import repository
from passage.restrictions.demo import load_demo_restrictions
from passage.restrictions.demo_plans import COUNTRIES, demo_plans
from passage.restrictions.models import (
    DiscrepancyReport,
    Measure,
    MeasureComment,
    MeasureVersion,
    PoeStatus,
)


def _counts(session) -> tuple[int, ...]:
    models = (Measure, MeasureVersion, PoeStatus, MeasureComment, DiscrepancyReport)
    return tuple(session.scalar(select(func.count()).select_from(m)) for m in models)


def test_demo_plans_are_the_same_on_every_run():
    first, second = demo_plans(), demo_plans()
    assert [p.ref for p in first] == [p.ref for p in second]
    assert [p.content for p in first] == [p.content for p in second]
    assert len({p.content["country_iso3"] for p in first}) == len(COUNTRIES) >= 40


def test_loading_twice_adds_nothing_the_second_time(session):
    load_demo_restrictions(session)
    once = _counts(session)
    load_demo_restrictions(session)
    assert _counts(session) == once
    assert once[0] >= 200 and once[1] > once[0]


def test_demo_has_history_drafts_lifted_and_stale_measures(session):
    load_demo_restrictions(session)
    refs = [p.ref for p in demo_plans()]
    measures = repository.get_measures_by_ref(session, refs)
    statuses = {m.status for m in measures.values()}
    assert {"draft", "published", "lifted"} <= statuses
    edited = [m for m in measures.values() if m.current_version_no >= 3]
    assert edited, "some measures are edited several times"
    versions = repository.versions_of(session, edited[0].id)
    assert [v.is_current for v in versions] == [False] * (len(versions) - 1) + [True]
    assert all(a.superseded_at == b.recorded_at for a, b in itertools.pairwise(versions))
    current = repository.current_versions(session, [m.id for m in measures.values()])
    old = [v for v in current.values() if v.last_verified_on and v.last_verified_on.year == 2020]
    assert old, "a few measures were last verified long ago (stale)"


def test_demo_answers_in_force_questions_across_three_years(session):
    load_demo_restrictions(session)
    closures = repository.in_force(session, country=None, on=date(2020, 3, 28))
    assert any(v.measure_type == "complete_closure" for v in closures)
    vaccination = repository.in_force(session, country=None, on=date(2021, 12, 1))
    assert any(v.measure_type == "vaccination" for v in vaccination)


def test_demo_poe_statuses_cover_crossings_and_show_march_2020_closures(session):
    load_demo_restrictions(session)
    statuses = repository.poe_statuses_on(session, date(2020, 4, 15), country="KEN")
    assert statuses and all(s.status == "closed" for s in statuses.values())
    later = repository.poe_statuses_on(session, date(2022, 12, 31), country="KEN")
    assert {s.status for s in later.values()} == {"fully_operational"}
    open_reports = repository.discrepancies(session, status="open")
    assert any(r.body.startswith("The test must now") for r in open_reports)


def test_the_demo_feed_carries_its_published_measures_and_poe_statuses(session):
    from passage.exchange.models import FeedEntry

    def kinds() -> dict[str, int]:
        statement = select(FeedEntry.kind, func.count()).group_by(FeedEntry.kind)
        return {kind: count for kind, count in session.execute(statement)}

    before = kinds()
    load_demo_restrictions(session)
    session.commit()  # queued feed changes are written with the commit
    after = kinds()
    published = session.scalar(
        select(func.count())
        .select_from(MeasureVersion)
        .where(MeasureVersion.is_current, MeasureVersion.status != "draft")
    )
    assert after.get("measure", 0) - before.get("measure", 0) == published > 100
    added_statuses = session.scalar(select(func.count()).select_from(PoeStatus))
    assert after.get("poe_status", 0) - before.get("poe_status", 0) == added_statuses > 0
    load_demo_restrictions(session)
    session.commit()
    assert kinds() == after  # loading again publishes nothing twice
