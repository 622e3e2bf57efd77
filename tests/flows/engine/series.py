"""Generated count series for the detector tests (seeded: each test sees the same numbers)."""

from __future__ import annotations

import datetime

import numpy as np

from passage.flows.engine import Period

MONDAY = datetime.date(2021, 1, 4)


def periods(granularity: str, count: int, start: datetime.date = MONDAY) -> list[Period]:
    """`count` consecutive periods from the one holding `start`."""
    first = Period.containing(granularity, start)  # type: ignore[arg-type]
    return [Period.from_ordinal(first.granularity, first.ordinal + i) for i in range(count)]


def counts(
    mean: np.ndarray | float, *, count: int = 0, kappa: float = 0.0, seed: int = 1
) -> list[float]:
    """Poisson (kappa 0) or negative binomial counts around `mean`."""
    rng = np.random.default_rng(seed)
    means = np.broadcast_to(np.asarray(mean, dtype=float), (count,) if count else np.shape(mean))
    if kappa <= 0:
        return rng.poisson(means).astype(float).tolist()
    return rng.negative_binomial(1 / kappa, 1 / (1 + kappa * means)).astype(float).tolist()


def weekly_cycle(days: list[Period], weekend: float = 0.3) -> np.ndarray:
    """1 on weekdays, `weekend` on Saturdays and Sundays."""
    return np.array([weekend if day.start.weekday() >= 5 else 1.0 for day in days])


def yearly_season(items: list[Period], amplitude: float = 0.6) -> np.ndarray:
    """A summer peak: 1 + amplitude x cos(distance from mid-July)."""
    day_of_year = np.array([item.start.timetuple().tm_yday for item in items])
    return 1 + amplitude * np.cos(2 * np.pi * (day_of_year - 196) / 365.25)
