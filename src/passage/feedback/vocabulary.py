"""The words of feedback handling: categories (and which are sensitive), channels, statuses,
the time limits per category and the labels shown in the reader's language. Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from passage.kit.i18n import N_
from passage.kit.i18n import gettext_ as _

CATEGORIES: Mapping[str, str] = {
    "question": N_("Question"),
    "assistance": N_("Request for assistance"),
    "service_complaint": N_("Complaint about a service"),
    "staff_misconduct": N_("Staff misconduct"),
    "sexual_exploitation_abuse": N_("Sexual exploitation or abuse"),
    "fraud": N_("Fraud"),
    "safety_concern": N_("Safety or protection concern"),
    "trafficking": N_("Suspected trafficking"),
    "thanks": N_("Thanks"),
}
# PSEA practice: these reach only the designated complaints focal points; other staff, exports
# and reports never show their content.
SENSITIVE_CATEGORIES = frozenset(
    {"staff_misconduct", "sexual_exploitation_abuse", "fraud", "trafficking"}
)
# Days to acknowledge and to close, from the day received.
TIME_LIMITS: Mapping[str, tuple[int, int]] = {
    "question": (3, 14),
    "assistance": (3, 30),
    "service_complaint": (3, 30),
    "staff_misconduct": (1, 30),
    "sexual_exploitation_abuse": (1, 30),
    "fraud": (1, 30),
    "safety_concern": (1, 14),
    "trafficking": (1, 14),
    "thanks": (7, 30),
}
CHANNELS: Mapping[str, str] = {
    "web": N_("Web form"),
    "hotline": N_("Hotline"),
    "partner": N_("Partner organisation"),
    "face_to_face": N_("Face to face"),
    "sms": N_("SMS"),
    "kobo": N_("Kobo or ODK form"),
}
STATUSES: Mapping[str, str] = {
    "received": N_("Received"),
    "acknowledged": N_("Acknowledged"),
    "assigned": N_("Assigned"),
    "in_progress": N_("In progress"),
    "answered": N_("Answered"),
    "closed": N_("Closed"),
    "reopened": N_("Reopened"),
}
OPEN_STATUSES = frozenset(STATUSES) - {"closed"}
NOT_ACKNOWLEDGED = frozenset({"received"})
# action -> statuses it may start from, and the status it leads to
TRANSITIONS: Mapping[str, tuple[frozenset[str], str]] = {
    "acknowledge": (frozenset({"received", "reopened"}), "acknowledged"),
    "assign": (frozenset({"received", "acknowledged", "assigned", "reopened"}), "assigned"),
    "start": (frozenset({"acknowledged", "assigned", "reopened"}), "in_progress"),
    "answer": (OPEN_STATUSES, "answered"),
    "close": (OPEN_STATUSES, "closed"),
    "reopen": (frozenset({"answered", "closed"}), "reopened"),
}
LANGUAGES: Mapping[str, str] = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ar": "العربية",
    "so": "Soomaali",
    "sw": "Kiswahili",
    "am": "አማርኛ",
    "ti": "ትግርኛ",
    "ps": "پښتو",
    "fa": "فارسی",
}
SATISFACTION = (1, 2, 3, 4, 5)


def _labeller(table: Mapping[str, str]) -> Callable[[str | None], str]:
    def label(code: str | None) -> str:
        if code is None:
            return ""
        message = table.get(code)
        return _(message) if message else code

    return label


category_label = _labeller(CATEGORIES)
channel_label = _labeller(CHANNELS)
status_label = _labeller(STATUSES)

LABELS: Mapping[str, Callable[[str | None], str]] = {
    "feedback_category": category_label,
    "feedback_channel": channel_label,
    "feedback_status": status_label,
}
