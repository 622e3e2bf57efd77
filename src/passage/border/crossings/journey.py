"""The one adapter to passage.journeys: the journey check of a registered entry, summarised.

Any failure is stored as UNKNOWN, never raised: the journey check never blocks a registration.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from passage.border.crossings.models import Crossing, Traveller
from passage.border.crossings.places import PoeView
from passage.geo.models import PointOfEntry
from passage.journeys import service as journeys
from passage.journeys.schemas import JourneyCheck


def journey_summary(
    *, session: Session, crossing: Crossing, traveller: Traveller, poe: PointOfEntry | PoeView
) -> dict[str, Any]:
    """The journey check for this traveller at this POE on this day, as a short summary.

    The one adapter to passage.journeys; any failure is stored as UNKNOWN, never raised.
    """
    try:
        request = JourneyCheck.model_validate(
            {
                "traveller": {
                    "nationalities": [traveller.nationality or "XXX"],
                    "residence": traveller.residence_iso3,
                    "birth_date": traveller.birth_date,
                    "purpose": crossing.purpose,
                },
                "itinerary": {
                    "origin": crossing.origin_iso3 or traveller.nationality,
                    "transits": crossing.transits,
                    "destination": poe.country_iso3,
                    "poe_code": poe.code,
                    "arrival_date": crossing.occurred_at.date(),
                },
            }
        )
        answer = journeys.check_journey(session=session, request=request)
    except Exception as error:  # never blocks a registration; the officer sees why
        return {"decision": "UNKNOWN", "error": _error_text(error)}
    return _summary(answer)


def _summary(answer: dict[str, Any]) -> dict[str, Any]:
    """What the crossing keeps of a journey answer: decision, conditions, applying measures."""
    return {
        "decision": answer.get("decision", "UNKNOWN"),
        "decision_label": answer.get("decision_label"),
        "conditions": [
            {key: item.get(key) for key in ("kind", "label", "status")}
            for item in answer.get("conditions", [])
        ],
        "measures": [
            {key: item.get(key) for key in ("title", "effect", "reasons")}
            for item in answer.get("explanation", [])
            if item.get("applies")
        ],
        "notes": list(answer.get("notes", [])),
        "data_version": answer.get("data_version"),
        "as_of": str(answer.get("as_of")),
    }


def _error_text(error: Exception) -> str:
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return str(message)[:300]
