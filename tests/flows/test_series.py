"""Series per point, nationality and corridor (flows.series): derived from the stored cells
(a period the point did not break down is no report, one it did is 0 for those not counted),
judged without configuration only when large enough and then within one false-alert budget,
configurable (or muted) per series, alerts keyed and named by their series, in the CLI with
their key's fields added, acknowledged and told to followers as a point's are."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import numpy as np
import pytest
from sqlalchemy import select

from passage.access import Role
from passage.auth.service import principal_for
from passage.errors import Invalid
from passage.flows import alerts, imports, service
from passage.flows.models import FlowAlert, FlowPoint
from passage.flows.schemas import Acknowledgement, DetectorSettings
from passage.flows.series import SeriesKey, automatic, derive, parse_key
from passage.flows.vocabulary import flow_series_label
from tests.factories import make_user

START = date(2024, 1, 1)
SURGE = 80  # the day SYR arrivals jump


def _day(offset: int) -> str:
    return (START + timedelta(days=offset)).isoformat()


def _mixed(point: str, days: int = 90, surge: bool = True) -> list[str]:
    """A point where most people are NER or NGA; SYR, a sixth, jumps x6 on day SURGE (the total
    only by about 80%): a nationality's surge that a total hides."""
    rng = np.random.default_rng(3)
    lines = ["point,period,count,nationality,origin,destination"]
    for day in range(days):
        syr = 60 * (6 if surge and day == SURGE else 1) + int(rng.integers(-6, 7))
        lines.append(f"{point},{_day(day)},{150 + int(rng.integers(-9, 10))},NER,NER,LBY")
        lines.append(f"{point},{_day(day)},{150 + int(rng.integers(-9, 10))},NGA,NGA,LBY")
        lines.append(f"{point},{_day(day)},{syr},SYR,SYR,ITA")
    return lines


def _import(session, lines: list[str]) -> None:
    imports.import_counts(session, content="\n".join(lines).encode(), filename="s.csv")


def _coordinator(session):
    return principal_for(make_user(session, Role.COORDINATOR))


# the keys, pure


def test_a_key_reads_back_what_it_writes_and_refuses_anything_else():
    for key in (
        SeriesKey(),
        SeriesKey(nationality="SYR"),
        SeriesKey(origin="SYR"),
        SeriesKey(destination="ITA"),
        SeriesKey(origin="SYR", destination="ITA"),
    ):
        assert parse_key(key.code) == key
    assert parse_key("corridor:SYR>ITA").kind == "corridor"
    for bad in ("nationality:", "corridor:>", "corridor:SYR", "town:X"):
        with pytest.raises(ValueError):
            parse_key(bad)
    with pytest.raises(ValueError):
        SeriesKey(nationality="SYR", origin="SYR")


def test_a_series_is_named_in_words():
    assert flow_series_label("") == "All movements"
    assert flow_series_label("nationality:SYR") == "Nationality SYR"
    assert flow_series_label("corridor:SYR>ITA") == "From SYR to ITA"
    assert flow_series_label("corridor:>ITA") == "Heading to ITA"


def test_a_period_not_broken_down_is_no_report_and_one_broken_down_is_zero():
    d1, d2, d3 = START, START + timedelta(days=1), START + timedelta(days=2)
    cells = [
        ("day", d1, "SYR", "", "", 5),
        ("day", d1, "NER", "", "", 7),
        ("day", d2, "NER", "", "", 4),  # broken down, no SYR: SYR counted 0
        ("day", d3, "", "", "", 9),  # not broken down: SYR unknown
    ]
    (derived,) = derive(cells)
    assert derived.values[SeriesKey()] == {d1: 12, d2: 4, d3: 9}
    assert derived.values[SeriesKey(nationality="SYR")] == {d1: 5, d2: 0}


def test_a_corridor_is_each_end_alone_and_both_together():
    cells = [("day", START, "", "SYR", "ITA", 5), ("day", START, "", "SYR", "", 2)]
    (derived,) = derive(cells)
    assert derived.values[SeriesKey(origin="SYR")] == {START: 7}
    assert derived.values[SeriesKey(origin="SYR", destination="ITA")] == {START: 5}
    assert derived.values[SeriesKey(destination="ITA")] == {START: 5}


