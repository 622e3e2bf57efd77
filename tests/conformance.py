"""Locate the official conformance suites in ../shared/conformance.

On a user's clone without that folder the suites skip with a visible reason; CI sets
PASSAGE_CONFORMANCE_REQUIRED=1, which turns the skip into a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CONFORMANCE_ROOT = Path(
    os.environ.get("PASSAGE_CONFORMANCE_DIR", PROJECT_ROOT.parent / "shared" / "conformance")
)


def conformance_dir(name: str) -> Path:
    """Return the folder of one suite, or skip (fail under CI) when it is absent."""
    path = CONFORMANCE_ROOT / name
    if path.is_dir():
        return path
    reason = f"conformance suite {name!r} not found at {path}"
    if os.environ.get("PASSAGE_CONFORMANCE_REQUIRED") == "1":
        pytest.fail(reason + " (PASSAGE_CONFORMANCE_REQUIRED=1)")
    pytest.skip(reason)


def conformance_available(name: str) -> bool:
    """True when the suite folder exists (for parametrising at collection time)."""
    return (CONFORMANCE_ROOT / name).is_dir()
