"""Words of family tracing: relationships of the sought person to the requester, and the
statuses of a request."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from passage.kit.i18n import N_
from passage.kit.i18n import gettext_ as _

RELATIONSHIPS: Mapping[str, str] = {
    "child": N_("Child"),
    "parent": N_("Parent"),
    "sibling": N_("Brother or sister"),
    "spouse": N_("Spouse or partner"),
    "grandparent": N_("Grandparent"),
    "grandchild": N_("Grandchild"),
    "other_relative": N_("Other relative"),
}
STATUSES: Mapping[str, str] = {
    "open": N_("Search in progress"),
    "reunification": N_("Found: reunification follow-up"),
    "closed": N_("Closed"),
}
MATCH_STATUSES: Mapping[str, str] = {
    "pending": N_("Waiting for review"),
    "confirmed": N_("Confirmed"),
    "rejected": N_("Not the person sought"),
}
# A person registered under this consent purpose agreed to be traced by their family.
TRACING_PURPOSE = "family_tracing"
ADULT_AGE = 18
# The fields a found adult may agree to share with the family looking for them.
SHAREABLE = ("given_names", "surname", "phone", "email", "location")


def _label(table: Mapping[str, str]) -> Callable[[str | None], str]:
    def label(code: str | None) -> str:
        message = table.get(code or "")
        return _(message) if message else (code or "")

    return label


FILTERS: dict[str, Callable[..., str]] = {
    "tracing_relationship": _label(RELATIONSHIPS),
    "tracing_status": _label(STATUSES),
    "tracing_match_status": _label(MATCH_STATUSES),
}
