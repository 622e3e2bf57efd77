"""The words of the explanations, marked for translation: the engine's level labels and the
field names, read back in the reader's language."""

from __future__ import annotations

from collections.abc import Callable

from passage.kit.i18n import N_
from passage.kit.i18n import gettext_ as _

LEVELS = {
    label: label
    for label in (
        N_("same name"),
        N_("nearly the same name"),
        N_("three name words sound alike"),
        N_("two name words sound alike"),
        N_("similar name"),
        N_("one name word sounds alike"),
        N_("different name"),
        N_("name missing"),
        N_("same date of birth"),
        N_("date of birth agrees as far as it is known"),
        N_("date of birth one digit apart or day and month swapped"),
        N_("born within a year"),
        N_("born within three years"),
        N_("different date of birth"),
        N_("date of birth missing"),
        N_("same sex"),
        N_("different sex"),
        N_("sex missing"),
        N_("same nationality"),
        N_("different nationality"),
        N_("nationality missing"),
        N_("same place"),
        N_("similar place"),
        N_("different place"),
        N_("place missing"),
        N_("same area"),
        N_("different area"),
        N_("area missing"),
        N_("same phone"),
        N_("different phone"),
        N_("phone missing"),
        N_("same document number"),
        N_("similar document number"),
        N_("different document number"),
        N_("document number missing"),
    )
}


def level_words(label: str) -> str:
    """A level's label in the reader's language."""
    return _(LEVELS.get(label, label))


def evidence(weight: float) -> str:
    """How much a field's agreement weighs, in words."""
    if weight >= 4:
        return _("strongly for")
    if weight > 0.5:
        return _("for")
    if weight <= -4:
        return _("strongly against")
    if weight < -0.5:
        return _("against")
    return _("neutral")


FILTERS: dict[str, Callable[..., str]] = {
    "linkage_level": level_words,
    "linkage_evidence": evidence,
}
