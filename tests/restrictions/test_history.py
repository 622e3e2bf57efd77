"""Measures keep full history: valid time and recorded time, levels, workflow."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from passage.auth import service as auth_service
from passage.errors import Conflict, Forbidden, Invalid
from passage.kit.clock import utcnow
from passage.restrictions import repository, service
from passage.restrictions.schemas import MeasureEdit, PoeStatusCreate
from tests.factories import demo_poe, make_user
from tests.restrictions.factories import make_measure


def _edit(written, **changes):
    values = {name: getattr(written.version, name) for name in service.CONTENT_FIELDS} | changes
    return MeasureEdit(version=written.measure.version, **values)


def test_in_force_on_a_date_respects_the_validity_interval(session):
    make_measure(session, effective_from=date(2020, 3, 20), effective_until=date(2020, 6, 30))
    assert repository.in_force(session, country="KEN", on=date(2020, 3, 19)) == []
    assert len(repository.in_force(session, country="KEN", on=date(2020, 3, 20))) == 1
    assert len(repository.in_force(session, country="KEN", on=date(2020, 6, 30))) == 1
    assert repository.in_force(session, country="KEN", on=date(2020, 7, 1)) == []


def test_drafts_are_never_in_force(session):
    make_measure(session, status="draft")
    assert repository.in_force(session, country="KEN", on=date(2020, 4, 1)) == []


def test_an_edit_adds_a_version_and_keeps_the_old_one(session):
    written = make_measure(session)
    session.flush()
    edited = service.edit_measure(
        session=session,
        measure_id=written.measure.id,
        data=_edit(written, quarantine_days=7),
        actor=None,
    )
    versions = repository.versions_of(session, written.measure.id)
    assert [v.version_no for v in versions] == [1, 2]
    assert [v.quarantine_days for v in versions] == [14, 7]
    assert versions[0].superseded_at == edited.version.recorded_at and not versions[0].is_current
    rows = service.version_diffs(versions)
    assert rows[1]["changes"] == {"quarantine_days": (14, 7)}


def test_in_force_as_recorded_earlier_answers_with_the_old_version(session):
    written = make_measure(session)
    session.flush()
    before_edit = utcnow()
    service.edit_measure(
        session=session,
        measure_id=written.measure.id,
        data=_edit(written, quarantine_days=7),
        actor=None,
    )
    now_view = repository.in_force(session, country="KEN", on=date(2020, 4, 1))
    then_view = repository.in_force(
        session, country="KEN", on=date(2020, 4, 1), recorded=before_edit
    )
    assert [v.quarantine_days for v in now_view] == [7]
    assert [v.quarantine_days for v in then_view] == [14]
    assert (
        repository.in_force(
            session, country="KEN", on=date(2020, 4, 1), recorded=before_edit - timedelta(days=1)
        )
        == []
    )


def test_stale_edit_is_refused(session):
    written = make_measure(session)
    session.flush()
    stale = _edit(written, quarantine_days=7)
    service.edit_measure(session=session, measure_id=written.measure.id, data=stale, actor=None)
    with pytest.raises(Conflict):
        service.edit_measure(
            session=session,
            measure_id=written.measure.id,
            data=stale.model_copy(update={"quarantine_days": 10}),
            actor=None,
        )


def test_level_is_the_highest_in_force_and_null_without_data(session):
    assert service.level_on(session=session, country="UGA", on=date(2020, 4, 1))["level"] is None
    make_measure(
        session, country_iso3="UGA", measure_type="health_declaration", title="Declaration"
    )
    ban = make_measure(
        session,
        country_iso3="UGA",
        measure_type="origin_ban",
        title="Ban from China",
        origins=["CHN"],
    )
    answer = service.level_on(session=session, country="UGA", on=date(2020, 4, 1))
    assert answer["level"] == 3 and answer["measures"] == [ban.measure.id]


def test_lifting_ends_validity_the_day_before(session):
    written = make_measure(session)
    session.flush()
    admin = auth_service.principal_for(make_user(session))
    service.lift(
        session=session,
        measure_id=written.measure.id,
        version=written.measure.version,
        on=date(2020, 9, 1),
        actor=admin,
    )
    assert service.level_on(session=session, country="KEN", on=date(2020, 8, 31))["level"] == 2
    assert service.level_on(session=session, country="KEN", on=date(2020, 9, 1))["level"] is None


def test_publishing_needs_a_second_person_where_review_is_required(session):
    author = auth_service.principal_for(make_user(session, "coordinator"))
    reviewer = auth_service.principal_for(make_user(session, "coordinator"))
    service.set_review_required(session=session, country="KEN", required=True)
    draft = make_measure(session, actor=author, status="draft")
    session.flush()
    with pytest.raises(Forbidden):
        service.publish(
            session=session,
            measure_id=draft.measure.id,
            version=draft.measure.version,
            actor=author,
        )
    published = service.publish(
        session=session, measure_id=draft.measure.id, version=draft.measure.version, actor=reviewer
    )
    assert published.version.status == "published"


def test_targets_are_kept_separate(session):
    make_measure(
        session, measure_type="nationality_ban", title="No Italians", nationalities=["ITA"]
    )
    make_measure(session, measure_type="origin_ban", title="Not from Italy", origins=["ITA"])
    by_nationality, _ = repository.search(session, target_kind="nationality", target="ITA")
    by_origin, _ = repository.search(session, target_kind="origin", target="ITA")
    assert [v.title for v in by_nationality] == ["No Italians"]
    assert [v.title for v in by_origin] == ["Not from Italy"]


def test_unknown_target_country_is_refused(session):
    with pytest.raises(Invalid, match="XXZ"):
        make_measure(session, measure_type="nationality_ban", nationalities=["XXZ"])


def test_poe_status_on_a_date_is_the_latest_report_by_then(session):
    poe = demo_poe(session)
    for day, status in ((date(2020, 3, 1), "fully_operational"), (date(2020, 3, 25), "closed")):
        service.record_poe_status(
            session=session,
            poe_id=poe.id,
            actor=None,
            data=PoeStatusCreate(status=status, effective_from=day, who_may_cross=["nationals"]),
        )
    session.flush()
    assert (
        repository.poe_statuses_on(session, date(2020, 3, 10))[poe.id].status == "fully_operational"
    )
    assert repository.poe_statuses_on(session, date(2020, 4, 1))[poe.id].status == "closed"
    assert len(repository.poe_status_history(session, poe.id)) == 2
