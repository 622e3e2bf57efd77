"""Print one benchmark figure as a JSON line (the format in benchmarks/README.md)."""

from __future__ import annotations

import json
import platform
import sys
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
