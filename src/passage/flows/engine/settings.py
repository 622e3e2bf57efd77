"""A config resolved for one series: every `None` replaced by the default for its method and
granularity (the table in docs/flows-detectors.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from passage.flows.engine.config import DetectorConfig
from passage.flows.engine.periods import Granularity

# Reports in the level's window: short enough that a lasting shift becomes the new normal
# within about half of it, long enough for a steady level.
_WINDOW = {"day": 14, "week": 8, "month": 6}
_EARS_WINDOW = 7
# Earlier reports needed before judging: four weeks of days (enough to see a weekly cycle),
# eight weeks, six months.
_MIN_HISTORY = {"day": 28, "week": 8, "month": 6}
# Reports older than this (a year of days, two years of weeks, three of months) no longer
# make a baseline: a point that resumes after such a pause is judged once it has fresh ones.
_STALE_AFTER = {"day": 365, "week": 104, "month": 36}
# One-sided false-alert chance per judged period, so a quiet series gives well under one alert
# a year from the point test whatever its granularity.
_ALPHA = {"day": 0.0005, "week": 0.005, "month": 0.01}
_EARS_ALPHA = 0.00135  # the classic EARS 3 standard deviations
_CUSUM_H = {"day": 5.0, "week": 4.5, "month": 4.0}
# The cycle each seasonality follows, and how many earlier cycles (at most, at least) it uses.
_CYCLES = {"weekday": (7, 8, 3), "yearly_day": (365, 5, 1), "week": (52, 5, 1), "month": (12, 5, 1)}


@dataclass(frozen=True)
class Settings:
    """Everything a method needs, with no `None` left."""

    granularity: Granularity
    method: str
    window: int
    guard: int
    alpha: float
    min_history: int
    stale_after: int
    min_count: float
    min_change: float
    seasonality: str  # none, weekday or yearly
    cycle: tuple[int, int, int]  # period length, earlier cycles used, earlier cycles needed
    cusum_k: float
    cusum_h: float
    up: bool
    down: bool


def resolve(config: DetectorConfig, granularity: Granularity) -> Settings:
    """Fill the defaults for this granularity; ValueError when a setting cannot apply."""
    method = config.method
    ears = method.startswith("ears_")
    window = config.baseline or (_EARS_WINDOW if ears else _WINDOW[granularity])
    guard = (
        config.guard if config.guard is not None else (2 if method in {"ears_c2", "ears_c3"} else 0)
    )
    seasonality = _seasonality(config.seasonality, granularity, ears=ears)
    cycle = (1, 0, 0)
    if seasonality == "weekday":
        cycle = _CYCLES["weekday"]
    elif seasonality == "yearly":
        cycle = _CYCLES["yearly_day" if granularity == "day" else granularity]
    return Settings(
        granularity=granularity,
        method=method,
        window=window,
        guard=guard,
        alpha=(config.alpha or (_EARS_ALPHA if ears else _ALPHA[granularity])) / config.family,
        min_history=config.min_history or _MIN_HISTORY[granularity],
        stale_after=max(_STALE_AFTER[granularity], 4 * window),
        min_count=config.min_count,
        min_change=config.min_change,
        seasonality=seasonality,
        cycle=cycle,
        cusum_k=config.cusum_k,
        # Page's run length grows about as exp(h): log(family) more gives family times longer
        cusum_h=(config.cusum_h or _CUSUM_H[granularity]) + math.log(config.family),
        up=config.directions in {"both", "up"},
        down=config.directions in {"both", "down"},
    )


def _seasonality(choice: str, granularity: Granularity, *, ears: bool) -> str:
    if choice == "auto":
        if ears:
            return "none"
        return "weekday" if granularity == "day" else "yearly"
    if choice == "weekday" and granularity != "day":
        raise ValueError(f"weekday seasonality needs a daily series, not a {granularity}ly one")
    return choice
