"""Readable, translated labels of the border's codes: officers' decisions and screening states."""

from __future__ import annotations

from typing import Any

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


def purpose_label(code: str) -> str:
    """The purpose of a traveller's journey, as chosen on the officer's form."""
    labels = {
        "tourism": _("Tourism"),
        "business": _("Business"),
        "work": _("Work"),
        "study": _("Study"),
        "family": _("Family visit"),
        "transit": _("Transit"),
        "return": _("Return home"),
        "other": _("Other purpose"),
    }
    return labels.get(code, code.replace("_", " "))


def field_label(name: str) -> str:
    """A traveller or document field, as named on the officer's form."""
    labels = {
        "surname": _("Surname"),
        "given_names": _("Given names"),
        "sex": _("Sex"),
        "birth_date": _("Date of birth"),
        "nationality": _("Nationality"),
        "document_code": _("Document code"),
        "document_number": _("Document number"),
        "issuing_state": _("Issuing state"),
        "expiry_date": _("Expiry date"),
    }
    return labels.get(name, name.replace("_", " "))


def check_message(check: dict[str, Any]) -> str:
    """A document check (see `checks`) as a sentence for the officer."""
    code, day = check.get("code"), check.get("date", "")
    messages = {
        "specimen": _("This is a specimen document (ICAO/Utopia sample), not a real one."),
        "born_in_future": _("The date of birth %(date)s is in the future.") % {"date": day},
        "implausible_age": _("The date of birth %(date)s would make the traveller over 130.")
        % {"date": day},
        "expiry_before_birth": _("The expiry date %(date)s is before the date of birth.")
        % {"date": day},
        "expired": _("The document expired on %(date)s.") % {"date": day},
        "validity_too_long": _(
            "The expiry date %(date)s is more than ten years ahead: no passport is valid that long."
        )
        % {"date": day},
        "minor": _(
            "The traveller is a minor (%(age)s years old): check whether they travel "
            "with a parent or guardian, and flag an unaccompanied or separated child."
        )
        % {"age": check.get("age", "")},
    }
    if code == "differs_from_mrz":
        return _("%(field)s typed as “%(typed)s” but the MRZ reads “%(mrz)s”.") % {
            "field": field_label(str(check.get("field"))),
            "typed": check.get("typed", ""),
            "mrz": check.get("mrz", ""),
        }
    return messages.get(str(code), str(code))
