"""The geometry of an alert's chart, drawn server-side as SVG: the series' observed totals
around the alert, the baseline (expected) and the threshold the method used, the alert's
point, and the restriction or POE status changes near the point as dated marks. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 40


@dataclass(frozen=True)
class Mark:
    """A dated event drawn as a vertical line (a possible cause)."""

    x: float
    on: date
    label: str


@dataclass
class Chart:
    """Everything the template draws, in SVG units."""

    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    bottom: float = HEIGHT - BOTTOM
    maximum: float = 0.0
    points: str = ""
    dots: list[tuple[float, float, str, float]] = field(default_factory=list)
    alert: tuple[float, float] | None = None
    expected_y: float | None = None
    threshold_y: float | None = None
    expected_line: str = ""  # the baseline per period, where the method judged the period
    threshold_line: str = ""  # the threshold per period on the alert's side
    marks: list[Mark] = field(default_factory=list)
    first: str = ""
    last: str = ""


def build(
    periods: list[tuple[date, str]],
    values: list[float],
    *,
    alert_start: date,
    expected: float,
    threshold: float,
    events: list[tuple[date, str]],
    bands: list[tuple[float | None, float | None]] | None = None,
) -> Chart:
    """The chart of a window of a series (periods as (start, label), in order)."""
    chart = Chart()
    if not periods:
        return chart
    drawn_bands = [value for band in bands or [] for value in band if value is not None]
    chart.maximum = max([*values, expected, threshold, *drawn_bands, 1.0]) * 1.1
    span_days = max((periods[-1][0] - periods[0][0]).days, 1)
    plot_width = WIDTH - LEFT - RIGHT

    def x_of(day: date) -> float:
        return LEFT + plot_width * (day - periods[0][0]).days / span_days

    def y_of(value: float) -> float:
        return chart.bottom - (chart.bottom - TOP) * value / chart.maximum

    coordinates = []
    for (start, label), value in zip(periods, values, strict=True):
        x, y = round(x_of(start), 1), round(y_of(value), 1)
        coordinates.append(f"{x},{y}")
        chart.dots.append((x, y, label, value))
        if start == alert_start:
            chart.alert = (x, y)
    chart.points = " ".join(coordinates)
    chart.expected_y, chart.threshold_y = round(y_of(expected), 1), round(y_of(threshold), 1)
    if bands:
        starts = [start for start, _ in periods]
        for index, attribute in ((0, "expected_line"), (1, "threshold_line")):
            line = [
                f"{round(x_of(start), 1)},{round(y_of(level), 1)}"
                for start, band in zip(starts, bands, strict=True)
                if (level := band[index]) is not None
            ]
            setattr(chart, attribute, " ".join(line))
    for on, label in events:
        if periods[0][0] <= on <= periods[-1][0]:
            chart.marks.append(Mark(round(x_of(on), 1), on, label))
    chart.first, chart.last = periods[0][1], periods[-1][1]
    return chart
