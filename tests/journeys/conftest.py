"""Each journey test starts with an empty snapshot cache (the databases are rolled back)."""

from __future__ import annotations

import pytest

from passage.journeys import service


@pytest.fixture(autouse=True)
def _fresh_snapshots():
    service.SNAPSHOTS.clear()
    yield
    service.SNAPSHOTS.clear()
