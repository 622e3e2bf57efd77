"""Readable, translated labels of the border's codes: officers' decisions and screening states."""

from __future__ import annotations

from passage.kit.i18n import gettext_ as _


def decision_label(code: str) -> str:
    """An officer's admission decision on a crossing, as shown beside the crossing."""
    labels = {
        "pending": _("pending"),
        "admitted": _("admitted"),
        "admitted_with_conditions": _("admitted with conditions"),
        "referred_secondary": _("referred to secondary inspection"),
        "refused": _("refused"),
    }
    return labels.get(code, code.replace("_", " "))


def screening_label(status: str) -> str:
    """A crossing's alert-list screening state, as shown in the crossing lists."""
    labels = {
        "open_hits": _("hits to resolve"),
        "resolved": _("hits resolved"),
        "clear": _("no hit"),
        "not_screened": _("not screened"),
    }
    return labels.get(status, status.replace("_", " "))
