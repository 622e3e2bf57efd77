"""A country's level over time, computed from validity intervals (pure, no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from passage.maps.timeline import level_on_day, level_timeline, timeline_chart, year_ticks

START, END = date(2020, 1, 1), date(2020, 12, 31)


@dataclass
class V:
    effective_from: date
    effective_until: date | None
    level: int


def test_no_versions_is_no_data_throughout():
    assert level_timeline([], START, END) == [(START, None)]


def test_one_open_ended_measure_starts_a_step_and_never_ends():
    steps = level_timeline([V(date(2020, 3, 20), None, 2)], START, END)
    assert steps == [(START, None), (date(2020, 3, 20), 2)]


def test_the_day_after_the_inclusive_end_drops_back_to_no_data():
    steps = level_timeline([V(date(2020, 3, 20), date(2020, 6, 30), 2)], START, END)
    assert steps == [(START, None), (date(2020, 3, 20), 2), (date(2020, 7, 1), None)]


def test_the_highest_level_in_force_wins_and_overlaps_return_to_the_lower():
    versions = [V(date(2020, 3, 1), None, 1), V(date(2020, 4, 1), date(2020, 4, 30), 4)]
    assert level_timeline(versions, START, END) == [
        (START, None),
        (date(2020, 3, 1), 1),
        (date(2020, 4, 1), 4),
        (date(2020, 5, 1), 1),
    ]


def test_adjacent_runs_of_the_same_level_merge():
    versions = [V(date(2020, 3, 1), date(2020, 3, 31), 3), V(date(2020, 4, 1), None, 3)]
    assert level_timeline(versions, START, END) == [(START, None), (date(2020, 3, 1), 3)]


def test_two_measures_at_one_level_keep_it_until_both_end():
    versions = [
        V(date(2020, 3, 1), date(2020, 5, 31), 2),
        V(date(2020, 4, 1), date(2020, 8, 31), 2),
    ]
    assert level_timeline(versions, START, END) == [
        (START, None),
        (date(2020, 3, 1), 2),
        (date(2020, 9, 1), None),
    ]


def test_level_zero_is_a_level_not_no_data():
    steps = level_timeline([V(date(2020, 2, 1), None, 0)], START, END)
    assert steps == [(START, None), (date(2020, 2, 1), 0)]


def test_intervals_are_clipped_to_the_window():
    versions = [V(date(2019, 6, 1), date(2020, 2, 29), 4), V(date(2021, 1, 1), None, 1)]
    assert level_timeline(versions, START, END) == [(START, 4), (date(2020, 3, 1), None)]


def test_a_window_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        level_timeline([], END, START)


def test_level_on_day_reads_the_steps_like_a_daily_query():
    versions = [V(date(2020, 3, 1), None, 1), V(date(2020, 4, 1), date(2020, 4, 30), 4)]
    steps = level_timeline(versions, START, END)
    for day, expected in [
        (date(2020, 2, 29), None),
        (date(2020, 3, 1), 1),
        (date(2020, 4, 30), 4),
        (date(2020, 5, 1), 1),
    ]:
        assert level_on_day(steps, day) == expected


def test_chart_steps_cover_the_plot_width_without_gaps():
    steps = level_timeline([V(date(2020, 3, 20), date(2020, 6, 30), 2)], START, END)
    chart = timeline_chart(steps, END)
    assert [s.level for s in chart.steps] == [None, 2, None]
    assert chart.steps[0].x == chart.left
    for before, after in zip(chart.steps, chart.steps[1:], strict=False):
        assert before.x + before.width == pytest.approx(after.x, abs=0.02)
    last = chart.steps[-1]
    assert last.x + last.width == pytest.approx(chart.left + chart.plot_width, abs=0.02)
    assert chart.steps[1].end == date(2020, 6, 30)


def test_chart_bars_grow_with_the_level_and_level_zero_is_visible():
    versions = [V(date(2020, 2, 1), date(2020, 2, 29), 0), V(date(2020, 3, 1), None, 4)]
    chart = timeline_chart(level_timeline(versions, START, END), END)
    bottom = chart.top + chart.plot_height
    none, zero, four = chart.steps
    assert bottom > zero.y > four.y == chart.top
    assert none.y == chart.top  # the no-data band spans the height (drawn hatched, not as 0)
    assert chart.line.startswith(f"M{zero.x} {zero.y}") and f"V{four.y}" in chart.line


def test_year_ticks_fall_on_the_first_of_january():
    ticks = year_ticks(date(2020, 1, 1), date(2022, 12, 31), 1096)
    assert [year for year, _ in ticks] == [2020, 2021, 2022]
    assert [round(x) for _, x in ticks] == [0, 366, 731]
