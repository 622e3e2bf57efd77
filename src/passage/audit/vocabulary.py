"""The words of the audit trail: the actions most entries record, as a person reads them. An
action without a word here (a rare, domain-specific one) is shown as its code."""

from __future__ import annotations

from passage.kit.i18n import N_
from passage.kit.i18n import gettext_ as _

ACTIONS = {
    "create": N_("Created"),
    "update": N_("Changed"),
    "read": N_("Read"),
    "list": N_("Listed"),
    "search": N_("Searched"),
    "import": N_("Imported"),
    "export": N_("Exported"),
    "remove": N_("Removed"),
    "access.denied": N_("Access refused"),
    "login.success": N_("Signed in"),
    "login.failure": N_("Failed sign-in"),
    "logout": N_("Signed out"),
    "grant": N_("Access granted"),
    "revoke": N_("Access withdrawn"),
    "decide": N_("Decision recorded"),
    "take_up": N_("Referral taken up"),
    "screen": N_("Screened"),
    "verify": N_("Verified"),
    "report": N_("Report made"),
    "reported": N_("Reported"),
    "resolve": N_("Resolved"),
    "rescore": N_("Scored again"),
    "remind": N_("Reminder sent"),
    "disclose": N_("Disclosed"),
    "checkpoint": N_("Checkpoint signed"),
    "uploaded": N_("Uploaded"),
    "rotated": N_("Key rotated"),
    "job.queued": N_("Background job queued"),
}


# Why an entry was written (its purpose), as the domains record it.
PURPOSES = {
    "border control": N_("Border control"),
    "port health": N_("Port health"),
    "protection": N_("Protection"),
    "protection referral": N_("Protection referral"),
    "family tracing": N_("Family tracing"),
    "family_tracing": N_("Family tracing"),
    "feedback": N_("Feedback and complaints"),
    "referral from feedback and complaints": N_("Referral from feedback and complaints"),
    "flows": N_("Flow monitoring"),
    "audit anchoring": N_("Anchoring the audit trail"),
}


def action_label(code: str | None) -> str | None:
    """An action in the reader's language (a domain's `health.screening.create` by its verb);
    None when it has no word (shown as its code)."""
    message = ACTIONS.get(code or "") or ACTIONS.get((code or "").rsplit(".", 1)[-1])
    return _(message) if message else None


def purpose_label(purpose: str | None) -> str:
    """An entry's purpose in the reader's language (as recorded when it has no word here)."""
    message = PURPOSES.get(purpose or "")
    return _(message) if message else (purpose or "")