def test_only_the_sub_series_with_a_real_share_are_judged_without_configuration():
    cells = [("day", START, f"N{n:02d}", "", "", 2) for n in range(30)]
    cells += [("day", START, "BIG", "", "", 100), ("day", START, "MID", "", "", 20)]
    (derived,) = derive(cells)
    # 180 people: BIG (56%) and MID (11%) carry a tenth each, the thirty others do not
    assert [key.code for key in automatic(derived)] == ["nationality:BIG", "nationality:MID"]


# through the database (SQLite and PostgreSQL)


def test_a_nationality_surge_the_total_hides_alerts_on_its_series_named_in_words(session):
    _import(session, _mixed("MIX-1"))
    found = alerts.judge(session, point="MIX-1")
    syr = [a for a in found if a.get("nationality") == "SYR" and a["period"] == _day(SURGE)]
    assert len(syr) == 1 and syr[0]["direction"] == "up" and syr[0]["series"] == "nationality"
    assert "of people of nationality SYR" in syr[0]["explanation"]
    corridor = [a for a in found if a.get("series") == "corridor" and a["period"] == _day(SURGE)]
    assert {(a["origin"], a["destination"]) for a in corridor} >= {("SYR", "ITA"), ("SYR", "")}
    point = session.scalars(select(FlowPoint).where(FlowPoint.label == "MIX-1")).one()
    stored = session.scalars(select(FlowAlert).where(FlowAlert.point_id == point.id)).all()
    assert "nationality:SYR" in {alert.series for alert in stored}


def test_many_small_nationalities_raise_no_flood(session):
    rng = np.random.default_rng(8)
    lines = ["point,period,count,nationality"]
    for day in range(365):
        lines.append(f"FLOOD,{_day(day)},{int(rng.poisson(400))},AAA")
        for n in range(25):  # 25 nationalities of one or two a day, pure noise
            lines.append(f"FLOOD,{_day(day)},{int(rng.poisson(1.5))},N{n:02d}")
    _import(session, lines)
    found = alerts.judge(session, point="FLOOD")
    assert not [a for a in found if str(a.get("nationality", "")).startswith("N")]
    assert len(found) <= 3  # a year of noise: the total and AAA, a false alert or two at most


def test_a_small_nationality_named_by_a_coordinator_is_judged_and_a_muted_one_is_not(session):
    _import(session, _mixed("MIX-2"))
    point = session.scalars(select(FlowPoint).where(FlowPoint.label == "MIX-2")).one()
    actor = _coordinator(session)

    def syr_alerts() -> list[FlowAlert]:
        rows = session.scalars(select(FlowAlert).where(FlowAlert.point_id == point.id))
        return [alert for alert in rows if alert.series == "nationality:SYR"]

    assert syr_alerts()
    mute = DetectorSettings(
        config={}, series="nationality:SYR", enabled=False, version=point.version
    )
    service.set_detector(session=session, point_id=point.id, data=mute, actor=actor)
    assert syr_alerts() == []
    setting = service.series_setting(session=session, point=point, key=parse_key("nationality:SYR"))
    assert setting is not None
    louder = DetectorSettings(
        config={"min_count": 100_000},
        series="nationality:SYR",
        enabled=True,
        version=setting.version,
    )
    service.set_detector(session=session, point_id=point.id, data=louder, actor=actor)
    assert syr_alerts() == []  # judged again, but nothing reaches 100,000 people
    again = DetectorSettings(config={}, series="nationality:SYR", version=setting.version)
    service.set_detector(session=session, point_id=point.id, data=again, actor=actor)
    assert [alert.period for alert in syr_alerts()] == [_day(SURGE)]


