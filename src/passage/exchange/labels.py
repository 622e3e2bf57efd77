"""Words for exchange codes shown on the administration pages (translated)."""

from __future__ import annotations

from passage.exchange import kinds
from passage.kit.i18n import gettext_ as _


def kind_label(code: str) -> str:
    """What kind of record an entry or a conflict is about."""
    kind = kinds.get(code)
    return _(kind.label) if kind else code


def via_label(code: str) -> str:
    """How an entry reached this deployment."""
    return {"pull": _("pull"), "webhook": _("webhook")}.get(code, code)


TEMPLATE_HELPERS = {"kind_label": kind_label, "via_label": via_label}
