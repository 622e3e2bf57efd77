"""The reasons of a screening score in the officer's words (translated where shown)."""

from __future__ import annotations

from typing import Any

from passage.kit.i18n import gettext_ as _


def reason_label(code: str) -> str:
    """One reason for or against a hit (a key of the explanation's `evidence`)."""
    labels = {
        "same_name": _("same name"),
        "same_name_common": _("same name, a very common one (weak evidence)"),
        "name_spelled_differently": _("the name is spelled differently"),
        "name_spelled_differently_common": _(
            "the name is spelled differently, and it is a very common one"
        ),
        "name_partly_same": _("only part of the name is the same"),
        "name_partly_same_common": _("only part of the name is the same, and it is common"),
        "same_document": _("same document number"),
        "same_birth_date": _("same birth date"),
        "birth_day_month_swapped": _("same birth date with day and month swapped"),
        "birth_date_one_digit": _("birth date differs by one digit (a typing error?)"),
        "birth_date_placeholder": _("same birth year; one side has the 01-01 placeholder"),
        "same_birth_year": _("same birth year (only the year is known on one side)"),
        "same_birth_month": _("same birth year and month (the day is not known)"),
        "same_birth_year_other_day": _("same birth year, another day"),
        "same_birth_year_other_month": _("same birth year, another month"),
        "birth_year_one_digit_apart": _("birth years differ by one digit"),
        "birth_year_differs": _("another birth year"),
        "birth_decade_differs": _("born in another decade"),
        "same_nationality": _("same nationality"),
        "other_nationality": _("another nationality"),
        "same_sex": _("same sex"),
        "other_sex": _("another sex"),
    }
    return labels.get(code, code.replace("_", " "))


def hit_status_label(code: str) -> str:
    """Where a screening hit stands."""
    labels = {
        "open": _("to resolve"),
        "confirmed": _("confirmed"),
        "false_positive": _("false positive"),
    }
    return labels.get(code, code.replace("_", " "))


def plain_notes(explanation: dict[str, Any]) -> list[str]:
    """The explanation's notes that are not a reason of the score (aligned words, the facts
    compared): the reasons are shown by `reason_label`."""
    evidence = explanation.get("evidence") or {}
    notes = explanation.get("notes") or []
    return [note for note in notes if note.split(" ", 1)[0] not in evidence]


def hit_summary(explanation: dict[str, Any]) -> list[str]:
    """What matched, in words: each reason with its weight, then the other notes."""
    evidence = explanation.get("evidence") or {}
    reasons = [f"{reason_label(code)} ({weight:+.1f})" for code, weight in evidence.items()]
    return reasons + plain_notes(explanation)


def entry_column_label(code: str) -> str:
    """A column of an alert-list entry (the import file's column names) in words."""
    labels = {
        "ref": _("Reference"),
        "names": _("Names (aliases after |)"),
        "birth_date": _("Birth date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        "nationality": _("Nationality (three letters)"),
        "gender": _("Sex (M, F or X)"),
        "document_numbers": _("Document numbers (separated by |)"),
        "reason": _("Reason for listing"),
        "issuing_authority": _("Issuing authority"),
        "valid_from": _("Valid from"),
        "valid_until": _("Valid until"),
        "document_number": _("Document number"),
        "issuing_state": _("Issuing state (three letters)"),
        "document_code": _("Document code (P, ID, V)"),
        "reported_on": _("Reported on"),
    }
    return labels.get(code, code.replace("_", " "))