def test_a_bad_series_or_setting_is_refused_naming_its_field(session):
    _import(session, _mixed("MIX-3"))
    point = session.scalars(select(FlowPoint).where(FlowPoint.label == "MIX-3")).one()
    actor = _coordinator(session)
    with pytest.raises(Invalid) as bad_key:
        service.set_detector(
            session=session,
            point_id=point.id,
            actor=actor,
            data=DetectorSettings(series="town:X", version=point.version),
        )
    assert bad_key.value.field == "series"
    with pytest.raises(Invalid) as bad_config:
        data = DetectorSettings(
            config={"family": 0}, series="nationality:SYR", version=point.version
        )
        service.set_detector(session=session, point_id=point.id, data=data, actor=actor)
    assert bad_config.value.field == "config"


def test_a_sub_series_alert_is_acknowledged_and_exported_with_its_series(session):
    _import(session, _mixed("MIX-4"))
    alert = session.scalars(
        select(FlowAlert).where(FlowAlert.series == "nationality:SYR", FlowAlert.status == "open")
    ).first()
    assert alert is not None
    done = service.acknowledge(
        session=session,
        alert_id=alert.id,
        actor=_coordinator(session),
        data=Acknowledgement(note="bus from Tripoli", version=alert.version),
    )
    assert done.status == "acknowledged"
    _import(session, _mixed("MIX-4"))  # judged again: the acknowledged alert stays
    assert session.get(FlowAlert, alert.id).status == "acknowledged"
    from passage.flows import exports

    analyst = principal_for(make_user(session, Role.ANALYST))
    text = exports.to_csv(exports.alert_rows(session=session, actor=analyst), exports.ALERT_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert any(row["series"] == "nationality:SYR" for row in rows[1:])


def test_the_cli_adds_the_key_fields_to_sub_series_alerts_and_keeps_the_totals_as_they_were(
    flows_cli, tmp_path
):
    path = tmp_path / "mixed.csv"
    path.write_text("\n".join(_mixed("Zinder gare")))
    assert flows_cli("import", str(path)).exit_code == 0
    result = flows_cli(
        "alerts", "--point", "Zinder gare", "--from", _day(SURGE), "--to", _day(SURGE)
    )
    found = json.loads(result.stdout)
    keys = {
        "point",
        "period",
        "observed",
        "expected",
        "threshold",
        "method",
        "direction",
        "explanation",
    }
    assert found and all(keys <= set(alert) for alert in found)
    totals = [alert for alert in found if "series" not in alert]
    assert all(set(alert) == keys for alert in totals)
    syr = [alert for alert in found if alert.get("nationality") == "SYR"]
    assert syr and set(syr[0]) == keys | {"series", "nationality"}
    assert syr[0]["point"] == "Zinder gare"


def test_the_pages_name_the_series_chart_it_and_configure_it(client, session):
    from tests.factories import csrf_from, web_login

    _import(session, _mixed("MIX-5"))
    point = session.scalars(select(FlowPoint).where(FlowPoint.label == "MIX-5")).one()
    alert = session.scalars(
        select(FlowAlert).where(
            FlowAlert.point_id == point.id, FlowAlert.series == "nationality:SYR"
        )
    ).first()
    assert alert is not None
    user = make_user(session, Role.COORDINATOR)
    web_login(client, user.email)
    assert "Nationality SYR" in client.get("/flows").text
    page = client.get(f"/flows/alerts/{alert.id}")
    assert page.status_code == 200 and "Nationality SYR" in page.text
    assert 'class="flow-observed"' in page.text and "of people of nationality SYR" in page.text
    detector = client.get(
        f"/flows/points/{point.id}/detector", params={"series": "nationality:SYR"}
    )
    assert detector.status_code == 200 and _day(SURGE) in detector.text
    assert 'name="series" value="nationality:SYR"' in detector.text
    saved = client.post(
        f"/flows/points/{point.id}/detector",
        data={
            "csrf_token": csrf_from(detector.text),
            "config": '{"min_count": 100000}',
            "series": "nationality:SYR",
            "enabled": "yes",
            "version": str(point.version),
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303 and "series=nationality%3ASYR" in saved.headers["location"]
    setting = service.series_setting(session=session, point=point, key=parse_key("nationality:SYR"))
    assert setting is not None and setting.detector == {"min_count": 100000}
