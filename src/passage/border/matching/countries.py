"""Nationality and issuing-state codes as matching compares them.

ICAO Doc 9303 Part 3 writes Germany as `D` (not `DEU`) in the MRZ, Kosovo as `RKS` where most
lists use `XKX`, and British nationals of several classes under `GBD`, `GBN`, `GBO`, `GBP` or
`GBS`: each names the same state as the ISO code a list carries, so they must not count as a
different nationality.
"""

from __future__ import annotations

SAME_STATE = {
    "D": "DEU",
    "RKS": "XKX",
    "GBD": "GBR",
    "GBN": "GBR",
    "GBO": "GBR",
    "GBP": "GBR",
    "GBS": "GBR",
}


def country_key(code: str | None) -> str | None:
    """The state a nationality or issuing-state code names (MRZ fillers dropped), or None."""
    cleaned = (code or "").upper().replace("<", "").strip()
    if not cleaned:
        return None
    return SAME_STATE.get(cleaned, cleaned)
