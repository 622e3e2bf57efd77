"""Words for port-health codes: classifications, symptoms, reasons, statuses (translated)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from babel.numbers import format_decimal

from passage.kit.i18n import current_language
from passage.kit.i18n import gettext_ as _


def classification_label(code: str) -> str:
    """A classification as officers say it."""
    return {
        "cleared": _("Cleared"),
        "secondary_assessment": _("Secondary assessment"),
        "isolate_refer": _("Isolate and refer"),
    }.get(code, code)


def disease_label(code: str, names: Mapping[str, str] | None = None) -> str:
    """A disease in words in the reader's language; one an administrator added, by its name."""
    known = {"covid19": _("COVID-19"), "ebola": _("Ebola disease"), "mpox": _("Mpox")}
    return known.get(code) or (names or {}).get(code) or code


def temperature(value: float | None) -> str:
    """A body temperature in the reader's language, one decimal ("—" when not taken)."""
    if value is None:
        return "—"
    number = format_decimal(value, format="0.0", locale=current_language())
    return _("%(value)s °C") % {"value": number}


def outbox_status_label(code: str) -> str:
    """Where a notification e-mail stands."""
    return {
        "pending": _("waiting"),
        "sending": _("being sent"),
        "sent": _("sent"),
        "failed": _("failed"),
    }.get(code, code)


def settings_source_label(code: str) -> str:
    """Where the mail settings in force come from."""
    return {
        "administrator": _("an administrator, in the app"),
        "environment": _("the PASSAGE_SMTP_* environment variables"),
    }.get(code, code)


def clearance_label(code: str) -> str:
    """A crossing's health clearance, the only health fact border officers see."""
    return {
        "not_required": _("not screened"),
        "pending": _("pending"),
        "cleared": _("cleared"),
        "referred": _("referred"),
    }.get(code, code)


def symptom_label(code: str) -> str:
    """A symptom in words (a code an administrator added is shown readably)."""
    labels = {
        "fever": _("Fever"),
        "cough": _("Cough"),
        "shortness_of_breath": _("Shortness of breath"),
        "sore_throat": _("Sore throat"),
        "runny_nose": _("Runny nose"),
        "loss_of_taste_or_smell": _("Loss of taste or smell"),
        "headache": _("Headache"),
        "fatigue": _("Fatigue"),
        "muscle_pain": _("Muscle pain"),
        "chills": _("Chills"),
        "diarrhoea": _("Diarrhoea"),
        "vomiting": _("Vomiting"),
        "abdominal_pain": _("Abdominal pain"),
        "unexplained_bleeding": _("Unexplained bleeding"),
        "rash": _("Rash or skin lesions"),
        "swollen_lymph_nodes": _("Swollen lymph nodes"),
        "back_pain": _("Back pain"),
        "conjunctivitis": _("Red eyes (conjunctivitis)"),
    }
    return labels.get(code, code.replace("_", " ").capitalize())


def reason_text(reason: dict[str, Any]) -> str:
    """One reason of a finding in words."""
    code = reason.get("code")
    if code == "temperature":
        return _("Temperature %(measured)s °C (fever from %(threshold)s °C)") % reason
    if code in ("symptoms", "decisive_symptoms"):
        names = ", ".join(symptom_label(s) for s in reason.get("symptoms", []))
        if code == "decisive_symptoms":
            return _("Decisive sign: %(names)s") % {"names": names}
        return _("Signs: %(names)s (%(needed)s needed)") % {
            "names": names,
            "needed": reason.get("needed"),
        }
    if code == "travel" and not reason.get("days_before_arrival"):
        return _("Came from %(country)s (within the %(window)s-day window)") % {
            "country": reason.get("country"),
            "window": reason.get("window"),
        }
    if code == "travel":
        return _(
            "Stayed in %(country)s until %(days)s days before arrival (window %(window)s days)"
        ) % {
            "country": reason.get("country"),
            "days": reason.get("days_before_arrival"),
            "window": reason.get("window"),
        }
    if code == "contact":
        return _("Contact with a case")
    if code == "evidence_clears":
        return _("Valid vaccination or test evidence clears the travel link")
    return str(code)


def case_status_label(code: str) -> str:
    """A case status in words."""
    return {
        "open": _("Open"),
        "referred": _("Referred"),
        "confirmed": _("Confirmed"),
        "closed": _("Closed"),
    }.get(code, code)


def outcome_label(code: str | None) -> str:
    """A follow-up outcome or status in words."""
    return {
        "well": _("Well"),
        "symptomatic": _("Symptoms"),
        "unreachable": _("Not reached"),
        "due": _("Due"),
        "done": _("Done"),
        "cancelled": _("Cancelled"),
        None: "",
    }.get(code, code or "")


def closure_label(code: str | None) -> str:
    """Why a case was closed."""
    return {
        "follow_up_completed": _("Follow-up completed"),
        "discarded": _("Discarded (not a case)"),
        "transferred": _("Transferred to another authority"),
        "lost_to_follow_up": _("Lost to follow-up"),
        "died": _("Died"),
    }.get(code or "", code or "")


def result_label(code: str) -> str:
    """A certificate verification result in words."""
    return {
        "VALID": _("Valid"),
        "INVALID": _("Not valid"),
        "UNKNOWN": _("Cannot be confirmed"),
    }.get(code, code)


def step_label(code: str) -> str:
    """A verification step in words."""
    return {
        "prefix": _("HC1 prefix"),
        "base45": _("Base45"),
        "decompress": _("Decompression"),
        "cose": _("COSE signature envelope"),
        "cbor": _("Certificate content (CBOR)"),
        "schema": _("Schema and value sets"),
        "signature": _("Signature"),
        "key_usage": _("Signer key usage"),
        "expiry": _("Validity period"),
        "rules": _("Entry rules of the destination"),
    }.get(code, code)


TEMPLATE_HELPERS = {
    "classification_label": classification_label,
    "disease_label": disease_label,
    "clearance_label": clearance_label,
    "symptom_label": symptom_label,
    "reason_text": reason_text,
    "case_status_label": case_status_label,
    "outcome_label": outcome_label,
    "closure_label": closure_label,
    "result_label": result_label,
    "step_label": step_label,
    "outbox_status_label": outbox_status_label,
    "temperature": temperature,
    "settings_source_label": settings_source_label,
}
