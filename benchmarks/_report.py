"""Print one benchmark figure as a JSON line (the format in benchmarks/README.md)."""

from __future__ import annotations

import json
import math
import platform
import sys
from collections.abc import Iterable
from typing import Any


def report(
    figure: str,
    value: float,
    unit: str,
    *,
    target: str | None = None,
    meets_target: bool | None = None,
    baseline: dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Print a figure with its baseline; return the record."""
    record: dict[str, Any] = {"figure": figure, "value": round(value, 3), "unit": unit}
    if target is not None:
        record["target"] = target
        record["meets_target"] = meets_target
    if baseline is not None:
        record["baseline"] = baseline
        base_value = baseline.get("value")
        if base_value:
            record["ratio"] = round(value / base_value, 3)
    record["context"] = {"python": platform.python_version(), **(context or {})}
    print(json.dumps(record), flush=True)
    sys.stdout.flush()
    return record


def percentile(values: Iterable[float], share: float) -> float:
    """The nearest-rank percentile: the value at index ceil(share * n) - 1 of the sorted values
    (clamped to the list; NaN when there are none). p50 of 1..10 is 5, p99 of 1..100 is 99."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = math.ceil(round(share * len(ordered), 9))  # round: 0.07 * 100 is 7.000000000000001
    return ordered[min(len(ordered), max(rank, 1)) - 1]
