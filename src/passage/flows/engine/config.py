"""A series' detector settings, stored by the app as JSON (docs/flows-detectors.md)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass

METHODS: tuple[str, ...] = ("auto", "seasonal", "cusum", "ears_c1", "ears_c2", "ears_c3")
SEASONALITIES: tuple[str, ...] = ("auto", "none", "weekday", "yearly")
DIRECTIONS: tuple[str, ...] = ("both", "up", "down")


@dataclass(frozen=True)
class DetectorConfig:
    """How a series is judged; every field has a default that serves any series.

    `None` means "the engine's default for this method and granularity" (docs/flows-detectors.md).
    """

    method: str = "auto"
    # Earlier reports the baseline is made of, and reporting periods left out just before the
    # judged one (the guard band, so an outbreak's first days do not raise its own baseline).
    baseline: int | None = None
    guard: int | None = None
    # One-sided chance that a period with nothing unusual is flagged, per direction.
    alpha: float | None = None
    # No alert on fewer than this many people: an up alert needs at least this many observed,
    # a down alert at least this many expected.
    min_count: float = 5.0
    # No alert on a change smaller than this share of the expected count (0.2 = 20%).
    min_change: float = 0.2
    # Earlier reports needed before a period is judged at all.
    min_history: int | None = None
    seasonality: str = "auto"
    # CUSUM: allowance k and decision limit h, in standard deviations.
    cusum_k: float = 0.5
    cusum_h: float | None = None
    directions: str = "both"
    # How many series share one false-alert budget (the sub-series of a point, judged side by
    # side): each gets alpha / family and a CUSUM limit raised by log(family), so together
    # they raise about as many false alerts as one series would.
    family: int = 1

    def __post_init__(self) -> None:
        _check_choice("method", self.method, METHODS)
        _check_choice("seasonality", self.seasonality, SEASONALITIES)
        _check_choice("directions", self.directions, DIRECTIONS)
        _check_whole("baseline", self.baseline, low=2)
        _check_whole("guard", self.guard, low=0)
        _check_whole("min_history", self.min_history, low=2)
        _check_whole("family", self.family, low=1)
        _check_number("alpha", self.alpha, low=0.0, high=0.5, open_low=True)
        _check_number("min_count", self.min_count, low=0.0)
        _check_number("min_change", self.min_change, low=0.0, high=10.0)
        _check_number("cusum_k", self.cusum_k, low=0.0, high=5.0)
        _check_number("cusum_h", self.cusum_h, low=0.0, high=50.0, open_low=True)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> DetectorConfig:
        """Build from stored JSON; a ValueError names any unknown key or bad value."""
        if not isinstance(data, Mapping):
            raise ValueError("detector settings must be a JSON object")
        known = {field.name for field in dataclasses.fields(cls)}
        unknown = sorted(str(key) for key in data if key not in known)
        if unknown:
            raise ValueError(
                f"unknown detector setting {', '.join(unknown)} (known: {', '.join(sorted(known))})"
            )
        return cls(**{str(key): value for key, value in data.items()})  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, object]:
        """Every setting, JSON-serialisable, so `from_dict(to_dict())` gives the same config."""
        return dataclasses.asdict(self)


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, not {value!r}")


def _check_whole(name: str, value: object, *, low: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number or null, not {value!r}")
    if not low <= value <= 10_000:
        raise ValueError(f"{name} must be between {low} and 10000, not {value}")


def _check_number(
    name: str, value: object, *, low: float, high: float = 1e12, open_low: bool = False
) -> None:
    if value is None and name in {"alpha", "cusum_h"}:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number, not {value!r}")
    too_low = value <= low if open_low else value < low
    if too_low or value > high:
        side = "above" if open_low else "at least"
        raise ValueError(f"{name} must be {side} {low:g} and at most {high:g}, not {value:g}")
