"""Transit countries' own measures: whether one would stop the traveller on the way.

The decision is about entering the destination; a transit country's measures do not change it,
but one that would stop the traveller there is said in the answer's notes, never ignored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from passage.journeys.engine.decision import Prepared, concerns
from passage.journeys.engine.evaluation import REFUSING_TYPES, assess
from passage.journeys.engine.facts import Itinerary, Traveller
from passage.journeys.engine.findings import APPLIES_REFUSE, UNDETERMINED, Reason, reason

# Measures that stop a passenger who only changes planes or trains there.
STOPS_TRANSIT = frozenset({"transit_ban", "flight_suspension"})


def transit_notes(
    measures: Sequence[Prepared], traveller: Traveller, stop: Itinerary
) -> tuple[Reason, ...]:
    """Notes on a transit country's measures that would (or may) stop the traveller there.

    `stop` is the leg to the transit country (its destination is the transit country, its
    arrival the transit date). The traveller is a transit passenger there, so measures that
    exempt transit passengers do not stop them."""
    passenger = replace(traveller, exemptions=traveller.exemptions | {"transit_passengers"})
    notes: list[Reason] = []
    for item in measures:
        measure = item.measure
        if measure.measure_type not in REFUSING_TYPES:
            continue
        if item.outside is not None and not concerns(measure, passenger, stop):
            continue  # a targeted measure that names others (the common case: skip it fast)
        effect = assess(measure, passenger, stop, stale=item.stale).effect
        stops = measure.measure_type in STOPS_TRANSIT
        if effect == APPLIES_REFUSE:
            code = "transit_stopped" if stops else "transit_entry_refused"
        elif effect == UNDETERMINED:
            code = "transit_may_stop"
        else:
            continue
        when = stop.arrival.isoformat()
        notes.append(reason(code, country=stop.destination, date=when, title=measure.title))
    return tuple(notes)
