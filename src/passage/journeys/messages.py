"""The sentences of a journey answer, in the current language (reason code -> message)."""

from __future__ import annotations

from collections.abc import Callable

from passage.journeys.engine import Reason
from passage.kit.i18n import gettext_ as _

# Each entry is a function so that the message is looked up in the language of the request.
MESSAGES: dict[str, Callable[[], str]] = {
    "no_data": lambda: _(
        "No measures are recorded for %(country)s on this date: the answer is unknown, "
        "not an absence of restrictions."
    ),
    "stale_data": lambda: _(
        "Every measure in force was last verified more than %(days)s days before the "
        "arrival date: the answer is unknown until the data is checked again."
    ),
    "no_entry_data": lambda: _(
        "No measure in force in %(country)s speaks about this traveller's entry (only exit "
        "measures, or measures for other travellers): the answer is unknown, not an absence "
        "of restrictions."
    ),
    "targets_unknown": lambda: _(
        "A ban on arrivals from some regions is in force (level %(level)s), but the source "
        "does not say which origins it covers: whether it concerns this traveller is not known."
    ),
    "quarantine_targets_unknown": lambda: _(
        "Arrivals from some or all regions are quarantined (level %(level)s), but the source "
        "does not say which: whether this traveller must quarantine is not known."
    ),
    "imported_level_exempts": lambda: _(
        "The source gives only a level, without exemptions; this kind of measure normally "
        "lets nationals and residents in, and this traveller is one (%(categories)s): it does "
        "not refuse them (check before travelling)."
    ),
    "exemption_self_declared": lambda: _(
        "Exempted as %(categories)s (self-declared: bring proof, the border officer decides)."
    ),
    "exempt_keeps_quarantine": lambda: _(
        "Exempted from the ban, but still subject to %(days)s days of quarantine."
    ),
    "transit_stopped": lambda: _(
        "In transit through %(country)s on %(date)s: “%(title)s” would stop this traveller there."
    ),
    "transit_entry_refused": lambda: _(
        "%(country)s refuses entry to this traveller on %(date)s (“%(title)s”): this matters "
        "if the transit leaves the international transit area."
    ),
    "transit_may_stop": lambda: _(
        "In transit through %(country)s on %(date)s: whether “%(title)s” stops this traveller "
        "there is not known."
    ),
    "exit_measure": lambda: _("An exit measure: it does not concern arrivals."),
    "no_measures": lambda: _("Recorded as: no measures in force."),
    "applies_to_all": lambda: _("Applies to all arrivals."),
    "target_nationality": lambda: _("Applies to nationals of %(countries)s."),
    "target_origin": lambda: _("Applies to arrivals coming from %(country)s."),
    "target_transit": lambda: _("Applies to arrivals who transited through %(countries)s."),
    "target_residence": lambda: _("Applies to residents of %(country)s."),
    "target_not_matched": lambda: _("Does not concern this traveller (targets %(targets)s)."),
    "poe_all": lambda: _("Applies at every point of entry."),
    "poe_needed_named": lambda: _(
        "Applies only at the points of entry %(codes)s: give the point of entry to decide."
    ),
    "poe_named_match": lambda: _("Applies at this point of entry (%(codes)s)."),
    "poe_named_no_match": lambda: _("Applies only at %(codes)s, not at this point of entry."),
    "poe_needed_mode": lambda: _(
        "Applies only to %(scope)s arrivals: give the point of entry or the mode of travel."
    ),
    "poe_mode_match": lambda: _("Applies to %(scope)s arrivals, as this one."),
    "poe_mode_no_match": lambda: _("Applies to %(scope)s arrivals only; this arrival is %(mode)s."),
    "exemption_applied": lambda: _("Exempted: %(categories)s."),
    "national_no_visa": lambda: _("Nationals of %(country)s need no visa."),
    "refuses_entry": lambda: _("Entry is refused."),
    "declared_test_valid": lambda: _("Met by the negative test taken within %(hours)s hours."),
    "declared_vaccination_complete": lambda: _("Met by the complete vaccination declared."),
    "declared_recovery_valid": lambda: _(
        "Met by the recovery declared (first positive test within %(days)s days)."
    ),
    "missing_test": lambda: _("A negative test is needed; none valid was given."),
    "missing_vaccination": lambda: _("A complete vaccination is needed; none was given."),
    "missing_certificate": lambda: _("A health certificate is needed; none was given."),
    "certificate_invalid": lambda: _("The certificate presented is invalid and is not accepted."),
    "certificate_rules_failed": lambda: _("The certificate does not meet the destination's rules."),
    "certificate_rules_open": lambda: _(
        "The destination's rules could not be decided for this certificate."
    ),
    "certificate_accepted": lambda: _("Met by the certificate (%(status)s)."),
    "certificate_evidence_valid": lambda: _("Met by the certificate's content (%(status)s)."),
    "certificate_test_not_valid": lambda: _("The certificate's test is not valid on arrival."),
    "certificate_vaccination_not_valid": lambda: _(
        "The certificate does not show a complete vaccination or a valid recovery."
    ),
    "data_version_changed": lambda: _(
        "The data changed since version %(requested)s; this answer uses version %(current)s."
    ),
}

STATUS_LABELS: dict[str, Callable[[], str]] = {
    "verified": lambda: _("verified"),
    "unverified": lambda: _("unverified"),
    "invalid": lambda: _("invalid"),
}

DECISION_LABELS: dict[str, Callable[[], str]] = {
    "ADMIT": lambda: _("Entry allowed"),
    "ADMIT_WITH_CONDITIONS": lambda: _("Entry allowed with conditions"),
    "REFUSE": lambda: _("Entry refused"),
    "UNKNOWN": lambda: _("Unknown: not enough current data to answer"),
    "ERROR": lambda: _("Could not be checked"),
}

CONDITION_LABELS: dict[str, Callable[[], str]] = {
    "test_before_arrival": lambda: _("Test before arrival"),
    "test_after_arrival": lambda: _("Test after arrival"),
    "quarantine": lambda: _("Quarantine"),
    "health_declaration": lambda: _("Health declaration"),
    "health_certificate": lambda: _("Health certificate"),
    "vaccination": lambda: _("Vaccination"),
    "visa": lambda: _("Visa or travel authorisation"),
    "other": lambda: _("Other condition"),
}


def sentence(item: Reason) -> str:
    """The reason as a sentence in the current language."""
    message = MESSAGES.get(item.code)
    if message is None:
        return item.code
    params = item.as_dict()
    if "status" in params and params["status"] in STATUS_LABELS:
        params["status"] = STATUS_LABELS[params["status"]]()
    try:
        return message() % params
    except (KeyError, ValueError, TypeError):
        return message()


EFFECT_LABELS: dict[str, Callable[[], str]] = {
    "refuse": lambda: _("Refuses entry"),
    "condition": lambda: _("Sets a condition"),
    "unknown": lambda: _("Cannot be decided"),
    "exempt": lambda: _("Exempt"),
    "not_applicable": lambda: _("Does not apply"),
}


def decision_label(decision: str) -> str:
    """The decision in words (an unknown code is shown as it is)."""
    label = DECISION_LABELS.get(decision)
    return label() if label else decision


def effect_label(effect: str) -> str:
    """What a measure does to this traveller, in words."""
    label = EFFECT_LABELS.get(effect)
    return label() if label else effect


def condition_label(kind: str) -> str:
    """A condition kind in words."""
    return CONDITION_LABELS.get(kind, CONDITION_LABELS["other"])()
