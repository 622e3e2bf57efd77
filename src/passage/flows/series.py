"""Which count series of a point the detectors judge, derived from the cells already stored:
the point's total, a nationality at the point, or a corridor through the point (people from an
origin, heading to a destination, or both). Pure: no session, no I/O (docs/flows-detectors.md,
"Series").

A series is named by a key: "" for the total, "nationality:SYR", "corridor:SYR>DEU" (either
side may be empty: "corridor:>DEU" is everyone counted heading to DEU).

A missing period stays "no report": a nationality's count for a period is the sum of its
cells when the point broke that period down by nationality at all (0 when it did and nobody
of that nationality was counted), and missing when it did not. The same for corridors with
origin and destination.

Flood guard. A point with thirty nationalities would give thirty times the false alerts of its
total if each were judged like a point. So without configuration only the sub-series that
carry a real share of the point's people are judged (`AUTO_SHARE` of its movements over the
history, at most `AUTO_MAX` per dimension), and they share one false-alert budget: each is
judged with `family` = how many sub-series the point has (the engine divides its chance of a
false alert by it and raises the CUSUM limit by its logarithm), and needs at least
`SUB_MIN_COUNT` people. A coordinator can name any other sub-series (or mute one) with its
own settings."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from passage.flows.engine import DetectorConfig

AUTO_SHARE = 0.1  # a sub-series judged without configuration carries >= 10% of the people
AUTO_MAX = 5  # and is among the five largest of its dimension at the point
SUB_MIN_COUNT = 10.0  # people an alert on a sub-series needs (unless configured)
TOTAL = ""


@dataclass(frozen=True, order=True)
class SeriesKey:
    """The series of a point: its total, a nationality, or a corridor (origin and/or
    destination)."""

    nationality: str = ""
    origin: str = ""
    destination: str = ""

    def __post_init__(self) -> None:
        if self.nationality and (self.origin or self.destination):
            raise ValueError("a series is a nationality or a corridor, not both")
        for value in (self.nationality, self.origin, self.destination):
            if any(mark in value for mark in ":>") or value != value.strip():
                raise ValueError(f"{value!r} cannot name a series (no ':' or '>')")

    @property
    def kind(self) -> str:
        """total, nationality or corridor."""
        if self.nationality:
            return "nationality"
        return "corridor" if self.origin or self.destination else "total"

    @property
    def dimension(self) -> str:
        """total, nationality, origin, destination or corridor (both ends)."""
        if self.kind != "corridor":
            return self.kind
        if self.origin and self.destination:
            return "corridor"
        return "origin" if self.origin else "destination"

    @property
    def code(self) -> str:
        """The key as stored and written in URLs and JSON."""
        if self.kind == "nationality":
            return f"nationality:{self.nationality}"
        if self.kind == "corridor":
            return f"corridor:{self.origin}>{self.destination}"
        return TOTAL

    @property
    def rank(self) -> tuple[int, str]:
        """Order: the total first, then corridors, then nationalities."""
        return ({"total": 0, "corridor": 1, "nationality": 2}[self.kind], self.code)

    def fields(self) -> dict[str, str]:
        """The key's own fields, for JSON: nothing for the total."""
        if self.kind == "nationality":
            return {"series": "nationality", "nationality": self.nationality}
        if self.kind == "corridor":
            return {"series": "corridor", "origin": self.origin, "destination": self.destination}
        return {}

    def subject(self) -> str:
        """The words the detectors' sentence puts after "N movements" (English, as the
        sentence is; "" for the total)."""
        if self.kind == "nationality":
            return f" of people of nationality {self.nationality}"
        if self.origin and self.destination:
            return f" on the corridor {self.origin} to {self.destination}"
        if self.origin:
            return f" of people coming from {self.origin}"
        if self.destination:
            return f" of people heading to {self.destination}"
        return ""


def parse_key(code: str | None) -> SeriesKey:
    """Read a key written by `SeriesKey.code`; ValueError says what is wrong."""
    text = (code or "").strip()
    if not text:
        return SeriesKey()
    kind, _, rest = text.partition(":")
    if kind == "nationality" and rest:
        return SeriesKey(nationality=rest)
    if kind == "corridor" and ">" in rest:
        origin, _, destination = rest.partition(">")
        if origin or destination:
            return SeriesKey(origin=origin, destination=destination)
    raise ValueError(
        f"{text!r} is not a series: write nationality:CODE, corridor:ORIGIN>DESTINATION "
        "(either side may be empty) or nothing for the point's total"
    )


Cell = tuple[str, date, str, str, str, int]  # granularity, start, nationality, origin, dest, n


@dataclass
class Derived:
    """Every series of one point and granularity derivable from its cells: period -> count."""

    granularity: str
    values: dict[SeriesKey, dict[date, float]]
    people: dict[SeriesKey, float]  # the people counted in each series over the history


def derive(cells: Iterable[Cell]) -> list[Derived]:
    """The total, nationality and corridor series of one point's cells (one per granularity)."""
    by_grain: dict[str, dict[SeriesKey, dict[date, float]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(float))
    )
    broken: dict[str, dict[str, set[date]]] = defaultdict(lambda: defaultdict(set))
    for granularity, start, nationality, origin, destination, count in cells:
        series = by_grain[granularity]
        seen = broken[granularity]
        series[SeriesKey()][start] += count
        if nationality:
            series[SeriesKey(nationality=nationality)][start] += count
            seen["nationality"].add(start)
        if origin:
            series[SeriesKey(origin=origin)][start] += count
            seen["origin"].add(start)
        if destination:
            series[SeriesKey(destination=destination)][start] += count
            seen["destination"].add(start)
        if origin and destination:
            series[SeriesKey(origin=origin, destination=destination)][start] += count
            seen["corridor"].add(start)
    found = []
    for granularity, series in by_grain.items():
        values: dict[SeriesKey, dict[date, float]] = {}
        for key, counts in series.items():
            if key.kind == "total":
                values[key] = dict(counts)
                continue
            # zero on the periods the point broke down this way without this key
            periods = broken[granularity][key.dimension]
            values[key] = {start: counts.get(start, 0.0) for start in sorted(periods)}
        people = {key: float(sum(counts.values())) for key, counts in values.items()}
        found.append(Derived(granularity, values, people))
    return found


def automatic(derived: Derived) -> list[SeriesKey]:
    """The sub-series judged without configuration: per dimension (nationality, origin,
    destination, corridor), those with at least `AUTO_SHARE` of the point's people, the
    `AUTO_MAX` largest."""
    total = derived.people.get(SeriesKey(), 0.0)
    if total <= 0:
        return []
    groups: dict[str, list[SeriesKey]] = defaultdict(list)
    for key in derived.values:
        if key.kind != "total":
            groups[key.dimension].append(key)
    chosen = []
    for keys in groups.values():
        big = [key for key in keys if derived.people[key] >= AUTO_SHARE * total]
        big.sort(key=lambda key: (-derived.people[key], key.code))
        chosen.extend(big[:AUTO_MAX])
    return sorted(chosen, key=lambda key: key.rank)


def sub_config(stored: Mapping[str, Any] | None, family: int) -> DetectorConfig:
    """A sub-series' detector: its stored settings, with the flood guard's `family` and
    minimum count wherever the stored settings do not say otherwise."""
    stored = dict(stored or {})
    config = DetectorConfig.from_dict(stored)
    changes: dict[str, Any] = {}
    if "family" not in stored:
        changes["family"] = max(1, family)
    if "min_count" not in stored:
        changes["min_count"] = SUB_MIN_COUNT
    return dataclasses.replace(config, **changes)
