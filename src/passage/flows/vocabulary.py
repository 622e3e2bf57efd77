"""The words of flow monitoring (IOM DTM practice): kinds of points, movement directions, sex
and age bands, means of transport and the vulnerabilities observed, with their labels in the
reader's language. Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from passage.kit.i18n import N_
from passage.kit.i18n import gettext_ as _

# The columns that break a count down (a cell's key, with the point, period and source).
BREAKDOWN = (
    "direction", "nationality", "sex", "age_band", "origin", "destination", "transport",
    "vulnerability",
)  # fmt: skip
KINDS: Mapping[str, str] = {
    "border_crossing": N_("Border crossing"),
    "transit_hub": N_("Transit hub"),
    "place": N_("Place"),
}
DIRECTIONS: Mapping[str, str] = {
    "incoming": N_("Incoming"),
    "outgoing": N_("Outgoing"),
}
# The cells of the entry form: sex x age band.
GROUPS: Mapping[str, tuple[str, str, str]] = {
    "men": ("male", "adult", N_("Men")),
    "women": ("female", "adult", N_("Women")),
    "boys": ("male", "child", N_("Boys")),
    "girls": ("female", "child", N_("Girls")),
}
TRANSPORT: Mapping[str, str] = {
    "foot": N_("On foot"),
    "bus": N_("Bus"),
    "car": N_("Car or truck"),
    "train": N_("Train"),
    "boat": N_("Boat"),
    "other": N_("Other"),
}
# Observed among the people counted ("of which"): never added to the totals.
VULNERABILITIES: Mapping[str, str] = {
    "pregnant": N_("Pregnant women"),
    "unaccompanied_child": N_("Unaccompanied children"),
    "disability": N_("Persons with disabilities"),
    "elderly": N_("Elderly persons"),
}
# The detectors' method codes (flows.engine) in words.
METHODS: Mapping[str, str] = {
    "auto": N_("Automatic choice"),
    "seasonal": N_("Seasonal baseline"),
    "cusum": N_("Build-up over several periods (CUSUM)"),
    "ears_c1": N_("Early aberration test C1 (EARS)"),
    "ears_c2": N_("Early aberration test C2, with a gap (EARS)"),
    "ears_c3": N_("Early aberration test C3, excess over three periods (EARS)"),
}
ALERT_DIRECTIONS: Mapping[str, str] = {"up": N_("Rise"), "down": N_("Drop")}
STATUSES: Mapping[str, str] = {"open": N_("Open"), "acknowledged": N_("Acknowledged")}


def flow_series_label(code: str | None) -> str:
    """A series of a point in words: its total, a nationality or a corridor."""
    from passage.flows.series import parse_key  # the key's grammar lives with the series

    try:
        key = parse_key(code)
    except ValueError:
        return str(code)
    if key.kind == "nationality":
        return _("Nationality %(code)s") % {"code": key.nationality}
    if key.origin and key.destination:
        return _("From %(origin)s to %(destination)s") % {
            "origin": key.origin,
            "destination": key.destination,
        }
    if key.origin:
        return _("Coming from %(origin)s") % {"origin": key.origin}
    if key.destination:
        return _("Heading to %(destination)s") % {"destination": key.destination}
    return _("All movements")


def _labeller(table: Mapping[str, str]) -> Callable[[str | None], str]:
    def label(code: str | None) -> str:
        if code is None:
            return _("Not known")
        known = table.get(code)
        return _(known) if known else code

    return label


flow_kind_label = _labeller(KINDS)
flow_direction_label = _labeller(DIRECTIONS)
flow_transport_label = _labeller(TRANSPORT)
flow_vulnerability_label = _labeller(VULNERABILITIES)
flow_alert_direction_label = _labeller(ALERT_DIRECTIONS)
flow_method_label = _labeller(METHODS)
flow_status_label = _labeller(STATUSES)

LABELS: Mapping[str, Callable[[str | None], str]] = {
    "flow_kind_label": flow_kind_label,
    "flow_direction_label": flow_direction_label,
    "flow_transport_label": flow_transport_label,
    "flow_vulnerability_label": flow_vulnerability_label,
    "flow_alert_direction_label": flow_alert_direction_label,
    "flow_method_label": flow_method_label,
    "flow_status_label": flow_status_label,
    "flow_series_label": flow_series_label,
}
