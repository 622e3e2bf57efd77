"""Backtest summaries: how often the detectors would have alerted over a series' history."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Protocol

from passage.flows.engine.periods import Period


class _Alert(Protocol):
    @property
    def period(self) -> Period: ...
    @property
    def direction(self) -> str: ...
    @property
    def method(self) -> str: ...


def summarise_backtest(signals: Iterable[_Alert]) -> dict[str, object]:
    """Alerts counted in total, per year (of the period's first day), per direction and method."""
    items = list(signals)
    per_year = Counter(str(item.period.start.year) for item in items)
    return {
        "alerts": len(items),
        "per_year": dict(sorted(per_year.items())),
        "up": sum(1 for item in items if item.direction == "up"),
        "down": sum(1 for item in items if item.direction == "down"),
        "by_method": dict(sorted(Counter(item.method for item in items).items())),
        "first": str(items[0].period) if items else None,
        "last": str(items[-1].period) if items else None,
    }
