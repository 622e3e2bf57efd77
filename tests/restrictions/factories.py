"""Factories for restriction-tracker tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from passage.restrictions import service
from passage.restrictions.schemas import MeasureCreate


def make_measure(session, actor=None, **overrides: Any) -> service.Written:
    """A published measure (defaults: Kenya quarantines arrivals from 2020-03-20)."""
    values: dict[str, Any] = {
        "country_iso3": "KEN",
        "measure_type": "quarantine",
        "title": "14-day quarantine for arrivals",
        "effective_from": date(2020, 3, 20),
        "quarantine_days": 14,
        "status": "published",
        "sources": [{"title": "Ministry of Health notice", "url": "https://health.go.ke/notice"}],
    }
    values.update(overrides)
    return service.create_measure(session=session, data=MeasureCreate(**values), actor=actor)
