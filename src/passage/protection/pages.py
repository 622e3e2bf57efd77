"""What every protection page shares: rendering, reading forms, and errors in the reader's
language (a validation error is never shown as the framework wrote it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from passage.errors import PassageError
from passage.kit.i18n import N_
from passage.kit.i18n import gettext_ as _
from passage.kit.readable import explain
from passage.web import forms
from passage.web.render import render

T = TypeVar("T")
MESSAGES = {
    "missing": N_("This field is required."),
    "string_too_short": N_("This is too short."),
    "string_too_long": N_("This is too long."),
    "too_short": N_("Choose at least one."),
    "too_long": N_("Too many items."),
    "date_parsing": N_("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": N_("Enter a date as YYYY-MM-DD."),
    "int_parsing": N_("Enter a whole number."),
    "float_parsing": N_("Enter a number."),
    "greater_than_equal": N_("This number is too small."),
    "less_than_equal": N_("This number is too large."),
    "literal_error": N_("Choose one of the options."),
    "uuid_parsing": N_("Choose one of the options."),
    "bool_parsing": N_("Choose yes or no."),
}
GENERIC = N_("Check this field.")


def _message(item: dict[str, Any]) -> str:
    if item["type"] == "value_error":
        text = str(item["msg"]).removeprefix("Value error, ")
        translated = _(text)
        return translated if translated != text or ":" not in text else _(GENERIC)
    return _(MESSAGES.get(item["type"], GENERIC))


def errors_of(
    error: ValidationError | PassageError, field_of: Callable[[list[str]], str] | None = None
) -> dict[str, str]:
    """Form field -> message in the reader's language, the first error of each field."""
    if isinstance(error, PassageError):
        name = (error.field or forms.WHOLE_FORM).split(".")[-1]
        return {name: explain(error, name_field=False)}
    found: dict[str, str] = {}
    for item in error.errors():
        location = [str(part) for part in item["loc"]]
        name = field_of(location) if field_of else (location[-1] if location else forms.WHOLE_FORM)
        found.setdefault(name, _message(dict(item)))
    return found


def submit(
    session: Session, action: Callable[[], T], field_of: Callable[[list[str]], str] | None = None
) -> T | forms.Rejected:
    """The form pipeline's submit, with the errors in the reader's language."""
    outcome = forms.submit(session, action)
    if isinstance(outcome, forms.Rejected):
        return forms.Rejected(errors_of(outcome.error, field_of), outcome.status, outcome.error)
    return outcome


def page(
    request: Request, template: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    """A protection page."""
    return render(request, template, context, status_code=status)


def blank_none(values: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The named form values, blank ones as None."""
    return {name: (str(values.get(name) or "").strip() or None) for name in names}


def words(text: str | None) -> list[str]:
    """Codes typed as a list (commas, spaces)."""
    return forms.code_list(text or "")


def options(table: Iterable[str], label: Callable[[str | None], str]) -> list[tuple[str, str]]:
    """(code, label in the reader's language) of each code, for a select or checkboxes."""
    return [(code, label(code)) for code in table]
