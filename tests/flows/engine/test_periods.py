"""Reporting periods: each form read and written back, ISO weeks 53, and readable errors."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passage.flows.engine import Period, parse_period


@pytest.mark.parametrize(
    ("text", "granularity", "start"),
    [
        ("2024-03-05", "day", datetime.date(2024, 3, 5)),
        ("2024-02-29", "day", datetime.date(2024, 2, 29)),
        ("2024-W05", "week", datetime.date(2024, 1, 29)),
        ("2020-W53", "week", datetime.date(2020, 12, 28)),
        ("2026-W53", "week", datetime.date(2026, 12, 28)),
        ("2025-W01", "week", datetime.date(2024, 12, 30)),
        ("2024-03", "month", datetime.date(2024, 3, 1)),
    ],
)
def test_each_form_is_read_and_written_back(text, granularity, start):
    period = parse_period(text)
    assert (period.granularity, period.start) == (granularity, start)
    assert str(period) == text


def test_lower_case_week_and_spaces_are_read_in_the_canonical_form():
    assert str(parse_period(" 2024-w05 ")) == "2024-W05"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2024-13", "month 13 does not exist"),
        ("2024-00", "month 0 does not exist"),
        ("2023-02-29", "February 2023 has 28 days"),
        ("2024-04-31", "April 2024 has 30 days"),
        ("2021-W53", "ISO year 2021 has weeks W01 to W52"),
        ("2024-W00", "ISO year 2024 has weeks W01 to W52"),
        ("2024/03/05", "write a day as YYYY-MM-DD"),
        ("March 2024", "write a day as YYYY-MM-DD"),
        ("", "is not a period"),
    ],
)
def test_a_bad_period_says_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_period(text)


def test_a_period_that_is_not_text_is_refused():
    with pytest.raises(ValueError, match="a period is text"):
        parse_period(202403)  # type: ignore[arg-type]


def test_next_and_previous_cross_years_and_week_53():
    assert str(parse_period("2020-W53").next()) == "2021-W01"
    assert str(parse_period("2021-W01").previous()) == "2020-W53"
    assert str(parse_period("2023-12").next()) == "2024-01"
    assert str(parse_period("2024-03-01").previous()) == "2024-02-29"


def test_periods_sort_by_time_and_know_their_last_day():
    weeks = [parse_period(text) for text in ("2024-W10", "2023-W52", "2024-W01")]
    assert [str(week) for week in sorted(weeks)] == ["2023-W52", "2024-W01", "2024-W10"]
    assert parse_period("2024-02").end == datetime.date(2024, 2, 29)
    assert parse_period("2024-W05").end == datetime.date(2024, 2, 4)


def test_a_week_must_start_on_a_monday_and_a_month_on_its_first():
    with pytest.raises(ValueError, match="Monday"):
        Period("week", datetime.date(2024, 1, 30))
    with pytest.raises(ValueError, match="1st"):
        Period("month", datetime.date(2024, 1, 30))
    with pytest.raises(ValueError, match="unknown granularity"):
        Period("year", datetime.date(2024, 1, 1))  # type: ignore[arg-type]


@given(
    day=st.dates(min_value=datetime.date(1900, 1, 8), max_value=datetime.date(2200, 12, 1)),
    granularity=st.sampled_from(["day", "week", "month"]),
)
def test_any_period_round_trips_and_steps_back_and_forth(day, granularity):
    period = Period.containing(granularity, day)
    assert period.start <= day <= period.end
    assert parse_period(str(period)) == period
    assert period.next().previous() == period
    assert period.next().ordinal == period.ordinal + 1
    assert Period.from_ordinal(granularity, period.ordinal) == period
