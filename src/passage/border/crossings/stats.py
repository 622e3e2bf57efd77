"""Crossing statistics, pure: grouping keys, totals, small-number suppression, CSV with HXL, and
the geometry of the entries/exits bar chart. Counts only: never any personal data.

Small numbers: the JSON API (staff with `border.stats`) gives exact counts. The CSV is meant to
be passed on, so by default a count from 1 to 4 is written as "<5" (a zero stays 0, so the
absence of crossings is not hidden); `suppress=false` gives exact counts, and every export is
audited with that choice.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

GROUP_KEYS = ("poe", "day", "nationality", "sex", "age_band")
DEFAULT_GROUP_BY = ("poe", "day")
SUPPRESS_BELOW = 5
MAX_DAYS = 3660

CSV_COLUMNS = {
    "poe": ("poe", "#loc+poe+code"),
    "day": ("date", "#date"),
    "nationality": ("nationality", "#country+code+nationality"),
    "sex": ("sex", "#indicator+sex"),
    "age_band": ("age_band", "#indicator+age_band"),
}
COUNT_COLUMNS = (("entries", "#inflow+num"), ("exits", "#outflow+num"))


def parse_group_by(text: str | None) -> list[str]:
    """The grouping keys from a comma-separated list, in canonical order; ValueError if unknown."""
    if text is None or not text.strip():
        return list(DEFAULT_GROUP_BY)
    asked = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = sorted(set(asked) - set(GROUP_KEYS))
    if unknown:
        raise ValueError(
            f"unknown grouping key(s) {', '.join(unknown)}; use {', '.join(GROUP_KEYS)}"
        )
    return [key for key in GROUP_KEYS if key in asked]


def check_range(date_from: date, date_to: date) -> None:
    """Refuse a range that ends before it starts or spans more than about ten years."""
    if date_to < date_from:
        raise ValueError("the range ends before it starts")
    if (date_to - date_from).days > MAX_DAYS:
        raise ValueError(f"the range is longer than {MAX_DAYS} days")


def totals(rows: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Entries and exits over all rows."""
    result = {"entries": 0, "exits": 0}
    for row in rows:
        result["entries"] += int(row["entries"])
        result["exits"] += int(row["exits"])
    return result


def suppressed(count: int, threshold: int = SUPPRESS_BELOW) -> str:
    """A count as written in the CSV: "<5" for 1 to 4 (with the default threshold)."""
    return f"<{threshold}" if 0 < count < threshold else str(count)


def _cell(key: str, value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def render_csv(rows: Sequence[dict[str, Any]], group_by: Sequence[str], suppress: bool) -> str:
    """CSV text: the header, the HXL hashtag row, then one row per group."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([CSV_COLUMNS[key][0] for key in group_by] + [c for c, _ in COUNT_COLUMNS])
    writer.writerow([CSV_COLUMNS[key][1] for key in group_by] + [t for _, t in COUNT_COLUMNS])
    for row in rows:
        keys = [_cell(key, row.get(key)) for key in group_by]
        counts = [int(row[column]) for column, _ in COUNT_COLUMNS]
        writer.writerow(keys + [suppressed(c) if suppress else str(c) for c in counts])
    return buffer.getvalue()


# ---------------------------------------------------------------- the chart


@dataclass(frozen=True)
class Bar:
    """One bar of the chart in SVG user units."""

    x: float
    y: float
    width: float
    height: float
    kind: str
    day: date
    count: int


@dataclass(frozen=True)
class Chart:
    """An entries/exits bar chart: bars, the value axis top, and the size of the drawing."""

    bars: list[Bar]
    days: list[date]
    maximum: int
    width: float
    height: float
    plot_top: float
    plot_bottom: float
    left: float
    day_width: float


def daily_series(
    rows: Iterable[dict[str, Any]], date_from: date, date_to: date
) -> list[tuple[date, int, int]]:
    """(day, entries, exits) for every day of the range, zero where nothing was recorded."""
    by_day: dict[date, tuple[int, int]] = {}
    for row in rows:
        day = row["day"] if isinstance(row["day"], date) else date.fromisoformat(str(row["day"]))
        entries, exits = by_day.get(day, (0, 0))
        by_day[day] = (entries + int(row["entries"]), exits + int(row["exits"]))
    length = (date_to - date_from).days + 1
    days = [date_from + timedelta(days=offset) for offset in range(max(length, 0))]
    return [(day, *by_day.get(day, (0, 0))) for day in days]


def bar_chart(
    series: Sequence[tuple[date, int, int]], width: float = 720, height: float = 240
) -> Chart:
    """Two bars a day (entries, exits) scaled to the largest count."""
    left, top, bottom = 40.0, 10.0, height - 30.0
    maximum = max([max(entries, exits) for _, entries, exits in series] + [1])
    day_width = (width - left - 10) / max(len(series), 1)
    bar_width = max(day_width * 0.4, 0.5)
    bars: list[Bar] = []
    for index, (day, entries, exits) in enumerate(series):
        x = left + index * day_width + day_width * 0.1
        for offset, kind, count in ((0.0, "entries", entries), (bar_width, "exits", exits)):
            bar_height = (bottom - top) * count / maximum
            bars.append(
                Bar(x + offset, bottom - bar_height, bar_width, bar_height, kind, day, count)
            )
    return Chart(
        bars=bars,
        days=[day for day, _, _ in series],
        maximum=maximum,
        width=width,
        height=height,
        plot_top=top,
        plot_bottom=bottom,
        left=left,
        day_width=day_width,
    )
