"""The overview as a tidy CSV with an HXL hashtag row (pure: overview dict in, text out).

One figure per row: `date, section, key, label, figure, value`, with the HXL row
`#date, #meta+section, #indicator+code, #indicator+name, #indicator+figure, #indicator+num`.
Days can be concatenated (drop repeated header rows) and filtered by section. Only counts,
shares and country names: never any personal data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

HEADER = ("date", "section", "key", "label", "figure", "value")
HXL_TAGS = (
    "#date",
    "#meta+section",
    "#indicator+code",
    "#indicator+name",
    "#indicator+figure",
    "#indicator+num",
)
Row = tuple[str, str, str, str, Any]


def _keyed(section: str, items: list[dict[str, Any]], figure: str, field: str) -> Iterator[Row]:
    for item in items:
        yield section, str(item["key"]), item["label"], figure, item[field]


def _totals(overview: dict[str, Any]) -> Iterator[Row]:
    for key, value in overview["totals"].items():
        yield "totals", key, key.replace("_", " ").capitalize(), "count", value
    yield (
        "totals",
        "stale_days",
        "Days before a measure counts as stale",
        "days",
        overview["stale_days"],
    )


def _regions(overview: dict[str, Any]) -> Iterator[Row]:
    for region in overview["by_region"]:
        key = "unknown" if region["region_code"] is None else str(region["region_code"])
        for figure in ("measures", "countries_with_data", "countries", "highest_level"):
            yield "by_region", key, region["region"], figure, region[figure]


def _levels(overview: dict[str, Any]) -> Iterator[Row]:
    for row in overview["levels"]:
        key = "no_data" if row["level"] is None else str(row["level"])
        yield "levels", key, row["label"], "countries", row["countries"]


def _countries(overview: dict[str, Any]) -> Iterator[Row]:
    for row in overview["country_levels"]:  # every country, "" for no data
        level = "" if row["level"] is None else row["level"]
        yield "country_levels", row["country"], row["name"], "level", level
    for row in overview["most_restrictive"]:
        for figure in ("rank", "level", "measures"):
            yield "most_restrictive", row["country"], row["name"], figure, row[figure]
    for row in overview["stale"]["countries"]:
        for figure in ("stale", "measures"):
            yield "stale_countries", row["country"], row["name"], figure, row[figure]


def _changes(overview: dict[str, Any]) -> Iterator[Row]:
    for window, counts in overview["changes"].items():
        for figure in ("new", "changed", "lifted", "expired"):
            label = f"{figure.capitalize()} since {counts['since']}"
            yield f"changes_{window}", figure, label, "measures", counts[figure]


def _poes_and_freshness(overview: dict[str, Any]) -> Iterator[Row]:
    yield from _keyed("poe_status", overview["poes"]["by_status"], "poes", "count")
    yield "poe_status", "total", "Active points of entry", "poes", overview["poes"]["total"]
    freshness = overview["freshness"]
    days = freshness["days"]
    yield (
        "freshness",
        "stale_measures",
        "Measures not verified in time",
        "measures",
        overview["stale"]["measures"],
    )
    yield (
        "freshness",
        "measures_verified",
        f"Measures verified in the {days} days before the date",
        "percent",
        freshness["measures_verified_share"],
    )
    yield (
        "freshness",
        "poes_updated",
        f"POEs updated in the {days} days before the date",
        "percent",
        freshness["poes_updated_share"],
    )


def rows(overview: dict[str, Any]) -> Iterator[Row]:
    """Every figure of the overview as (section, key, label, figure, value)."""
    yield from _totals(overview)
    yield from _keyed("by_class", overview["by_class"], "measures", "count")
    yield from _keyed("by_type", overview["by_type"], "measures", "count")
    yield from _regions(overview)
    yield from _levels(overview)
    yield from _countries(overview)
    yield from _changes(overview)
    yield from _poes_and_freshness(overview)


def render_csv(overview: dict[str, Any]) -> str:
    """The overview as CSV text: a header row, the HXL hashtag row, then one figure a row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerow(HXL_TAGS)
    for section, key, label, figure, value in rows(overview):
        writer.writerow(
            (overview["date"], section, key, label, figure, "" if value is None else value)
        )
    return buffer.getvalue()
