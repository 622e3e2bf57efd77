"""The flows exports read by a well-kept HXL library (libhxl): every column tagged, the counts
and the alerts as the records say, and only the points within the reader's reach."""

from __future__ import annotations

import io
from datetime import date, timedelta

import hxl

from passage.access import Role, ScopeType
from passage.auth.service import principal_for
from passage.flows import exports, imports
from passage.flows.models import FlowAlert, FlowPoint
from tests.factories import make_user


def _history(session, code: str) -> None:
    lines = ["point,period,count,sex"]
    for day in range(45):
        on = date(2024, 1, 1) + timedelta(days=day)
        count = 1000 if day == 40 else 100 + (day * 7) % 11 - 5
        lines += [f"{code},{on},{count // 2},F", f"{code},{on},{count - count // 2},M"]
    imports.import_counts(session, content="\n".join(lines).encode(), filename="x.csv")


def _hxl(text: str):
    return hxl.data(io.BytesIO(text.encode()))


def test_counts_csv_is_valid_hxl_with_every_column_tagged(session):
    _history(session, "HXL-1")
    actor = principal_for(make_user(session, Role.ANALYST))
    text = exports.to_csv(exports.count_rows(session=session, actor=actor), exports.COUNT_COLUMNS)
    dataset = _hxl(text)
    tags = [column.display_tag for column in dataset.columns]
    assert tags == list(exports.COUNT_COLUMNS.values())
    rows = [row for row in dataset if row.get("#loc+name") == "HXL-1"]
    assert len(rows) == 90
    assert (
        sum(int(row.get("#affected+num")) for row in rows)
        == sum(100 + (day * 7) % 11 - 5 for day in range(45) if day != 40) + 1000
    )
    assert {row.get("#population+sex") for row in rows} == {"F", "M"}


def test_alerts_csv_is_valid_hxl_and_names_the_alert(session):
    _history(session, "HXL-2")
    point = session.query(FlowPoint).filter_by(label="HXL-2").one()
    alert = session.query(FlowAlert).filter_by(point_id=point.id, period="2024-02-10").one()
    actor = principal_for(make_user(session, Role.COORDINATOR))
    dataset = _hxl(
        exports.to_csv(exports.alert_rows(session=session, actor=actor), exports.ALERT_COLUMNS)
    )
    found = [
        row
        for row in dataset
        if row.get("#loc+name") == "HXL-2" and row.get("#date") == "2024-02-10"
    ]
    assert len(found) == 1
    assert float(found[0].get("#affected+num+observed")) == alert.observed == 1000
    assert found[0].get("#meta+method") == alert.method and found[0].get("#description")


def test_exports_keep_to_the_readers_countries(session):
    _history(session, "HXL-3")  # an imported series: no country, global grants only
    actor = principal_for(
        make_user(session, Role.ANALYST, scope_type=ScopeType.COUNTRY, scope_value="KEN")
    )
    assert exports.count_rows(session=session, actor=actor) == []
    assert exports.alert_rows(session=session, actor=actor) == []
