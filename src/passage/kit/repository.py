"""Helpers shared by every domain's repository and service."""

from __future__ import annotations

from typing import Any

from passage.errors import Conflict


def check_version(record: Any, expected: int) -> None:
    """Refuse an update made from a stale read (optimistic locking)."""
    if record.version != expected:
        raise Conflict(
            "this record was changed by someone else (version %(version)s, you had "
            "%(expected)s); reload it and apply your change again",
            params={"version": record.version, "expected": expected},
            field="version",
            context={"current_version": record.version, "your_version": expected},
        )
